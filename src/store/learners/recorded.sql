-- Every name recorded before the learners table, in the order first seen:
-- attempts by id, then review-only names, then memory-only ones.
SELECT learner FROM (
    SELECT learner, 0 AS source, min(id) AS first FROM attempts GROUP BY learner
    UNION ALL
    SELECT learner, 1, min(id) FROM reviews GROUP BY learner
    UNION ALL
    SELECT learner, 2, 0 FROM memory GROUP BY learner
)
GROUP BY learner
ORDER BY min(source), min(first), learner
