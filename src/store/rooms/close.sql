UPDATE rooms SET closed_at = ?2 WHERE code = ?1 AND closed_at IS NULL
