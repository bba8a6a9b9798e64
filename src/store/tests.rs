//! Opening store files: new, ours, someone else's, damaged, too new, shared.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use std::thread;

use chrono::Duration;
use rusqlite::Connection;

use super::testing::{answer, at, graded, new_attempt};
use super::{APPLICATION_ID, SCHEMA_VERSION, Store, StoreError};
use crate::record::Status;

/// `path` with `suffix` appended to its file name, as SQLite names its
/// `-wal`, `-shm` and `-journal` files.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

fn assert_no_siblings(path: &Path) {
    for suffix in ["-wal", "-shm", "-journal"] {
        assert!(
            !sibling(path, suffix).exists(),
            "{suffix} file left beside {}",
            path.display()
        );
    }
}

/// Opening `path` fails with an error that names it, and the file is
/// byte-for-byte what it was, with nothing left beside it.
fn assert_refused_untouched(path: &Path) -> StoreError {
    let before = fs::read(path).unwrap();
    let error = Store::open(path).err().expect("the file is refused");
    assert_eq!(fs::read(path).unwrap(), before, "{} changed", path.display());
    assert!(error.to_string().contains(&path.display().to_string()), "{error}");
    assert_eq!(error.path(), path);
    error
}

fn header_field(path: &Path, offset: usize) -> i32 {
    let bytes = fs::read(path).unwrap();
    i32::from_be_bytes(bytes[offset..offset + 4].try_into().unwrap())
}

#[test]
fn a_new_store_is_created_with_its_folders_and_marked_ours() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("courses").join("2025").join("progress.sqlite3");

    let store = Store::open(&path).unwrap();

    // Read from the main file while the store is open: the marks are there
    // before any checkpoint, so a crash now still leaves a store we accept.
    assert_eq!(header_field(&path, 68), APPLICATION_ID);
    assert_eq!(i64::from(header_field(&path, 60)), SCHEMA_VERSION);
    let journal: String = store
        .db
        .sqlite()
        .pragma_query_value(None, "journal_mode", |row| row.get(0))
        .unwrap();
    let foreign_keys: bool = store
        .db
        .sqlite()
        .pragma_query_value(None, "foreign_keys", |row| row.get(0))
        .unwrap();
    let synchronous: i64 = store
        .db
        .sqlite()
        .pragma_query_value(None, "synchronous", |row| row.get(0))
        .unwrap();
    assert_eq!((journal.as_str(), foreign_keys, synchronous), ("wal", true, 1));
    assert_eq!(store.path(), path);
}

#[test]
fn a_folder_that_cannot_be_created_is_named_with_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("courses");
    fs::write(&blocker, b"a file where the folder should be").unwrap();
    let path = blocker.join("progress.sqlite3");

    let error = Store::open(&path).err().expect("the folder cannot be created");

    assert!(
        matches!(&error, StoreError::CreateFolder { folder, .. } if *folder == blocker),
        "{error:?}"
    );
    let message = error.to_string();
    let wanted = format!(
        "cannot create the folder {} for the progress store {}: ",
        blocker.display(),
        path.display()
    );
    assert!(message.starts_with(&wanted), "{message}");
}

#[test]
fn an_empty_file_counts_as_new() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    fs::write(&path, b"").unwrap();

    let mut store = Store::open(&path).unwrap();

    store.save_attempts(&[graded("ana", at(0))]).unwrap();
    assert_eq!(store.attempts_for_learner("ana").unwrap().len(), 1);
}

#[test]
fn reopening_a_store_keeps_its_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let ids = Store::open(&path)
        .unwrap()
        .save_attempts(&[graded("ana", at(0)), graded("ana", at(5))])
        .unwrap();
    let before = Store::open(&path).unwrap().attempts_for_learner("ana").unwrap();

    let mut store = Store::open(&path).unwrap();

    let after = store.attempts_for_learner("ana").unwrap();
    assert_eq!(after, before);
    assert_eq!(
        after.iter().map(|attempt| attempt.id).collect::<Vec<_>>(),
        vec![ids[1], ids[0]]
    );
    store.begin_attempt(&new_attempt("ana", at(10), 2)).unwrap();
    assert_eq!(store.attempts_for_learner("ana").unwrap().len(), 3);
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    fs::write(&path, b"this is not a database\n".repeat(100)).unwrap();

    let error = assert_refused_untouched(&path);

    assert!(matches!(error, StoreError::NotAidquiz { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!(
            "{} is not an aidquiz progress store (it is not a SQLite database); it was left unchanged. \
             Move it away or choose another file",
            path.display()
        )
    );
    assert_no_siblings(&path);
}

#[test]
fn a_short_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    fs::write(&path, b"SQLite format 3\0").unwrap();

    let error = assert_refused_untouched(&path);

    assert!(matches!(error, StoreError::NotAidquiz { .. }), "{error:?}");
    assert_no_siblings(&path);
}

#[test]
fn another_programs_sqlite_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    for (name, application_id, reason) in [
        ("plain.db", 0, "it is a SQLite database of another program"),
        (
            "marked.db",
            0x1234_5678,
            "it is a SQLite database of another program, application id 0x12345678",
        ),
    ] {
        let path = dir.path().join(name);
        let other = Connection::open(&path).unwrap();
        other
            .pragma_update(None, "application_id", application_id)
            .unwrap();
        other
            .execute_batch("CREATE TABLE foo (bar TEXT); INSERT INTO foo VALUES ('baz');")
            .unwrap();
        other.close().unwrap();

        let error = assert_refused_untouched(&path);

        assert!(
            matches!(&error, StoreError::NotAidquiz { reason: r, .. } if r == reason),
            "{error:?}"
        );
        assert_no_siblings(&path);
    }
}

#[test]
fn a_store_from_a_newer_aidquiz_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    Store::open(&path)
        .unwrap()
        .save_attempts(&[graded("ana", at(0))])
        .unwrap();
    let newer = Connection::open(&path).unwrap();
    newer.pragma_update(None, "user_version", 99).unwrap();
    newer.close().unwrap();

    let error = assert_refused_untouched(&path);

    assert!(
        matches!(
            error,
            StoreError::TooNew {
                found: 99,
                supported: SCHEMA_VERSION,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "{} was written by a newer aidquiz: schema 99, this build reads up to {SCHEMA_VERSION}. \
             Upgrade aidquiz to use it; the file was left unchanged",
            path.display()
        )
    );
}

#[test]
fn a_damaged_store_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    Store::open(&path)
        .unwrap()
        .save_attempts(&[graded("ana", at(0))])
        .unwrap();
    // Keep the 100-byte file header (so it is still recognisably ours) and
    // scramble the schema table that follows it on the first page.
    let mut bytes = fs::read(&path).unwrap();
    bytes[100..1024].fill(0xA5);
    fs::write(&path, &bytes).unwrap();

    let error = assert_refused_untouched(&path);

    assert!(matches!(error, StoreError::Corrupt { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("is a damaged aidquiz progress store"),
        "{message}"
    );
}

#[test]
fn two_writers_at_once_both_keep_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    // Both start together, including creating the file, as two aidquiz
    // processes started by one script would.
    let start = Arc::new(Barrier::new(2));
    let writers: Vec<_> = ["ana", "ben"]
        .into_iter()
        .map(|learner| {
            let (path, start) = (path.clone(), Arc::clone(&start));
            thread::spawn(move || {
                start.wait();
                let mut store = Store::open(&path).unwrap();
                for i in 0..50 {
                    let started = at(i);
                    let id = store.begin_attempt(&new_attempt(learner, started, 3)).unwrap();
                    store.record_answer(id, &answer(0, 2.0, started, 10)).unwrap();
                    store
                        .finish_attempt(id, Status::Completed, started + Duration::seconds(30))
                        .unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }

    let store = Store::open(&path).unwrap();
    for learner in ["ana", "ben"] {
        let attempts = store.attempts_for_learner(learner).unwrap();
        assert_eq!(attempts.len(), 50, "{learner}");
        assert!(
            attempts
                .iter()
                .all(|attempt| attempt.status == Status::Completed && attempt.score == 2.0)
        );
        let starts: Vec<_> = attempts.iter().map(|attempt| attempt.started_at).collect();
        assert_eq!(starts, (0..50).rev().map(at).collect::<Vec<_>>());
    }
}
