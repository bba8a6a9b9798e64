UPDATE attempts
SET score = ?2, max_score = ?3, status = ?4, finished_at = ?5,
    -- A corrected sheet may correct the version, kept in the selection
    -- and, for reports, in exam_version.
    selection = ?6,
    critical_missed = ?7,
    exam_title = ?8,
    exam_version = ?9
WHERE id = ?1
