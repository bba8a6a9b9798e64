-- As add_key.sql, for the upgrade to schema 6 (see key_of_v6.sql).
INSERT INTO question_keys (question_id, topic) VALUES (?1, ?2) RETURNING key
