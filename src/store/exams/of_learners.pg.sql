-- As of_learners.sql, for PostgreSQL: the names compared under the learner
-- column's collation ("C"), and as an array the planner looks up in the
-- (exam, learner) key one by one.
SELECT id, learner
FROM attempts
WHERE exam_id = ?1 AND learner = ANY (ARRAY(
    SELECT element COLLATE "C" FROM jsonb_array_elements_text(CAST(CAST(?2 AS TEXT) AS jsonb)) AS names (element)
))
