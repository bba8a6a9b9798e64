-- As SQLite's 0012_exam_columns.sql: a graded exam's title and version
-- letter in columns of their own, so a report reads them instead of
-- parsing every attempt's selection JSON. NULL for quizzes. Every writer
-- of an attempt fills both.
ALTER TABLE attempts
    ADD COLUMN exam_title TEXT COLLATE "C",
    ADD COLUMN exam_version TEXT COLLATE "C";

-- The selection's JSON, or NULL where it is not JSON (edited outside
-- aidquiz): such an attempt is left without a title rather than stopping
-- the upgrade, and so every command, as SQLite's json_valid does there.
-- PostgreSQL 15 has no such test; this function lives as long as the
-- session.
CREATE FUNCTION pg_temp.aidquiz_json_or_null(text TEXT) RETURNS json
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
    RETURN CAST(text AS json);
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;

-- Strings only, as the writers take them (SQLite's json_type 'text'); each
-- selection parsed once. A plain cast first: catching an error per row
-- makes a million rows twice as slow, so that is done only when some
-- selection is not JSON (the first attempt's changes are undone then).
DO $$
BEGIN
    UPDATE attempts AS a
    SET exam_title = CASE WHEN json_typeof(s.exam -> 'title') = 'string' THEN s.exam ->> 'title' END,
        exam_version = CASE WHEN json_typeof(s.exam -> 'version') = 'string' THEN s.exam ->> 'version' END
    FROM (
        SELECT id, CAST(selection AS json) -> 'exam' AS exam
        FROM attempts
        WHERE exam_id IS NOT NULL
    ) AS s
    WHERE a.id = s.id AND s.exam IS NOT NULL;
EXCEPTION WHEN invalid_text_representation THEN
    UPDATE attempts AS a
    SET exam_title = CASE WHEN json_typeof(s.exam -> 'title') = 'string' THEN s.exam ->> 'title' END,
        exam_version = CASE WHEN json_typeof(s.exam -> 'version') = 'string' THEN s.exam ->> 'version' END
    FROM (
        SELECT id, pg_temp.aidquiz_json_or_null(selection) -> 'exam' AS exam
        FROM attempts
        WHERE exam_id IS NOT NULL
    ) AS s
    WHERE a.id = s.id AND s.exam IS NOT NULL;
END
$$;
