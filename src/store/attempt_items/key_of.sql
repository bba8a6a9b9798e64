-- The key of a question (as recorded with its topic, revision and
-- criticality), if it has one.
SELECT key FROM question_keys
WHERE question_id = ?1 AND topic = ?2 AND revision = ?3 AND critical = ?4
