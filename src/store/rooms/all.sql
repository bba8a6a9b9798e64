SELECT code, exam_id, title, plan, opened_at, closed_at FROM rooms ORDER BY opened_at DESC, code
