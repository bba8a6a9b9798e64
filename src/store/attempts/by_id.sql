-- Column order is read by attempt_from_row.
SELECT id, learner, mode, seed, selection, banks, started_at, finished_at,
    time_limit_secs, pass_mark, status, score, max_score, exam_id, paper
FROM attempts
WHERE id = ?1
