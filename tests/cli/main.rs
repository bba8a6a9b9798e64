//! Integration tests: every test drives the real `aidquiz` binary.

mod check;
mod exam;
mod list;
mod report;
mod schema;
mod take;

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
