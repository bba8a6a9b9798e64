-- Attempts at a quiz and the questions of each, with the learner's answers.
-- Timestamps are RFC 3339 text in UTC with nine fraction digits, so text
-- order is time order; JSON is stored as text.

CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    learner TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('study', 'exam')),
    -- The u64 seed bit-cast to a signed 64-bit integer.
    seed INTEGER NOT NULL,
    selection TEXT NOT NULL,
    banks TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    time_limit_secs INTEGER,
    pass_mark REAL NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('completed', 'timed-out', 'abandoned')),
    score REAL NOT NULL,
    max_score REAL NOT NULL
);

-- A learner's history, newest first.
CREATE INDEX attempts_learner_started ON attempts (learner, started_at);

CREATE TABLE responses (
    attempt_id INTEGER NOT NULL REFERENCES attempts (id),
    -- 0-based place of the question in the attempt.
    position INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    choice_order TEXT NOT NULL,
    -- NULL until the question is answered.
    response TEXT,
    selected TEXT,
    points REAL NOT NULL,
    max_points REAL NOT NULL,
    answered_at TEXT,
    PRIMARY KEY (attempt_id, position)
);
