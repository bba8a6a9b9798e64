-- Whether a report covers any attempt: count.sql's filters, stopping at the
-- first attempt (a count reads every one, which over a million attempts is
-- a fifth of a report's time when nobody watches a progress bar). 0 or 1.
-- The CTE types the filters for PostgreSQL, as in count.sql.
WITH parameters (learner, exam_id, topic, since, before) AS (
    SELECT CAST(?1 AS TEXT), CAST(?2 AS TEXT), CAST(?3 AS TEXT), CAST(?4 AS TEXT), CAST(?5 AS TEXT)
)
SELECT count(*) FROM (
    SELECT 1
    FROM attempts AS a
    WHERE (?1 IS NULL OR a.learner = ?1)
        AND (?2 IS NULL OR a.exam_id = ?2)
        AND (?3 IS NULL OR EXISTS (
            SELECT 1 FROM attempt_topics AS t WHERE t.attempt_id = a.id AND t.topic = ?3))
        AND (?4 IS NULL OR a.started_at >= ?4)
        AND (?5 IS NULL OR a.started_at < ?5)
    LIMIT 1
) AS first
