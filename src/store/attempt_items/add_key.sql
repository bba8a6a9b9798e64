-- A question's new key; or, when another writer numbered the same
-- question since key_of.sql found none (PostgreSQL, where writers do not
-- wait for each other as SQLite's do), the key it was given. The update
-- changes nothing: it is there so RETURNING gives that row.
INSERT INTO question_keys (question_id, topic, revision, critical) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (question_id, topic, revision, critical) DO UPDATE SET critical = excluded.critical
RETURNING key
