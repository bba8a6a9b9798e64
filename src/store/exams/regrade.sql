INSERT INTO regrades (attempt_id, replaced_at, score, max_score, responses)
VALUES (?1, ?2, ?3, ?4, ?5)
