INSERT OR IGNORE INTO learners (key, name) VALUES (?1, ?2)
