//! The live terminal front end, driven in a tmux pane of a chosen width:
//! what a learner on a real terminal sees. Skipped (with a note) where tmux
//! is not installed, but required when `CI` is set.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use aidquiz::assemble::{Selection, assemble};
use aidquiz::bank::{BankPaths, load_banks};

use crate::{fixture, root};

/// A detached tmux server of its own running one command in one pane.
struct Pane {
    socket: String,
}

impl Pane {
    /// `None` (the test is skipped) when tmux is missing outside CI.
    fn start(width: u16, command: &str) -> Option<Pane> {
        if Command::new("tmux").arg("-V").output().is_err() {
            assert!(
                std::env::var_os("CI").is_none(),
                "tmux is required in CI for the terminal tests"
            );
            eprintln!("skipped: tmux is not installed");
            return None;
        }
        // A server per pane: tests run in parallel and must not share one.
        static PANES: AtomicUsize = AtomicUsize::new(0);
        let socket = format!(
            "aidquiz-test-{}-{}",
            std::process::id(),
            PANES.fetch_add(1, Ordering::Relaxed)
        );
        let pane = Pane { socket };
        // The shell stays after the command, so its exit code can be read.
        let script = format!("{command}; echo \"[exit $?]\"; sleep 600");
        let status = pane
            .tmux()
            .args([
                "new-session",
                "-d",
                "-x",
                &width.to_string(),
                "-y",
                "300",
                "sh",
                "-c",
                &script,
            ])
            .status()
            .unwrap();
        assert!(status.success());
        Some(pane)
    }

    fn tmux(&self) -> Command {
        let mut command = Command::new("tmux");
        command.args(["-L", &self.socket, "-f", "/dev/null"]);
        command
    }

    /// The pane's lines as shown, from the top.
    fn screen(&self) -> String {
        let output = self
            .tmux()
            .args(["capture-pane", "-p", "-S", "-"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Waits (up to a generous bound, never asserting on time) until
    /// `text` is on the screen, and returns the screen.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "never saw {text:?}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn keys(&self, keys: &[&str]) {
        assert!(
            self.tmux()
                .args(["send-keys"])
                .args(keys)
                .status()
                .unwrap()
                .success()
        );
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        let _ = self.tmux().arg("kill-server").status();
    }
}

fn aidquiz_command(store: &Path, args: &str) -> String {
    format!(
        "cd '{}' && NO_COLOR=1 '{}' {args} --store '{}'",
        root().display(),
        assert_cmd::cargo::cargo_bin("aidquiz").display(),
        store.display()
    )
}

/// A seed whose first question has a line longer than `longer_than`, and
/// that question's words.
fn long_first_question(longer_than: usize) -> (u64, Vec<String>) {
    let catalog = load_banks(&BankPaths::Given(vec![root().join("quizzes")]));
    let pool = catalog.candidates();
    let selection = Selection {
        topics: vec![],
        tags: vec![],
        difficulties: vec![],
        count: 10,
    };
    (1..)
        .find_map(|seed| {
            let quiz = assemble(&pool, &selection, seed).unwrap();
            let item = &quiz.items[0];
            let lettered = item.lettered();
            let texts: Vec<&str> = std::iter::once(item.question.meta.prompt.as_str())
                .chain(lettered.iter().map(|t| t.as_ref()))
                .collect();
            texts.iter().any(|t| t.len() + 5 > longer_than).then(|| {
                (
                    seed,
                    texts
                        .iter()
                        .flat_map(|t| t.split_whitespace().map(str::to_owned))
                        .collect(),
                )
            })
        })
        .unwrap()
}

#[test]
fn questions_wrap_at_word_boundaries_at_80_and_120_columns() {
    for width in [80u16, 120] {
        let dir = tempfile::tempdir().unwrap();
        let (seed, words) = long_first_question(usize::from(width));
        let command = aidquiz_command(
            &dir.path().join("s.sqlite3"),
            &format!("take --learner ana --seed {seed}"),
        );
        let Some(pane) = Pane::start(width, &command) else {
            return;
        };
        let screen = pane.wait_for("an empty line skips.");
        let shown: Vec<&str> = screen.split_whitespace().collect();
        for word in &words {
            assert!(
                shown.contains(&word.as_str()),
                "{width} columns: {word:?} is broken:\n{screen}"
            );
        }
        assert!(
            shown.contains(&"--seed"),
            "{width} columns: the first line is broken:\n{screen}"
        );
        for line in screen.lines().filter(|l| l.starts_with(' ')) {
            let choice = line.len() > 4 && line.starts_with("  ") && &line[3..5] == ") ";
            let hanging = line.starts_with("     ") && !line[5..].starts_with(' ');
            assert!(
                choice || hanging,
                "{width} columns: stray leading space in {line:?}:\n{screen}"
            );
        }
        assert!(screen.lines().all(|l| l.chars().count() <= usize::from(width)));
        pane.keys(&["C-c"]);
        pane.wait_for("[exit 130]");
    }
}

#[test]
fn ctrl_c_in_study_ends_with_one_message_on_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let command = aidquiz_command(
        &dir.path().join("s.sqlite3"),
        &format!(
            "study --learner ana --new 3 '{}'",
            fixture("take/three.toml").display()
        ),
    );
    let Some(pane) = Pane::start(100, &command) else {
        return;
    };
    pane.wait_for("an empty line skips.");
    pane.keys(&["A", "Enter"]);
    pane.wait_for("Recall:");
    pane.keys(&["C-c"]);
    let screen = pane.wait_for("[exit ");
    assert!(screen.contains("[exit 130]"), "{screen}");
    assert!(
        screen
            .lines()
            .any(|l| l.starts_with("Session quit (Ctrl-C): ") && l.contains("saved as attempt 1.")),
        "{screen}"
    );
    assert!(!screen.contains("Session done"), "{screen}");
    assert!(
        !screen.contains("error:"),
        "one message, not an error after it:\n{screen}"
    );
}

#[test]
fn ctrl_c_in_take_ends_with_one_message_on_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let command = aidquiz_command(
        &dir.path().join("s.sqlite3"),
        &format!(
            "take --learner ana --count 3 '{}'",
            fixture("take/three.toml").display()
        ),
    );
    let Some(pane) = Pane::start(100, &command) else {
        return;
    };
    pane.wait_for("an empty line skips.");
    pane.keys(&["C-c"]);
    let screen = pane.wait_for("[exit ");
    assert!(screen.contains("[exit 130]"), "{screen}");
    assert!(
        screen
            .lines()
            .any(|l| l == "Quiz abandoned: the answers given so far are saved."),
        "{screen}"
    );
    assert!(
        screen.lines().any(|l| l.starts_with("Saved as attempt 1 in ")),
        "{screen}"
    );
    assert!(
        !screen.contains("error:"),
        "one message, not an error after it:\n{screen}"
    );
}
