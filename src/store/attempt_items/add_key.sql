INSERT INTO question_keys (question_id, topic, revision, critical) VALUES (?1, ?2, ?3, ?4)
RETURNING key
