-- What item analysis reads of every question of an attempt, in one value
-- per attempt (attempt_items/codec.rs): reading a million of these instead
-- of twenty million rows of `responses` is what makes item analysis over a
-- large store fast. `responses` stays the record of what was answered;
-- every write to it also writes here (attempt_items/mod.rs), and the rows
-- of stores written before this table are filled from it by the Rust step
-- that runs after this file, in the same transaction.
--
-- question_keys numbers each question as recorded under a topic, so the
-- values carry a small number instead of two strings. SQLite numbers an
-- INTEGER PRIMARY KEY itself; in PostgreSQL `key` would be an identity
-- column and `items` a bytea, the statements otherwise the same.

CREATE TABLE question_keys (
    key INTEGER PRIMARY KEY,
    question_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    UNIQUE (question_id, topic)
);

CREATE TABLE attempt_items (
    attempt_id INTEGER PRIMARY KEY REFERENCES attempts (id),
    items BLOB NOT NULL
);
