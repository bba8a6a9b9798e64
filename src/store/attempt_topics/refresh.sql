-- Sets an attempt's topic sums from its responses, after they were written
-- (the attempt's old sums are deleted first by delete_for_attempt.sql).
INSERT INTO attempt_topics (attempt_id, topic, score, max_score)
SELECT attempt_id, topic, sum(points), sum(max_points)
FROM responses
WHERE attempt_id = ?1
GROUP BY attempt_id, topic
ORDER BY topic
