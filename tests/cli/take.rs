//! `aidquiz take` and `aidquiz history` through the real binary, with piped
//! answers and a store in a temporary folder.

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command as Process, Stdio};
use std::time::Duration;

use aidquiz::assemble::{Selection, assemble};
use aidquiz::bank::{Answer, BankPaths, load_banks};
use aidquiz::response::{key, notation};
use predicates::prelude::*;

use crate::{aidquiz, fixture, history, root, stderr_of, stdout_of};

fn cues() -> String {
    fixture("take/cues.toml").display().to_string()
}

fn three_questions() -> String {
    fixture("take/three.toml").display().to_string()
}

fn take(store: &Path, args: &[&str], input: &str) -> std::process::Output {
    aidquiz()
        .args(["take", "--learner", "ana", "--store"])
        .arg(store)
        .args(args)
        .write_stdin(input)
        .output()
        .unwrap()
}

/// The answers that score full marks on the quiz `take` assembles from the
/// bundled banks with this seed, worked out through the library.
fn perfect_answers(seed: u64) -> String {
    let catalog = load_banks(&BankPaths::Given(vec![root().join("quizzes")]));
    let pool = catalog.candidates();
    let selection = Selection {
        topics: vec![],
        tags: vec![],
        difficulties: vec![],
        count: 10,
    };
    let quiz = assemble(&pool, &selection, seed).unwrap();
    quiz.items
        .iter()
        .map(|item| match (&item.question.answer, key(item)) {
            (_, Some(key)) => notation(item, &key) + "\n",
            (Answer::Numeric(numeric), None) => format!("{}\n", numeric.accepted().0),
            (_, None) => panic!("no key for {}", item.question.meta.id),
        })
        .collect()
}

#[test]
fn a_perfect_run_on_the_bundled_banks_scores_100_percent() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("progress.sqlite3");
    let output = aidquiz()
        .args(["take", "--learner", "ana", "--seed", "42", "--store"])
        .arg(&store)
        .write_stdin(perfect_answers(42))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = stdout_of(&output);
    assert!(stdout.contains("(100%), PASSED"), "{stdout}");
    let attempts = history(&store, "ana");
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0]["status"], "completed");
    assert_eq!(attempts[0]["percent"], 100.0);
    assert_eq!(attempts[0]["seed"], 42);
    assert_eq!(attempts[0]["questions"].as_array().unwrap().len(), 10);
}

#[test]
fn a_blank_run_scores_zero_and_lists_every_question_to_review() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite3");
    let output = take(&store, &[&three_questions(), "--count", "3"], "\n\n\n");
    assert!(output.status.success());
    let stdout = stdout_of(&output);
    assert!(stdout.contains("Score: 0 / 3 (0%), NOT PASSED"), "{stdout}");
    assert_eq!(stdout.matches("Your answer: (no answer)").count(), 3, "{stdout}");
    let attempt = &history(&store, "ana")[0];
    assert_eq!(attempt["score"], 0.0);
    assert!(
        attempt["questions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|q| q["response"].is_null())
    );
}

#[test]
fn each_answer_is_graded_and_recorded_with_the_history_fields() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite3");
    let output = take(
        &store,
        &[&three_questions(), "--count", "3", "--pass-mark", "60"],
        "a\nB\nA\n",
    );
    assert!(output.status.success());
    assert!(stdout_of(&output).contains("Score: 2 / 3 (67%), PASSED (pass mark 60%)"));
    let attempt = &history(&store, "ana")[0];
    let keys: Vec<&str> = attempt.as_object().unwrap().keys().map(String::as_str).collect();
    for field in [
        "id",
        "learner",
        "mode",
        "seed",
        "started_at",
        "finished_at",
        "time_limit_secs",
        "status",
        "score",
        "max_score",
        "percent",
        "passed",
        "questions",
    ] {
        assert!(keys.contains(&field), "{field} missing from {keys:?}");
    }
    assert_eq!(attempt["learner"], "ana");
    assert_eq!(attempt["mode"], "study");
    assert_eq!(attempt["passed"], true);
    assert!(attempt["started_at"].as_str().unwrap().ends_with('Z'));
    let responses: Vec<(&str, bool)> = attempt["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| (q["response"].as_str().unwrap(), q["correct"].as_bool().unwrap()))
        .collect();
    assert_eq!(responses, [("A", true), ("B", false), ("A", true)]);
}

#[test]
fn a_letter_that_is_not_a_choice_is_asked_again_not_graded() {
    let dir = tempfile::tempdir().unwrap();
    let output = take(
        &dir.path().join("s.sqlite3"),
        &[&three_questions(), "--count", "1"],
        "Z\nA\n",
    );
    let stdout = stdout_of(&output);
    assert!(
        stdout.contains("Z is not one of the letters shown: answer with one letter, A to C. Try again."),
        "{stdout}"
    );
    assert!(stdout.contains("Score: 1 / 1 (100%)"), "{stdout}");
}

#[test]
fn study_mode_explains_as_it_goes_and_exam_mode_waits_for_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let study = stdout_of(&take(
        &dir.path().join("s.sqlite3"),
        &[&three_questions(), "--count", "1"],
        "B\n",
    ));
    let (before_summary, _) = study.split_once("──").unwrap();
    assert!(before_summary.contains("Not right. The answer: A)"), "{study}");
    let exam = stdout_of(&take(
        &dir.path().join("s.sqlite3"),
        &[&three_questions(), "--count", "1", "--mode", "exam"],
        "B\n",
    ));
    let (before_summary, after) = exam.split_once("──").unwrap();
    assert!(!before_summary.contains("The answer"), "{exam}");
    assert!(after.contains("The answer:  A)"), "{exam}");
}

#[test]
fn the_same_seed_gives_the_same_quiz_text() {
    let dir = tempfile::tempdir().unwrap();
    let run = || {
        let output = take(
            &dir.path().join("s.sqlite3"),
            &["--seed", "7", "--count", "8"],
            "",
        );
        let stdout = stdout_of(&output);
        stdout.split_once("──").unwrap().0.to_owned()
    };
    let first = run();
    assert!(first.contains("Seed 7 (replay with --seed 7)"));
    assert_eq!(first, run());
    let other = stdout_of(&take(
        &dir.path().join("s.sqlite3"),
        &["--seed", "8", "--count", "8"],
        "",
    ));
    assert_ne!(first, other.split_once("──").unwrap().0);
}

#[test]
fn asking_for_more_questions_than_match_says_how_many_there_are() {
    let dir = tempfile::tempdir().unwrap();
    aidquiz()
        .args([
            "take",
            "--learner",
            "ana",
            "--topic",
            "medications",
            "--difficulty",
            "hard",
            "--count",
            "500",
        ])
        .arg("--store")
        .arg(dir.path().join("s.sqlite3"))
        .assert()
        .code(1)
        .stderr(
            predicate::str::is_match(
                r"asked for 500 questions, but only \d+ match topic medications, difficulty hard",
            )
            .unwrap(),
        );
}

#[test]
fn a_bank_with_problems_stops_the_quiz_with_the_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    aidquiz()
        .args(["take", "--learner", "ana", "--store"])
        .arg(dir.path().join("s.sqlite3"))
        .arg(fixture("bad/unknown-choice.toml"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error[unknown-choice]"));
    assert!(
        !dir.path().join("s.sqlite3").exists(),
        "no store is created for a quiz that never started"
    );
}

fn spawn_take(store: &Path, args: &[&str]) -> Child {
    Process::new(assert_cmd::cargo::cargo_bin("aidquiz"))
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(["take", "--learner", "ana", "--store"])
        .arg(store)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Reads `child`'s stdout on a thread, so the test can wait for a prompt
/// while the quiz runs. The receiver gets each chunk as it is printed; the
/// thread ends when the quiz closes its stdout.
fn stdout_chunks(child: &mut Child) -> std::sync::mpsc::Receiver<String> {
    use std::io::Read;
    let mut stdout = child.stdout.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buffer = [0; 4096];
        while let Ok(n @ 1..) = stdout.read(&mut buffer) {
            if sender
                .send(String::from_utf8_lossy(&buffer[..n]).into_owned())
                .is_err()
            {
                break;
            }
        }
    });
    receiver
}

/// Collects `chunks` into `seen` until `ready(seen)`. The long wait is only
/// there so a broken quiz fails the test instead of hanging it.
fn wait_until(chunks: &std::sync::mpsc::Receiver<String>, seen: &mut String, ready: impl Fn(&str) -> bool) {
    while !ready(seen) {
        match chunks.recv_timeout(Duration::from_secs(120)) {
            Ok(chunk) => seen.push_str(&chunk),
            Err(_) => panic!("the quiz stopped or stalled before the prompt awaited; it printed:\n{seen}"),
        }
    }
}

#[test]
fn answers_after_the_time_limit_do_not_count_and_the_attempt_is_timed_out() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite3");
    let mut child = spawn_take(
        &store,
        &[
            &three_questions(),
            "--count",
            "3",
            "--time-limit",
            "2s",
            "--mode",
            "exam",
        ],
    );
    let chunks = stdout_chunks(&mut child);
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"A\n").unwrap();
    stdin.flush().unwrap();
    // The deadline runs from the quiz's start. The second question's prompt
    // shows the quiz has started and taken the first answer, so the clock of
    // this test starts after the quiz's: however slow the start, the answers
    // sent 3 s later are past the 2 s limit.
    let mut seen = String::new();
    wait_until(&chunks, &mut seen, |seen| {
        seen.split_once("Question 2 of 3")
            .is_some_and(|(_, after)| after.contains("\n> "))
    });
    std::thread::sleep(Duration::from_secs(3));
    // The quiz may already have ended and closed its end of the pipe.
    let _ = stdin.write_all(b"A\nA\n");
    drop(stdin);
    let status = child.wait().unwrap();
    seen.extend(chunks.iter());
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(status.success(), "{stderr}");
    assert!(seen.contains("Time is up."), "{seen}");
    let attempt = &history(&store, "ana")[0];
    assert_eq!(attempt["status"], "timed-out");
    assert_eq!(attempt["time_limit_secs"], 2);
    let responses: Vec<&serde_json::Value> = attempt["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| &q["response"])
        .collect();
    assert_eq!(
        responses,
        [
            &serde_json::json!("A"),
            &serde_json::Value::Null,
            &serde_json::Value::Null
        ]
    );
    assert_eq!(attempt["score"], 1.0);
}

/// Starts a three-question quiz (pass mark 30%), answers the first question
/// right and the second wrong, waits until both answers are in the store,
/// then sends `signal` to the process. Returns how it exited and the attempt.
fn quit_after_two_answers(signal: &str) -> (std::process::ExitStatus, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite3");
    let mut child = spawn_take(&store, &[&three_questions(), "--count", "3", "--pass-mark", "30"]);
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"A\nB\n").unwrap();
    stdin.flush().unwrap();
    let mut answered = 0;
    for _ in 0..200 {
        let attempts = history(&store, "ana");
        answered = attempts.first().map_or(0, |a| {
            a["questions"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|q| !q["response"].is_null())
                .count()
        });
        if answered == 2 {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(answered, 2);
    let sent = Process::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = child.wait().unwrap();
    drop(stdin);
    (status, history(&store, "ana").swap_remove(0))
}

#[test]
fn a_killed_quiz_keeps_its_answers_and_is_left_abandoned() {
    let (_, attempt) = quit_after_two_answers("-KILL");
    assert_eq!(attempt["status"], "abandoned");
    assert_eq!(attempt["score"], 1.0);
    assert!(attempt["finished_at"].is_null());
}

#[test]
fn ctrl_c_ends_a_piped_quiz_with_130_its_answers_saved_and_not_passed() {
    use std::os::unix::process::ExitStatusExt;
    let (status, attempt) = quit_after_two_answers("-INT");
    // 130 is how a shell reports a process ended by SIGINT (128 + 2), whether
    // it exits with 130 itself or dies of the signal.
    assert!(
        status.code() == Some(130) || status.signal() == Some(2),
        "exit status {status:?}"
    );
    assert_eq!(attempt["status"], "abandoned");
    assert_eq!(attempt["score"], 1.0);
    // 33% is over the 30% pass mark, but an unfinished attempt never passes.
    assert_eq!(attempt["passed"], false);
}

#[test]
fn two_learners_at_once_on_one_store_both_keep_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("shared.sqlite3");
    let runs: Vec<Child> = (0..2)
        .flat_map(|_| ["ana", "ben"])
        .map(|learner| {
            Process::new(assert_cmd::cargo::cargo_bin("aidquiz"))
                .current_dir(root())
                .args(["take", "--learner", learner, "--count", "10", "--store"])
                .arg(&store)
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in runs {
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all("A\n".repeat(10).as_bytes()).unwrap();
        drop(stdin);
        assert!(child.wait().unwrap().success());
    }
    for learner in ["ana", "ben"] {
        let attempts = history(&store, learner);
        assert_eq!(attempts.len(), 2, "{learner}");
        for attempt in attempts {
            assert_eq!(attempt["status"], "completed");
            assert_eq!(attempt["questions"].as_array().unwrap().len(), 10);
        }
    }
}

#[test]
fn a_garbage_store_is_refused_and_left_byte_for_byte_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("notes.sqlite3");
    let garbage = b"my lecture notes, not a database\n".repeat(200);
    std::fs::write(&store, &garbage).unwrap();
    let output = take(&store, &[&three_questions(), "--count", "1"], "A\n");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&store.display().to_string()), "{stderr}");
    assert_eq!(std::fs::read(&store).unwrap(), garbage);
    let siblings: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(siblings.len(), 1, "no -wal or -shm files beside it");
    aidquiz()
        .args(["history", "--learner", "ana", "--store"])
        .arg(&store)
        .assert()
        .code(1);
    assert_eq!(std::fs::read(&store).unwrap(), garbage);
}

#[test]
fn history_of_an_unknown_learner_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite3");
    take(&store, &[&three_questions(), "--count", "1"], "A\n");
    aidquiz()
        .args(["history", "--learner", "zoe", "--store"])
        .arg(&store)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("No attempts recorded for zoe"));
    assert_eq!(history(&store, "zoe"), Vec::<serde_json::Value>::new());
}

/// One learner however the name is typed: matched ignoring case and runs
/// of spaces, shown as first spelt.
#[test]
fn a_learner_is_found_whatever_the_case_of_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite3");
    let take_as = |learner: &str| {
        aidquiz()
            .args([
                "take",
                "--learner",
                learner,
                "--count",
                "1",
                "--seed",
                "1",
                "--store",
            ])
            .arg(&store)
            .arg(three_questions())
            .write_stdin("A\n")
            .output()
            .unwrap()
    };
    assert!(take_as("Ana Pereira").status.success());
    assert!(take_as("ana  pereira").status.success());
    let attempts = history(&store, "ANA PEREIRA");
    assert_eq!(attempts.len(), 2);
    assert!(attempts.iter().all(|a| a["learner"] == "Ana Pereira"));
    // The same question twice: one memory, not one per spelling.
    let progress = crate::progress(&store, "ana pereira", &[&three_questions()]);
    assert_eq!(crate::seen_total(&progress), 1);
}

#[test]
fn progress_of_an_unknown_learner_says_nothing_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite3");
    take(&store, &[&three_questions(), "--count", "1"], "A\n");
    aidquiz()
        .args(["progress", "--learner", "zoe", "--store"])
        .arg(&store)
        .arg(three_questions())
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Nothing recorded for zoe"));
}

#[test]
fn history_lists_attempts_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite3");
    take(&store, &[&three_questions(), "--count", "1"], "A\n");
    take(&store, &[&three_questions(), "--count", "2"], "A\nA\n");
    let attempts = history(&store, "ana");
    let sizes: Vec<usize> = attempts
        .iter()
        .map(|a| a["questions"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [2, 1]);
    aidquiz()
        .args(["history", "--learner", "ana", "--store"])
        .arg(&store)
        .assert()
        .success()
        .stdout(predicate::str::contains("completed"))
        .stdout(predicate::str::contains("2 / 2"));
}

#[test]
fn reading_history_never_creates_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("not-yet.sqlite3");
    assert_eq!(history(&store, "ana"), Vec::<serde_json::Value>::new());
    aidquiz()
        .args(["progress", "--learner", "ana", "--store"])
        .arg(&store)
        .assert()
        .success()
        .stdout(predicate::str::contains("Due today: 0"));
    assert!(!store.exists());
}

#[test]
fn an_answer_taken_through_the_typo_allowance_shows_the_right_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let output = take(
        &dir.path().join("s.sqlite3"),
        &[&cues(), "--count", "3", "--seed", "1"],
        "Advill\n20\nA,B\n",
    );
    let stdout = stdout_of(&output);
    assert!(stdout.contains("> Advill\nRight (spelled Advil).\n"), "{stdout}");
}

#[test]
fn units_are_taken_with_their_usual_abbreviations_and_plurals() {
    for typed in ["17 min", "17 mins", "20 minute"] {
        let dir = tempfile::tempdir().unwrap();
        let output = take(
            &dir.path().join("s.sqlite3"),
            &[&cues(), "--count", "3", "--seed", "1"],
            &format!("Advil\n{typed}\nA,B\n"),
        );
        let stdout = stdout_of(&output);
        assert!(!stdout.contains("is not a number"), "{typed}: {stdout}");
        assert!(
            stdout.contains(&format!("> {typed}\nNot right. The answer: 20 minutes"))
                || stdout.contains(&format!("> {typed}\nRight.")),
            "{typed}: {stdout}"
        );
    }
}

#[test]
fn a_prompt_that_says_select_all_is_not_followed_by_the_cue_again() {
    let dir = tempfile::tempdir().unwrap();
    let output = take(
        &dir.path().join("s.sqlite3"),
        &[&cues(), "--count", "3", "--seed", "1"],
        "",
    );
    let stdout = stdout_of(&output);
    assert_eq!(stdout.matches("elect all that apply").count(), 1, "{stdout}");
}

#[test]
fn a_skip_in_study_mode_shows_the_answer_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let output = take(
        &dir.path().join("s.sqlite3"),
        &[&three_questions(), "--count", "1", "--seed", "1"],
        "\n",
    );
    let stdout = stdout_of(&output);
    assert!(stdout.contains("> \nSkipped. The answer: A) "), "{stdout}");
    assert!(!stdout.contains("(left unanswered)"), "{stdout}");
    let exam = take(
        &dir.path().join("s.sqlite3"),
        &[
            &three_questions(),
            "--count",
            "1",
            "--seed",
            "1",
            "--mode",
            "exam",
        ],
        "\n",
    );
    assert!(
        stdout_of(&exam).contains("> \n(left unanswered)"),
        "exam mode waits for the end"
    );
}

#[test]
fn answering_with_the_example_shown_is_never_right_on_the_bundled_banks() {
    // The examples in "such as …" are typed back as answers: each must be
    // read (only letters shown) and none may score.
    for seed in 1..=6 {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("s.sqlite3");
        let args = ["--count", "40", "--seed", &seed.to_string(), "--mode", "exam"];
        let blank = stdout_of(&take(&store, &args, &"\n".repeat(40)));
        let examples: Vec<String> = blank
            .split("\nQuestion ")
            .skip(1)
            .map(|question| {
                let (how, _) = question.split_once("\n> ").unwrap_or((question, ""));
                let how = how.lines().last().unwrap_or("");
                how.split_once(", such as ")
                    .map(|(_, rest)| {
                        rest.split([' ', ';'])
                            .take_while(|w| !w.starts_with('(') && !w.is_empty())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(examples.len(), 40, "{blank}");
        assert!(examples.iter().any(|e| !e.is_empty()), "{blank}");
        let input: String = examples.iter().map(|e| format!("{e}\n")).collect();
        let answered = stdout_of(&take(&store, &args, &input));
        assert!(!answered.contains("Try again"), "seed {seed}: {answered}");
        let attempts = history(&store, "ana");
        for question in attempts[0]["questions"].as_array().unwrap() {
            if let Some(response) = question["response"].as_str().filter(|r| !r.is_empty()) {
                assert!(
                    question["points"].as_f64().unwrap() < question["max_points"].as_f64().unwrap(),
                    "seed {seed}: the example {response} is right: {question}"
                );
            }
        }
    }
}

#[test]
fn a_time_limit_of_zero_is_refused_as_not_positive() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite3");
    for zero in ["0s", "0", "0m0s"] {
        let output = take(&store, &["--time-limit", zero], "");
        assert_eq!(output.status.code(), Some(2), "{zero}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("a time limit must be positive"),
            "{zero}: {stderr}"
        );
        assert!(!stderr.contains("is not a duration"), "{zero}: {stderr}");
    }
    assert!(!store.exists(), "nothing was started");
}

#[test]
fn the_top_level_help_lists_the_exit_code_of_a_quit_quiz() {
    let output = aidquiz().arg("--help").output().unwrap();
    let stdout = stdout_of(&output);
    assert!(stdout.contains("130"), "{stdout}");
}

/// As on a sheet and in the browser, a name has at most 80 characters: a
/// longer one saved on SQLite and failed on PostgreSQL's index.
#[test]
fn a_learner_name_over_eighty_characters_is_refused_before_anything_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite3");
    let take_as = |name: &str| {
        aidquiz()
            .args(["take", "--count", "1", "--learner", name, "--store"])
            .arg(&store)
            .write_stdin("A\n")
            .output()
            .unwrap()
    };
    let output = take_as(&"n".repeat(81));
    assert_eq!(output.status.code(), Some(2), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains("--learner is 81 characters long; a name has at most 80"),
        "{}",
        stderr_of(&output)
    );
    assert!(!store.exists(), "nothing was saved");
    let output = take_as(&"n".repeat(80));
    assert!(output.status.success(), "{}", stderr_of(&output));
}
