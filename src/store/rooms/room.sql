SELECT code, exam_id, title, plan, opened_at, closed_at FROM rooms WHERE code = ?1
