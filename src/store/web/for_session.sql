-- Column order is read by web_attempt_from_row.
SELECT attempt_id, session_hash, kind, flagged, rated
FROM web_attempts
WHERE session_hash = ?1
ORDER BY attempt_id DESC
