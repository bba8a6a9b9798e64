SELECT replaced_at, score, max_score
FROM regrades
WHERE attempt_id = ?1
ORDER BY replaced_at
