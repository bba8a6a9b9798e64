-- Column order is read by question_from_row.
SELECT position, question_id, topic, choice_order, response, selected,
    points, max_points, answered_at, critical, revision
FROM responses
WHERE attempt_id = ?1
ORDER BY position
