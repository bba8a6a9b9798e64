-- One spelling per learner. Names are matched ignoring case and runs of
-- spaces ("ana  pereira" is "Ana Pereira"), and every record is kept under
-- the spelling first given. `key` is the name folded that way (in Rust, so
-- every script folds, not only ASCII); the fill step registers the names
-- already recorded, oldest first, and moves records kept under another
-- spelling of the same name to the first one.

CREATE TABLE learners (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL
) WITHOUT ROWID;
