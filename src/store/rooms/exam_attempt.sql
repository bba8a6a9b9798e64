SELECT id, learner FROM attempts WHERE exam_id = ?1
