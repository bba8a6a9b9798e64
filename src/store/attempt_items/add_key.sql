INSERT INTO question_keys (question_id, topic) VALUES (?1, ?2) RETURNING key
