SELECT learner, csrf, created_at FROM web_sessions WHERE id_hash = ?1
