INSERT INTO attempt_items (attempt_id, items) VALUES (?1, ?2)
