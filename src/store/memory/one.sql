-- Column order is read by state_from_row.
SELECT question_id, stability, difficulty, due, last_review, reps, lapses, phase,
    elapsed_days, scheduled_days, revision
FROM memory
WHERE learner = ?1 AND question_id = ?2
