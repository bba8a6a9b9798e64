-- Reports over many attempts (issue #14): a graded exam's title and
-- version letter in columns of their own, so a report reads them instead
-- of parsing every attempt's selection JSON (over a million attempts that
-- parse was more than half of PostgreSQL's time). NULL for quizzes, and
-- for sheets graded before aidquiz kept the title in the selection. The
-- selection stays as it was; every writer of an attempt fills both.
ALTER TABLE attempts ADD COLUMN exam_title TEXT;
ALTER TABLE attempts ADD COLUMN exam_version TEXT;

-- Strings only, as the writers take them; the reports read nothing else.
-- A selection that is not JSON (edited outside aidquiz) is left without
-- them rather than stopping the upgrade, and so every command.
UPDATE attempts
SET exam_title = CASE WHEN json_type(selection, '$.exam.title') = 'text'
        THEN json_extract(selection, '$.exam.title') END,
    exam_version = CASE WHEN json_type(selection, '$.exam.version') = 'text'
        THEN json_extract(selection, '$.exam.version') END
WHERE exam_id IS NOT NULL AND json_valid(selection);
