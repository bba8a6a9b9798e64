-- The topics of the attempts a report covers, in order; the filters are
-- those of stream_items.sql.
SELECT DISTINCT t.topic
FROM attempts AS a
JOIN attempt_topics AS t ON t.attempt_id = a.id
WHERE (?1 IS NULL OR a.learner = ?1)
    AND (?2 IS NULL OR a.exam_id = ?2)
    AND (?3 IS NULL OR t.topic = ?3)
    AND (?4 IS NULL OR a.started_at >= ?4)
    AND (?5 IS NULL OR a.started_at < ?5)
ORDER BY t.topic
