-- The attempts a report covers, in the order they were recorded, for
-- `for_each_attempt_topics`, which merges them with stream_topics.sql.
-- Column order is read by `attempt_from_row`; the filters are those of
-- stream.sql but the topic's, which stream_topics.sql applies (an attempt
-- with no sums left is skipped).
SELECT a.id, a.learner, a.exam_id, a.mode, a.started_at, a.finished_at,
    a.pass_mark, a.status, a.score, a.max_score
FROM attempts AS a
WHERE (?1 IS NULL OR a.learner = ?1)
    AND (?2 IS NULL OR a.exam_id = ?2)
    AND (?4 IS NULL OR a.started_at >= ?4)
    AND (?5 IS NULL OR a.started_at < ?5)
ORDER BY a.id
