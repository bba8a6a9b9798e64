-- The score, and the critical questions missed (the pass rule of
-- src/pass.rs: a critical question short of its full points is missed).
UPDATE attempts
SET score = (SELECT coalesce(sum(points), 0) FROM responses WHERE attempt_id = ?1),
    critical_missed = (
        SELECT json_group_array(question_id) FROM (
            SELECT question_id FROM responses
            WHERE attempt_id = ?1 AND critical = 1 AND points + 1e-9 < max_points
            ORDER BY position
        )
    )
WHERE id = ?1
