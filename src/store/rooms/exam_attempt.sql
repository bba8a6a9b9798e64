SELECT id FROM attempts WHERE exam_id = ?1 AND learner = ?2
