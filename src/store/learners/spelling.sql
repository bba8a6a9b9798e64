SELECT name FROM learners WHERE key = ?1
