-- Records kept under another spelling (?2) of a learner's name go under the
-- first spelling (?1). An exam attempt that would clash with one the first
-- spelling already has stays where it is. For a question both spellings
-- have a memory state of, the one reviewed last is kept.
UPDATE OR IGNORE attempts SET learner = ?1 WHERE learner = ?2;
UPDATE reviews SET learner = ?1 WHERE learner = ?2;
DELETE FROM memory AS old
WHERE old.learner = ?2 AND EXISTS (
    SELECT 1 FROM memory AS kept
    WHERE kept.learner = ?1 AND kept.question_id = old.question_id
        AND kept.last_review >= old.last_review
);
DELETE FROM memory AS kept
WHERE kept.learner = ?1 AND EXISTS (
    SELECT 1 FROM memory AS old
    WHERE old.learner = ?2 AND old.question_id = kept.question_id
);
UPDATE memory SET learner = ?1 WHERE learner = ?2;
