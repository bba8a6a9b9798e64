INSERT INTO web_attempts (attempt_id, session_hash, kind) VALUES (?1, ?2, ?3)
