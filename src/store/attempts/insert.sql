-- The id is given (see reserve_ids.sql): many attempts go in one INSERT,
-- and their rows in other tables need it before it is written.
INSERT INTO attempts (
    id, learner, mode, seed, selection, banks, started_at, finished_at,
    time_limit_secs, pass_mark, status, score, max_score, exam_id, paper, critical_missed,
    exam_title, exam_version
)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
