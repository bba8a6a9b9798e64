//! Certification-grade exams (issue #17) through the real binary: must-pass
//! questions fail an attempt whatever its score, and case scenarios stay
//! whole and printed above their questions.

use std::fs;
use std::path::Path;

use aidquiz::assemble::{Selection, assemble};
use aidquiz::bank::{BankPaths, load_banks};
use aidquiz::response::{key, notation};

use crate::{aidquiz, fixture, history, stdout_of};

fn cert() -> String {
    fixture("cert/cert.toml").display().to_string()
}

/// The answers `take` needs for the quiz of the certification fixture with
/// this seed: every key, except a blank line for the questions `skip` names.
fn answers_skipping(seed: u64, skip: &str) -> String {
    let catalog = load_banks(&BankPaths::Given(vec![fixture("cert/cert.toml")]));
    let selection = Selection {
        topics: vec![],
        tags: vec![],
        difficulties: vec![],
        count: 8,
    };
    let quiz = assemble(&catalog.candidates(), &selection, seed).unwrap();
    quiz.items
        .iter()
        .map(|item| {
            if item.question.meta.id.0 == skip {
                return "\n".to_owned();
            }
            match key(item) {
                Some(key) => notation(item, &key) + "\n",
                None => "17\n".to_owned(), // the one numeric question: 15 to 20 minutes
            }
        })
        .collect()
}

fn take(store: &Path, input: String) -> String {
    take_from(store, &fixture("cert/cert.toml"), input)
}

/// The quiz of seed 5 from `bank`, answered with `input`; its stdout.
fn take_from(store: &Path, bank: &Path, input: String) -> String {
    let output = aidquiz()
        .args([
            "take",
            "--learner",
            "ana",
            "--count",
            "8",
            "--seed",
            "5",
            "--store",
        ])
        .arg(store)
        .arg(bank)
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout_of(&output)
}

#[test]
fn a_missed_critical_question_fails_an_attempt_above_the_pass_mark() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite3");
    let stdout = take(&store, answers_skipping(5, "bladder-control-urgency"));
    assert!(
        stdout.contains("Score: 7 / 8 (88%), NOT PASSED (pass mark 80%)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("(bladder-control-urgency). Questions marked ◆ must be answered correctly to pass."),
        "{stdout}"
    );
    assert!(
        stdout.contains("◆ A back spasm comes with loss of bladder control."),
        "{stdout}"
    );

    let attempt = &history(&store, "ana")[0];
    assert_eq!(attempt["passed"], false);
    assert_eq!(
        attempt["critical_missed"],
        serde_json::json!(["bladder-control-urgency"])
    );
    let question = attempt["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "bladder-control-urgency")
        .unwrap();
    assert_eq!(question["critical"], true);
    assert_eq!(question["revision"], 1);

    // A missed question that is not critical leaves the verdict to the mark.
    let stdout = take(&store, answers_skipping(5, "nsaid-ibuprofen"));
    assert!(stdout.contains("Score: 7 / 8 (88%), PASSED"), "{stdout}");
    assert!(!stdout.contains("Must-pass question(s) missed"), "{stdout}");

    // Every report names it, and counts the first attempt as not passed.
    let report = |format: &str| {
        let output = aidquiz()
            .args(["report", "attempts", "--format", format, "--store"])
            .arg(&store)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        stdout_of(&output)
    };
    let json: serde_json::Value = serde_json::from_str(&report("json")).unwrap();
    let rows = json["attempts"].as_array().unwrap();
    assert_eq!(rows[0]["passed"], false);
    assert_eq!(
        rows[0]["critical_missed"],
        serde_json::json!(["bladder-control-urgency"])
    );
    assert_eq!(rows[1]["passed"], true);
    assert_eq!(rows[1]["critical_missed"], serde_json::json!([]));
    let csv = report("csv");
    assert!(csv.lines().next().unwrap().contains(",critical_missed,"), "{csv}");
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .contains(",false,completed,bladder-control-urgency,"),
        "{csv}"
    );
    assert!(report("html").contains("◆ bladder-control-urgency"));
    assert!(report("md").contains("◆ bladder-control-urgency"));
    let table = aidquiz()
        .args(["history", "--learner", "ana", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    assert!(
        stdout_of(&table).contains("not passed  ") && stdout_of(&table).contains("bladder-control-urgency")
    );
}

#[test]
fn a_case_is_asked_whole_in_order_with_its_text_above_each_question() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite3");
    let stdout = take(&store, answers_skipping(5, "none"));
    assert!(stdout.contains("(100%), PASSED"), "{stdout}");
    let attempts = history(&store, "ana");
    let asked: Vec<&str> = attempts[0]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    let first = asked.iter().position(|id| *id == "maria-cold-or-heat").unwrap();
    assert_eq!(
        asked[first..first + 3],
        [
            "maria-cold-or-heat",
            "maria-session-minutes",
            "maria-switch-to-heat"
        ]
    );
    assert_eq!(
        stdout.matches("Case: Day 1 after lifting boxes").count(),
        3,
        "{stdout}"
    );
    assert!(stdout.contains("Case: Day 1 after lifting boxes\nMaria, 45, lifted heavy boxes yesterday."));
}

#[test]
fn a_count_that_would_split_a_case_is_refused_with_the_reason() {
    let output = aidquiz()
        .args([
            "take",
            "--learner",
            "ana",
            "--topic",
            "ice-vs-heat",
            "--count",
            "2",
            "--store",
        ])
        .arg(tempfile::tempdir().unwrap().path().join("s.sqlite3"))
        .arg(cert())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("a case scenario's questions are asked together, never split"),
        "{stderr}"
    );
}

#[test]
fn exam_papers_state_the_rule_mark_critical_questions_and_print_each_case_once() {
    let dir = tempfile::tempdir().unwrap();
    let exam = dir.path().join("exam");
    let output = aidquiz()
        .args(["exam", "generate"])
        .arg(cert())
        .args(["--versions", "2", "--count", "8", "--date", "2026-11-30", "--out"])
        .arg(&exam)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let manifest = fs::read_to_string(exam.join("exam.toml")).unwrap();
    assert!(manifest.contains("[must_pass]"), "{manifest}");
    assert!(manifest.contains("Questions marked ◆ must be answered correctly to pass"));
    assert!(manifest.contains("\"bladder-control-urgency\""));

    for version in ["A", "B"] {
        let html = fs::read_to_string(exam.join(format!("version-{version}.html"))).unwrap();
        assert!(html.contains("Questions marked ◆ must be answered correctly to pass"));
        assert_eq!(
            html.matches("<h2>Case: Day 1 after lifting boxes</h2>").count(),
            1
        );
        // The case and its first question are one block the printer keeps whole.
        let case = html.find("<h2>Case: Tingling that gets worse</h2>").unwrap();
        let opening = html[..case].rfind("<div class=\"case-opening\">").unwrap();
        assert!(!html[opening..case].contains("<section class=\"question\">"));
        assert!(html.contains(".case-opening{break-inside:avoid"));
        assert!(html.contains("◆</span> What should Sam do?"), "{html}");
        let markdown = fs::read_to_string(exam.join(format!("version-{version}.md"))).unwrap();
        assert_eq!(markdown.matches("### Case: Tingling that gets worse").count(), 1);
        assert!(markdown.contains("◆ What should Sam do?"));
        let key = fs::read_to_string(exam.join(format!("key-{version}.html"))).unwrap();
        assert_eq!(key.matches("<h2>Case: Tingling that gets worse</h2>").count(), 1);
    }
}

#[test]
fn exam_grading_fails_a_learner_on_a_missed_critical_and_item_analysis_flags_it() {
    let dir = tempfile::tempdir().unwrap();
    let exam = dir.path().join("exam");
    let store = dir.path().join("s.sqlite3");
    let generated = aidquiz()
        .args(["exam", "generate"])
        .arg(cert())
        .args(["--count", "8", "--date", "2026-11-30", "--out"])
        .arg(&exam)
        .output()
        .unwrap();
    assert!(generated.status.success());
    // key.csv: version,number,question_id,type,answer,points
    let mut right = Vec::new();
    let mut critical_at = None;
    for record in csv::Reader::from_path(exam.join("key.csv")).unwrap().records() {
        let record = record.unwrap();
        if &record[2] == "bladder-control-urgency" {
            critical_at = Some(right.len());
        }
        right.push(record[4].split("..").next().unwrap().to_owned());
    }
    let mut missed = right.clone();
    missed[critical_at.unwrap()] = String::new();
    let mut sheet = String::from("learner,version,1,2,3,4,5,6,7,8\n");
    for (learner, answers) in [("ana", &missed), ("ben", &right)] {
        sheet.push_str(&format!("{learner},A,{}\n", answers.join(",")));
    }
    fs::write(dir.path().join("sheet.csv"), sheet).unwrap();
    let output = aidquiz()
        .args(["exam", "grade"])
        .arg(&exam)
        .arg(dir.path().join("sheet.csv"))
        .arg("--store")
        .arg(&store)
        .output()
        .unwrap();
    let stdout = stdout_of(&output);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("Pass rate  50% (pass mark 80%)"), "{stdout}");
    assert!(
        stdout.contains("Must-pass  missed: bladder-control-urgency (1); 1 learner(s) at or above the mark did not pass because of them"),
        "{stdout}"
    );
    assert_eq!(history(&store, "ana")[0]["passed"], false);
    assert_eq!(history(&store, "ben")[0]["passed"], true);

    let items = aidquiz()
        .args(["report", "items", "--format", "json", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    let items: serde_json::Value = serde_json::from_slice(&items.stdout).unwrap();
    let item = |id: &str| {
        items["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["question_id"] == id)
            .unwrap()
            .clone()
    };
    let bladder = item("bladder-control-urgency");
    assert_eq!(bladder["critical"], true);
    assert_eq!(bladder["facility"], 0.5);
    assert!(
        bladder["flags"]
            .as_array()
            .unwrap()
            .contains(&"critical-below-0.9".into()),
        "{bladder}"
    );
    let sam = item("sam-how-urgent");
    assert!(
        !sam["flags"]
            .as_array()
            .unwrap()
            .contains(&"critical-below-0.9".into()),
        "{sam}"
    );
}

#[test]
fn exam_generate_warns_of_a_question_that_gives_away_another_drawn_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let output = aidquiz()
        .args(["exam", "generate"])
        .arg(fixture("cert/cues.toml"))
        .args(["--count", "2", "--date", "2026-11-30", "--out"])
        .arg(dir.path().join("exam"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("(`cold-window`) shows \"72\", the answer of question"),
        "{stderr}"
    );
    assert!(
        stderr.contains("(`cold-hours`); reword one, or generate with another --seed"),
        "{stderr}"
    );
    // The exam is still written: the instructor decides.
    assert!(dir.path().join("exam/exam.toml").is_file());
}

#[test]
fn item_analysis_keeps_each_revision_of_a_question_apart() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite3");
    let bank = dir.path().join("cert.toml");
    fs::copy(fixture("cert/cert.toml"), &bank).unwrap();
    let take_all = || take_from(&store, &bank, answers_skipping(5, "none"));
    take_all();
    let text = fs::read_to_string(&bank).unwrap();
    fs::write(
        &bank,
        text.replacen("id = \"rest-first\"\n", "id = \"rest-first\"\nrevision = 2\n", 1),
    )
    .unwrap();
    take_all();
    let output = aidquiz()
        .args(["report", "items", "--format", "json", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let revisions: Vec<(u64, u64)> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["question_id"] == "rest-first")
        .map(|i| (i["revision"].as_u64().unwrap(), i["seen"].as_u64().unwrap()))
        .collect();
    assert_eq!(revisions, [(1, 1), (2, 1)]);
    let other: Vec<u64> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["question_id"] == "nsaid-ibuprofen")
        .map(|i| i["seen"].as_u64().unwrap())
        .collect();
    assert_eq!(other, [2]);
}
