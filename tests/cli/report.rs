//! `aidquiz report` through the real binary, over a small store with fixed
//! times: snapshots of every report in every format, formula and markup
//! injection, filters, and the hand-computed item analysis example.

use std::path::Path;
use std::sync::Arc;

use aidquiz::record::{AnswerRecord, BankRef, GradedAttempt, Mode, NewAttempt, QuestionSlot, Status};
use aidquiz::response::Response;
use aidquiz::store::Store;
use chrono::{DateTime, Duration, TimeZone, Utc};
use quick_xml::events::Event;

use crate::{aidquiz, stderr_of, stdout_of};

const FORMULA: &str = r#"=HYPERLINK("http://x","y")"#;
const SCRIPT: &str = "<script>alert(1)</script>";

fn day(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap() + Duration::days(n)
}

/// An attempt at q1 (cpr), q2 (cpr), q3 (bleeding), 1 point each, choice 0
/// the key; a wrong answer picks choice 1 on q1 and 2 elsewhere.
fn attempt(learner: &str, exam: Option<&str>, started_at: DateTime<Utc>, scores: [f64; 3]) -> GradedAttempt {
    let topics = ["cpr", "cpr", "bleeding"];
    let questions: Arc<[QuestionSlot]> = (0..3)
        .map(|q| QuestionSlot {
            question_id: format!("q{}", q + 1),
            topic: topics[q].into(),
            choice_order: vec![0, 1, 2],
            max_points: 1.0,
            critical: false,
            revision: 1,
        })
        .collect();
    GradedAttempt {
        attempt: NewAttempt {
            learner: learner.into(),
            exam_id: exam.map(str::to_owned),
            mode: Mode::Exam,
            seed: 7,
            selection: serde_json::json!({ "count": 3 }),
            banks: vec![BankRef {
                id: "first-aid".into(),
                hash: "sha256:00".into(),
            }],
            started_at,
            time_limit_secs: None,
            pass_mark: 60.0,
            paper: exam.is_some(),
            questions,
        },
        answers: scores
            .iter()
            .enumerate()
            .map(|(q, &points)| AnswerRecord {
                position: q,
                response: "A".into(),
                selected: Response::Choice(if points > 0.0 {
                    0
                } else if q == 0 {
                    1
                } else {
                    2
                }),
                points,
                answered_at: started_at + Duration::seconds([10, 30, 60][q]),
            })
            .collect(),
        status: Status::Completed,
        finished_at: Some(started_at + Duration::seconds(75)),
    }
}

/// The exam of `docs/item-analysis.md` (learners A to E, whose names here
/// are ana, ben, the two hostile ones and eve), and ana's two earlier
/// practice quizzes.
fn fixed_store(path: &Path) {
    let mut store = Store::open(path).unwrap();
    let exam = Some("exam-1");
    store
        .save_attempts(&[
            attempt("ana", None, day(0), [0.0, 1.0, 0.0]),
            attempt("ana", None, day(2), [1.0, 1.0, 0.0]),
            attempt("ana", exam, day(5), [1.0, 1.0, 1.0]),
            attempt("ben", exam, day(5), [1.0, 1.0, 0.0]),
            attempt(FORMULA, exam, day(5), [1.0, 0.0, 1.0]),
            attempt(SCRIPT, exam, day(5), [1.0, 0.0, 0.0]),
            attempt("eve", exam, day(5), [0.0, 0.0, 0.0]),
        ])
        .unwrap();
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: std::path::PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("progress.sqlite3");
    fixed_store(&store);
    Fixture { _dir: dir, store }
}

fn report(fixture: &Fixture, args: &[&str]) -> std::process::Output {
    aidquiz()
        .arg("report")
        .args(args)
        .arg("--store")
        .arg(&fixture.store)
        .output()
        .unwrap()
}

fn report_ok(fixture: &Fixture, args: &[&str]) -> String {
    let output = report(fixture, args);
    assert!(output.status.success(), "{args:?}: {}", stderr_of(&output));
    stdout_of(&output)
}

#[test]
fn every_report_in_every_format() {
    let fixture = fixture();
    for kind in ["attempts", "learners", "items"] {
        for format in ["csv", "json", "md", "html"] {
            let mut args = vec![kind, "--format", format];
            if kind == "items" {
                args.extend([
                    "--exam",
                    "exam-1",
                    "--bank",
                    "tests/fixtures/report/first-aid.toml",
                ]);
            }
            insta::assert_snapshot!(format!("{kind}-{format}"), report_ok(&fixture, &args));
        }
    }
}

#[test]
fn a_learners_page_has_the_three_charts_and_parses() {
    let fixture = fixture();
    let html = report_ok(&fixture, &["--learner", "ana", "--format", "html"]);
    insta::assert_snapshot!("attempts-ana-html", &html);
    let mut reader = quick_xml::Reader::from_str(&html);
    let mut charts = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(element)) if element.name().as_ref() == b"svg" => {
                let class = element
                    .try_get_attribute("class")
                    .unwrap()
                    .expect("a chart has a class")
                    .unescape_value()
                    .unwrap()
                    .into_owned();
                charts.push(class);
            }
            Ok(_) => {}
            Err(error) => panic!("the HTML does not parse at {}: {error}", reader.buffer_position()),
        }
    }
    assert_eq!(
        charts,
        ["chart histogram", "chart mastery", "chart scores-over-time"]
    );
    // Nothing is fetched: no scripts, links or remote images (the SVG
    // namespace is a name, not an address that is loaded).
    let html = html.replace(r#"xmlns="http://www.w3.org/2000/svg""#, "");
    for outside in ["<script", "<link", "src=", "url(", "http://", "https://"] {
        assert!(!html.contains(outside), "{outside}");
    }
}

#[test]
fn a_formula_for_a_name_comes_out_inert_in_csv() {
    let fixture = fixture();
    for kind in ["attempts", "learners"] {
        let csv = report_ok(&fixture, &[kind, "--format", "csv"]);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let learners: Vec<String> = reader
            .records()
            .map(|record| {
                record
                    .unwrap()
                    .get(usize::from(kind == "attempts"))
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert!(learners.contains(&format!("'{FORMULA}")), "{learners:?}");
        assert!(!learners.iter().any(|l| l.starts_with('=')), "{learners:?}");
    }
}

#[test]
fn markup_for_a_name_comes_out_escaped_in_html_and_markdown() {
    let fixture = fixture();
    for format in ["html", "md"] {
        let text = report_ok(&fixture, &["--format", format]);
        assert!(!text.contains(SCRIPT), "{format}");
        assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{format}");
    }
    let text = report_ok(&fixture, &["--learner", SCRIPT, "--format", "html"]);
    assert!(!text.contains(SCRIPT));
}

#[test]
fn the_item_analysis_matches_the_hand_computed_example() {
    let fixture = fixture();
    let json: serde_json::Value = serde_json::from_str(&report_ok(
        &fixture,
        &["items", "--exam", "exam-1", "--format", "json"],
    ))
    .unwrap();
    let close = |value: &serde_json::Value, expected: f64| {
        let value = value.as_f64().unwrap();
        assert!((value - expected).abs() < 1e-6, "{value} ≠ {expected}");
    };
    let items = json["items"].as_array().unwrap();
    for (item, facility, discrimination, upper_lower) in [
        (&items[0], 0.8, 0.534_522, 0.740_741),
        (&items[1], 0.4, 0.327_327, 0.870_370),
        (&items[2], 0.4, 0.327_327, 0.870_370),
    ] {
        close(&item["facility"], facility);
        close(&item["discrimination"], discrimination);
        close(&item["upper_lower"], upper_lower);
    }
    close(&json["test"]["reliability"], 0.576_923);
    close(&json["test"]["mean"], 1.6);
    assert_eq!(json["test"]["method"], "KR-20");
}

#[test]
fn filters_combine() {
    let fixture = fixture();
    let csv = report_ok(
        &fixture,
        &[
            "--learner",
            "ana",
            "--since",
            "2026-05-05",
            "--until",
            "2026-05-06",
            "--format",
            "csv",
        ],
    );
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains("2026-05-06T09:00:00+00:00"), "{csv}");
    let csv = report_ok(
        &fixture,
        &["--topic", "bleeding", "--exam", "exam-1", "--format", "csv"],
    );
    assert_eq!(csv.lines().count(), 6, "{csv}");
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",status,critical_missed,topic:bleeding"),
        "{csv}"
    );
}

#[test]
fn an_empty_result_is_an_error_and_writes_no_file() {
    let fixture = fixture();
    let out = fixture.store.with_file_name("report.csv");
    let output = aidquiz()
        .args(["report", "--learner", "nobody", "--format", "csv", "--out"])
        .arg(&out)
        .arg("--store")
        .arg(&fixture.store)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout_of(&output), "");
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("nothing to report: no attempts match learner nobody in"),
        "{stderr}"
    );
    assert!(!out.exists());
    assert!(!fixture.store.with_file_name("report.csv.partial").exists());
    let bad = report(&fixture, &["--since", "last week", "--format", "csv"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr_of(&bad).contains("--since `last week` is not a date"));
}

#[test]
fn out_writes_the_report_into_a_file() {
    let fixture = fixture();
    let out = fixture.store.with_file_name("items.html");
    let output = aidquiz()
        .args(["report", "items", "--format", "html", "--out"])
        .arg(&out)
        .arg("--store")
        .arg(&fixture.store)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(stdout_of(&output), "");
    assert!(std::fs::read_to_string(&out).unwrap().contains("<svg"));
}

/// `--out /dev/null` once renamed a finished report over the device (as
/// root, replacing /dev/null with a file); a device is now written into.
/// `--out` into a pipe (as into `/dev/null` or `/dev/stdout`) writes into it
/// and leaves it a pipe: renaming a finished file over it would replace it.
/// A named pipe in a temporary folder, so a regression can never replace a
/// real device file.
#[cfg(unix)]
#[test]
fn out_into_a_pipe_writes_into_it_and_leaves_it_a_pipe() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;

    let fixture = fixture();
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("report.csv");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let pipe = pipe.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            std::fs::File::open(&pipe)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            text
        })
    };
    let output = aidquiz()
        .args(["report", "attempts", "--format", "csv", "--out"])
        .arg(&pipe)
        .arg("--store")
        .arg(&fixture.store)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let written = reader.join().unwrap();
    assert!(written.starts_with("id,learner,"), "{written}");
    let kind = std::fs::symlink_metadata(&pipe).unwrap().file_type();
    assert!(kind.is_fifo(), "{kind:?}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no .partial beside it"
    );
}

#[test]
fn a_store_of_an_older_aidquiz_is_upgraded_once_with_a_note_and_reports_the_same() {
    let fixture = fixture();
    let args = ["items", "--exam", "exam-1", "--format", "csv"];
    let before = report_ok(&fixture, &args);
    // Back to schema 5, as an aidquiz from before the reports' item values
    // (and the certification, browser, learners and paper columns and tables
    // of schemas 7 to 11, and the exam columns of 12) left it.
    rusqlite::Connection::open(&fixture.store)
        .unwrap()
        .execute_batch(
            "ALTER TABLE attempts DROP COLUMN exam_title; ALTER TABLE attempts DROP COLUMN exam_version;
             ALTER TABLE responses DROP COLUMN critical; ALTER TABLE responses DROP COLUMN revision;
             ALTER TABLE attempts DROP COLUMN critical_missed; ALTER TABLE memory DROP COLUMN revision;
             ALTER TABLE reviews DROP COLUMN revision;
             DROP TABLE room_learners; DROP TABLE rooms; DROP TABLE instructor_sessions;
             DROP TABLE web_attempts; DROP TABLE web_sessions; DROP TABLE learners;
             ALTER TABLE attempts DROP COLUMN paper; DROP TABLE attempt_items; DROP TABLE question_keys;
             PRAGMA user_version = 5;",
        )
        .unwrap();
    let upgraded = report(&fixture, &args);
    assert!(upgraded.status.success(), "{}", stderr_of(&upgraded));
    let note = stderr_of(&upgraded);
    assert!(
        note.contains(&format!(
            "upgrading the progress store {} from schema 5 to {}",
            fixture.store.display(),
            aidquiz::store::SCHEMA_VERSION
        )),
        "{note}"
    );
    assert_eq!(stdout_of(&upgraded), before);
    let again = report(&fixture, &args);
    assert_eq!(stderr_of(&again), "");
    assert_eq!(stdout_of(&again), before);
}

#[test]
fn the_learners_report_sorts_names_as_people_read_them() {
    let dir = tempfile::tempdir().unwrap();
    let store_path = dir.path().join("progress.sqlite3");
    let mut store = Store::open(&store_path).unwrap();
    let names = ["O'Brien, Pat", "oscar", "Zoë", "ana", "Élise", "Bob"];
    let attempts: Vec<GradedAttempt> = names
        .iter()
        .map(|name| attempt(name, None, day(0), [1.0, 0.0, 1.0]))
        .collect();
    store.save_attempts(&attempts).unwrap();
    drop(store);
    let fixture = Fixture {
        _dir: dir,
        store: store_path,
    };
    let csv = report_ok(&fixture, &["learners", "--format", "csv"]);
    let order: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|line| {
            if let Some(rest) = line.strip_prefix('"') {
                rest.split_once('"').unwrap().0
            } else {
                line.split(',').next().unwrap()
            }
        })
        .collect();
    assert_eq!(
        order,
        ["ana", "Bob", "Élise", "O'Brien, Pat", "oscar", "Zoë"],
        "{csv}"
    );
}

#[test]
fn report_help_does_not_promise_to_create_a_store() {
    let output = aidquiz().args(["report", "--help"]).output().unwrap();
    let help = stdout_of(&output);
    assert!(!help.contains("created on first use"), "{help}");
    assert!(help.contains("only read it"), "{help}");
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.sqlite3");
    let output = aidquiz()
        .args(["report", "--format", "csv", "--store"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!missing.exists(), "a report never creates a store");
}

/// A store as a class leaves it: two quizzes over every bundled topic, and
/// a two-version exam graded from a sheet. Returns the store's path.
fn class_store(dir: &Path) -> std::path::PathBuf {
    let store = dir.join("progress.sqlite3");
    for (learner, seed) in [("Ana Pereira", "1"), ("ben", "2")] {
        let output = aidquiz()
            .args([
                "take",
                "--learner",
                learner,
                "--count",
                "12",
                "--seed",
                seed,
                "--store",
            ])
            .arg(&store)
            .write_stdin("A\n".repeat(12))
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
    }
    let exam = dir.join("exam");
    let output = aidquiz()
        .args([
            "exam",
            "generate",
            "quizzes",
            "--versions",
            "2",
            "--count",
            "12",
            "--seed",
            "5",
        ])
        .args(["--title", "Back spasm first aid", "--date", "2026-11-26", "--out"])
        .arg(&exam)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let blanks = ",".repeat(12);
    let header: Vec<String> = (1..=12).map(|n| n.to_string()).collect();
    let sheet = format!(
        "learner,version,{}\nAna Pereira,A{blanks}\nben,B{blanks}\n",
        header.join(",")
    );
    std::fs::write(dir.join("sheet.csv"), sheet).unwrap();
    let output = aidquiz()
        .args(["exam", "grade"])
        .arg(&exam)
        .arg(dir.join("sheet.csv"))
        .arg("--store")
        .arg(&store)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    store
}

#[test]
fn exam_attempts_show_the_exam_title_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let store = class_store(dir.path());
    let fixture = Fixture { _dir: dir, store };
    let csv = report_ok(&fixture, &["attempts", "--format", "csv"]);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let title = header.iter().position(|h| *h == "exam_title").unwrap();
    let version = header.iter().position(|h| *h == "version").unwrap();
    let exams: Vec<(String, String)> = lines
        .map(|line| line.split(',').collect::<Vec<_>>())
        .filter(|cells| cells[2] != "quiz")
        .map(|cells| (cells[title].to_owned(), cells[version].to_owned()))
        .collect();
    assert_eq!(
        exams,
        [
            ("Back spasm first aid".to_owned(), "A".to_owned()),
            ("Back spasm first aid".to_owned(), "B".to_owned())
        ],
        "{csv}"
    );
    let html = report_ok(&fixture, &["attempts", "--format", "html"]);
    assert!(
        html.contains("<td>Back spasm first aid <small class=\"id\">exam-"),
        "{html}"
    );
    let md = report_ok(&fixture, &["attempts", "--format", "md"]);
    assert!(md.contains("| Back spasm first aid (exam-"), "{md}");
    // An exam's own reports name it by its title, not only its id.
    let exam_id = csv
        .lines()
        .find_map(|line| line.split(',').nth(2).filter(|id| id.starts_with("exam-")))
        .unwrap();
    for format in ["md", "html", "json"] {
        let items = report_ok(&fixture, &["items", "--exam", exam_id, "--format", format]);
        let named = match format {
            "md" => "Exam: Back spasm first aid.",
            "html" => "<p class=\"exam\">Exam: Back spasm first aid</p>",
            _ => "\"exam_title\": \"Back spasm first aid\"",
        };
        assert!(items.contains(named), "{format}: {items}");
    }
}

/// Runs `script` in `html` opened by headless Chromium in a window of
/// `width` pixels, and returns the DOM it leaves (the script writes its
/// findings into attributes of `<body>`).
fn measured_dom(chromium: &str, html: &str, width: u32, script: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        html.replace("</body>", &format!("<script>{script}</script></body>")),
    )
    .unwrap();
    let output = std::process::Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"])
        .arg(format!("--window-size={width},900"))
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg("--dump-dom")
        .arg(&page)
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap()
}

/// Whether the page is wider than the window, and how many date, time and
/// number cells break over more than one line.
const LAYOUT_SCRIPT: &str = "
const cells = [...document.querySelectorAll('td.when, td.n, .topic')];
const wrapped = cells.filter(cell => {
  const range = document.createRange();
  range.selectNodeContents(cell);
  const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  return lines.size > 1;
});
document.body.setAttribute('data-cells', cells.length);
document.body.setAttribute('data-wrapped', wrapped.map(c => c.textContent).join('|'));
document.body.setAttribute('data-overflow', document.documentElement.scrollWidth > window.innerWidth);
";

#[test]
fn the_attempts_page_fits_1200_pixels_and_a4_and_letter_paper_without_breaking_values() {
    let Some(chromium) = crate::print_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = class_store(dir.path());
    let fixture = Fixture { _dir: dir, store };
    for kind in ["attempts", "learners"] {
        let html = report_ok(&fixture, &[kind, "--format", "html"]);
        let dom = measured_dom(&chromium, &html, 1200, LAYOUT_SCRIPT);
        assert!(
            dom.contains("data-overflow=\"false\""),
            "{kind}: wider than 1200 px:\n{dom}"
        );
        assert!(
            dom.contains("data-wrapped=\"\""),
            "{kind}: values broken over lines:\n{dom}"
        );
        assert!(
            !dom.contains("data-cells=\"0\""),
            "{kind}: nothing measured:\n{dom}"
        );

        // In print, on Letter (Chromium's default) and on A4: every value
        // whole, and the last topic of every row on the page.
        let page_dir = tempfile::tempdir().unwrap();
        for (paper, css) in [("letter", ""), ("a4", "<style>@page { size: A4; }</style>")] {
            let page = page_dir.path().join(format!("{kind}-{paper}.html"));
            std::fs::write(&page, html.replace("</head>", &format!("{css}</head>"))).unwrap();
            let text = crate::printed_pages(&chromium, &page).join("\n");
            let rows = html.matches("<tr>").count() - 1;
            // In the table a chip reads `warning-signs 0%` (the chart pads its labels).
            let chips = text
                .match_indices("warning-signs ")
                .filter(|(at, _)| text[at + 14..].starts_with(|c: char| c.is_ascii_digit()))
                .count();
            assert_eq!(
                chips,
                html.matches("warning-signs <b>").count(),
                "{kind} on {paper}: a topic is cut off:\n{text}"
            );
            assert!(rows >= 2);
            let stamps = html.matches("<td class=\"when\">").count();
            let whole = date_times(&text);
            assert!(
                whole >= stamps,
                "{kind} on {paper}: a date is broken ({whole} of {stamps}):\n{text}"
            );
        }
    }
}

/// How many `2026-11-30 10:12` date-times `text` holds whole.
fn date_times(text: &str) -> usize {
    let bytes = text.as_bytes();
    let shape = b"dddd-dd-dd dd:dd";
    (0..bytes.len().saturating_sub(shape.len() - 1))
        .filter(|&i| {
            shape
                .iter()
                .zip(&bytes[i..i + shape.len()])
                .all(|(s, b)| match s {
                    b'd' => b.is_ascii_digit(),
                    other => other == b,
                })
        })
        .count()
}

#[test]
fn a_sheet_graded_again_with_another_version_shows_the_new_version() {
    let dir = tempfile::tempdir().unwrap();
    let store = class_store(dir.path());
    let blanks = ",".repeat(12);
    let header: Vec<String> = (1..=12).map(|n| n.to_string()).collect();
    let sheet = dir.path().join("corrected.csv");
    let corrected = format!(
        "learner,version,{}\nAna Pereira,A{blanks}\nben,A{blanks}\n",
        header.join(",")
    );
    std::fs::write(&sheet, corrected).unwrap();
    let output = aidquiz()
        .args(["exam", "grade"])
        .arg(dir.path().join("exam"))
        .arg(&sheet)
        .arg("--store")
        .arg(&store)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let fixture = Fixture { _dir: dir, store };
    let json: serde_json::Value = serde_json::from_str(&report_ok(
        &fixture,
        &["attempts", "--format", "json", "--learner", "ben"],
    ))
    .unwrap();
    let versions: Vec<&str> = json["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["version"].as_str())
        .collect();
    assert_eq!(versions, ["A"], "{json}");
}

/// Every text column a report's CSV takes from the store starts with a
/// formula character here: exam id, exam title and version, question ids
/// and topics (learner names have their own test above).
#[test]
fn every_text_column_comes_out_inert_in_csv() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let hostile = |learner: &str, scores| {
        let mut graded = attempt(learner, Some("=exam"), day(5), scores);
        graded.attempt.selection =
            serde_json::json!({ "count": 3, "exam": { "title": "+title", "version": "@A" } });
        graded.attempt.questions = graded
            .attempt
            .questions
            .iter()
            .zip([("=q1", "@cpr"), ("+q2", "@cpr"), ("-q3", "-bleeding")])
            .map(|(slot, (id, topic))| QuestionSlot {
                question_id: id.into(),
                topic: topic.into(),
                ..slot.clone()
            })
            .collect();
        graded
    };
    Store::open(&path)
        .unwrap()
        .save_attempts(&[
            hostile("ana", [1.0, 1.0, 0.0]),
            hostile("ben", [1.0, 0.0, 1.0]),
            hostile("eve", [0.0, 0.0, 0.0]),
        ])
        .unwrap();
    let fixture = Fixture {
        _dir: dir,
        store: path,
    };
    let mut cells = Vec::new();
    for args in [
        &["attempts", "--format", "csv"][..],
        &["learners", "--format", "csv"],
        &["items", "--exam", "=exam", "--format", "csv"],
    ] {
        let csv = report_ok(&fixture, args);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(csv.as_bytes());
        for record in reader.records() {
            cells.extend(record.unwrap().iter().map(str::to_owned));
        }
    }
    // Numbers we write ourselves may start with `-`; text may not.
    let live: Vec<&String> = cells
        .iter()
        .filter(|c| c.starts_with(['=', '+', '-', '@']) && c.parse::<f64>().is_err())
        .collect();
    assert!(live.is_empty(), "{live:?}");
    for inert in [
        "'=exam",
        "'+title",
        "'@A",
        "'=q1",
        "'+q2",
        "'-q3",
        "'@cpr",
        "'-bleeding",
    ] {
        assert!(cells.iter().any(|c| c == inert), "{inert} missing from {cells:?}");
    }
}
