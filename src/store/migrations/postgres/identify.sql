-- What the database is, for the store to tell an empty database (to make
-- ours), ours (at this version) and another program's (refused, not
-- written to): the version in aidquiz_schema, NULL when that table is
-- missing or empty, and how many tables and views the current
-- schema holds. One statement that works whether or not aidquiz_schema
-- exists: the table is read through query_to_xml only when it is there.
SELECT
    CASE
    -- No schema of the search path exists (nothing can be created either).
    WHEN current_schema() IS NULL THEN NULL
    WHEN to_regclass(format('%I.aidquiz_schema', current_schema())) IS NOT NULL THEN
        CAST(CAST((xpath('/row/version/text()', query_to_xml(
            format('SELECT max(version) AS version FROM %I.aidquiz_schema', current_schema()),
            false, true, '')))[1] AS TEXT) AS BIGINT)
    END AS version,
    (
        SELECT count(*)
        FROM pg_catalog.pg_class AS c
        JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
    ) AS tables
