-- As key_of.sql, for the upgrade to schema 6, which runs before
-- question_keys has its revision and critical columns (upgrade 7).
SELECT key FROM question_keys WHERE question_id = ?1 AND topic = ?2
