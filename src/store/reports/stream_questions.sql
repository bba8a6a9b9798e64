-- As stream_items.sql, with only what item analysis reads of an attempt
-- besides its questions: its start (answer times count from it) and
-- whether it was graded from paper. A million attempts' names, exams and
-- scores are text the database would send and the report throw away.
SELECT a.id, i.items, a.started_at, a.paper
FROM attempts AS a
JOIN attempt_items AS i ON i.attempt_id = a.id
WHERE (?1 IS NULL OR a.learner = ?1)
    AND (?2 IS NULL OR a.exam_id = ?2)
    AND (?4 IS NULL OR a.started_at >= ?4)
    AND (?5 IS NULL OR a.started_at < ?5)
ORDER BY a.id
