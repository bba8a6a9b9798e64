-- One attempt's grade and responses, in position order.
SELECT attempts.id, attempts.learner, attempts.score, attempts.max_score,
    responses.response, responses.question_id
FROM attempts
JOIN responses ON responses.attempt_id = attempts.id
WHERE attempts.id = ?1
ORDER BY responses.position
