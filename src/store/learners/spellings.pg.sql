-- As spellings.sql, for PostgreSQL: the array's elements are compared
-- under the key column's collation ("C"), as every text column is, and
-- as an array, which the planner looks up in the key's index one by one
-- (`IN (SELECT …)` read the whole table).
SELECT key, name
FROM learners
WHERE key = ANY (ARRAY(
    SELECT element COLLATE "C" FROM jsonb_array_elements_text(CAST(CAST(?1 AS TEXT) AS jsonb)) AS keys (element)
))
