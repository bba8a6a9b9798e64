-- As stream_questions.sql, for PostgreSQL, its filters typed first as in
-- stream_items.pg.sql.
WITH parameters (learner, exam_id, topic, since, before) AS (
    SELECT CAST(?1 AS TEXT), CAST(?2 AS TEXT), CAST(?3 AS TEXT), CAST(?4 AS TEXT), CAST(?5 AS TEXT)
)
SELECT a.id, i.items, a.started_at, a.paper
FROM attempts AS a
JOIN attempt_items AS i ON i.attempt_id = a.id
WHERE (?1 IS NULL OR a.learner = ?1)
    AND (?2 IS NULL OR a.exam_id = ?2)
    AND (?4 IS NULL OR a.started_at >= ?4)
    AND (?5 IS NULL OR a.started_at < ?5)
ORDER BY a.id
