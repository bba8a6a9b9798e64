-- The browser's side of a quiz (`aidquiz serve`): who holds which session,
-- and the attempts started from one. A session id itself is never stored,
-- only its SHA-256, so a copy of the store cannot be used to log in.

CREATE TABLE web_sessions (
    id_hash TEXT PRIMARY KEY,
    learner TEXT NOT NULL,
    -- The token every form posts back (against cross-site requests).
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE web_attempts (
    attempt_id INTEGER PRIMARY KEY REFERENCES attempts (id),
    session_hash TEXT NOT NULL REFERENCES web_sessions (id_hash),
    kind TEXT NOT NULL CHECK (kind IN ('quiz', 'study')),
    -- Positions flagged for review, as a JSON array.
    flagged TEXT NOT NULL DEFAULT '[]',
    -- Study: positions whose rating the learner has chosen, as a JSON array.
    rated TEXT NOT NULL DEFAULT '[]'
);

CREATE INDEX web_attempts_session ON web_attempts (session_hash);
