-- A learner's first state for a question, where the writer knows there is
-- none (it read them all in its write transaction): unlike upsert.sql,
-- many of these go to PostgreSQL as one COPY.
INSERT INTO memory (
    learner, question_id, stability, difficulty, due, last_review, reps, lapses,
    phase, elapsed_days, scheduled_days, revision
)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
