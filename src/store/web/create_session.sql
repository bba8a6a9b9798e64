INSERT INTO web_sessions (id_hash, learner, csrf, created_at) VALUES (?1, ?2, ?3, ?4)
