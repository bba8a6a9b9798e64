-- Browser attempts still open that have a time limit: the ones a deadline
-- can end while no page is open.
SELECT w.attempt_id, w.session_hash
FROM web_attempts AS w
JOIN attempts AS a ON a.id = w.attempt_id
WHERE a.finished_at IS NULL AND a.time_limit_secs IS NOT NULL
