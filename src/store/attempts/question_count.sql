-- No row when the attempt does not exist.
SELECT (SELECT count(*) FROM responses WHERE attempt_id = attempts.id)
FROM attempts
WHERE id = ?1
