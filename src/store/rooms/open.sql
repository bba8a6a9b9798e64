INSERT INTO rooms (code, exam_id, title, plan, opened_at) VALUES (?1, ?2, ?3, ?4, ?5)
