-- The topics of the attempts a report covers, in order; the filters are
-- those of stream_items.sql.
-- PostgreSQL gives a parameter its type where it first appears, and
-- `?1 IS NULL` alone gives none: the filters are typed here, before the
-- clauses below (kept as written: reports/mod.rs narrows them). The CTE is
-- not read, and neither database evaluates it.
WITH parameters (learner, exam_id, topic, since, before) AS (
    SELECT CAST(?1 AS TEXT), CAST(?2 AS TEXT), CAST(?3 AS TEXT), CAST(?4 AS TEXT), CAST(?5 AS TEXT)
)
SELECT DISTINCT t.topic
FROM attempts AS a
JOIN attempt_topics AS t ON t.attempt_id = a.id
WHERE (?1 IS NULL OR a.learner = ?1)
    AND (?2 IS NULL OR a.exam_id = ?2)
    AND (?3 IS NULL OR t.topic = ?3)
    AND (?4 IS NULL OR a.started_at >= ?4)
    AND (?5 IS NULL OR a.started_at < ?5)
ORDER BY t.topic
