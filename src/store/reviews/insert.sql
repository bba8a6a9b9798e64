INSERT INTO reviews (learner, question_id, topic, attempt_id, rating, credit, reviewed_at, due_after, revision)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
RETURNING id
