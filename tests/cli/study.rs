//! `aidquiz study` and `aidquiz progress` through the real binary.

use predicates::prelude::*;

use crate::{aidquiz, fixture, progress, seen_total, stdout_of};

fn three_questions() -> String {
    fixture("take/three.toml").display().to_string()
}

/// The text of `text` between the first `before` and the `after` that follows.
fn text_between<'a>(text: &'a str, before: &str, after: &str) -> Option<&'a str> {
    let (_, rest) = text.split_once(before)?;
    Some(rest.split_once(after)?.0)
}

fn topic<'a>(progress: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    progress["topics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["topic"] == name)
        .unwrap()
}

/// The recent accuracy of every topic that has one.
fn recent_accuracies(progress: &serde_json::Value) -> Vec<f64> {
    progress["topics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["recent_accuracy"].as_f64())
        .collect()
}

#[test]
fn a_study_session_asks_new_questions_and_schedules_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite3");
    let day_before = chrono::Utc::now().date_naive();
    let output = aidquiz()
        .args(["study", "--learner", "ana", "--new", "3", "--store"])
        .arg(&store)
        .arg(three_questions())
        .write_stdin("A\nB\nA\n")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = stdout_of(&output);
    assert!(
        stdout.starts_with("Study session for ana: 0 due for review, 3 new."),
        "{stdout}"
    );
    assert!(stdout.contains("Session done: 2 / 3"), "{stdout}");
    let due_tomorrow: u64 = text_between(&stdout, "Next: ", " due tomorrow, ")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no `Next: N due tomorrow` line: {stdout}"));
    assert!(
        predicate::str::is_match(r"Next: \d+ due tomorrow, \d+ this week\.")
            .unwrap()
            .eval(&stdout),
        "{stdout}"
    );

    let p = progress(&store, "ana", &[&three_questions()]);
    let same_day = chrono::Utc::now().date_naive() == day_before;
    assert_eq!(topic(&p, "ice-vs-heat")["seen"], 2);
    assert_eq!(topic(&p, "ice-vs-heat")["questions"], 2);
    assert_eq!(topic(&p, "medications")["seen"], 1);
    assert_eq!(p["streak_days"], 1);
    // Nothing answered today is due again today. Run across UTC midnight,
    // "today" is the next day, when what the session said was due tomorrow
    // may be due: the expectation follows the day the test saw.
    let due_today = p["due_today"].as_u64().unwrap();
    if same_day {
        assert_eq!(due_today, 0, "{p}");
    } else {
        assert!(due_today <= due_tomorrow, "{p}");
    }
    // One of the three was answered wrong: it alone is weak, shown by its text.
    let weakest = p["weakest"].as_array().unwrap();
    assert_eq!(weakest.len(), 1, "{weakest:?}");
    assert_eq!(weakest[0]["last_credit"], 0.0);
    assert!(weakest[0]["prompt"].as_str().unwrap().ends_with('?'));
}

#[test]
fn right_after_a_session_nothing_is_due() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite3");
    let study = |input: &str| {
        aidquiz()
            .args(["study", "--learner", "ana", "--new", "3", "--store"])
            .arg(&store)
            .arg(three_questions())
            .write_stdin(input.to_owned())
            .output()
            .unwrap()
    };
    assert!(study("A\nA\nA\n").status.success());
    let again = study("");
    assert!(again.status.success());
    assert!(
        stdout_of(&again).contains("Nothing to study for ana now"),
        "{}",
        stdout_of(&again)
    );
}

#[test]
fn take_answers_count_as_reviews() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite3");
    let take = aidquiz()
        .args([
            "take",
            "--learner",
            "ben",
            "--count",
            "3",
            "--mode",
            "exam",
            "--store",
        ])
        .arg(&store)
        .arg(three_questions())
        .write_stdin("A\n\nA\n")
        .output()
        .unwrap();
    assert!(take.status.success());
    let p = progress(&store, "ben", &[&three_questions()]);
    let seen = seen_total(&p);
    assert_eq!(seen, 2, "a question skipped in an exam is not a review: {p}");
    // Both answers were right (every answer in this bank is A).
    let accuracies = recent_accuracies(&p);
    assert!(
        !accuracies.is_empty() && accuracies.iter().all(|a| *a == 1.0),
        "{p}"
    );
}

#[test]
fn a_skip_in_study_is_a_dont_know_review_and_shows_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite3");
    let output = aidquiz()
        .args(["study", "--learner", "ben", "--new", "3", "--store"])
        .arg(&store)
        .arg(three_questions())
        .write_stdin("A\n\nA\n")
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = stdout_of(&output);
    assert!(stdout.contains("> \nSkipped. The answer: A) "), "{stdout}");
    assert!(stdout.contains("\nWhy: "), "{stdout}");
    let p = progress(&store, "ben", &[&three_questions()]);
    assert_eq!(seen_total(&p), 3, "the skip is a review rated again: {p}");
    let accuracies = recent_accuracies(&p);
    assert!(accuracies.iter().any(|a| *a < 1.0), "{p}");
}

#[test]
fn progress_as_a_table_names_each_topic() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite3");
    aidquiz()
        .args(["progress", "--learner", "nobody", "--store"])
        .arg(&store)
        .arg(three_questions())
        .assert()
        .success()
        .stdout(predicate::str::contains("ice-vs-heat"))
        .stdout(predicate::str::contains("0 / 2"))
        .stdout(predicate::str::contains("Due today: 0"));
}

#[test]
fn an_unknown_study_topic_lists_the_topics() {
    let dir = tempfile::tempdir().unwrap();
    aidquiz()
        .args(["study", "--learner", "ana", "--topic", "burns", "--store"])
        .arg(dir.path().join("s.sqlite3"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no question has the topic `burns`"));
}

/// A question whose revision is bumped comes back as new: the memory of
/// the old question is not carried over to a question with another key.
#[test]
fn a_revised_question_is_studied_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite3");
    let bank = dir.path().join("three.toml");
    std::fs::copy(fixture("take/three.toml"), &bank).unwrap();
    let study = |input: &str| {
        aidquiz()
            .args(["study", "--learner", "ana", "--new", "3", "--store"])
            .arg(&store)
            .arg(&bank)
            .write_stdin(input.to_owned())
            .output()
            .unwrap()
    };
    assert!(study("A\nA\nA\n").status.success());
    assert!(stdout_of(&study("")).contains("Nothing to study for ana now"));

    let text = std::fs::read_to_string(&bank).unwrap();
    let revised = text.replacen("id = \"cold-first\"\n", "id = \"cold-first\"\nrevision = 2\n", 1);
    assert_ne!(text, revised);
    std::fs::write(&bank, revised).unwrap();
    let again = study("A\n");
    let stdout = stdout_of(&again);
    assert!(again.status.success(), "{stdout}");
    assert!(
        stdout.starts_with("Study session for ana: 0 due for review, 1 new."),
        "{stdout}"
    );
    assert!(stdout.contains("what should you apply?"), "{stdout}");
}
