UPDATE attempts
SET score = (SELECT coalesce(sum(points), 0) FROM responses WHERE attempt_id = ?1)
WHERE id = ?1
