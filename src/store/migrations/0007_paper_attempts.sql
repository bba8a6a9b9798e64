-- Attempts graded from a paper response sheet (`exam grade`) are marked as
-- such: they have no time taken and no answer times (their start and end
-- are the grading's), so reports and history show none rather than 0 or the
-- gap between two gradings. Until now only sheet grading set exam_id.

ALTER TABLE attempts ADD COLUMN paper INTEGER NOT NULL DEFAULT 0;

UPDATE attempts SET paper = 1 WHERE exam_id IS NOT NULL;
