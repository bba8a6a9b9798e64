-- Each attempt's points per topic, the sums of its responses: the attempts
-- report shows a percent per topic per attempt, and reading these few rows
-- instead of every response makes it several times faster. Every write
-- to `responses` keeps them equal to a GROUP BY over `responses`
-- (attempt_topics/mod.rs).
--
-- WITHOUT ROWID keeps the rows in the primary key's b-tree, in attempt
-- order: the report reads them in one pass with no lookup per row, a third
-- faster than through a separate key index. (The only SQLite-specific
-- clause; in PostgreSQL the table is the same without it.)

CREATE TABLE attempt_topics (
    attempt_id INTEGER NOT NULL REFERENCES attempts (id),
    topic TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    PRIMARY KEY (attempt_id, topic)
) WITHOUT ROWID;

INSERT INTO attempt_topics (attempt_id, topic, score, max_score)
SELECT attempt_id, topic, sum(points), sum(max_points)
FROM responses
GROUP BY attempt_id, topic
ORDER BY attempt_id, topic;
