UPDATE responses
SET response = ?3, selected = ?4, points = ?5, answered_at = ?6
WHERE attempt_id = ?1 AND position = ?2
