//! Hostile files, outputs and signals (issue 18): symbolic links and full
//! disks at output paths, special files and loops as inputs, control
//! characters, quadratic shapes, killed quizzes and closed pipes.

use std::fs;
use std::path::Path;

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
fn mkfifo(path: &Path) {
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
