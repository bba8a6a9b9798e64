-- Exams graded from a response sheet: one attempt per learner and exam, and
-- the earlier grades of an attempt whose responses were corrected.

ALTER TABLE attempts ADD COLUMN exam_id TEXT;

-- Grading the same sheet again updates a learner's attempt instead of adding one.
CREATE UNIQUE INDEX attempts_exam_learner ON attempts (exam_id, learner) WHERE exam_id IS NOT NULL;

CREATE TABLE regrades (
    attempt_id INTEGER NOT NULL REFERENCES attempts (id),
    -- When the grade below was replaced (RFC 3339, UTC).
    replaced_at TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    -- The responses as they were: a JSON array, null for unanswered.
    responses TEXT NOT NULL
);

CREATE INDEX regrades_attempt ON regrades (attempt_id);
