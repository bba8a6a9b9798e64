UPDATE attempts
SET score = ?2, max_score = ?3, status = ?4, finished_at = ?5, critical_missed = ?6
WHERE id = ?1
