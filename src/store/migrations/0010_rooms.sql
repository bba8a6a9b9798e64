-- The instructor's rooms (`aidquiz serve`): a room hands out quizzes to the
-- learners who join it with its short code. Its attempts are ordinary
-- attempts that carry the room's exam id, so `report --exam ID` covers them
-- and the unique (exam_id, learner) index keeps one attempt per learner.
-- Extra time given to a learner is not kept here: it is added to that
-- attempt's own time limit, which is what the server's deadline reads.

CREATE TABLE rooms (
    code TEXT PRIMARY KEY,
    -- The exam's own id (a room opened from an `exam generate` folder) or
    -- `room-CODE-…` for a room opened from quiz options.
    exam_id TEXT NOT NULL,
    title TEXT NOT NULL,
    -- What each learner who joins is given, as JSON: the exam manifest, or
    -- the quiz options.
    plan TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    closed_at TEXT
);

CREATE TABLE room_learners (
    room_code TEXT NOT NULL REFERENCES rooms (code),
    learner TEXT NOT NULL,
    attempt_id INTEGER NOT NULL REFERENCES attempts (id),
    -- The exam version handed out (`A`, `B`, …); NULL for quiz options.
    version TEXT,
    joined_at TEXT NOT NULL,
    PRIMARY KEY (room_code, learner)
);

-- Instructor sign-ins: as web_sessions, only the SHA-256 of the id is kept.
CREATE TABLE instructor_sessions (
    id_hash TEXT PRIMARY KEY,
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL
);
