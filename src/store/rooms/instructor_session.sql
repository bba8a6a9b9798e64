SELECT csrf FROM instructor_sessions WHERE id_hash = ?1
