//! Integration tests: every test drives the real `aidquiz` binary.

mod cert;
mod check;
mod exam;
mod hostile;
mod interop;
mod lint;
mod list;
mod lock;
mod postgres;
mod report;
mod room;
mod schema;
mod serve;
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

/// The course article the banks are written from. It lives beside the
/// repository (`../shared/source/`), not in it: `None` skips the test on a
/// checkout on its own, and with `CI` set its absence fails the test.
pub fn article() -> Option<String> {
    let path = root().join("../shared/source/000_dcf788a9f21bc96b.txt");
    match std::fs::read_to_string(&path) {
        Ok(article) => Some(article),
        Err(error) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "the course article {} is required in CI: {error}",
                path.display()
            );
            eprintln!(
                "skipped: the course article {} cannot be read: {error}",
                path.display()
            );
            None
        }
    }
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

/// A PDF printer and text extractor: Chromium and poppler's `pdftotext`.
/// `None` skips the test locally when either is missing; with `CI` set
/// their absence fails it.
pub fn print_tools() -> Option<String> {
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            std::process::Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    let pdftotext = std::process::Command::new("pdftotext").arg("-v").output().is_ok();
    match (chromium, pdftotext) {
        (Some(chromium), true) => Some(chromium.to_owned()),
        (chromium, _) => {
            let missing = if chromium.is_none() {
                "chromium"
            } else {
                "pdftotext (poppler-utils)"
            };
            assert!(
                std::env::var_os("CI").is_none(),
                "{missing} is required in CI to test printed papers"
            );
            eprintln!("skipped: {missing} is not installed, so papers cannot be printed to PDF here");
            None
        }
    }
}

/// Prints `html` to PDF with Chromium (its own header and footer off, so
/// only the page's are there) and returns the text of each page.
pub fn printed_pages(chromium: &str, html: &Path) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("out.pdf");
    let output = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(html)
        .output()
        .unwrap();
    assert!(pdf.exists(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    // pdftotext ends each page with a form feed.
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}
