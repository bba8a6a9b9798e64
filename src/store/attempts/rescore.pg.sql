-- As rescore.sql. The points are added as SQLite adds them (aidquiz_sum,
-- see migrations/postgres/0001_schema.sql), so the score is the same
-- double. PostgreSQL has no json_group_array: the array is joined from
-- each id as JSON (to_json quotes and escapes as SQLite's does), with no
-- space after the commas, so critical_missed holds the same text on both
-- stores ('[]' when none is missed).
UPDATE attempts
SET score = (
        SELECT coalesce(aidquiz_sum(points ORDER BY position), 0) FROM responses WHERE attempt_id = ?1
    ),
    critical_missed = (
        SELECT coalesce('[' || string_agg(CAST(to_json(question_id) AS TEXT), ',' ORDER BY position) || ']', '[]')
        FROM responses
        WHERE attempt_id = ?1 AND critical = 1 AND points + 1e-9 < max_points
    )
WHERE id = ?1
