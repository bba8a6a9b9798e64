-- An exam's attempts with their responses, attempt by attempt, in position order.
SELECT attempts.id, attempts.learner, attempts.score, attempts.max_score,
    responses.response, responses.question_id
FROM attempts
JOIN responses ON responses.attempt_id = attempts.id
WHERE attempts.exam_id = ?1
ORDER BY attempts.id, responses.position
