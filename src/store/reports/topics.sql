-- Every topic in the store, in order: a loose index scan over
-- responses_topic, one index seek per topic instead of a read of every
-- response. Standard SQL (PostgreSQL runs it as written).
WITH RECURSIVE topics (topic) AS (
    SELECT min(topic) FROM responses
    UNION ALL
    SELECT (SELECT min(r.topic) FROM responses AS r WHERE r.topic > topics.topic)
    FROM topics
    WHERE topics.topic IS NOT NULL
)
SELECT topic FROM topics WHERE topic IS NOT NULL
