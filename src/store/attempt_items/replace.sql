UPDATE attempt_items SET items = ?2 WHERE attempt_id = ?1
