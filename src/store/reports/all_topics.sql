-- The points per topic of every attempt (only the topic ?3's when given),
-- in the order of stream_attempts.sql, topics in order within an attempt:
-- one pass over attempt_topics. `for_each_attempt_topics` merges them with
-- the attempts and skips those of attempts the filter leaves out; with a
-- learner or an exam given it reads stream_topics.sql instead, which seeks
-- only their attempts' rows.
SELECT attempt_id, topic, score, max_score
FROM attempt_topics
WHERE (?3 IS NULL OR topic = ?3)
ORDER BY attempt_id, topic
