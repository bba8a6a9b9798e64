SELECT question_id, due
FROM memory
WHERE learner = ?1 AND due <= ?2
ORDER BY due, question_id
