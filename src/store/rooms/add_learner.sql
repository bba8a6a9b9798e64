INSERT INTO room_learners (room_code, learner, attempt_id, version, joined_at) VALUES (?1, ?2, ?3, ?4, ?5)
