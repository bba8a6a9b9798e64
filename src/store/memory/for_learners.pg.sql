-- As for_learners.sql, for PostgreSQL: the array's elements are compared
-- under the learner column's collation ("C"), as every text column is,
-- and as an array, which the planner looks up in the key's index one by
-- one (`IN (SELECT …)` read the whole table, a 7 ms statement at 100,000
-- states).
SELECT learner, question_id, stability, difficulty, due, last_review, reps, lapses, phase,
    elapsed_days, scheduled_days, revision
FROM memory
WHERE learner = ANY (ARRAY(
    SELECT element COLLATE "C" FROM jsonb_array_elements_text(CAST(CAST(?1 AS TEXT) AS jsonb)) AS learners (element)
))
