-- How many attempts a report covers (for its progress bar); the filters are
-- those of stream.sql.
SELECT count(*)
FROM attempts AS a
WHERE (?1 IS NULL OR a.learner = ?1)
    AND (?2 IS NULL OR a.exam_id = ?2)
    AND (?3 IS NULL OR EXISTS (
        SELECT 1 FROM responses AS r WHERE r.attempt_id = a.id AND r.topic = ?3))
    AND (?4 IS NULL OR a.started_at >= ?4)
    AND (?5 IS NULL OR a.started_at < ?5)
