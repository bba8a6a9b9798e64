SELECT learner, attempt_id, version, joined_at FROM room_learners WHERE room_code = ?1 ORDER BY joined_at, learner
