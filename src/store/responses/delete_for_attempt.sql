DELETE FROM responses WHERE attempt_id = ?1
