DELETE FROM attempt_items WHERE attempt_id = ?1
