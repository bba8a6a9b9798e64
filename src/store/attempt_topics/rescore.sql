-- After an answer changed: the sum of the topic of the question at
-- position ?2.
UPDATE attempt_topics
SET score = (
    SELECT coalesce(sum(r.points), 0)
    FROM responses AS r
    WHERE r.attempt_id = ?1 AND r.topic = attempt_topics.topic
)
WHERE attempt_id = ?1
    AND topic = (SELECT topic FROM responses WHERE attempt_id = ?1 AND position = ?2)
