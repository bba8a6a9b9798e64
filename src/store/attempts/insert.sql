INSERT INTO attempts (
    learner, mode, seed, selection, banks, started_at, finished_at,
    time_limit_secs, pass_mark, status, score, max_score, exam_id, paper, critical_missed,
    exam_title, exam_version
)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
RETURNING id
