-- Spaced repetition: each learner's memory of each question (FSRS state),
-- and the log of every review that changed it.

CREATE TABLE memory (
    learner TEXT NOT NULL,
    question_id TEXT NOT NULL,
    stability REAL NOT NULL,
    difficulty REAL NOT NULL,
    due TEXT NOT NULL,
    last_review TEXT NOT NULL,
    reps INTEGER NOT NULL,
    lapses INTEGER NOT NULL,
    phase TEXT NOT NULL CHECK (phase IN ('learning', 'review', 'relearning')),
    elapsed_days INTEGER NOT NULL,
    scheduled_days INTEGER NOT NULL,
    PRIMARY KEY (learner, question_id)
);

-- A learner's due questions, most overdue first.
CREATE INDEX memory_learner_due ON memory (learner, due);

CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    learner TEXT NOT NULL,
    question_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    -- The attempt the answer belongs to, if any.
    attempt_id INTEGER REFERENCES attempts (id),
    rating TEXT NOT NULL CHECK (rating IN ('again', 'hard', 'good', 'easy')),
    -- Share of the question's points the answer earned, 0 to 1.
    credit REAL NOT NULL,
    reviewed_at TEXT NOT NULL,
    -- When the question came due again after this review.
    due_after TEXT NOT NULL
);

CREATE INDEX reviews_learner_time ON reviews (learner, reviewed_at);
