//! Integration tests: every test drives the real `aidquiz` binary.

mod check;
mod exam;
mod hostile;
mod interop;
mod lint;
mod list;
mod lock;
mod report;
mod schema;
mod store;
mod study;
mod take;
mod terminal;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The crate root, where `quizzes/` and `tests/fixtures/` live.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// `aidquiz` run from `dir`, without colour, so output is plain text.
pub fn aidquiz_in(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("aidquiz").expect("the aidquiz binary is built");
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("AIDQUIZ_STORE");
    command
}

/// `aidquiz` run from the crate root (so `./quizzes` holds the bundled banks).
pub fn aidquiz() -> Command {
    aidquiz_in(&root())
}

pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// A learner's attempts, as `aidquiz history --format json` prints them.
pub fn history(store: &Path, learner: &str) -> Vec<serde_json::Value> {
    let output = aidquiz()
        .args(["history", "--learner", learner, "--format", "json", "--store"])
        .arg(store)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// A learner's progress as JSON, against the banks `paths` name.
pub fn progress(store: &Path, learner: &str, paths: &[&str]) -> serde_json::Value {
    let output = aidquiz()
        .args(["progress", "--format", "json", "--learner", learner, "--store"])
        .arg(store)
        .args(paths)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Questions seen over all topics of a progress report.
pub fn seen_total(progress: &serde_json::Value) -> u64 {
    progress["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["seen"].as_u64().unwrap())
        .sum()
}
