-- As rescore.sql, the points added as SQLite adds them (aidquiz_sum, see
-- migrations/postgres/0001_schema.sql), so the topic's score is the same
-- double on both stores.
UPDATE attempt_topics
SET score = (
    SELECT coalesce(aidquiz_sum(r.points ORDER BY r.position), 0)
    FROM responses AS r
    WHERE r.attempt_id = ?1 AND r.topic = attempt_topics.topic
)
WHERE attempt_id = ?1
    AND topic = (SELECT topic FROM responses WHERE attempt_id = ?1 AND position = ?2)
