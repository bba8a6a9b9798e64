UPDATE web_attempts SET rated = ?2 WHERE attempt_id = ?1
