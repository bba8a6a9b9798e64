-- Every question of the attempts a report covers, attempt by attempt in the
-- order they were recorded. Column order is read by `for_each_attempt`.
-- A NULL filter matches everything; ?4/?5 bound `started_at` (RFC 3339 text
-- of fixed width, so text order is time order), ?5 excluded.
SELECT a.id, a.learner, a.exam_id, a.mode, a.started_at, a.finished_at,
    a.pass_mark, a.status, a.score, a.max_score,
    r.question_id, r.topic, r.points, r.max_points, r.selected, r.answered_at
FROM attempts AS a
JOIN responses AS r ON r.attempt_id = a.id
WHERE (?1 IS NULL OR a.learner = ?1)
    AND (?2 IS NULL OR a.exam_id = ?2)
    AND (?3 IS NULL OR r.topic = ?3)
    AND (?4 IS NULL OR a.started_at >= ?4)
    AND (?5 IS NULL OR a.started_at < ?5)
ORDER BY a.id, r.position
