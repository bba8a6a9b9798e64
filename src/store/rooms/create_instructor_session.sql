INSERT INTO instructor_sessions (id_hash, csrf, created_at) VALUES (?1, ?2, ?3)
