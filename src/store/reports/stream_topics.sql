-- The points per topic of the attempts a report covers (attempt_topics: a
-- few rows per attempt instead of one per question), in the order of
-- stream_attempts.sql, topics in order within an attempt. Only the sums
-- are selected: the attempt's own columns come once from
-- stream_attempts.sql instead of once per topic. The filters are those of
-- stream.sql.
SELECT t.attempt_id, t.topic, t.score, t.max_score
FROM attempts AS a
JOIN attempt_topics AS t ON t.attempt_id = a.id
WHERE (?1 IS NULL OR a.learner = ?1)
    AND (?2 IS NULL OR a.exam_id = ?2)
    AND (?3 IS NULL OR t.topic = ?3)
    AND (?4 IS NULL OR a.started_at >= ?4)
    AND (?5 IS NULL OR a.started_at < ?5)
ORDER BY a.id, t.topic
