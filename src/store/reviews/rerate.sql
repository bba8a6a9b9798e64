UPDATE reviews SET rating = ?2, due_after = ?3 WHERE id = ?1
