-- The attempts a report covers, in the order they were recorded, each with
-- the value holding its questions (attempt_items). The id and the value
-- come first, as `Store::stream` reads them; `attempt_from_row` reads the
-- rest. A NULL filter matches everything; ?4/?5 bound
-- `started_at` (RFC 3339 text of fixed width, so text order is time
-- order), ?5 excluded. The topic (?3) is applied to the questions as they
-- are decoded, and an attempt left with none is skipped.
SELECT a.id, i.items, a.learner, a.exam_id, a.mode, a.started_at, a.finished_at,
    a.pass_mark, a.status, a.score, a.max_score, a.paper,
    -- NULL for quizzes and for sheets graded before aidquiz kept them.
    a.exam_title, a.exam_version,
    a.critical_missed
FROM attempts AS a
JOIN attempt_items AS i ON i.attempt_id = a.id
WHERE (?1 IS NULL OR a.learner = ?1)
    AND (?2 IS NULL OR a.exam_id = ?2)
    AND (?4 IS NULL OR a.started_at >= ?4)
    AND (?5 IS NULL OR a.started_at < ?5)
ORDER BY a.id
