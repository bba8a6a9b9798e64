INSERT INTO memory (
    learner, question_id, stability, difficulty, due, last_review, reps, lapses,
    phase, elapsed_days, scheduled_days, revision
)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
ON CONFLICT (learner, question_id) DO UPDATE SET
    stability = excluded.stability,
    difficulty = excluded.difficulty,
    due = excluded.due,
    last_review = excluded.last_review,
    reps = excluded.reps,
    lapses = excluded.lapses,
    phase = excluded.phase,
    elapsed_days = excluded.elapsed_days,
    scheduled_days = excluded.scheduled_days,
    revision = excluded.revision
