-- Extra time moves the attempt's own limit, so every reader of the
-- deadline (the learner's page, the server refusing a late answer) sees it.
UPDATE attempts SET time_limit_secs = time_limit_secs + ?2
WHERE id = ?1 AND finished_at IS NULL AND time_limit_secs IS NOT NULL
