INSERT INTO responses (
    attempt_id, position, question_id, topic, choice_order,
    response, selected, points, max_points, answered_at, critical, revision
)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
