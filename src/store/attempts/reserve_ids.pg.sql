-- As reserve_ids.sql, for PostgreSQL: taken from the id column's own
-- sequence, so an attempt inserted without an id (by an older aidquiz)
-- can never take one of them. Another process may take ids in between:
-- they increase, but need not follow each other.
SELECT nextval(pg_get_serial_sequence('attempts', 'id'))
FROM generate_series(1, CAST(?1 AS BIGINT)) AS reserved (n)
ORDER BY n
