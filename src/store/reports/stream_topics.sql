-- The attempts a report covers with their points per topic (from
-- attempt_topics, a few rows per attempt instead of one per question),
-- attempt by attempt in the order they were recorded, topics in order.
-- Column order is read by `for_each_attempt_topics`; the filters are those
-- of stream.sql.
SELECT a.id, a.learner, a.exam_id, a.mode, a.started_at, a.finished_at,
    a.pass_mark, a.status, a.score, a.max_score,
    t.topic, t.score, t.max_score
FROM attempts AS a
JOIN attempt_topics AS t ON t.attempt_id = a.id
WHERE (?1 IS NULL OR a.learner = ?1)
    AND (?2 IS NULL OR a.exam_id = ?2)
    AND (?3 IS NULL OR t.topic = ?3)
    AND (?4 IS NULL OR a.started_at >= ?4)
    AND (?5 IS NULL OR a.started_at < ?5)
ORDER BY a.id, t.topic
