-- As stream_items.sql, for PostgreSQL. It gives a parameter its type where
-- it first appears, and `?1 IS NULL` alone gives none; ?3 (the topic,
-- applied in Rust) appears nowhere else. So every filter is typed first,
-- in a CTE that is not read; the clauses below stay as written, since
-- reports/mod.rs narrows them.
WITH parameters (learner, exam_id, topic, since, before) AS (
    SELECT CAST(?1 AS TEXT), CAST(?2 AS TEXT), CAST(?3 AS TEXT), CAST(?4 AS TEXT), CAST(?5 AS TEXT)
)
SELECT a.id, i.items, a.learner, a.exam_id, a.mode, a.started_at, a.finished_at,
    a.pass_mark, a.status, a.score, a.max_score, a.paper,
    a.exam_title, a.exam_version,
    a.critical_missed
FROM attempts AS a
JOIN attempt_items AS i ON i.attempt_id = a.id
WHERE (?1 IS NULL OR a.learner = ?1)
    AND (?2 IS NULL OR a.exam_id = ?2)
    AND (?4 IS NULL OR a.started_at >= ?4)
    AND (?5 IS NULL OR a.started_at < ?5)
ORDER BY a.id
