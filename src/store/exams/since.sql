-- The exam's attempts recorded after ?2 (an attempt id), to learn of the
-- learners another process graded since this one last looked.
SELECT id, learner
FROM attempts
WHERE exam_id = ?1 AND id > ?2
ORDER BY id
