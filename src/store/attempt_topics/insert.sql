INSERT INTO attempt_topics (attempt_id, topic, score, max_score)
VALUES (?1, ?2, ?3, ?4)
