-- As of_ids.sql, for PostgreSQL: the ids as an array the planner looks up
-- in the attempts' key one by one.
SELECT attempts.id, attempts.learner, attempts.score, attempts.max_score,
    responses.response, responses.question_id
FROM attempts
JOIN responses ON responses.attempt_id = attempts.id
WHERE attempts.id = ANY (ARRAY(
    SELECT CAST(element AS BIGINT) FROM jsonb_array_elements_text(CAST(CAST(?1 AS TEXT) AS jsonb)) AS ids (element)
))
ORDER BY attempts.id, responses.position
