-- Certification-grade exams (issue #17): must-pass (critical) questions and
-- question revisions. Rows written before this upgrade were all revision 1
-- of questions that were not critical, which is what the defaults say.

-- Whether each question was critical, and its revision, when it was asked.
ALTER TABLE responses ADD COLUMN critical INTEGER NOT NULL DEFAULT 0;
ALTER TABLE responses ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;

-- The ids of the critical questions an attempt has not earned full points
-- on, as a JSON array in the order asked: the pass rule needs them for
-- every attempt of a report, and a report filtered to one topic must still
-- see those of the others. Kept up to date with `score`.
ALTER TABLE attempts ADD COLUMN critical_missed TEXT NOT NULL DEFAULT '[]';

-- Item analysis reports each revision of a question apart, and flags a
-- critical question: the key numbers a question as recorded under a topic,
-- a revision and a criticality. SQLite cannot change a UNIQUE constraint
-- in place, so the table is rebuilt with its keys kept (attempt_items
-- values carry them).
CREATE TABLE question_keys_new (
    key INTEGER PRIMARY KEY,
    question_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    critical INTEGER NOT NULL DEFAULT 0,
    UNIQUE (question_id, topic, revision, critical)
);
INSERT INTO question_keys_new (key, question_id, topic)
SELECT key, question_id, topic FROM question_keys ORDER BY key;
DROP TABLE question_keys;
ALTER TABLE question_keys_new RENAME TO question_keys;

-- The revision a learner's memory of a question is about: study starts the
-- memory afresh when the question's revision has changed since.
ALTER TABLE memory ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE reviews ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
