-- Every memory state of many learners at once: ?1 is a JSON array of their
-- names as the store spells them. The columns after the first are read by
-- state_from_row.
SELECT learner, question_id, stability, difficulty, due, last_review, reps, lapses, phase,
    elapsed_days, scheduled_days, revision
FROM memory
WHERE learner IN (SELECT value FROM json_each(?1))
