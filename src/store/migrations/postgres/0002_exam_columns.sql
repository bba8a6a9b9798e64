-- As SQLite's 0012_exam_columns.sql: a graded exam's title and version
-- letter in columns of their own, so a report reads them instead of
-- parsing every attempt's selection JSON. NULL for quizzes. Every writer
-- of an attempt fills both.
ALTER TABLE attempts
    ADD COLUMN exam_title TEXT COLLATE "C",
    ADD COLUMN exam_version TEXT COLLATE "C";

-- Strings only, as the writers take them (SQLite's json_type 'text'); each
-- selection parsed once.
UPDATE attempts AS a
SET exam_title = CASE WHEN json_typeof(s.exam -> 'title') = 'string' THEN s.exam ->> 'title' END,
    exam_version = CASE WHEN json_typeof(s.exam -> 'version') = 'string' THEN s.exam ->> 'version' END
FROM (
    SELECT id, CAST(selection AS json) -> 'exam' AS exam
    FROM attempts
    WHERE exam_id IS NOT NULL
) AS s
WHERE a.id = s.id AND s.exam IS NOT NULL;
