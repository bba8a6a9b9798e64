DELETE FROM attempt_topics WHERE attempt_id = ?1
