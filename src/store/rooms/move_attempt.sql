UPDATE web_attempts SET session_hash = ?2 WHERE attempt_id = ?1
