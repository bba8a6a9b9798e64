-- After `store copy` wrote rows with their ids as they were: moves each
-- identity column's sequence so the next row numbered here gets max(id) + 1
-- (1 in an empty table), never an id already taken. setval is not undone
-- by a rollback; run this after the copy's transaction commits.
SELECT
    setval(pg_get_serial_sequence('attempts', 'id'),
        (SELECT coalesce(max(id), 0) + 1 FROM attempts), false),
    setval(pg_get_serial_sequence('reviews', 'id'),
        (SELECT coalesce(max(id), 0) + 1 FROM reviews), false),
    setval(pg_get_serial_sequence('question_keys', 'key'),
        (SELECT coalesce(max(key), 0) + 1 FROM question_keys), false)
