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
