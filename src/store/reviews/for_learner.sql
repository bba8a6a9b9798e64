SELECT question_id, topic, rating, credit, reviewed_at
FROM reviews
WHERE learner = ?1
ORDER BY reviewed_at, id
