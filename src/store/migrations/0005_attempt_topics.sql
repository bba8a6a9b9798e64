-- Each attempt's points per topic, the sums of its responses: the attempts
-- report shows a percent per topic per attempt, and reading these few rows
-- instead of every response makes it several times faster. Every write
-- to `responses` keeps them equal to a GROUP BY over `responses`
-- (attempt_topics/refresh.sql, attempt_topics/rescore.sql).

CREATE TABLE attempt_topics (
    attempt_id INTEGER NOT NULL REFERENCES attempts (id),
    topic TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    PRIMARY KEY (attempt_id, topic)
);

INSERT INTO attempt_topics (attempt_id, topic, score, max_score)
SELECT attempt_id, topic, sum(points), sum(max_points)
FROM responses
GROUP BY attempt_id, topic
ORDER BY attempt_id, topic;
