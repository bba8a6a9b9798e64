//! The store on PostgreSQL through the real binary: the same work prints the
//! same as on SQLite, `store copy` carries every record there and back, and
//! the faults (a foreign or newer database, an unreachable server, a wrong
//! password, a server stopped in the middle of a grade) end with a clear
//! message, nothing half-saved and no password shown.
//!
//! The tests create a database of their own on the server
//! `AIDQUIZ_TEST_POSTGRES` names (`.ci/run` starts one) and drop it at the
//! end; two start a server of their own with `.ci/postgres`. Without that
//! variable they are skipped with a message, and with `CI` set they fail.

use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use aidquiz::exam::Manifest;
use regex::Regex;

use crate::{aidquiz, root, stderr_of, stdout_of};

/// The server the tests make their databases on: a URL whose role may
/// `CREATE DATABASE`. `None` skips the test locally; in CI it must be set.
fn server() -> Option<String> {
    match std::env::var("AIDQUIZ_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "AIDQUIZ_TEST_POSTGRES is required in CI (.ci/run sets it)"
            );
            eprintln!(
                "skipped: AIDQUIZ_TEST_POSTGRES is not set; start a server with \
                 `.ci/postgres start /tmp/aidquiz-pg` and export the URL it prints"
            );
            None
        }
    }
}

/// `url` with its database name replaced by `name`, query kept.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let authority = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[authority..].find('/').map_or(base.len(), |i| authority + i);
    let mut changed = format!("{}/{name}", &base[..host_end]);
    if let Some(query) = query {
        changed.push('?');
        changed.push_str(query);
    }
    changed
}

fn connect(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls)
        .unwrap_or_else(|error| panic!("cannot connect to the test server: {error}"))
}

/// A database of one test's own, dropped (connections and all) when the
/// test ends, passed or failed.
struct Database {
    admin: String,
    name: String,
    url: String,
}

impl Database {
    fn create(admin: &str, label: &str) -> Database {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "aidquiz_t{}_{}_{label}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        connect(admin)
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        Database {
            admin: admin.to_owned(),
            url: with_database(admin, &name),
            name,
        }
    }

    fn client(&self) -> postgres::Client {
        connect(&self.url)
    }

    /// Every table outside PostgreSQL's own schemas, as `schema.name`.
    fn tables(&self) -> Vec<String> {
        self.client()
            .query(
                "SELECT table_schema || '.' || table_name FROM information_schema.tables \
                 WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
                &[],
            )
            .unwrap()
            .iter()
            .map(|row| row.get(0))
            .collect()
    }

    fn count(&self, sql: &str) -> i64 {
        count(&self.url, sql)
    }
}

/// The one number `sql` selects from the database at `url`.
fn count(url: &str, sql: &str) -> i64 {
    connect(url).query_one(sql, &[]).unwrap().get(0)
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

/// A server of the test's own, from `.ci/postgres start` (as `.ci/run`
/// starts the shared one), for what the shared server must not see: being
/// stopped, or a role that needs a password. Stopped and removed on drop.
struct OwnServer {
    dir: PathBuf,
    url: String,
}

impl OwnServer {
    fn start() -> OwnServer {
        // A Unix socket's path is short: a folder in /tmp, not the target dir.
        let dir = tempfile::Builder::new()
            .prefix("aidquiz-pgt")
            .tempdir_in("/tmp")
            .unwrap()
            .keep();
        let output = Process::new(root().join(".ci/postgres"))
            .arg("start")
            .arg(&dir)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        OwnServer {
            url: stdout_of(&output).trim().to_owned(),
            dir,
        }
    }

    /// Runs pg_ctl as the user owning the cluster (`.ci/postgres` runs it
    /// as `postgres` when we are root).
    fn pg_ctl(&self, args: &[&str]) -> Output {
        let data = self.dir.join("data");
        let script = r#"bin=$(dirname "$(readlink -f "$(command -v pg_ctl || ls -d /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1)")")
owner=$(stat -c %U "$1"); shift
if [ "$(id -u)" -eq 0 ]; then exec runuser -u "$owner" -- "$bin/pg_ctl" "$@"; else exec "$bin/pg_ctl" "$@"; fi"#;
        Process::new("bash")
            .args(["-c", script, "pg_ctl"])
            .arg(&data)
            .arg("--pgdata")
            .arg(&data)
            .args(args)
            .current_dir("/")
            .output()
            .unwrap()
    }

    /// What a power cut does to the server: no shutdown, every session ended.
    fn stop_immediately(&self) {
        let output = self.pg_ctl(&["--mode=immediate", "--wait", "stop"]);
        assert!(output.status.success(), "{}", stderr_of(&output));
    }

    /// Starts it again with the options it was started with (postmaster.opts).
    fn restart(&self) {
        let log = self.dir.join("server.log");
        let output = self.pg_ctl(&["--wait", "--log", log.to_str().unwrap(), "restart"]);
        assert!(output.status.success(), "{}", stderr_of(&output));
    }
}

impl Drop for OwnServer {
    fn drop(&mut self) {
        let _ = Process::new(root().join(".ci/postgres"))
            .arg("stop")
            .arg(&self.dir)
            .output();
    }
}

fn run(args: &[&str], store: &str, stdin: &str) -> Output {
    aidquiz()
        .args(args)
        .args(["--store", store])
        .write_stdin(stdin)
        .output()
        .unwrap()
}

/// Runs the command and returns its output, failing the test if it fails.
fn succeed(args: &[&str], store: &str, stdin: &str) -> String {
    let output = run(args, store, stdin);
    assert!(
        output.status.success(),
        "aidquiz {} --store {store}: {}",
        args.join(" "),
        stderr_of(&output)
    );
    stdout_of(&output) + &stderr_of(&output)
}

/// An exam of 3 versions × 8 questions from the bundled banks, written
/// into `dir/exam`, and its id.
fn generate_exam(dir: &Path, versions: usize, count: usize) -> (PathBuf, String) {
    let exam = dir.join("exam");
    let output = aidquiz()
        .args([
            "exam",
            "generate",
            "quizzes",
            "--seed",
            "5",
            "--date",
            "2026-11-26",
        ])
        .args([
            "--versions",
            &versions.to_string(),
            "--count",
            &count.to_string(),
            "--out",
        ])
        .arg(&exam)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let manifest: Manifest = toml::from_str(&fs::read_to_string(exam.join("exam.toml")).unwrap()).unwrap();
    (exam, manifest.exam_id)
}

/// key.csv as (version, answers in question order).
fn keys(exam: &Path) -> Vec<(String, Vec<String>)> {
    let mut keys: Vec<(String, Vec<String>)> = Vec::new();
    let mut reader = csv::Reader::from_path(exam.join("key.csv")).unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        // A numeric range is keyed low..high; its low end is right.
        let answer = record[4].split("..").next().unwrap().to_owned();
        match keys.last_mut() {
            Some((version, answers)) if version == &record[0] => answers.push(answer),
            _ => keys.push((record[0].to_owned(), vec![answer])),
        }
    }
    keys
}

/// A response sheet: a row per (learner, version, answers).
fn sheet(rows: &[(String, String, Vec<String>)]) -> String {
    let count = rows.first().map_or(0, |row| row.2.len());
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header: Vec<String> = ["learner".to_owned(), "version".to_owned()]
        .into_iter()
        .chain((1..=count).map(|n| n.to_string()))
        .collect();
    writer.write_record(&header).unwrap();
    for (learner, version, answers) in rows {
        let mut record = vec![learner.clone(), version.clone()];
        record.extend(answers.iter().cloned());
        writer.write_record(&record).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// Every report kind in every format, and the item analysis of one exam,
/// as (what, output).
fn reports(store: &str, exam_id: &str) -> Vec<(String, String)> {
    let mut all = Vec::new();
    for kind in ["attempts", "learners", "items"] {
        for format in ["csv", "json", "md", "html"] {
            all.push((
                format!("report {kind} --format {format}"),
                succeed(&["report", kind, "--format", format], store, ""),
            ));
        }
    }
    for format in ["csv", "json", "md", "html"] {
        all.push((
            format!("report items --exam --format {format}"),
            succeed(
                &["report", "items", "--exam", exam_id, "--format", format],
                store,
                "",
            ),
        ));
    }
    all
}

/// Reports and the history of ana and ben.
fn reports_and_history(store: &str, exam_id: &str) -> Vec<(String, String)> {
    let mut all = reports(store, exam_id);
    for learner in ["ana", "ben"] {
        all.push((
            format!("history {learner}"),
            succeed(&["history", "--learner", learner, "--format", "json"], store, ""),
        ));
    }
    all
}

/// What a course does with its records, run against `store`: two piped
/// quizzes, a graded exam sheet and its corrected regrade, history,
/// progress and every report. Returns each command's output, labelled.
fn course_work(store: &str, exam: &Path, exam_id: &str) -> Vec<(String, String)> {
    let mut outputs = Vec::new();
    let quizzes = root().join("quizzes").display().to_string();
    outputs.push((
        "take ana".to_owned(),
        succeed(
            &["take", "--learner", "ana", "--seed", "42", "--count", "6"],
            store,
            "A\nB\nX\nC\n\nT\nA,B\n",
        ),
    ));
    outputs.push((
        "take ben".to_owned(),
        succeed(
            &[
                "take",
                "--learner",
                "Ben",
                "--seed",
                "7",
                "--count",
                "5",
                "--mode",
                "exam",
            ],
            store,
            "B\nA\nF\n",
        ),
    ));
    let keys = keys(exam);
    let right = |v: usize| keys[v].1.clone();
    let blank = vec![String::new(); keys[0].1.len()];
    let half = |v: usize| -> Vec<String> {
        keys[v]
            .1
            .iter()
            .enumerate()
            .map(|(i, k)| if i % 2 == 0 { k.clone() } else { String::new() })
            .collect()
    };
    let version = |v: usize| keys[v].0.clone();
    let first = sheet(&[
        ("ana".to_owned(), version(0), right(0)),
        ("ben".to_owned(), version(1), half(1)),
        ("cleo".to_owned(), version(2), blank.clone()),
        // Half of dan's marks were misread: corrected below.
        ("dan".to_owned(), version(0), half(0)),
    ]);
    let corrected = sheet(&[
        ("ana".to_owned(), version(0), right(0)),
        ("ben".to_owned(), version(1), right(1)),
        ("cleo".to_owned(), version(2), blank),
        ("dan".to_owned(), version(0), right(0)),
    ]);
    let sheets = tempfile::tempdir().unwrap();
    for (name, content) in [("first.csv", first), ("corrected.csv", corrected)] {
        let file = sheets.path().join(name);
        fs::write(&file, content).unwrap();
        let args = ["exam", "grade", exam.to_str().unwrap(), file.to_str().unwrap()];
        outputs.push((format!("exam grade {name}"), succeed(&args, store, "")));
    }
    for learner in ["ana", "ben"] {
        outputs.push((
            format!("progress {learner}"),
            succeed(&["progress", "--learner", learner, &quizzes], store, ""),
        ));
        outputs.push((
            format!("progress {learner} --format json"),
            succeed(
                &["progress", "--learner", learner, "--format", "json", &quizzes],
                store,
                "",
            ),
        ));
    }
    outputs.extend(reports_and_history(store, exam_id));
    outputs
}

/// Report columns the clock fills: how long an attempt or an answer took.
const CLOCK_COLUMNS: [&str; 6] = [
    "duration_secs",
    "mean_answer_secs",
    "time",
    "time (s)",
    "mean time",
    "mean time (s)",
];

/// `output` with what differs between two stores doing the same work
/// masked: the store's name, and what the clock gives (the times of day, and
/// how long a piped quiz and its answers took), which no two runs share.
fn masked(output: &str, store: &str) -> String {
    let output = output.replace(store, "<store>");
    let time =
        Regex::new(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}| UTC)?").unwrap();
    let output = time.replace_all(&output, "<time>");
    let secs = Regex::new(r#""(duration_secs|mean_answer_secs|answer_secs)": [0-9.e-]+"#).unwrap();
    let output = secs.replace_all(&output, "\"$1\": <secs>");
    clock_cells_masked(&output)
}

/// The cells of [`CLOCK_COLUMNS`] masked, in a CSV, Markdown or HTML table.
fn clock_cells_masked(output: &str) -> String {
    let is_clock = |name: &str| CLOCK_COLUMNS.contains(&name.trim());
    let first = output.lines().next().unwrap_or("");
    if first.contains(',') && first.split(',').any(is_clock) {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(output.as_bytes());
        let mut writer = csv::Writer::from_writer(Vec::new());
        let clock: Vec<bool> = first.split(',').map(is_clock).collect();
        for (row, record) in reader.records().enumerate() {
            let record = record.unwrap();
            let cells = record.iter().enumerate().map(|(i, cell)| {
                if row > 0 && clock.get(i) == Some(&true) {
                    "<secs>"
                } else {
                    cell
                }
            });
            writer.write_record(cells).unwrap();
        }
        return String::from_utf8(writer.into_inner().unwrap()).unwrap();
    }
    let mut clock: Vec<bool> = Vec::new();
    let lines: Vec<&str> = output.lines().collect();
    let mut masked = String::new();
    for (n, line) in lines.iter().enumerate() {
        if line.starts_with("| ") {
            let cells: Vec<&str> = line.split('|').collect();
            if lines
                .get(n + 1)
                .is_some_and(|next| next.starts_with("|---") || next.starts_with("|:"))
            {
                clock = cells.iter().map(|cell| is_clock(cell)).collect();
            } else {
                let cells: Vec<&str> = cells
                    .iter()
                    .enumerate()
                    .map(|(i, cell)| {
                        if clock.get(i) == Some(&true) {
                            " <secs> "
                        } else {
                            cell
                        }
                    })
                    .collect();
                masked.push_str(&cells.join("|"));
                masked.push('\n');
                continue;
            }
        }
        masked.push_str(line);
        masked.push('\n');
    }
    let row = Regex::new(r"(?s)<tr>(.*?)</tr>").unwrap();
    let cell = Regex::new(r"(?s)<t([hd])[^>]*>(.*?)</t[hd]>").unwrap();
    let mut clock: Vec<bool> = Vec::new();
    row.replace_all(&masked, |row: &regex::Captures<'_>| {
        let cells: Vec<regex::Captures<'_>> = cell.captures_iter(&row[1]).collect();
        if cells.first().is_some_and(|c| &c[1] == "h") {
            clock = cells.iter().map(|c| is_clock(&c[2])).collect();
            return row[0].to_owned();
        }
        let cells: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if clock.get(i) == Some(&true) {
                    "<td><secs></td>".to_owned()
                } else {
                    c[0].to_owned()
                }
            })
            .collect();
        format!("<tr>{}</tr>", cells.concat())
    })
    .into_owned()
}

/// `output` without attempt ids (the first column of the attempts report,
/// `"id"` in JSON): PostgreSQL never hands out again the ids a transaction
/// took before it was rolled back, so after an interrupted grade the same
/// learners get higher ids than on a clean run.
fn without_attempt_ids(output: &str) -> String {
    let ids = [
        (r"(?m)^\d+,", "<id>,"),
        (r#""id": \d+"#, r#""id": <id>"#),
        (r"(?m)^\| \d+ \|", "| <id> |"),
        (r#"<tr><td class="n">\d+</td>"#, r#"<tr><td class="n"><id></td>"#),
    ];
    ids.iter().fold(output.to_owned(), |output, (id, mask)| {
        Regex::new(id).unwrap().replace_all(&output, *mask).into_owned()
    })
}

fn assert_same(
    sqlite: &[(String, String)],
    postgres: &[(String, String)],
    masks: impl Fn(&str, usize) -> String,
) {
    assert_eq!(sqlite.len(), postgres.len());
    for ((what, left), (_, right)) in sqlite.iter().zip(postgres) {
        let (left, right) = (masks(left, 0), masks(right, 1));
        if left != right {
            let line = left
                .lines()
                .zip(right.lines())
                .position(|(l, r)| l != r)
                .unwrap_or(0);
            panic!(
                "`{what}` differs at line {}:\nSQLite:     {:?}\nPostgreSQL: {:?}",
                line + 1,
                left.lines().nth(line),
                right.lines().nth(line)
            );
        }
    }
}

#[test]
fn the_same_work_on_sqlite_and_on_postgresql_prints_the_same() {
    let Some(server) = server() else { return };
    let database = Database::create(&server, "same");
    let dir = tempfile::tempdir().unwrap();
    let (exam, exam_id) = generate_exam(dir.path(), 3, 8);
    let sqlite = dir.path().join("progress.sqlite3").display().to_string();
    let on_sqlite = course_work(&sqlite, &exam, &exam_id);
    let on_postgres = course_work(&database.url, &exam, &exam_id);
    let stores = [sqlite.as_str(), database.url.as_str()];
    assert_same(&on_sqlite, &on_postgres, |output, side| {
        masked(output, stores[side])
    });
    // The work did happen: the regrade moved two learners' grades aside.
    let regrade = &on_postgres
        .iter()
        .find(|(what, _)| what == "exam grade corrected.csv")
        .unwrap()
        .1;
    assert!(regrade.contains("0 new, 2 regraded, 2 unchanged"), "{regrade}");
    assert_eq!(database.count("SELECT count(*) FROM regrades"), 2);
}

/// The table a `store copy` prints, from the line `table … check` on.
fn copy_table(output: &str) -> &str {
    &output[output.find("table ").expect("the copy prints its table")..]
}

#[test]
fn store_copy_sqlite_to_postgresql_to_sqlite_keeps_every_report_and_adds_nothing_twice() {
    let Some(server) = server() else { return };
    let database = Database::create(&server, "copy");
    let dir = tempfile::tempdir().unwrap();
    let (exam, exam_id) = generate_exam(dir.path(), 3, 8);
    let original = dir.path().join("original.sqlite3").display().to_string();
    course_work(&original, &exam, &exam_id);
    let back = dir.path().join("back.sqlite3").display().to_string();

    let copy = |from: &str, to: &str| {
        let output = aidquiz()
            .args(["store", "copy", "--from", from, "--to", to])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
        stdout_of(&output)
    };
    let first = copy(&original, &database.url);
    assert!(first.contains("Every table matches: "), "{first}");
    assert!(!first.contains("DIFFERENT"), "{first}");
    assert!(
        !first.contains("Every table matches: 0 of"),
        "the first copy added rows:\n{first}"
    );
    let again = copy(&original, &database.url);
    let rows: usize = copy_table(&first)
        .lines()
        .skip(1)
        .filter_map(|line| line.split_whitespace().nth(1)?.parse::<usize>().ok())
        .sum();
    assert!(rows > 50, "{first}");
    assert!(
        again.contains(&format!("Every table matches: 0 of {rows} rows added")),
        "{again}"
    );
    // Both copies end with the same counts and checksums.
    let without_added = |table: &str| -> Vec<String> {
        table
            .lines()
            .take_while(|line| !line.starts_with("Every"))
            .map(|line| {
                let mut cells: Vec<&str> = line.split_whitespace().collect();
                cells.remove(2);
                cells.join(" ")
            })
            .collect()
    };
    assert_eq!(
        without_added(copy_table(&first)),
        without_added(copy_table(&again))
    );

    let out = copy(&database.url, &back);
    assert!(
        out.contains(&format!("Every table matches: {rows} of {rows} rows added")),
        "{out}"
    );

    // The same records: every report byte for byte, times included.
    let on_original = reports_and_history(&original, &exam_id);
    for store in [&database.url, &back] {
        let copied = reports_and_history(store, &exam_id);
        let names = [original.as_str(), store.as_str()];
        assert_same(&on_original, &copied, |output, side| {
            output.replace(names[side], "<store>")
        });
    }
}

#[test]
fn store_copy_into_a_store_with_other_records_exits_1_and_names_the_tables() {
    let Some(server) = server() else { return };
    let database = Database::create(&server, "other");
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("original.sqlite3").display().to_string();
    let quiz = ["take", "--learner", "ana", "--seed", "3", "--count", "2"];
    succeed(&quiz, &original, "A\nB\n");
    let quiz = ["take", "--learner", "zed", "--seed", "4", "--count", "3"];
    succeed(&quiz, &database.url, "B\nA\nA\n");
    let other_sqlite = dir.path().join("other.sqlite3").display().to_string();
    succeed(&quiz, &other_sqlite, "B\nA\nA\n");

    for (from, to) in [(&original, &database.url), (&database.url, &other_sqlite)] {
        let output = aidquiz()
            .args(["store", "copy", "--from", from, "--to", to])
            .output()
            .unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(1), "{from} → {to}: {stderr}");
        assert!(
            stderr.contains("the target differs from the source in attempts"),
            "{stderr}"
        );
        assert!(stdout_of(&output).contains("DIFFERENT"), "{}", stdout_of(&output));
    }
}

/// A NUL in a SQLite store's text (older builds saved one from a sheet or
/// a browser form) cannot go into PostgreSQL: the copy stops at that row,
/// naming the table, the row's key and the column, and once the value is
/// written again the copy completes.
#[test]
fn store_copy_names_a_value_holding_a_nul_and_completes_once_it_is_fixed() {
    let Some(server) = server() else { return };
    let database = Database::create(&server, "nul");
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("old.sqlite3");
    let quiz = ["take", "--learner", "ana", "--seed", "3", "--count", "2"];
    succeed(&quiz, &sqlite.display().to_string(), "A\nB\n");
    let set_response = |text: &str| {
        let changed = rusqlite::Connection::open(&sqlite)
            .unwrap()
            .execute("UPDATE responses SET response = ?1 WHERE position = 1", [text])
            .unwrap();
        assert_eq!(changed, 1);
    };
    set_response("B\u{0}");
    let copy = || {
        aidquiz()
            .args(["store", "copy", "--from"])
            .arg(&sqlite)
            .args(["--to", &database.url])
            .output()
            .unwrap()
    };
    let output = copy();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        Regex::new(r"`responses` \(attempt_id \d+, position 1\), column `response`, holds a NUL character")
            .unwrap()
            .is_match(&stderr),
        "{stderr}"
    );
    assert_eq!(
        database.count("SELECT count(*) FROM responses"),
        0,
        "nothing of the table was copied"
    );
    set_response("B");
    let output = copy();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(database.count("SELECT count(*) FROM responses"), 2);
}

/// Every command that opens a store, as (name, arguments, stdin).
fn commands(dir: &Path) -> Vec<(&'static str, Vec<String>, &'static str)> {
    let three = crate::fixture("take/three.toml").display().to_string();
    let (exam, _) = generate_exam(dir, 1, 3);
    let sheet = dir.join("sheet.csv");
    let key = &keys(&exam)[0];
    fs::write(
        &sheet,
        self::sheet(&[("ana".to_owned(), key.0.clone(), key.1.clone())]),
    )
    .unwrap();
    let strings = |args: &[&str]| args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
    vec![
        (
            "take",
            strings(&["take", "--learner", "ben", "--count", "1", &three]),
            "A\n",
        ),
        ("study", strings(&["study", "--learner", "ben", &three]), "A\n"),
        ("history", strings(&["history", "--learner", "ana"]), ""),
        ("progress", strings(&["progress", "--learner", "ana", &three]), ""),
        ("report", strings(&["report", "--format", "csv"]), ""),
        (
            "exam grade",
            strings(&["exam", "grade", exam.to_str().unwrap(), sheet.to_str().unwrap()]),
            "",
        ),
    ]
}

/// Runs every command against `store` and checks each exits 1 with
/// `says` in its message, and that the database is as it was (`state`).
fn every_command_refuses<T: PartialEq + std::fmt::Debug>(store: &str, says: &str, state: impl Fn() -> T) {
    let dir = tempfile::tempdir().unwrap();
    let before = state();
    let mut commands = commands(dir.path());
    let elsewhere = dir.path().join("elsewhere.sqlite3").display().to_string();
    succeed(&["take", "--learner", "eve", "--count", "1"], &elsewhere, "A\n");
    commands.push((
        "store copy --to",
        vec!["store".into(), "copy".into(), "--from".into(), elsewhere],
        "",
    ));
    for (name, args, stdin) in commands {
        let mut command = aidquiz();
        command.args(&args);
        if name == "store copy --to" {
            command.args(["--to", store]);
        } else {
            command.args(["--store", store]);
        }
        let output = command.write_stdin(stdin).output().unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.contains(says), "{name}: {stderr}");
        assert_eq!(state(), before, "{name} changed the database");
    }
}

#[test]
fn a_database_holding_another_programs_table_is_refused_and_left_untouched() {
    let Some(server) = server() else { return };
    let database = Database::create(&server, "foreign");
    database
        .client()
        .batch_execute("CREATE TABLE foo (x int); INSERT INTO foo VALUES (7)")
        .unwrap();
    every_command_refuses(&database.url, "is not an aidquiz progress store", || {
        (database.tables(), database.count("SELECT sum(x) FROM foo"))
    });
    assert_eq!(database.tables(), ["public.foo"]);
}

#[test]
fn a_postgresql_store_of_a_newer_aidquiz_is_refused_as_too_new_and_left_untouched() {
    let Some(server) = server() else { return };
    let database = Database::create(&server, "newer");
    succeed(
        &["take", "--learner", "ana", "--seed", "1", "--count", "2"],
        &database.url,
        "A\nB\n",
    );
    database
        .client()
        .batch_execute("UPDATE aidquiz_schema SET version = 99")
        .unwrap();
    every_command_refuses(&database.url, "was written by a newer aidquiz: schema 99", || {
        (
            database.tables(),
            database.count("SELECT max(version)::bigint FROM aidquiz_schema"),
            database.count("SELECT count(*) FROM attempts"),
            database.count("SELECT count(*) FROM responses"),
        )
    });
}

/// Issue #14: a store from before an exam's title and version had columns
/// of their own (SQLite's schema 11, PostgreSQL's 1) with graded exams,
/// a regrade and quizzes in it is upgraded by the first command, which
/// fills the columns from the selections; every report stays byte for byte.
#[test]
fn a_store_from_before_the_exam_columns_is_upgraded_and_every_report_stays_the_same() {
    let Some(server) = server() else { return };
    let database = Database::create(&server, "exam_columns");
    let dir = tempfile::tempdir().unwrap();
    let (exam, exam_id) = generate_exam(dir.path(), 3, 8);
    let sqlite = dir.path().join("progress.sqlite3").display().to_string();
    let downgrades = [
        (
            sqlite.as_str(),
            "upgrading the progress store <store> from schema 11 to",
        ),
        (database.url.as_str(), "from schema 1 to 2"),
    ];
    let titled = Regex::new(r",First-aid exam,[ABC],exam,").unwrap();
    for (store, note) in downgrades {
        course_work(store, &exam, &exam_id);
        let before = reports(store, &exam_id);
        // The exam's title and a version letter are in the reports.
        let attempts_csv = &before[0].1;
        assert!(titled.is_match(attempts_csv), "{attempts_csv}");
        if store == sqlite {
            rusqlite::Connection::open(store)
                .unwrap()
                .execute_batch(
                    "ALTER TABLE attempts DROP COLUMN exam_title; \
                     ALTER TABLE attempts DROP COLUMN exam_version; PRAGMA user_version = 11;",
                )
                .unwrap();
        } else {
            database
                .client()
                .batch_execute(
                    "ALTER TABLE attempts DROP COLUMN exam_title, DROP COLUMN exam_version; \
                     UPDATE aidquiz_schema SET version = 1",
                )
                .unwrap();
        }
        let upgraded = run(&["report", "attempts", "--format", "csv"], store, "");
        assert!(upgraded.status.success(), "{}", stderr_of(&upgraded));
        let said = stderr_of(&upgraded).replace(store, "<store>");
        assert!(said.contains(note), "{said}");
        assert_eq!(stdout_of(&upgraded), before[0].1);
        let after = reports(store, &exam_id);
        assert_same(&before, &after, |output, _| output.to_owned());
    }
    // Only the exams' rows were filled: 4 learners of the sheet, 1 quiz
    // taken in exam mode and 1 in study mode without.
    assert_eq!(
        database.count(
            "SELECT count(*) FROM attempts WHERE exam_title = 'First-aid exam' AND exam_version IS NOT NULL"
        ),
        4
    );
    assert_eq!(
        database.count("SELECT count(*) FROM attempts WHERE exam_id IS NULL AND exam_title IS NULL AND exam_version IS NULL"),
        2
    );
}

/// A loopback port nothing listens on: one the system just handed out and
/// that was closed again.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn an_unreachable_server_ends_every_command_with_exit_1_and_says_so() {
    // No server needed: a socket folder with no server in it, and a closed port.
    let empty = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let urls = [
        format!("postgres://aidquiz@/aidquiz?host={}", empty.path().display()),
        format!("postgres://aidquiz@127.0.0.1:{}/aidquiz", closed_port()),
    ];
    let commands = commands(dir.path());
    for url in &urls {
        for (name, args, stdin) in &commands {
            let output = aidquiz()
                .args(args)
                .args(["--store", url])
                .write_stdin(*stdin)
                .output()
                .unwrap();
            let stderr = stderr_of(&output);
            assert_eq!(output.status.code(), Some(1), "{name} on {url}: {stderr}");
            assert!(
                stderr.contains(&format!("cannot reach the PostgreSQL store {url}")),
                "{name}: {stderr}"
            );
            assert!(
                stderr.contains("check the server and the URL"),
                "{name}: {stderr}"
            );
        }
    }
}

#[test]
fn a_missing_database_is_named_with_how_to_make_it() {
    let Some(server) = server() else { return };
    let url = with_database(&server, "aidquiz_no_such_database");
    let output = run(&["history", "--learner", "ana"], &url, "");
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("database \"aidquiz_no_such_database\" does not exist; create it first"),
        "{stderr}"
    );
}

/// `url` with `user:password@` in place of its user.
fn with_password(url: &str, user: &str, password: &str) -> String {
    let scheme_end = url.find("://").unwrap() + 3;
    let at = url[scheme_end..]
        .find('@')
        .map_or(scheme_end, |i| scheme_end + i + 1);
    format!("{}{user}:{password}@{}", &url[..scheme_end], &url[at..])
}

/// A URL the driver cannot read says which part, not only "invalid
/// connection string" (no server is needed to find out).
#[test]
fn a_url_that_cannot_be_read_names_the_part_that_is_wrong() {
    for (url, part) in [
        (
            "postgres://ann:s3cret@localhost:notaport/x",
            "invalid value for option `port`",
        ),
        (
            "postgres://ann@localhost/x?connect_timeout=abc",
            "invalid value for option `connect_timeout`",
        ),
        ("postgres://ann@localhost/x?bogus=1", "unknown option `bogus`"),
    ] {
        let output = aidquiz()
            .args(["history", "--learner", "ana", "--store", url])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{url}");
        let stderr = stderr_of(&output);
        assert!(
            stderr.contains(&format!("invalid connection string: {part}")),
            "{url}: {stderr}"
        );
        assert!(!stderr.contains("s3cret"), "{stderr}");
    }
}

#[test]
fn a_password_in_the_url_never_appears_in_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let closed = format!("postgres://aidquiz:s3cret@127.0.0.1:{}/aidquiz", closed_port());
    let in_query = format!(
        "postgres://aidquiz@127.0.0.1:{}/aidquiz?password=s3cret",
        closed_port()
    );
    // Unencoded, a `/` or `?` in a password once showed the whole URL.
    let slashed = format!(
        "postgres://aidquiz:s3cret/x?y@127.0.0.1:{}/aidquiz",
        closed_port()
    );
    let commands = commands(dir.path());
    for url in [&closed, &in_query, &slashed] {
        for (name, args, stdin) in &commands {
            let output = aidquiz()
                .args(args)
                .args(["--store", url])
                .write_stdin(*stdin)
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(1), "{name}");
            let all = stdout_of(&output) + &stderr_of(&output);
            assert!(!all.contains("s3cret"), "{name} printed the password: {all}");
            assert!(all.contains("postgres://aidquiz@127.0.0.1:"), "{name}: {all}");
        }
        let output = aidquiz()
            .args(["store", "copy", "--from", url, "--to"])
            .arg(dir.path().join("to.sqlite3"))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        assert!(!(stdout_of(&output) + &stderr_of(&output)).contains("s3cret"));
    }
    for args in [
        &["--help"][..],
        &["take", "--help"],
        &["report", "--help"],
        &["store", "copy", "--help"],
    ] {
        let output = aidquiz()
            .args(args)
            .env("AIDQUIZ_STORE", &closed)
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}");
        let all = stdout_of(&output) + &stderr_of(&output);
        assert!(!all.contains("s3cret"), "{args:?} printed the password: {all}");
    }
}

#[test]
fn a_wrong_password_is_refused_with_a_clear_message_that_does_not_show_it() {
    if server().is_none() {
        return;
    }
    let own = OwnServer::start();
    let mut admin = connect(&own.url);
    admin
        .batch_execute(
            "CREATE ROLE guarded LOGIN PASSWORD 'right-one'; ALTER DATABASE aidquiz OWNER TO guarded",
        )
        .unwrap();
    // Only `guarded` needs a password; the rest stays on trust.
    let hba = own.dir.join("data/pg_hba.conf");
    let rules = fs::read_to_string(&hba).unwrap();
    fs::write(&hba, format!("local all guarded scram-sha-256\n{rules}")).unwrap();
    admin.batch_execute("SELECT pg_reload_conf()").unwrap();

    let wrong = with_password(&own.url, "guarded", "s3cret");
    let output = run(&["history", "--learner", "ana"], &wrong, "");
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("s3cret"), "{stderr}");
    assert!(
        stderr.contains("the server refused the user name or password"),
        "{stderr}"
    );
    assert!(stderr.contains("postgres://guarded@/aidquiz"), "{stderr}");

    // The right password works, and is not printed either.
    let right = with_password(&own.url, "guarded", "right-one");
    let output = run(&["take", "--learner", "ana", "--count", "1"], &right, "A\n");
    let all = stdout_of(&output) + &stderr_of(&output);
    assert!(output.status.success(), "{all}");
    assert!(!all.contains("right-one"), "{all}");
}

#[test]
fn postgresql_stopped_in_the_middle_of_a_grade_keeps_whole_learners_and_a_rerun_completes() {
    if server().is_none() {
        return;
    }
    const LEARNERS: usize = 1000;
    let dir = tempfile::tempdir().unwrap();
    let (exam, exam_id) = generate_exam(dir.path(), 2, 20);
    let keys = keys(&exam);
    let rows: Vec<(String, String, Vec<String>)> = (0..LEARNERS)
        .map(|n| {
            let (version, key) = &keys[n % 2];
            // Learner n leaves question q blank when q divides n: scores differ.
            let answers = key
                .iter()
                .enumerate()
                .map(|(q, k)| {
                    if n % (q + 2) == 0 {
                        String::new()
                    } else {
                        k.clone()
                    }
                })
                .collect();
            (format!("learner-{n:04}"), version.clone(), answers)
        })
        .collect();
    let sheet_file = dir.path().join("sheet.csv");
    fs::write(&sheet_file, sheet(&rows)).unwrap();
    let grade = |store: &str| {
        aidquiz()
            .args([
                "exam",
                "grade",
                exam.to_str().unwrap(),
                sheet_file.to_str().unwrap(),
                "--store",
                store,
            ])
            .output()
            .unwrap()
    };

    // A clean run, on a SQLite file, for what the store should end up as.
    let clean = dir.path().join("clean.sqlite3").display().to_string();
    assert!(grade(&clean).status.success());

    let own = OwnServer::start();
    let url = own.url.clone();
    // `.ci/postgres` turns synchronous_commit off (its data is thrown away):
    // a server stopped at once would then lose commits it had confirmed.
    // The role's own setting outranks the server's command line.
    connect(&url)
        .batch_execute("ALTER ROLE aidquiz SET synchronous_commit = on")
        .unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_aidquiz"))
        .args([
            "exam",
            "grade",
            exam.to_str().unwrap(),
            sheet_file.to_str().unwrap(),
            "--store",
            &url,
        ])
        .env("NO_COLOR", "1")
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Stop the server once the first batch of learners is saved and before
    // the last: the watcher then takes the store's write lock (the advisory
    // lock every writer takes first, WRITE_LOCK in src/store/db/postgres.rs),
    // so the grade waits inside its next transaction, whatever the speed of
    // the machine, until the server goes down under it.
    let mut watcher = connect(&url);
    loop {
        let saved: i64 = watcher
            .query_one(
                "SELECT CASE WHEN to_regclass('attempts') IS NULL THEN 0 \
                 ELSE (SELECT count(*) FROM attempts) END",
                &[],
            )
            .map_or(0, |row| row.get(0));
        if saved > 0 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the grade ended before the first batch was seen"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    watcher
        .batch_execute("SELECT pg_advisory_lock(1095323985)")
        .unwrap();
    assert!(
        child.try_wait().unwrap().is_none(),
        "the grade ended before the server could be stopped"
    );
    own.stop_immediately();
    drop(watcher);
    let output = child.wait_with_output().unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the grade must fail when its server stops (it ended first if this is 0): {stderr}"
    );
    assert!(stderr.contains("postgres://aidquiz@/aidquiz"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    own.restart();
    let saved = count(&url, "SELECT count(*) FROM attempts");
    assert!(saved > 0 && saved < LEARNERS as i64, "{saved} learners saved");
    // Whole learners only: every attempt has all its responses, topics and
    // reviews, as many as the same learner has after the clean run.
    let per_attempt = "SELECT count(*) FROM attempts a WHERE \
        (SELECT count(*) FROM responses r WHERE r.attempt_id = a.id) <> 20 \
        OR (SELECT count(*) FROM attempt_topics t WHERE t.attempt_id = a.id) = 0";
    assert_eq!(count(&url, per_attempt), 0);
    let clean_reviews: std::collections::HashMap<String, i64> = {
        let conn = rusqlite::Connection::open(&clean).unwrap();
        let mut statement = conn
            .prepare("SELECT learner, count(*) FROM reviews GROUP BY learner")
            .unwrap();
        statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    for row in connect(&url)
        .query(
            "SELECT a.learner, (SELECT count(*) FROM reviews r WHERE r.attempt_id = a.id) FROM attempts a",
            &[],
        )
        .unwrap()
    {
        let learner: String = row.get(0);
        let reviews: i64 = row.get(1);
        // A learner who left every question blank has no review.
        let expected = clean_reviews.get(&learner).copied().unwrap_or(0);
        assert_eq!(reviews, expected, "{learner}'s reviews");
    }
    assert_eq!(
        count(
            &url,
            "SELECT count(*) FROM reviews WHERE attempt_id NOT IN (SELECT id FROM attempts)"
        ),
        0
    );

    let rerun = grade(&url);
    let stdout = stdout_of(&rerun);
    assert!(rerun.status.success(), "{}", stderr_of(&rerun));
    assert!(
        stdout.contains(&format!(
            "graded {LEARNERS} learners: {} new, 0 regraded, {saved} unchanged",
            LEARNERS as i64 - saved
        )),
        "{stdout}"
    );
    let on_clean = reports(&clean, &exam_id);
    let on_rerun = reports(&url, &exam_id);
    let stores = [clean.as_str(), url.as_str()];
    assert_same(&on_clean, &on_rerun, |output, side| {
        without_attempt_ids(&masked(output, stores[side]))
    });
}

#[test]
fn the_clock_masks_hide_times_and_durations_and_nothing_else() {
    let csv = "id,learner,started_at,duration_secs,score\n1,ana,2026-11-30T12:52:21+00:00,0.2,5\n";
    assert_eq!(
        masked(csv, "unused"),
        "id,learner,started_at,duration_secs,score\n1,ana,<time>,<secs>,5\n"
    );
    let md = "| id | learner | time | score |\n|---|---|---:|---:|\n| 1 | ana | 3s | 4 / 5 |\n";
    assert_eq!(
        masked(md, "unused"),
        "| id | learner | time | score |\n|---|---|---:|---:|\n| 1 | ana | <secs> | 4 / 5 |\n"
    );
    let html = r#"<tr><th>learner</th><th class="n">time (s)</th><th class="n">score</th></tr><tr><td>ana</td><td class="n">3</td><td class="n">4</td></tr>"#;
    assert_eq!(
        masked(html, "unused"),
        r#"<tr><th>learner</th><th class="n">time (s)</th><th class="n">score</th></tr><tr><td>ana</td><td><secs></td><td class="n">4</td></tr>"#.to_owned() + "\n"
    );
    assert_eq!(
        masked(
            r#"{"started_at": "2026-11-30 12:52 UTC", "duration_secs": 0.021, "score": 5}"#,
            "x"
        ),
        r#"{"started_at": "<time>", "duration_secs": <secs>, "score": 5}"#.to_owned() + "\n"
    );
    assert_eq!(
        without_attempt_ids("12,ana\n| 12 | ana |\n"),
        "<id>,ana\n| <id> | ana |\n"
    );
}
