UPDATE attempts
SET status = ?2, finished_at = ?3
WHERE id = ?1
