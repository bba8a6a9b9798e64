-- Every response with its attempt's start, attempt by attempt, for the
-- migration that fills attempt_items.
SELECT r.attempt_id, a.started_at, r.question_id, r.topic, r.points, r.max_points,
    r.selected, r.answered_at
FROM responses AS r
JOIN attempts AS a ON a.id = r.attempt_id
ORDER BY r.attempt_id, r.position
