UPDATE web_attempts SET flagged = ?2 WHERE attempt_id = ?1
