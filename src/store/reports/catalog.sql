-- Every question the values of attempt_items name, by key.
SELECT key, question_id, topic, revision, critical FROM question_keys ORDER BY key
