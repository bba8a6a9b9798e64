SELECT csrf, created_at FROM instructor_sessions WHERE id_hash = ?1
