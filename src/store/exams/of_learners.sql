-- The exam's attempts by some learners (?2, a JSON array of their names as
-- the store spells them), each found through the (exam, learner) key: what
-- a batch of a sheet needs to know of who is graded already, by this
-- process or another, in time that does not grow with the exam.
SELECT id, learner
FROM attempts
WHERE exam_id = ?1 AND learner IN (SELECT value FROM json_each(?2))
