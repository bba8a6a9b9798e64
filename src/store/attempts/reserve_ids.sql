-- ?1 ids for new attempts, in increasing order: those SQLite would give
-- them one by one (the largest id + 1, + 2, …), which no one else can
-- take before the write transaction that asks commits.
WITH RECURSIVE reserved (n) AS (
    SELECT 1 WHERE ?1 > 0
    UNION ALL
    SELECT n + 1 FROM reserved WHERE n < ?1
)
SELECT (SELECT COALESCE(MAX(id), 0) FROM attempts) + n
FROM reserved
ORDER BY n
