-- The spellings kept for many learners at once: ?1 is a JSON array of
-- their keys (see learner_key), one statement for a batch of a sheet.
SELECT key, name
FROM learners
WHERE key IN (SELECT value FROM json_each(?1))
