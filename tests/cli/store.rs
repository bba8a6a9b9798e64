//! Stores that must stay untouched: a store aidquiz refuses is left byte for
//! byte as it was, write-ahead log included; a damaged store is refused
//! before the first write and reported by the commands that read it; and a
//! command that only reads never creates a store.

use std::path::{Path, PathBuf};

use crate::{aidquiz, fixture, stderr_of};

/// A store holding one finished quiz (`ana`, one question).
fn store_with_an_attempt(dir: &Path) -> PathBuf {
    let store = dir.join("progress.sqlite3");
    let output = aidquiz()
        .args(["take", "--learner", "ana", "--count", "1", "--store"])
        .arg(&store)
        .arg(fixture("take/three.toml"))
        .write_stdin("A\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    store
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn wal_of(store: &Path) -> PathBuf {
    let mut name = store.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// Commits `sql` into a write-ahead log and copies the store with the log
/// as a crash would leave them (the log not yet written back), into `copy`.
fn crashed_with_wal(store: &Path, sql: &str, copy: &Path) {
    let conn = rusqlite::Connection::open(store).unwrap();
    conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    conn.execute_batch(sql).unwrap();
    std::fs::copy(store, copy).unwrap();
    std::fs::copy(wal_of(store), wal_of(copy)).unwrap();
    assert!(!bytes(&wal_of(copy)).is_empty());
}

/// Overwrites page `page` (1-based, 4096 bytes) of the file with 0xff.
fn damage_page(store: &Path, page: usize) {
    let mut content = bytes(store);
    let start = (page - 1) * 4096;
    assert!(content.len() >= start + 4096, "the store has a page {page}");
    content[start..start + 4096].fill(0xff);
    std::fs::write(store, content).unwrap();
}

/// Every command that opens a store, as (name, args before `--store`, stdin).
fn commands() -> Vec<(&'static str, Vec<String>, &'static str)> {
    let three = fixture("take/three.toml").display().to_string();
    let strings = |args: &[&str]| args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
    vec![
        (
            "take",
            strings(&["take", "--learner", "ben", "--count", "1", &three]),
            "A\n",
        ),
        ("study", strings(&["study", "--learner", "ben", &three]), "A\n"),
        ("history", strings(&["history", "--learner", "ana"]), ""),
        ("progress", strings(&["progress", "--learner", "ana", &three]), ""),
        ("report", strings(&["report", "--format", "csv"]), ""),
    ]
}

/// The store and what its write-ahead log holds (nothing, when there is no
/// log: checking a store may leave an empty one beside it).
fn store_and_log(store: &Path) -> (Vec<u8>, Vec<u8>) {
    let wal = wal_of(store);
    (bytes(store), if wal.exists() { bytes(&wal) } else { Vec::new() })
}

/// Runs every command against `store` and checks each is refused (exit 1,
/// the message naming the store and containing `says`) and that the store
/// and its log are left byte for byte as they were.
fn every_command_refuses(store: &Path, says: &str) {
    let before = store_and_log(store);
    for (name, args, stdin) in commands() {
        let output = aidquiz()
            .args(&args)
            .arg("--store")
            .arg(store)
            .write_stdin(stdin)
            .output()
            .unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.contains(says), "{name}: {stderr}");
        assert!(stderr.contains(&store.display().to_string()), "{name}: {stderr}");
        assert!(
            store_and_log(store) == before,
            "{name} changed the store or its log"
        );
    }
}

#[test]
fn a_newer_store_with_a_wal_left_from_a_crash_is_refused_and_neither_file_changes() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_an_attempt(dir.path());
    let copy = dir.path().join("crashed.sqlite3");
    // The newer version is only in the log: opening read-write and closing
    // would write it back into the main file and delete the log.
    crashed_with_wal(&store, "PRAGMA user_version = 99;", &copy);
    every_command_refuses(&copy, "newer aidquiz");
}

#[test]
fn a_damaged_store_with_a_wal_left_from_a_crash_is_refused_and_neither_file_changes() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_an_attempt(dir.path());
    let copy = dir.path().join("crashed.sqlite3");
    crashed_with_wal(
        &store,
        "INSERT INTO regrades (attempt_id, replaced_at, score, max_score, responses) \
         VALUES (1, '2026-01-01T00:00:00Z', 0, 1, '[]');",
        &copy,
    );
    damage_page(&copy, 2);
    every_command_refuses(&copy, "damaged");
}

#[test]
fn a_store_with_a_damaged_page_is_refused_before_any_write_and_by_every_reader() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_an_attempt(dir.path());
    damage_page(&store, 2);
    every_command_refuses(&store, "damaged");
}

#[test]
fn a_schema_version_no_aidquiz_writes_is_refused_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_an_attempt(dir.path());
    rusqlite::Connection::open(&store)
        .unwrap()
        .execute_batch("PRAGMA user_version = -1;")
        .unwrap();
    every_command_refuses(&store, "its schema version is -1, which no aidquiz writes");
}

#[test]
fn reading_an_empty_store_file_never_turns_it_into_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("empty.sqlite3");
    std::fs::write(&store, b"").unwrap();
    let report = aidquiz()
        .args(["report", "--format", "csv", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    assert_eq!(report.status.code(), Some(1));
    assert!(stderr_of(&report).contains("there is no progress store at"));
    for args in [
        &["history", "--learner", "ana"][..],
        &["progress", "--learner", "ana"][..],
    ] {
        let output = aidquiz().args(args).arg("--store").arg(&store).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr_of(&output));
    }
    assert!(
        bytes(&store).is_empty(),
        "a reading command wrote to the empty file"
    );
    assert!(!wal_of(&store).exists());
}

#[test]
fn a_store_in_memory_is_refused_since_it_would_keep_nothing() {
    let output = aidquiz()
        .args(["take", "--learner", "ana", "--count", "1", "--store", ":memory:"])
        .arg(fixture("take/three.toml"))
        .write_stdin("A\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("keeps nothing"), "{stderr}");
    assert!(!stderr.contains("Saved as attempt"), "{stderr}");
}

/// One quiz answered with the store named by `AIDQUIZ_STORE` set to `env`,
/// and by `--store` when `flag` is given.
/// The platform's data folder is moved beside them, so a run that ignored
/// both never writes to a real store.
fn take_with_store_env(env: &Path, flag: Option<&Path>) {
    let home = env.parent().unwrap().join("home");
    let mut take = aidquiz();
    take.env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("AIDQUIZ_STORE", env)
        .args(["take", "--learner", "ana", "--count", "1"]);
    if let Some(flag) = flag {
        take.arg("--store").arg(flag);
    }
    let output = take
        .arg(fixture("take/three.toml"))
        .write_stdin("A\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
}

#[test]
fn aidquiz_store_names_the_store_when_store_is_not_given() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join("from-env.sqlite3");
    take_with_store_env(&env, None);
    assert_eq!(crate::history(&env, "ana").len(), 1);
}

#[test]
fn store_wins_over_aidquiz_store() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join("from-env.sqlite3");
    let flag = dir.path().join("from-flag.sqlite3");
    take_with_store_env(&env, Some(&flag));
    assert_eq!(crate::history(&flag, "ana").len(), 1);
    assert!(!env.exists(), "the store AIDQUIZ_STORE names is not touched");
}

/// `store copy` refused `--from a.db --to a.db` but copied `a.db` onto
/// `./a.db`, a link to it or a hard link of it: one store under two
/// spellings, read and written at once. Each is refused, and the store is
/// left as it was.
#[cfg(unix)]
#[test]
fn store_copy_refuses_one_store_under_two_spellings() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_an_attempt(dir.path());
    std::os::unix::fs::symlink(&store, dir.path().join("link.sqlite3")).unwrap();
    std::fs::hard_link(&store, dir.path().join("hard.sqlite3")).unwrap();
    let before = bytes(&store);
    for target in [
        "progress.sqlite3",
        "./progress.sqlite3",
        "sqlite:progress.sqlite3",
        "link.sqlite3",
        "hard.sqlite3",
    ] {
        let output = crate::aidquiz_in(dir.path())
            .args(["store", "copy", "--from", "progress.sqlite3", "--to", target])
            .output()
            .unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(2), "{target}: {stderr}");
        assert!(
            stderr.contains("--from and --to are the same store"),
            "{target}: {stderr}"
        );
    }
    assert_eq!(bytes(&store), before);
}
