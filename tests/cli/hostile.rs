//! Hostile files, outputs and signals (issue 18): symbolic links and full
//! disks at output paths, special files and loops as inputs, control
//! characters, quadratic shapes, killed quizzes and closed pipes.

use std::fs;
use std::path::{Path, PathBuf};

use crate::{aidquiz, stderr_of};

/// The commands that write a file at `out`, each with `--force` so an
/// existing path there is replaced.
fn writers(out: &Path) -> Vec<(&'static str, Vec<String>)> {
    let out = out.display().to_string();
    let interop = crate::fixture("interop/constructs.gift").display().to_string();
    vec![
        (
            "export",
            ["export", "quizzes", "--to", "gift", "--force", "--out", &out]
                .map(str::to_owned)
                .to_vec(),
        ),
        (
            "import",
            ["import", &interop, "--topic", "cpr", "--force", "--out", &out]
                .map(str::to_owned)
                .to_vec(),
        ),
    ]
}

#[cfg(unix)]
#[test]
fn force_replaces_a_symbolic_link_at_the_output_and_never_writes_through_it() {
    for (name, args) in writers(Path::new("OUT")) {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let victim = outside.path().join("victim.txt");
        fs::write(&victim, "not yours").unwrap();
        let out = dir.path().join("out.file");
        std::os::unix::fs::symlink(&victim, &out).unwrap();
        let args: Vec<String> = args
            .into_iter()
            .map(|a| if a == "OUT" { out.display().to_string() } else { a })
            .collect();
        let output = aidquiz().args(&args).output().unwrap();
        assert!(output.status.success(), "{name}: {}", stderr_of(&output));
        assert_eq!(fs::read_to_string(&victim).unwrap(), "not yours", "{name}");
        let meta = fs::symlink_metadata(&out).unwrap();
        assert!(meta.is_file(), "{name}: {meta:?}");
        assert!(!fs::read_to_string(&out).unwrap().is_empty(), "{name}");
    }
}

#[cfg(unix)]
#[test]
fn exam_generate_force_replaces_links_in_the_folder_without_following_them() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.toml");
    fs::write(&victim, "not yours").unwrap();
    let exam = dir.path().join("exam");
    fs::create_dir(&exam).unwrap();
    std::os::unix::fs::symlink(&victim, exam.join("exam.toml")).unwrap();
    std::os::unix::fs::symlink(&victim, exam.join("key.csv")).unwrap();
    let output = aidquiz()
        .args(["exam", "generate", "quizzes", "--count", "4", "--force", "--out"])
        .arg(&exam)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "not yours");
    for name in ["exam.toml", "key.csv"] {
        assert!(fs::symlink_metadata(exam.join(name)).unwrap().is_file(), "{name}");
    }
}

#[cfg(unix)]
#[test]
fn report_out_replaces_a_symbolic_link_without_following_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("progress.sqlite3");
    piped_quiz(&store, "ana");
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, "not yours").unwrap();
    let out = dir.path().join("report.csv");
    std::os::unix::fs::symlink(&victim, &out).unwrap();
    let output = aidquiz()
        .args(["report", "--format", "csv", "--out"])
        .arg(&out)
        .arg("--store")
        .arg(&store)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "not yours");
    assert!(fs::symlink_metadata(&out).unwrap().is_file());
}

/// `aidquiz ARGS` with the files it may write capped at `blocks` × 512
/// bytes, the way a full disk stops a write (EFBIG instead of ENOSPC; the
/// signal that would kill the process is ignored, as a full disk sends none).
#[cfg(unix)]
fn with_file_size_limit(dir: &Path, blocks: u32, args: &[&str]) -> std::process::Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" \"$@\""))
        .arg(assert_cmd::cargo::cargo_bin("aidquiz"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("AIDQUIZ_STORE")
        .output()
        .unwrap()
}

/// Every file in `dir`, with its size.
fn listing(dir: &Path) -> Vec<(String, u64)> {
    let mut files: Vec<(String, u64)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().unwrap().len(),
            )
        })
        .collect();
    files.sort();
    files
}

#[cfg(unix)]
#[test]
fn a_full_disk_leaves_no_half_written_output() {
    let dir = tempfile::tempdir().unwrap();
    let quizzes = crate::root().join("quizzes").display().to_string();
    let output = with_file_size_limit(
        dir.path(),
        4,
        &["export", &quizzes, "--to", "moodle-xml", "--out", "all.xml"],
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("cannot write all.xml"), "{stderr}");
    assert_eq!(listing(dir.path()), []);

    let output = with_file_size_limit(
        dir.path(),
        4,
        &["exam", "generate", &quizzes, "--count", "30", "--out", "exam"],
    );
    assert_eq!(output.status.code(), Some(1));
    // Whatever was written before the disk filled is whole; exam.toml never
    // fit and is not there at all.
    let files = listing(&dir.path().join("exam"));
    assert!(
        files
            .iter()
            .all(|(name, _)| name != "exam.toml" && !name.ends_with(".partial")),
        "{files:?}"
    );
}

#[test]
fn a_partial_file_left_by_a_killed_run_is_cleaned_up_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let exam = dir.path().join("exam");
    fs::create_dir(&exam).unwrap();
    fs::write(exam.join("exam.toml.partial"), "half").unwrap();
    fs::write(exam.join("version-Z.html.partial"), "half").unwrap();
    // Not refused as a folder in use: only leftovers are in it.
    let output = aidquiz()
        .args(["exam", "generate", "quizzes", "--count", "4", "--out"])
        .arg(&exam)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let files = listing(&exam);
    assert!(
        files.iter().all(|(name, _)| !name.ends_with(".partial")),
        "{files:?}"
    );

    let out = dir.path().join("all.gift");
    fs::write(dir.path().join("all.gift.partial"), "half").unwrap();
    let output = aidquiz()
        .args(["export", "quizzes", "--to", "gift", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(!dir.path().join("all.gift.partial").exists());
}

/// Takes a quiz of one question through a pipe, answering A, as `learner`.
fn piped_quiz(store: &Path, learner: &str) -> std::process::Output {
    let output = aidquiz()
        .args([
            "take",
            "--count",
            "1",
            "--seed",
            "1",
            "--learner",
            learner,
            "--store",
        ])
        .arg(store)
        .write_stdin("A\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    output
}

/// A folder holding one copy of the bundled CPR bank.
fn one_bank_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let bank = fs::read_dir(crate::root().join("quizzes"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "toml"))
        .unwrap();
    fs::copy(&bank, dir.path().join("bank.toml")).unwrap();
    dir
}

/// Two links back to their own folder once made `check` walk 2^40 paths.
#[cfg(unix)]
#[test]
fn symbolic_link_loops_in_a_bank_folder_are_not_followed() {
    let dir = one_bank_folder();
    std::os::unix::fs::symlink(".", dir.path().join("again")).unwrap();
    std::os::unix::fs::symlink("..", {
        fs::create_dir(dir.path().join("sub")).unwrap();
        dir.path().join("sub/up")
    })
    .unwrap();
    let output = aidquiz().arg("check").arg(dir.path()).output().unwrap();
    let stderr = stderr_of(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(
        crate::stdout_of(&output).starts_with("checked 1 bank"),
        "{stderr}"
    );
    for link in ["again", "sub/up"] {
        let note = format!("warning[link-loop]: {} leads to", dir.path().join(link).display());
        assert!(stderr.contains(&note), "{note} in {stderr}");
    }
    assert!(stderr.contains("a folder already read; not followed"), "{stderr}");
}

#[cfg(unix)]
pub(crate) fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

/// A named pipe blocked every reader forever; a device was read until
/// memory ran out. Each is refused, saying what it is.
#[cfg(unix)]
#[test]
fn special_files_are_refused_as_banks_imports_sheets_and_stores() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.toml");
    mkfifo(&fifo);
    let pipe = "is a named pipe (FIFO), not";
    let cases: Vec<(Vec<String>, String)> = vec![
        (
            vec!["check".into(), fifo.display().to_string()],
            format!("{pipe} a bank file"),
        ),
        (
            vec!["check".into(), "/dev/zero".into()],
            "/dev/zero is a device, not a bank file".into(),
        ),
        (
            vec!["check".into(), dir.path().display().to_string()],
            format!("{pipe} a bank file"),
        ),
        (
            vec![
                "import",
                "--from",
                "gift",
                "--topic",
                "cpr",
                &fifo.display().to_string(),
                "--out",
            ]
            .into_iter()
            .map(str::to_owned)
            .chain([dir.path().join("x.toml").display().to_string()])
            .collect(),
            format!("{pipe} a file to import"),
        ),
        (
            vec![
                "history",
                "--learner",
                "ana",
                "--store",
                &fifo.display().to_string(),
            ]
            .into_iter()
            .map(str::to_owned)
            .collect(),
            format!("{pipe} a progress store"),
        ),
        (
            vec!["history", "--learner", "ana", "--store", "/dev/zero"]
                .into_iter()
                .map(str::to_owned)
                .collect(),
            "/dev/zero is a device, not a progress store".into(),
        ),
    ];
    for (args, expected) in cases {
        let output = aidquiz().args(&args).output().unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains(&expected),
            "{args:?}: expected {expected} in\n{stderr}"
        );
    }

    let exam = dir.path().join("exam");
    let output = aidquiz()
        .args(["exam", "generate", "quizzes", "--count", "4", "--out"])
        .arg(&exam)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    for (sheet, expected) in [
        (fifo.clone(), format!("{pipe} a response sheet")),
        (
            dir.path().to_owned(),
            "is a folder, not a response sheet".to_owned(),
        ),
    ] {
        let output = aidquiz()
            .args(["exam", "grade"])
            .arg(&exam)
            .arg(&sheet)
            .arg("--store")
            .arg(dir.path().join("store.sqlite3"))
            .output()
            .unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(&expected), "{expected} in {stderr}");
    }
    // The manifest too: a folder where exam.toml should be.
    fs::remove_file(exam.join("exam.toml")).unwrap();
    fs::create_dir(exam.join("exam.toml")).unwrap();
    let output = aidquiz()
        .args(["exam", "grade"])
        .arg(&exam)
        .arg(&fifo)
        .arg("--store")
        .arg(dir.path().join("store.sqlite3"))
        .output()
        .unwrap();
    assert!(
        stderr_of(&output).contains("exam.toml is a folder, not an exam manifest"),
        "{}",
        stderr_of(&output)
    );
}

#[test]
fn a_bank_file_too_large_to_read_is_refused_with_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    // Sparse: no disk space is used.
    fs::File::create(&big).unwrap().set_len(65 << 20).unwrap();
    let output = aidquiz().arg("check").arg(&big).output().unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("big.toml is larger than 64 MB, too large for a bank file"),
        "{stderr}"
    );
}

/// A bank whose one question has `choices` written on one line.
fn bank_with_choices(dir: &Path, choices: &[String]) -> std::path::PathBuf {
    let quoted: Vec<String> = choices.iter().map(|c| format!("\"{c}\"")).collect();
    let text = format!(
        r#"format_version = 1
id = "hostile"
title = "Hostile"
source = "What Causes Back Spasms: Symptoms And Treatment"

[[questions]]
id = "q-one"
topic = "ice-vs-heat"
difficulty = "easy"
section = "Rest, Cold Therapy, And Heat Therapy"
explanation = "Cold reduces inflammation early on."
type = "single"
prompt = "What first?"
choices = [{}]
answer = "{}"
"#,
        quoted.join(", "),
        choices[0]
    );
    let path = dir.join("hostile.toml");
    fs::write(&path, text).unwrap();
    path
}

/// 2,000 identical choices on one line printed 2,000 diagnostics, each
/// with the whole 10 KB line (30 MB).
#[test]
fn many_problems_on_one_line_are_capped_and_the_long_line_is_not_reprinted() {
    let dir = tempfile::tempdir().unwrap();
    let bank = bank_with_choices(dir.path(), &vec!["a".to_owned(); 2_000]);
    let output = aidquiz().arg("check").arg(&bank).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr_of(&output);
    assert!(stderr.len() < 10_000, "{} bytes of diagnostics", stderr.len());
    assert_eq!(stderr.matches("error[duplicate-choice]").count(), 4, "{stderr}");
    assert!(
        stderr.contains(
            "error[more-on-line]: 1995 more problems on line 14 (not shown), the next a `duplicate-choice`"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("at {}:14:17", bank.display())),
        "{stderr}"
    );

    let json = aidquiz()
        .args(["check", "--format", "json"])
        .arg(&bank)
        .output()
        .unwrap();
    let records: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(records.len(), 6, "{records:?}");
}

/// 200,000 distinct choices took n² compares to find none repeated.
#[test]
fn two_hundred_thousand_distinct_choices_give_one_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let choices: Vec<String> = (0..200_000).map(|n| format!("c{n}")).collect();
    let bank = bank_with_choices(dir.path(), &choices);
    let output = aidquiz()
        .args(["check", "--format", "json"])
        .arg(&bank)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let records: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let codes: Vec<&str> = records.iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["too-many-items"]);
    let text = aidquiz().arg("check").arg(&bank).output().unwrap();
    // The 2 MB line appears as an excerpt, not whole.
    assert!(text.stderr.len() < 2_000, "{}", stderr_of(&text));
}

/// Every element of `text` opens and closes, as an XML parser checks.
fn assert_well_formed(name: &str, text: &str) {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Text(t)) => {
                let t = t.decode().unwrap();
                assert!(
                    !t.chars().any(|c| c.is_control() && !c.is_whitespace()),
                    "{name}: {t:?}"
                );
            }
            Ok(_) => {}
            Err(error) => panic!(
                "{name} does not parse at {}: {error}\n{text}",
                reader.buffer_position()
            ),
        }
    }
}

/// Escaped control characters in a bank are refused with their place.
#[test]
fn control_characters_in_a_bank_are_refused_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let bank = bank_with_choices(
        dir.path(),
        &["Cold \\u001b[31mpack".to_owned(), "Heat\\u0007".to_owned()],
    );
    let output = aidquiz().arg("check").arg(&bank).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("error[control-character]: this text holds the control character U+001B"),
        "{stderr}"
    );
    assert!(stderr.contains("the control character U+0007"), "{stderr}");
    assert!(stderr.contains(&format!("{}:14:12", bank.display())), "{stderr}");
    // Nothing raw reaches the terminal, even quoting the bank.
    assert!(!stderr.contains(['\u{1b}', '\u{7}']), "{stderr:?}");

    // Written raw, a BEL is a syntax error, and the line is shown without it.
    fs::write(&bank, "format_version = 1 # \u{7}\u{1b}[2J\n").unwrap();
    let output = aidquiz().arg("check").arg(&bank).output().unwrap();
    let stderr = stderr_of(&output);
    assert!(stderr.contains("error[syntax]"), "{stderr}");
    assert!(!stderr.contains(['\u{1b}', '\u{7}']), "{stderr:?}");
}

/// (A NUL cannot be passed as an argument; the sheet below has one.)
const HOSTILE_NAME: &str = "ana\u{1b}[31m\u{7}<b>&amp;";

/// A learner name with ESC, BEL and NUL, and bank text with markup: every
/// HTML and XML output parses, and no control character is in any of them.
#[test]
fn hostile_names_and_text_leave_every_html_and_xml_output_well_formed() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("progress.sqlite3");
    let taken = piped_quiz(&store, HOSTILE_NAME);
    assert!(!crate::stdout_of(&taken).contains(['\u{1b}', '\u{7}', '\u{0}']));
    let stored = crate::history(&store, "ana[31m<b>&amp;");
    assert_eq!(stored.len(), 1, "the name is kept without its control characters");

    for kind in ["attempts", "learners"] {
        let output = aidquiz()
            .args(["report", kind, "--format", "html", "--store"])
            .arg(&store)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        assert_well_formed(kind, &crate::stdout_of(&output));
    }

    // An exam whose title and learner are hostile, over a bank with markup.
    let bank = dir.path().join("bank.toml");
    let choices = ["<b>Cold</b> & ice", "]]> Heat", "=1+1", "-x"].map(str::to_owned);
    let bank_text = fs::read_to_string(bank_with_choices(dir.path(), &choices)).unwrap();
    let bank_text = bank_text
        .replace("type = \"single\"", "type = \"single\"\nshuffle = false")
        .replace(
            "prompt = \"What first?\"",
            "prompt = \"What <i>first</i>? & [link](http://x) *now*\"",
        );
    let bank_text = format!(
        "{bank_text}\n[[questions]]\nid = \"q-two\"\ntopic = \"ice-vs-heat\"\ndifficulty = \"easy\"\nsection = \"Rest\"\nexplanation = \"Because.\"\ntype = \"short\"\nprompt = \"Formula?\"\naccept = [\"=HYPERLINK(1)\"]\n"
    );
    fs::write(&bank, bank_text).unwrap();
    let exam = dir.path().join("exam");
    let output = aidquiz()
        .args([
            "exam",
            "generate",
            "--count",
            "2",
            "--title",
            "Final \u{1b}[2J <exam> & \u{7}",
            "--out",
        ])
        .arg(&exam)
        .arg(&bank)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    for name in ["version-A.html", "key-A.html"] {
        assert_well_formed(name, &fs::read_to_string(exam.join(name)).unwrap());
    }
    let paper = fs::read_to_string(exam.join("version-A.md")).unwrap();
    assert!(!paper.contains(['\u{1b}', '\u{7}']), "{paper}");
    assert!(
        paper.contains("What &lt;i&gt;first&lt;/i&gt;? &amp; \\[link\\](http://x) \\*now\\*"),
        "{paper}"
    );
    assert!(paper.contains("&lt;b&gt;Cold&lt;/b&gt; &amp; ice"), "{paper}");
    let key = fs::read_to_string(exam.join("key.csv")).unwrap();
    assert!(key.contains(",'=HYPERLINK(1),"), "{key}");
    assert!(!key.contains(",=") && !key.contains(",-x"), "{key}");

    let sheet = dir.path().join("sheet.csv");
    fs::write(
        &sheet,
        format!("learner,version,1,2\n\"{HOSTILE_NAME}\u{0}\",A,A,A\n"),
    )
    .unwrap();
    let output = aidquiz()
        .args(["exam", "grade"])
        .arg(&exam)
        .arg(&sheet)
        .arg("--store")
        .arg(&store)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let output = aidquiz()
        .args(["report", "items", "--format", "html", "--exam"])
        .arg(manifest_exam_id(&exam))
        .arg("--store")
        .arg(&store)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_well_formed("items report", &crate::stdout_of(&output));

    let export = |to: &str, name: &str| {
        let out = dir.path().join(name);
        let output = aidquiz()
            .arg("export")
            .arg(&bank)
            .args(["--to", to, "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        out
    };
    let moodle = export("moodle-xml", "out.xml");
    assert_well_formed("Moodle XML", &fs::read_to_string(&moodle).unwrap());
    let qti = export("qti-canvas", "out.zip");
    let mut zip = zip::ZipArchive::new(fs::File::open(&qti).unwrap()).unwrap();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
        assert_well_formed(&entry.name().unwrap(), &text);
    }
}

fn manifest_exam_id(exam: &Path) -> String {
    let manifest: aidquiz::exam::Manifest =
        toml::from_str(&fs::read_to_string(exam.join("exam.toml")).unwrap()).unwrap();
    manifest.exam_id
}

/// `take | head`: the reader goes away. The quiz once ended with exit 0;
/// now it says so and fails, and the attempt is saved as abandoned. The
/// same for a study session.
#[test]
fn a_quiz_whose_output_is_closed_fails_and_is_saved_as_abandoned() {
    for command in [
        &["take", "--count", "2", "--seed", "1"][..],
        &["study", "--new", "2"][..],
    ] {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("progress.sqlite3");
        let (reader, writer) = std::io::pipe().unwrap();
        // Closed before the quiz writes a byte: every write fails.
        drop(reader);
        let answers = dir.path().join("answers.txt");
        fs::write(&answers, "A\nA\n").unwrap();
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("aidquiz"))
            .args(command)
            .args(["--learner", "ana", "--store"])
            .arg(&store)
            .current_dir(crate::root())
            .env("NO_COLOR", "1")
            .stdin(fs::File::open(&answers).unwrap())
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{command:?}");
        let stderr = stderr_of(&output);
        assert!(
            stderr.contains("error: cannot write the quiz to standard output (Broken pipe"),
            "{command:?}: {stderr}"
        );
        assert!(stderr.contains("saved as attempt 1, abandoned"), "{stderr}");
        let attempts = crate::history(&store, "ana");
        assert_eq!(attempts.len(), 1);
        assert_eq!(attempts[0]["status"], "abandoned", "{attempts:?}");
    }
}

/// The 1-based line of the first line of `text` starting with `prefix`.
fn line_starting(text: &str, prefix: &str) -> usize {
    text.lines().position(|l| l.starts_with(prefix)).expect(prefix) + 1
}

/// A six-question exam of the bundled banks in `dir/exam`: the folder, its
/// manifest's path and text, for a test to edit by hand.
fn six_question_exam(dir: &Path) -> (PathBuf, PathBuf, String) {
    let exam = dir.join("exam");
    let output = aidquiz()
        .args([
            "exam", "generate", "quizzes", "--count", "6", "--seed", "3", "--out",
        ])
        .arg(&exam)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let path = exam.join("exam.toml");
    let text = fs::read_to_string(&path).unwrap();
    (exam, path, text)
}

/// Grades a sheet of one `row` against the six-question `exam` into a new
/// store in `dir`; the output and the store's path.
fn grade_one_row(dir: &Path, exam: &Path, row: &str) -> (std::process::Output, PathBuf) {
    let sheet = dir.join("sheet.csv");
    fs::write(&sheet, format!("learner,version,1,2,3,4,5,6\n{row}\n")).unwrap();
    let store = dir.join("progress.sqlite3");
    let output = aidquiz()
        .args(["exam", "grade"])
        .arg(exam)
        .arg(&sheet)
        .arg("--store")
        .arg(&store)
        .output()
        .unwrap();
    (output, store)
}

/// A hand-edited manifest was graded without complaint (and an order index
/// of 99 panicked): it is now checked as `check` checks banks.
#[test]
fn a_hand_edited_manifest_is_refused_with_file_line_and_problem() {
    let dir = tempfile::tempdir().unwrap();
    let (exam, path, text) = six_question_exam(dir.path());
    // The first question with a lettered list (which one that is depends on
    // the bundled banks' content): its `order` gets an item that is not there.
    let at = text
        .match_indices("\norder = [")
        .map(|(at, _)| at + 1)
        .find(|&at| text[at + "order = [".len()..].starts_with(|c: char| c.is_ascii_digit()))
        .expect("a question with a lettered list");
    let number = text[..at]
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix("number = "))
        .expect("the question's number")
        .to_owned();
    let text = format!("{}order = [99, {}", &text[..at], &text[at + "order = [".len()..]);
    let answer_line = line_starting(&text, "answer = \"");
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[answer_line - 1] = "answer = \"Not one of the choices\"".to_owned();
    let text = lines.join("\n") + "\n";
    fs::write(&path, &text).unwrap();
    let order_line = line_starting(&text, "order = [99, ");

    let (output, store) = grade_one_row(dir.path(), &exam, "ana,A,A,A,A,A,A,A");
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains(&format!(
            "error[invalid-order]: question {number}: `order` names item 99"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{}:{order_line}:", path.display())),
        "{stderr}"
    );
    assert!(stderr.contains("error[unknown-choice]"), "{stderr}");
    assert!(
        stderr.contains("the answer \"Not one of the choices\" matches no choice"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{}:{answer_line}:", path.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains("problems (see above); nothing was graded"),
        "{stderr}"
    );
    assert!(!store.exists(), "nothing was saved");
}

/// A control character escaped into a hand-edited manifest (its title, a
/// question's prompt) reached the terminal raw in the grading summary and
/// was saved, where PostgreSQL refused the NUL with no word of where: it
/// is refused as in a bank, before anything is graded.
#[test]
fn a_control_character_in_a_hand_edited_manifest_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let (exam, path, text) = six_question_exam(dir.path());
    let title_line = line_starting(&text, "title = \"");
    let prompt_line = line_starting(&text, "prompt = \"");
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[title_line - 1] = "title = \"First\\u0000aid \\u001b[31mexam\"".to_owned();
    lines[prompt_line - 1] = "prompt = \"Which\\u0007 one?\"".to_owned();
    fs::write(&path, lines.join("\n") + "\n").unwrap();

    let (output, store) = grade_one_row(dir.path(), &exam, "ana,A,,,,,,");
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr_of(&output);
    for (line, c) in [(title_line, "U+0000"), (prompt_line, "U+0007")] {
        assert!(
            stderr.contains(&format!("this text holds the control character {c}")),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("{}:{line}:", path.display())),
            "{stderr}"
        );
    }
    assert!(
        !stderr.contains('\u{1b}'),
        "nothing reaches the terminal raw: {stderr}"
    );
    assert!(
        stderr.contains("has 2 problems (see above); nothing was graded"),
        "{stderr}"
    );
    assert!(
        !String::from_utf8_lossy(&output.stdout).contains("Exam "),
        "nothing was graded"
    );
    assert!(!store.exists(), "nothing was saved");
}

/// An exam id edited into something no generator writes (here one too long
/// for PostgreSQL's indexes, which refused it at save time) is refused.
#[test]
fn an_edited_exam_id_that_is_not_a_short_slug_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let (exam, path, text) = six_question_exam(dir.path());
    let id_line = line_starting(&text, "exam_id = \"");
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[id_line - 1] = format!("exam_id = \"exam-{}\"", "7".repeat(3000));
    fs::write(&path, lines.join("\n") + "\n").unwrap();
    let (output, store) = grade_one_row(dir.path(), &exam, "ana,A,,,,,,");
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("error[invalid-exam-id]"), "{stderr}");
    assert!(
        stderr.contains(&format!("{}:{id_line}:", path.display())),
        "{stderr}"
    );
    assert!(!store.exists(), "nothing was saved");
}

/// Whether `done` comes true, asked every 100 ms at most `tries` times (a
/// wait for a process to get somewhere, not a claim about its speed).
#[cfg(unix)]
fn wait_until(tries: usize, mut done: impl FnMut() -> bool) -> bool {
    for _ in 0..tries {
        if done() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    done()
}

/// A terminal quiz killed by SIGTERM or SIGHUP left the terminal raw. It is
/// run in a tmux pane (a real terminal), signalled, and the pane's terminal
/// settings read afterwards. Skipped where tmux is not installed.
#[cfg(unix)]
#[test]
fn a_terminal_quiz_ended_by_sigterm_or_sighup_restores_the_terminal_and_saves_the_attempt() {
    use std::process::Command;

    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("tmux is not installed; skipped");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("aidquiz");
    for (signal, code) in [("TERM", 143), ("HUP", 129)] {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("progress.sqlite3");
        let rc = dir.path().join("rc");
        let stty = dir.path().join("stty");
        let socket = format!("aidquiz-test-{}-{signal}", std::process::id());
        let tmux = |args: &[&str]| {
            Command::new("tmux")
                .args(["-L", &socket])
                .args(args)
                .output()
                .unwrap()
        };
        let script = format!(
            "cd '{}' && '{}' take --count 3 --seed 1 --learner ana --store '{}' 2>'{}/stderr'; echo $? > '{}'; stty -a > '{}'; sleep 30",
            crate::root().display(),
            bin.display(),
            store.display(),
            dir.path().display(),
            rc.display(),
            stty.display()
        );
        let started = tmux(&[
            "new-session",
            "-d",
            "-x",
            "120",
            "-y",
            "40",
            "-s",
            "quiz",
            &script,
        ]);
        assert!(
            started.status.success(),
            "{}",
            String::from_utf8_lossy(&started.stderr)
        );
        let screen =
            || String::from_utf8_lossy(&tmux(&["capture-pane", "-p", "-t", "quiz"]).stdout).into_owned();
        assert!(
            wait_until(100, || screen().contains("Question 1 of 3")),
            "{}",
            screen()
        );
        let pane = String::from_utf8_lossy(&tmux(&["list-panes", "-t", "quiz", "-F", "#{pane_pid}"]).stdout)
            .trim()
            .to_owned();
        let child = Command::new("pgrep").args(["-P", &pane]).output().unwrap();
        let quiz = String::from_utf8_lossy(&child.stdout).trim().to_owned();
        assert!(!quiz.is_empty(), "the quiz runs under pane {pane}");
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &quiz])
            .status()
            .unwrap();
        assert!(killed.success());
        assert!(wait_until(100, || stty.exists() && fs::metadata(&stty).unwrap().len() > 0));
        let settings = fs::read_to_string(&stty).unwrap();
        let ended = fs::read_to_string(&rc).unwrap();
        let stderr = fs::read_to_string(dir.path().join("stderr")).unwrap();
        tmux(&["kill-server"]);
        assert_eq!(ended.trim(), code.to_string(), "SIG{signal}: {stderr}");
        let words: Vec<&str> = settings.split_whitespace().collect();
        assert!(
            words.contains(&"icanon") && words.contains(&"echo"),
            "SIG{signal}: still raw: {settings}"
        );
        assert!(stderr.contains("quiz ended by signal"), "{stderr}");
        let attempts = crate::history(&store, "ana");
        assert_eq!(attempts.len(), 1);
        assert_eq!(attempts[0]["status"], "abandoned");
    }
}

/// GIFT can carry an ESC into a question; the import skips that question,
/// says why, and the bank written passes `check`.
#[test]
fn an_imported_question_with_a_control_character_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let gift = dir.path().join("esc.gift");
    fs::write(
        &gift,
        "::q1:: What \u{1b}[31m first? {=Cold ~Heat}\n\n::q2:: Which first? {=Cold ~Heat}\n",
    )
    .unwrap();
    let out = dir.path().join("esc.toml");
    let output = aidquiz()
        .arg("import")
        .arg(&gift)
        .args(["--topic", "cpr", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("question `q1`: its text holds the control character U+001B"),
        "{stderr}"
    );
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    let bank = fs::read_to_string(&out).unwrap();
    assert!(!bank.contains("q1") && bank.contains("q2"), "{bank}");
    aidquiz().arg("check").arg(&out).assert().success();
}

/// A certificate or key a PostgreSQL URL names was read without question:
/// a named pipe held the command forever and `/dev/zero` filled memory.
/// Each is refused before any connection, naming the setting and what the
/// file is, and the password is not shown.
#[cfg(unix)]
#[test]
fn tls_files_in_a_store_url_that_are_a_pipe_a_device_or_a_folder_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("ca.pem");
    mkfifo(&fifo);
    let certificate = dir.path().join("client.crt");
    fs::write(&certificate, "-----BEGIN CERTIFICATE-----\n").unwrap();
    let (fifo, folder, certificate) = (
        fifo.display().to_string(),
        dir.path().display().to_string(),
        certificate.display().to_string(),
    );
    let cases = [
        (
            format!("sslrootcert={fifo}"),
            format!("cannot read `sslrootcert` {fifo}: it is a named pipe (FIFO); name a regular PEM file"),
        ),
        (
            "sslrootcert=/dev/zero".to_owned(),
            "cannot read `sslrootcert` /dev/zero: it is a device".to_owned(),
        ),
        (
            format!("sslrootcert={folder}"),
            format!("cannot read `sslrootcert` {folder}: it is a folder"),
        ),
        (
            format!("sslcert={fifo}&sslkey={fifo}"),
            format!("cannot read `sslcert` {fifo}: it is a named pipe (FIFO)"),
        ),
        (
            format!("sslcert={certificate}&sslkey=/dev/zero"),
            "cannot read `sslkey` /dev/zero: it is a device".to_owned(),
        ),
    ];
    for (settings, expected) in cases {
        // Nothing listens there: the files are read before connecting.
        let url = format!("postgres://aidquiz:s3cret@127.0.0.1:1/aidquiz?sslmode=verify-full&{settings}");
        let output = aidquiz()
            .args(["history", "--learner", "ana", "--store", &url])
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(1), "{settings}: {stderr}");
        assert!(stderr.contains(&expected), "{expected} in\n{stderr}");
        assert!(!stderr.contains("s3cret"), "{stderr}");
    }
}
