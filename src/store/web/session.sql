SELECT learner, csrf FROM web_sessions WHERE id_hash = ?1
