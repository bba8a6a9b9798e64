-- Some attempts' grades and responses (?1, a JSON array of their ids),
-- attempt by attempt, in position order: a batch of a sheet reads those
-- of its learners graded already in one statement.
SELECT attempts.id, attempts.learner, attempts.score, attempts.max_score,
    responses.response, responses.question_id
FROM attempts
JOIN responses ON responses.attempt_id = attempts.id
WHERE attempts.id IN (SELECT value FROM json_each(?1))
ORDER BY attempts.id, responses.position
