-- Reports name a column per topic before streaming their rows; this index
-- lets them find the topics without reading every response (a loose index
-- scan, see reports/topics.sql), and serves `report --topic`.

CREATE INDEX responses_topic ON responses (topic);
