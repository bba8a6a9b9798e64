//! `aidquiz exam generate` and `aidquiz exam grade` through the real binary.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use aidquiz::exam::Manifest;
use aidquiz::response::letter;
use predicates::prelude::*;

use crate::{
    aidquiz, aidquiz_in, fixture, history, print_tools, printed_pages, progress, seen_total, stderr_of,
    stdout_of,
};

fn generate(out: &Path, extra: &[&str]) -> std::process::Output {
    aidquiz()
        .args([
            "exam",
            "generate",
            "quizzes",
            "--versions",
            "3",
            "--count",
            "8",
            "--date",
            "2026-11-26",
            "--out",
        ])
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn manifest(dir: &Path) -> Manifest {
    toml::from_str(&fs::read_to_string(dir.join("exam.toml")).unwrap()).unwrap()
}

/// key.csv as version → answers in question order.
fn keys(dir: &Path) -> BTreeMap<String, Vec<String>> {
    let mut keys: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut reader = csv::Reader::from_path(dir.join("key.csv")).unwrap();
    assert_eq!(
        reader.headers().unwrap(),
        vec!["version", "number", "question_id", "type", "answer", "points"]
    );
    for record in reader.records() {
        let record = record.unwrap();
        let answer = record[4].to_owned();
        // A numeric range is keyed low..high; any number in it is right.
        let answer = answer.split("..").next().unwrap().to_owned();
        keys.entry(record[0].to_owned()).or_default().push(answer);
    }
    keys
}

fn sheet(rows: &[(&str, &str, Vec<String>)], count: usize) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header: Vec<String> = ["learner".to_owned(), "version".to_owned()]
        .into_iter()
        .chain((1..=count).map(|n| n.to_string()))
        .collect();
    writer.write_record(&header).unwrap();
    for (learner, version, answers) in rows {
        let mut record = vec![(*learner).to_owned(), (*version).to_owned()];
        record.extend(answers.iter().cloned());
        writer.write_record(&record).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

fn grade(dir: &Path, sheet: &str, store: &Path, extra: &[&str]) -> std::process::Output {
    let file = dir.join("responses.csv");
    fs::write(&file, sheet).unwrap();
    aidquiz()
        .args(["exam", "grade"])
        .arg(dir)
        .arg(&file)
        .arg("--store")
        .arg(store)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn a_class_graded_from_the_key_gets_full_zero_and_partial_marks() {
    let dir = tempfile::tempdir().unwrap();
    let exam = dir.path().join("exam");
    assert!(generate(&exam, &["--seed", "5"]).status.success());
    let keys = keys(&exam);
    assert_eq!(keys.keys().collect::<Vec<_>>(), ["A", "B", "C"]);
    let all_right = keys["B"].clone();
    let blank = vec![String::new(); 8];
    // The first half right, the rest blank.
    let half: Vec<String> = keys["C"]
        .iter()
        .enumerate()
        .map(|(i, k)| if i < 4 { k.clone() } else { String::new() })
        .collect();
    let store = dir.path().join("class.sqlite3");
    let output = grade(
        &exam,
        &sheet(
            &[("ana", "B", all_right), ("ben", "a", blank), ("cleo", "C", half)],
            8,
        ),
        &store,
        &[],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = stdout_of(&output);
    assert!(
        stdout.contains("graded 3 learners: 3 new, 0 regraded, 0 unchanged"),
        "{stdout}"
    );
    assert!(stdout.contains("Learners   3"), "{stdout}");
    assert!(stdout.contains("Pass rate  33%"), "{stdout}");
    assert!(stdout.contains("Most missed:"), "{stdout}");

    let percent = |learner: &str| {
        let attempts = history(&store, learner);
        assert_eq!(attempts.len(), 1, "{learner}");
        assert_eq!(attempts[0]["mode"], "exam");
        assert_eq!(attempts[0]["status"], "completed");
        assert_eq!(attempts[0]["exam_id"], manifest(&exam).exam_id.as_str());
        attempts[0]["percent"].as_f64().unwrap()
    };
    assert_eq!(percent("ana"), 100.0);
    assert_eq!(percent("ben"), 0.0);
    // Every bundled question is worth 1 point.
    assert_eq!(percent("cleo"), 50.0);
}

#[test]
fn the_same_seed_writes_the_same_files_and_another_seed_another_order() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, other) = (
        dir.path().join("one"),
        dir.path().join("two"),
        dir.path().join("other"),
    );
    for (out, seed) in [(&one, "9"), (&two, "9"), (&other, "10")] {
        assert!(generate(out, &["--seed", seed]).status.success());
    }
    let mut names: Vec<String> = fs::read_dir(&one)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2 + 3 * 3, "{names:?}");
    for name in &names {
        assert_eq!(
            fs::read(one.join(name)).unwrap(),
            fs::read(two.join(name)).unwrap(),
            "{name} differs"
        );
    }
    assert_ne!(
        fs::read(one.join("version-A.md")).unwrap(),
        fs::read(other.join("version-A.md")).unwrap()
    );
}

#[test]
fn version_a_is_the_quiz_take_gives_with_that_seed() {
    let dir = tempfile::tempdir().unwrap();
    let exam = dir.path().join("exam");
    assert!(generate(&exam, &["--seed", "77"]).status.success());
    let take = aidquiz()
        .args([
            "take",
            "--learner",
            "x",
            "--seed",
            "77",
            "--count",
            "8",
            "--store",
        ])
        .arg(dir.path().join("s.sqlite3"))
        .write_stdin("\n".repeat(8))
        .output()
        .unwrap();
    let text = stdout_of(&take);
    let version_a = &manifest(&exam).versions[0];
    let mut from = 0;
    for question in &version_a.questions {
        let item = question.item();
        // Same question in the same place, with its choices in the same order.
        let heading = format!("Question {} of 8", question.number);
        let at = text[from..].find(&heading).expect(&heading) + from;
        let block = &text[at..];
        assert!(block.contains(&question.question.meta.prompt));
        for (i, choice) in item.lettered().iter().enumerate() {
            assert!(
                block.contains(&format!("  {}) {choice}", letter(i))),
                "{heading}: {choice}"
            );
        }
        from = at + heading.len();
    }
}

#[test]
fn each_versions_key_matches_its_paper_and_papers_hold_no_answers() {
    let dir = tempfile::tempdir().unwrap();
    let exam = dir.path().join("exam");
    assert!(generate(&exam, &["--seed", "3"]).status.success());
    let manifest = manifest(&exam);
    let keys = keys(&exam);
    for version in &manifest.versions {
        let paper = fs::read_to_string(exam.join(format!("version-{}.md", version.name))).unwrap();
        let html = fs::read_to_string(exam.join(format!("version-{}.html", version.name))).unwrap();
        let key_html = fs::read_to_string(exam.join(format!("key-{}.html", version.name))).unwrap();
        for (question, key) in version.questions.iter().zip(&keys[&version.name]) {
            let meta = &question.question.meta;
            // The key's letters name, on this version's paper, the right choices.
            if let aidquiz::bank::Answer::Single(single) = &question.question.answer {
                let line = format!("- **{key})** {}", single.answer);
                assert!(paper.contains(&line), "version {}: {line}", version.name);
            }
            assert!(
                !paper.contains(&meta.explanation),
                "explanation of {} on the paper",
                meta.id
            );
            assert!(!html.contains(&aidquiz::exam::paper::escape_html(&meta.explanation)));
            assert!(key_html.contains(&aidquiz::exam::paper::escape_html(&meta.explanation)));
        }
        assert!(
            html.contains("break-inside:avoid"),
            "print CSS keeps a question on one page"
        );
        assert!(!html.contains("Answer:</strong>"));
    }
}

#[test]
fn distinct_versions_share_no_question() {
    let dir = tempfile::tempdir().unwrap();
    let exam = dir.path().join("exam");
    assert!(generate(&exam, &["--seed", "4", "--distinct"]).status.success());
    let manifest = manifest(&exam);
    let mut seen = std::collections::HashSet::new();
    for version in &manifest.versions {
        for question in &version.questions {
            assert!(
                seen.insert(question.question.meta.id.clone()),
                "{} twice",
                question.question.meta.id
            );
        }
    }
}

/// The hint names the largest --count that works: with --distinct every
/// version draws its own, so 3 questions make 2 versions of 1, not of 3.
#[test]
fn too_few_questions_for_distinct_versions_names_a_count_that_works() {
    let dir = tempfile::tempdir().unwrap();
    let bank = fixture("take/three.toml");
    let generate = |count: &str, out: &str| {
        aidquiz()
            .args(["exam", "generate"])
            .arg(&bank)
            .args([
                "--versions",
                "2",
                "--distinct",
                "--seed",
                "1",
                "--count",
                count,
                "--out",
            ])
            .arg(dir.path().join(out))
            .output()
            .unwrap()
    };
    for count in ["2", "5"] {
        let refused = generate(count, count);
        assert_eq!(refused.status.code(), Some(1));
        assert!(
            stderr_of(&refused).contains("ask for --count 1 or fewer"),
            "{}",
            stderr_of(&refused)
        );
    }
    let output = generate("1", "one");
    assert!(output.status.success(), "{}", stderr_of(&output));
}

#[test]
fn a_folder_that_is_not_empty_is_refused_without_force() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "keep me").unwrap();
    let output = generate(dir.path(), &["--seed", "1"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not empty"));
    assert!(!dir.path().join("exam.toml").exists());
    assert!(generate(dir.path(), &["--seed", "1", "--force"]).status.success());
    assert_eq!(
        fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "keep me"
    );
}

/// An exam with a bad-rows sheet, graded; returns (stderr, exit code, store).
fn grade_bad(rows: &str, extra: &[&str]) -> (String, Option<i32>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let exam = dir.path().join("exam");
    assert!(generate(&exam, &["--seed", "5"]).status.success());
    let header = "learner,version,1,2,3,4,5,6,7,8\n";
    let output = grade(
        &exam,
        &format!("{header}{rows}"),
        &dir.path().join("s.sqlite3"),
        extra,
    );
    (
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code(),
        dir,
    )
}

#[test]
fn each_kind_of_bad_row_is_reported_with_line_and_column_and_nothing_is_saved() {
    let good = "ana,A,,,,,,,,\n";
    let cases = [
        (
            "ben,D,,,,,,,,\n",
            "line 3, column 2 (version): unknown version `D`; this exam has version A, B, C",
        ),
        ("ben,A,,,\n", "line 3: has 5 columns; the header has 10"),
        (
            "ana,B,,,,,,,,\n",
            "line 3, column 1 (learner): learner `ana` is also on line 2",
        ),
        (",B,,,,,,,,\n", "line 3, column 1 (learner): no learner name"),
    ];
    for (row, message) in cases {
        let (stderr, code, dir) = grade_bad(&format!("{good}{row}"), &[]);
        assert_eq!(code, Some(1), "{row}");
        assert!(stderr.contains(message), "{row}: {stderr}");
        assert!(stderr.contains("nothing was saved"), "{stderr}");
        assert!(
            history(&dir.path().join("s.sqlite3"), "ana").is_empty()
                || !dir.path().join("s.sqlite3").exists()
        );
    }
}

#[test]
fn answers_that_cannot_be_answers_name_their_cell() {
    let dir = tempfile::tempdir().unwrap();
    // The first seed whose version A, drawn from the bundled banks, holds a
    // single-choice and a select-all question (which seed that is depends
    // on the banks' content, not on what this test checks).
    let (exam, manifest) = (1..=50)
        .find_map(|seed| {
            let exam = dir.path().join(format!("exam-{seed}"));
            assert!(generate(&exam, &["--seed", &seed.to_string()]).status.success());
            let manifest = manifest(&exam);
            let types: Vec<_> = manifest.versions[0]
                .questions
                .iter()
                .map(|q| q.question.answer.question_type().as_str())
                .collect();
            (types.contains(&"single") && types.contains(&"multiple")).then_some((exam, manifest))
        })
        .expect("no seed in 1..=50 draws a single and a multiple question on version A");
    let position = |wanted: &str| {
        manifest.versions[0]
            .questions
            .iter()
            .position(|q| q.question.answer.question_type().as_str() == wanted)
            .unwrap_or_else(|| panic!("no {wanted} question in version A"))
    };
    let mut cells = vec![String::new(); 8];
    cells[position("single")] = "Z".into();
    cells[position("multiple")] = "A,A".into();
    let output = grade(
        &exam,
        &sheet(&[("ana", "A", cells)], 8),
        &dir.path().join("s.sqlite3"),
        &[],
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let single_column = position("single") + 3;
    assert!(
        stderr.contains(&format!(
            "line 2, column {single_column} ({}): Z is not one of the letters shown",
            single_column - 2
        )),
        "{stderr}"
    );
    assert!(stderr.contains("A is given twice"), "{stderr}");
}

#[test]
fn a_sheet_that_is_not_csv_or_not_utf8_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let exam = dir.path().join("exam");
    assert!(generate(&exam, &["--seed", "5"]).status.success());
    let file = dir.path().join("latin1.csv");
    fs::write(&file, b"learner,version,1,2,3,4,5,6,7,8\nana,A,caf\xe9,,,,,,,\n").unwrap();
    aidquiz()
        .args(["exam", "grade"])
        .arg(&exam)
        .arg(&file)
        .arg("--store")
        .arg(dir.path().join("s.sqlite3"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "line 2, column 3 (1): is not valid UTF-8 text",
        ));
    let binary = dir.path().join("photo.csv");
    fs::write(&binary, [0x89, b'P', b'N', b'G', 0, 1, 2, 3]).unwrap();
    aidquiz()
        .args(["exam", "grade"])
        .arg(&exam)
        .arg(&binary)
        .arg("--store")
        .arg(dir.path().join("s.sqlite3"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the header must be learner,version,1,…,8",
        ));
}

/// A NUL or an escape sequence in a cell is damage, not an answer; it is
/// refused on every store alike (PostgreSQL cannot keep a NUL in text).
#[test]
fn an_answer_holding_a_control_character_is_a_bad_row_naming_its_cell() {
    let (stderr, code, dir) = grade_bad(
        "ana,A,,,,,,,,\nben,A,\u{0},,,,,,,\ncleo,A,,x\u{1b}[2J,,,,,,\n",
        &[],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("line 3, column 3 (1): the answer holds a control character (U+0000)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 4, column 4 (2): the answer holds a control character (U+001B)"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was saved"), "{stderr}");
    let store = dir.path().join("s.sqlite3");
    assert!(!store.exists() || history(&store, "ana").is_empty());
}

#[test]
fn skip_bad_rows_saves_the_good_ones_and_lists_the_rest() {
    let (stderr, code, dir) = grade_bad(
        "ana,A,,,,,,,,\nben,Q,,,,,,,,\ncleo,C,,,,,,,,\n",
        &["--skip-bad-rows"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("line 3, column 2 (version): unknown version `Q`"));
    let store = dir.path().join("s.sqlite3");
    assert_eq!(history(&store, "ana").len(), 1);
    assert_eq!(history(&store, "cleo").len(), 1);
    assert!(history(&store, "ben").is_empty());
}

#[test]
fn grading_again_adds_no_duplicates_and_a_correction_keeps_the_earlier_grade() {
    let dir = tempfile::tempdir().unwrap();
    let exam = dir.path().join("exam");
    assert!(generate(&exam, &["--seed", "6"]).status.success());
    let keys = keys(&exam);
    let store = dir.path().join("s.sqlite3");
    let blank = vec![String::new(); 8];
    let first = sheet(&[("ana", "A", blank.clone()), ("ben", "B", blank.clone())], 8);
    assert!(grade(&exam, &first, &store, &[]).status.success());
    let again = grade(&exam, &first, &store, &[]);
    assert!(stdout_of(&again).contains("0 new, 0 regraded, 2 unchanged"));
    assert_eq!(history(&store, "ana").len(), 1);

    let corrected = sheet(&[("ana", "A", keys["A"].clone()), ("ben", "B", blank)], 8);
    let output = grade(&exam, &corrected, &store, &[]);
    assert!(stdout_of(&output).contains("0 new, 1 regraded, 1 unchanged"));
    let attempts = history(&store, "ana");
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0]["percent"], 100.0);
    // A paper attempt has no time taken, and a regrade does not invent one
    // from the gap between the two gradings.
    assert_eq!(attempts[0]["paper"], true);
    assert!(attempts[0]["duration_secs"].is_null(), "{}", attempts[0]);
    let earlier = attempts[0]["earlier_grades"].as_array().unwrap();
    assert_eq!(earlier.len(), 1);
    assert_eq!(earlier[0]["score"], 0.0);
    assert!(
        history(&store, "ben")[0]["earlier_grades"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

/// An exam in `dir`, a sheet of `learners` learners all answering version
/// A right, and a store that exists already (holding one learner, `zed`),
/// so no run waits for another to create it.
fn class_sheet(dir: &Path, learners: usize) -> (PathBuf, PathBuf, PathBuf) {
    let exam = dir.join("exam");
    assert!(generate(&exam, &["--seed", "6"]).status.success());
    let keys = keys(&exam);
    let names: Vec<String> = (0..learners).map(|n| format!("learner {n:04}")).collect();
    let rows: Vec<(&str, &str, Vec<String>)> = names
        .iter()
        .map(|name| (name.as_str(), "A", keys["A"].clone()))
        .collect();
    let file = dir.join("responses.csv");
    fs::write(&file, sheet(&rows, 8)).unwrap();
    let store = dir.join("s.sqlite3");
    let zed = sheet(&[("zed", "A", keys["A"].clone())], 8);
    assert!(grade(&exam, &zed, &store, &[]).status.success());
    (exam, file, store)
}

/// Two gradings of one sheet at the same moment both succeed: each decides
/// who is new inside its own transaction, so the second finds the first's
/// attempts instead of failing on the unique (exam, learner) key. Large
/// enough to need several transactions each, so the two interleave.
#[test]
fn two_gradings_of_one_exam_at_once_both_succeed_with_one_attempt_per_learner() {
    let dir = tempfile::tempdir().unwrap();
    let (exam, file, store) = class_sheet(dir.path(), 450);
    let runs: Vec<std::process::Child> = (0..2)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("aidquiz"))
                .args(["exam", "grade"])
                .arg(&exam)
                .arg(&file)
                .arg("--store")
                .arg(&store)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut new = 0;
    for run in runs {
        let output = run.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        let stdout = stdout_of(&output);
        let count = stdout
            .split("graded 450 learners: ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or_else(|| panic!("{stdout}"));
        new += count;
    }
    assert_eq!(new, 450, "every learner is new to exactly one of the two");
    let attempts = rusqlite::Connection::open(&store)
        .unwrap()
        .query_row(
            "SELECT count(*), count(DISTINCT learner) FROM attempts WHERE learner != 'zed'",
            [],
            |row| Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?)),
        )
        .unwrap();
    assert_eq!(attempts, (450, 450));
    // Each learner's first grade counted as one review per question, once.
    let reviews: i64 = rusqlite::Connection::open(&store)
        .unwrap()
        .query_row("SELECT count(*) FROM reviews WHERE learner != 'zed'", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(reviews, 450 * 8);
}

/// Learners taking quizzes on a store keep every answer while a large sheet
/// is graded into it: the grading gives the lock up between batches and a
/// waiting answer takes it then. Sized for a 2-core machine.
#[test]
fn learners_keep_every_answer_while_a_large_sheet_is_graded() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let (exam, file, store) = class_sheet(dir.path(), 4000);

    let spawn = |args: &[&str]| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("aidquiz"))
            .current_dir(crate::root())
            .args(args)
            .arg("--store")
            .arg(&store)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let grading = spawn(&[
        "exam",
        "grade",
        &exam.display().to_string(),
        &file.display().to_string(),
    ]);
    // Ten single-choice questions, so every "A" is an answer.
    let bank = dir.path().join("ten.toml");
    let mut text = String::from(
        "format_version = 1\nid = \"ten\"\ntitle = \"Ten\"\nsource = \"What Causes Back Spasms: Symptoms And Treatment\"\n",
    );
    for n in 0..10 {
        text.push_str(&format!(
            "\n[[questions]]\nid = \"q{n}\"\ntype = \"single\"\ntopic = \"ice-vs-heat\"\ndifficulty = \"easy\"\n\
             section = \"When to Use Ice vs. Heat\"\nprompt = \"Question {n}?\"\n\
             choices = [\"Cold {n}\", \"Heat {n}\"]\nanswer = \"Cold {n}\"\nexplanation = \"Cold first.\"\n"
        ));
    }
    fs::write(&bank, text).unwrap();
    let bank = bank.display().to_string();
    let quizzes: Vec<(String, std::process::Child)> = (0..8)
        .map(|n| {
            let learner = format!("taker {n}");
            let child = spawn(&["take", &bank, "--learner", &learner, "--count", "10"]);
            (learner, child)
        })
        .collect();
    let quizzes: Vec<(String, std::process::Output)> = std::thread::scope(|scope| {
        let runs: Vec<_> = quizzes
            .into_iter()
            .map(|(learner, mut child)| {
                scope.spawn(move || {
                    let mut stdin = child.stdin.take().unwrap();
                    for _ in 0..10 {
                        // A learner answering while the sheet is being saved.
                        std::thread::sleep(std::time::Duration::from_millis(30));
                        stdin.write_all(b"A\n").unwrap();
                    }
                    drop(stdin);
                    (learner, child.wait_with_output().unwrap())
                })
            })
            .collect();
        runs.into_iter().map(|run| run.join().unwrap()).collect()
    });
    let graded = grading.wait_with_output().unwrap();
    assert!(graded.status.success(), "{}", stderr_of(&graded));
    for (learner, output) in quizzes {
        assert!(output.status.success(), "{learner}: {}", stderr_of(&output));
        let attempt = &history(&store, &learner)[0];
        assert_eq!(attempt["status"], "completed", "{learner}");
        let answered = attempt["questions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|q| !q["response"].is_null())
            .count();
        assert_eq!(answered, 10, "{learner} lost answers");
    }
}

#[test]
fn graded_exam_answers_count_as_reviews() {
    let dir = tempfile::tempdir().unwrap();
    let exam = dir.path().join("exam");
    assert!(generate(&exam, &["--seed", "8"]).status.success());
    let mut answers = keys(&exam)["A"].clone();
    answers[0] = String::new();
    let store = dir.path().join("s.sqlite3");
    assert!(
        grade(&exam, &sheet(&[("ana", "A", answers)], 8), &store, &[])
            .status
            .success()
    );
    let seen = seen_total(&progress(&store, "ana", &[]));
    assert_eq!(seen, 7, "seven answered, one blank");
    // Grading the same sheet again adds no reviews.
    assert!(
        grade(
            &exam,
            &sheet(&[("ana", "A", keys(&exam)["A"].clone())], 8),
            &store,
            &[]
        )
        .status
        .success()
    );
    let seen = seen_total(&progress(&store, "ana", &[]));
    assert_eq!(seen, 7);
}

/// Two versions of `count` questions from the bundled banks.
fn generate_count(out: &Path, count: &str, extra: &[&str]) -> std::process::Output {
    aidquiz()
        .args([
            "exam",
            "generate",
            "quizzes",
            "--versions",
            "2",
            "--date",
            "2026-11-26",
            "--seed",
            "3",
        ])
        .args(["--count", count, "--out"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

/// A paper's questions in Markdown, one block per question.
fn markdown_questions(paper: &str) -> Vec<&str> {
    paper.split("\n**").skip(1).collect()
}

#[test]
fn circled_questions_have_no_answer_line_and_numbers_show_their_unit() {
    let dir = tempfile::tempdir().unwrap();
    // The first seed whose version A holds a numeric question: which seed
    // that is depends on the bundled banks' content.
    let (exam, manifest) = (1..=50)
        .find_map(|seed| {
            let exam = dir.path().join(format!("exam-{seed}"));
            let output = aidquiz()
                .args(["exam", "generate", "quizzes", "--versions", "2"])
                .args(["--date", "2026-11-26", "--count", "40", "--seed"])
                .arg(seed.to_string())
                .arg("--out")
                .arg(&exam)
                .output()
                .unwrap();
            assert!(output.status.success(), "{}", stderr_of(&output));
            let manifest = manifest(&exam);
            manifest.versions[0]
                .questions
                .iter()
                .any(|q| matches!(q.question.answer, aidquiz::bank::Answer::Numeric(_)))
                .then_some((exam, manifest))
        })
        .expect("no seed in 1..=50 draws a numeric question on version A");
    let paper = fs::read_to_string(exam.join("version-A.md")).unwrap();
    let html = fs::read_to_string(exam.join("version-A.html")).unwrap();
    let blocks = markdown_questions(&paper);
    assert_eq!(blocks.len(), 40);
    let mut units = 0;
    for (question, block) in manifest.versions[0].questions.iter().zip(blocks) {
        match &question.question.answer {
            aidquiz::bank::Answer::Single(_) | aidquiz::bank::Answer::Multiple(_) => {
                assert!(block.contains("Circle"), "{block}");
                assert!(!block.contains("Answer: "), "circle or write, not both: {block}");
            }
            aidquiz::bank::Answer::Numeric(numeric) => {
                let unit = numeric.unit.as_deref().unwrap();
                assert!(
                    block.contains(&format!("*Write a number (in {unit}).*")),
                    "{block}"
                );
                assert!(
                    block.contains(&format!("Answer: ______________ {unit}")),
                    "{block}"
                );
                units += 1;
            }
            _ => assert!(block.contains("Answer: ______________"), "{block}"),
        }
        let cue = block.to_lowercase().matches("select all that apply").count();
        assert!(cue <= 1, "the cue is said once: {block}");
    }
    assert!(units > 0, "the quiz has a numeric question");
    assert_eq!(
        html.matches("class=\"answer-line\"").count(),
        manifest.versions[0]
            .questions
            .iter()
            .filter(|q| !matches!(
                q.question.answer,
                aidquiz::bank::Answer::Single(_) | aidquiz::bank::Answer::Multiple(_)
            ))
            .count()
    );
}

#[test]
fn every_printed_page_carries_the_version_the_name_line_and_its_number() {
    let Some(chromium) = print_tools() else { return };
    let dir = tempfile::tempdir().unwrap();
    let exam = dir.path().join("exam");
    assert!(
        generate_count(&exam, "30", &["--title", "Back \"spasm\" <check>"])
            .status
            .success()
    );
    for version in ["A", "B"] {
        let pages = printed_pages(&chromium, &exam.join(format!("version-{version}.html")));
        assert!(
            pages.len() >= 3,
            "30 questions take several pages: {}",
            pages.len()
        );
        let count = pages.len();
        for (index, page) in pages.iter().enumerate() {
            let number = index + 1;
            assert!(
                page.contains(&format!("Version {version} · page {number} of {count}")),
                "page {number} of version {version}:\n{page}"
            );
            assert!(
                page.contains(&format!("Back \"spasm\" <check> — version {version}")),
                "page {number}:\n{page}"
            );
            assert!(page.contains("Name: ____"), "page {number}:\n{page}");
        }
        let key = printed_pages(&chromium, &exam.join(format!("key-{version}.html")));
        let count = key.len();
        for (index, page) in key.iter().enumerate() {
            let number = index + 1;
            assert!(
                page.contains(&format!("Key to version {version} · page {number} of {count}")),
                "key page {number}:\n{page}"
            );
        }
        // The grid fills the first page alone; the explanations follow.
        assert!(key[0].contains("Answers at a glance"), "{}", key[0]);
        assert!(
            key[0].contains(" 30 "),
            "every question is on the grid page:\n{}",
            key[0]
        );
        assert!(!key[0].contains("Why:"), "{}", key[0]);
        assert!(key[1].contains("1. ") && key[1].contains("Why:"), "{}", key[1]);
    }
}

#[test]
fn counts_are_written_in_the_singular_for_one() {
    let dir = tempfile::tempdir().unwrap();
    let exam = dir.path().join("exam");
    let output = aidquiz()
        .args([
            "exam", "generate", "quizzes", "--count", "1", "--seed", "2", "--out",
        ])
        .arg(&exam)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = stdout_of(&output);
    assert!(stdout.contains(": 1 version of 1 question, seed 2."), "{stdout}");
    let graded = grade(
        &exam,
        "learner,version,1\nana,A,\n",
        &dir.path().join("s.sqlite3"),
        &[],
    );
    let stdout = stdout_of(&graded);
    assert!(stdout.contains("graded 1 learner: 1 new"), "{stdout}");
}

#[test]
fn the_exam_id_does_not_depend_on_the_date() {
    let dir = tempfile::tempdir().unwrap();
    let on = |date: &str| {
        let out = dir.path().join(date);
        let output = aidquiz()
            .args(["exam", "generate", "quizzes", "--versions", "2", "--count", "4"])
            .args(["--seed", "11", "--date", date, "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        manifest(&out)
    };
    let (first, second) = (on("2026-11-26"), on("2027-02-03"));
    assert_ne!(first.date, second.date, "--date is kept in the manifest");
    assert_eq!(first.exam_id, second.exam_id);
}

/// A regrade needs the exam folder only: the banks it was drawn from may
/// have changed or be gone since.
#[test]
fn a_regrade_reads_only_the_manifest_not_the_banks() {
    let dir = tempfile::tempdir().unwrap();
    let banks = dir.path().join("quizzes");
    fs::create_dir(&banks).unwrap();
    for entry in fs::read_dir(crate::root().join("quizzes")).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, banks.join(path.file_name().unwrap())).unwrap();
    }
    let exam = dir.path().join("exam");
    let output = aidquiz_in(dir.path())
        .args([
            "exam", "generate", "quizzes", "--count", "8", "--seed", "12", "--out",
        ])
        .arg(&exam)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let store = dir.path().join("s.sqlite3");
    let blank = sheet(&[("ana", "A", vec![String::new(); 8])], 8);
    assert!(grade(&exam, &blank, &store, &[]).status.success());

    // Every bank it was drawn from is now broken, and the regrade runs
    // where `./quizzes` is that broken folder.
    for entry in fs::read_dir(&banks).unwrap() {
        fs::write(entry.unwrap().path(), "this is no longer a bank [").unwrap();
    }
    let file = dir.path().join("corrected.csv");
    fs::write(&file, sheet(&[("ana", "A", keys(&exam)["A"].clone())], 8)).unwrap();
    let output = aidquiz_in(dir.path())
        .args(["exam", "grade"])
        .arg(&exam)
        .arg(&file)
        .arg("--store")
        .arg(&store)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        stdout_of(&output).contains("0 new, 1 regraded, 0 unchanged"),
        "{}",
        stdout_of(&output)
    );
    assert_eq!(history(&store, "ana")[0]["percent"], 100.0);
}

/// The store file and its write-ahead log, as bytes (empty when absent).
fn store_bytes(store: &Path) -> (Vec<u8>, Vec<u8>) {
    let mut wal = store.as_os_str().to_owned();
    wal.push("-wal");
    (
        fs::read(store).unwrap_or_default(),
        fs::read(wal).unwrap_or_default(),
    )
}

#[test]
fn a_bad_cell_or_a_sheet_not_in_utf8_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let exam = dir.path().join("exam");
    assert!(generate(&exam, &["--seed", "5"]).status.success());
    let store = dir.path().join("s.sqlite3");
    let blank = || vec![String::new(); 8];
    assert!(
        grade(&exam, &sheet(&[("cleo", "A", blank())], 8), &store, &[])
            .status
            .success()
    );
    let before = store_bytes(&store);

    // A good row first, then a row with a letter no question shows.
    let single = manifest(&exam).versions[0]
        .questions
        .iter()
        .position(|q| q.question.answer.question_type().as_str() == "single")
        .unwrap();
    let mut bad = blank();
    bad[single] = "Z".into();
    let bad_cell = sheet(&[("ana", "A", blank()), ("ben", "A", bad)], 8);
    let output = grade(&exam, &bad_cell, &store, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout_of(&output));
    assert!(stderr_of(&output).contains("Z is not one of the letters shown"));

    let file = dir.path().join("latin1.csv");
    fs::write(
        &file,
        b"learner,version,1,2,3,4,5,6,7,8\nana,A,,,,,,,,\nben,A,caf\xe9,,,,,,,\n",
    )
    .unwrap();
    let output = aidquiz()
        .args(["exam", "grade"])
        .arg(&exam)
        .arg(&file)
        .arg("--store")
        .arg(&store)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stdout_of(&output));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not valid UTF-8 text"));

    assert!(store_bytes(&store) == before, "the store changed");
    assert!(history(&store, "ana").is_empty());
    assert!(history(&store, "ben").is_empty());
    assert_eq!(history(&store, "cleo").len(), 1);
}

/// A sheet saved as UTF-16 (Excel's "Unicode Text") was refused with its
/// header shown as `l e a r n e r`, a NUL between each letter reaching the
/// terminal; a control character in a header went there as it was. The
/// message now says what the file is, and shows no control character.
#[test]
fn a_utf16_sheet_is_named_as_such_and_a_header_is_shown_without_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let exam = dir.path().join("exam");
    assert!(generate(&exam, &["--seed", "5"]).status.success());
    let store = dir.path().join("s.sqlite3");
    // The sheet `bytes` graded: the exit code and standard error.
    let grade_bytes = |bytes: &[u8]| {
        let path = dir.path().join("sheet.csv");
        fs::write(&path, bytes).unwrap();
        let output = aidquiz()
            .args(["exam", "grade"])
            .arg(&exam)
            .arg(&path)
            .arg("--store")
            .arg(&store)
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let text = "learner,version,1,2,3,4,5,6,7,8\nana,A,,,,,,,,\n";
    let little: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let big: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    // With its byte order mark, as Excel writes it, and without.
    for utf16 in [
        [&[0xff, 0xfe][..], &little].concat(),
        [&[0xfe, 0xff][..], &big].concat(),
        little.clone(),
    ] {
        let (code, stderr) = grade_bytes(&utf16);
        assert_eq!(code, Some(1));
        assert!(
            stderr
                .contains("sheet.csv: line 1: the sheet is UTF-16 text, not UTF-8; save it as \"CSV UTF-8\""),
            "{stderr}"
        );
        assert!(!stderr.contains('\0'), "{stderr:?}");
    }

    let (code, stderr) = grade_bytes(b"learner,version,1,2,\x1b[31m3,4,5,6,7,8\nana,A,,,,,,,,\n");
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("found `learner,version,1,2,[31m3,4,5,6,\u{2026}`"),
        "{stderr:?}"
    );
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    assert!(!store.exists() || history(&store, "ana").is_empty());
}

/// A learner name of a megabyte (a quote left open swallows the rows
/// after it) was saved as it was, many times over in the store. A name
/// longer than the browser's sign-in takes is a bad row, named.
#[test]
fn a_learner_name_longer_than_eighty_characters_is_a_bad_row() {
    let long = "N".repeat(1_000_000);
    let (stderr, code, dir) = grade_bad(&format!("ana,A,,,,,,,,\n{long},B,,,,,,,,\n"), &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "line 3, column 1 (learner): the learner name is 1000000 characters long, more than 80"
        ),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(stderr.len() < 10_000, "the name is not printed whole");
    let store = dir.path().join("s.sqlite3");
    assert!(!store.exists() || history(&store, "ana").is_empty());
    // Eighty characters are a name.
    let eighty = "N".repeat(80);
    let (stderr, code, _dir) = grade_bad(&format!("{eighty},B,,,,,,,,\n"), &[]);
    assert_eq!(code, Some(0), "{stderr}");
}

/// A quote left open makes the rest of a sheet one row, which was read
/// whole: a 1 GB row took 3.7 GB of memory, 100 MB of line ends inside one
/// quoted cell 1.5 GB. A row over 4 MB is refused at once, by the line it
/// begins on.
#[test]
fn a_row_longer_than_four_megabytes_is_refused_by_the_line_it_begins_on() {
    let long_line = "x".repeat(5 << 20);
    let line_ends = format!("\"{}", "\n".repeat(5 << 20));
    for (row, line) in [(long_line, 3), (line_ends, 3)] {
        let (stderr, code, dir) = grade_bad(&format!("ana,A,,,,,,,,\n{row},B,,,,,,,,\n"), &[]);
        assert_eq!(code, Some(1), "{}", &stderr[..stderr.len().min(2000)]);
        assert!(
            stderr.contains(&format!(
                "line {line}: this row is longer than 4 MB, far more than any response sheet's: is a quote left open?"
            )),
            "{}",
            &stderr[..stderr.len().min(2000)]
        );
        let store = dir.path().join("s.sqlite3");
        assert!(!store.exists() || history(&store, "ana").is_empty());
    }
    // A header that long too, as line 1.
    let dir = tempfile::tempdir().unwrap();
    let exam = dir.path().join("exam");
    assert!(generate(&exam, &["--seed", "5"]).status.success());
    let output = grade(
        &exam,
        &format!("learner,version{}\n", ",1".repeat(3 << 20)),
        &dir.path().join("s.sqlite3"),
        &[],
    );
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.contains("line 1: this row is longer than 4 MB"),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
}
