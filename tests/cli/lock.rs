//! `aidquiz lock` and the revision check: a changed key with no `revision`
//! bump is caught by `check`, and the lock records only what the author
//! declared.

use std::fs;
use std::path::Path;

use crate::{aidquiz_in, fixture, stderr_of, stdout_of};

/// A folder holding the certification fixture, as an author's `quizzes/`.
fn banks() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(fixture("cert/cert.toml"), dir.path().join("cert.toml")).unwrap();
    dir
}

fn edit(dir: &Path, from: &str, to: &str) {
    let path = dir.join("cert.toml");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = aidquiz_in(dir).args(args).output().unwrap();
    (output.status.code(), stdout_of(&output), stderr_of(&output))
}

fn lock_line(dir: &Path, id: &str) -> String {
    fs::read_to_string(dir.join("aidquiz.lock"))
        .unwrap()
        .lines()
        .find(|line| line.starts_with(&format!("{id} =")))
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn a_changed_key_without_a_revision_bump_fails_check_until_the_author_decides() {
    let dir = banks();
    let (code, stdout, _) = run(dir.path(), &["lock", "."]);
    assert_eq!(code, Some(0));
    assert_eq!(stdout, "./aidquiz.lock: 8 new, 0 revised, 0 editorial\n");
    assert_eq!(
        lock_line(dir.path(), "sam-how-urgent")
            .split(" fingerprint")
            .next(),
        Some("sam-how-urgent = { revision = 1,")
    );
    let (code, stdout, stderr) = run(dir.path(), &["check", "."]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    assert!(stdout.contains("no problems"), "{stdout}");

    // The key changes: check fails and names the way out.
    edit(
        dir.path(),
        "answer = \"Immediate medical attention\"",
        "answer = \"A medical evaluation when convenient\"",
    );
    let (code, _, stderr) = run(dir.path(), &["check", "."]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("error[revision-needed]: the graded content of `bladder-control-urgency` changed since ./aidquiz.lock recorded its revision 1"), "{stderr}");
    assert!(stderr.contains("set `revision = 2`"), "{stderr}");
    assert!(
        stderr.contains("aidquiz lock --editorial bladder-control-urgency"),
        "{stderr}"
    );

    // `lock` will not paper over it either, and writes nothing.
    let before = fs::read_to_string(dir.path().join("aidquiz.lock")).unwrap();
    let (code, _, stderr) = run(dir.path(), &["lock", "."]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(
        fs::read_to_string(dir.path().join("aidquiz.lock")).unwrap(),
        before
    );

    // Bumping the revision is a warning until the lock records it.
    edit(
        dir.path(),
        "id = \"bladder-control-urgency\"\n",
        "id = \"bladder-control-urgency\"\nrevision = 2\n",
    );
    let (code, _, stderr) = run(dir.path(), &["check", "."]);
    assert_eq!(code, Some(0));
    assert!(
        stderr.contains("warning[lock-outdated]: revision 2 of `bladder-control-urgency`"),
        "{stderr}"
    );
    let (code, stdout, _) = run(dir.path(), &["lock", "."]);
    assert_eq!(code, Some(0));
    assert_eq!(stdout, "./aidquiz.lock: 0 new, 1 revised, 0 editorial\n");
    assert!(lock_line(dir.path(), "bladder-control-urgency").contains("revision = 2"));
    let (code, _, stderr) = run(dir.path(), &["check", "."]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
}

#[test]
fn an_editorial_edit_keeps_the_revision_when_the_author_names_it() {
    let dir = banks();
    assert_eq!(run(dir.path(), &["lock", "."]).0, Some(0));
    let old = lock_line(dir.path(), "sam-how-urgent");
    edit(
        dir.path(),
        "prompt = \"What should Sam do?\"",
        "prompt = \"What should Sam do now?\"",
    );
    // An explanation is not graded content: no finding for it.
    edit(
        dir.path(),
        "Ibuprofen and naproxen are NSAIDs",
        "Ibuprofen and naproxen are both NSAIDs",
    );
    let (code, _, stderr) = run(dir.path(), &["check", "."]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("`sam-how-urgent` changed"), "{stderr}");
    assert!(!stderr.contains("nsaid-ibuprofen"), "{stderr}");

    let (code, stdout, stderr) = run(
        dir.path(),
        &[
            "lock",
            ".",
            "--editorial",
            "sam-how-urgent",
            "--editorial",
            "rest-first",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, "./aidquiz.lock: 0 new, 0 revised, 1 editorial\n");
    assert!(
        stderr.contains("--editorial rest-first: its graded content has not changed"),
        "{stderr}"
    );
    let new = lock_line(dir.path(), "sam-how-urgent");
    assert!(new.contains("revision = 1"), "{new}");
    assert_ne!(new, old);
    assert_eq!(run(dir.path(), &["check", "."]).0, Some(0));
}

#[test]
fn a_revision_never_goes_back_and_a_broken_lock_is_named() {
    let dir = banks();
    edit(
        dir.path(),
        "id = \"rest-first\"\n",
        "id = \"rest-first\"\nrevision = 3\n",
    );
    assert_eq!(run(dir.path(), &["lock", "."]).0, Some(0));
    edit(dir.path(), "revision = 3\n", "revision = 2\n");
    let (code, _, stderr) = run(dir.path(), &["check", "."]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("error[revision-went-back]: `rest-first` has revision 2, but ./aidquiz.lock already records revision 3"), "{stderr}");

    fs::write(
        dir.path().join("aidquiz.lock"),
        "lock_version = 1\n[questions]\nrest-first = 3\n",
    )
    .unwrap();
    let (code, _, stderr) = run(dir.path(), &["check", "."]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("error[lock-file]: ./aidquiz.lock cannot be read"),
        "{stderr}"
    );
    assert!(stderr.contains("aidquiz.lock:3:"), "{stderr}");
}

#[test]
fn without_a_lock_file_check_does_not_track_revisions() {
    let dir = banks();
    edit(
        dir.path(),
        "answer = \"Immediate medical attention\"",
        "answer = \"A medical evaluation when convenient\"",
    );
    let (code, _, stderr) = run(dir.path(), &["check", "."]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
}
