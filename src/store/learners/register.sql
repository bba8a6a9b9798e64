-- A learner already registered keeps the spelling first given.
INSERT INTO learners (key, name) VALUES (?1, ?2)
ON CONFLICT (key) DO NOTHING
