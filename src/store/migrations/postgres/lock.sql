-- Taken first in the transaction that reads identify.sql and then creates
-- or upgrades the schema, so two processes opening a new or older
-- database at once do it once, in turn (SQLite's BEGIN IMMEDIATE): the
-- second waits here, then finds the schema made. Held until that
-- transaction commits or rolls back. The key, 1634296945, is 'aidq' in
-- ASCII; it returns the number 1 so the statement has a readable column.
SELECT count(*) FROM (SELECT pg_advisory_xact_lock(1634296945)) AS locked
