//! `aidquiz check`: the bundled banks are clean, and each kind of problem is
//! reported with its file, line and column.

use predicates::prelude::*;

use crate::{aidquiz, aidquiz_in, fixture, stderr_of, stdout_of};

#[test]
fn bundled_banks_have_no_problems() {
    aidquiz()
        .args(["check", "quizzes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("no problems"))
        .stderr("");
}

#[test]
fn a_bank_with_critical_questions_and_scenarios_is_accepted() {
    aidquiz()
        .arg("check")
        .arg(fixture("cert/cert.toml"))
        .assert()
        .success()
        .stdout("checked 1 bank, 8 questions: no problems\n")
        .stderr("");
}

#[test]
fn with_no_path_and_no_quizzes_folder_the_built_in_banks_are_checked() {
    let empty = tempfile::tempdir().unwrap();
    let output = aidquiz_in(empty.path()).arg("check").output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = stdout_of(&output);
    assert!(stdout.starts_with("checked 6 banks"), "{stdout}");
}

#[test]
fn one_bank_is_counted_as_one_bank() {
    aidquiz()
        .args(["check", "tests/fixtures/take/three.toml"])
        .assert()
        .success()
        .stdout("checked 1 bank, 3 questions: no problems\n");
}

/// (fixture, problem code, line the diagnostic must point at)
const BAD_BANKS: &[(&str, &str, usize)] = &[
    ("syntax-error.toml", "syntax", 6),
    ("unknown-key.toml", "unknown-key", 15),
    ("missing-field.toml", "missing-field", 7),
    ("unknown-choice.toml", "unknown-choice", 15),
    ("duplicate-choice.toml", "duplicate-choice", 14),
    ("single-no-answer.toml", "missing-field", 7),
    ("single-several-answers.toml", "answer-count", 15),
    ("multiple-no-answer.toml", "no-correct-choice", 15),
    ("too-few-choices.toml", "too-few-choices", 14),
    ("empty-prompt.toml", "empty-field", 13),
    ("negative-tolerance.toml", "negative-tolerance", 15),
    ("empty-range.toml", "empty-range", 14),
    ("too-few-steps.toml", "too-few-items", 14),
    ("too-few-pairs.toml", "too-few-items", 14),
    ("unknown-type.toml", "unknown-type", 12),
    ("unknown-difficulty.toml", "unknown-value", 9),
    ("unknown-scenario.toml", "unknown-scenario", 57),
    ("empty-scenario.toml", "empty-scenario", 19),
    ("huge-points.toml", "invalid-points", 14),
];

#[test]
fn each_bad_bank_fails_with_its_file_line_and_problem() {
    for (name, code, line) in BAD_BANKS {
        let path = fixture(&format!("bad/{name}"));
        let output = aidquiz().arg("check").arg(&path).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{name}");
        let stderr = stderr_of(&output);
        assert!(stderr.contains(&format!("error[{code}]")), "{name}: {stderr}");
        let place = format!("{}:{line}:", path.display());
        assert!(stderr.contains(&place), "{name}: expected {place} in\n{stderr}");
    }
}

#[test]
fn json_diagnostics_carry_file_line_column_severity_code_and_message() {
    for (name, code, line) in BAD_BANKS {
        let path = fixture(&format!("bad/{name}"));
        let output = aidquiz()
            .args(["check", "--format", "json"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{name}");
        let records: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let first = &records.as_array().unwrap()[0];
        assert_eq!(first["file"], path.display().to_string(), "{name}");
        assert_eq!(first["line"], *line, "{name}");
        assert!(first["column"].as_u64().unwrap() >= 1, "{name}");
        assert_eq!(first["severity"], "error", "{name}");
        assert_eq!(first["code"], *code, "{name}");
        assert!(!first["message"].as_str().unwrap().is_empty(), "{name}");
    }
}

#[test]
fn clean_banks_give_an_empty_json_array() {
    let output = aidquiz()
        .args(["check", "--format", "json", "quizzes"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap(),
        serde_json::json!([])
    );
}

#[test]
fn a_typo_in_a_key_gets_a_suggestion() {
    aidquiz()
        .arg("check")
        .arg(fixture("bad/unknown-key.toml"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown key `explaination`"))
        .stderr(predicate::str::contains("did you mean `explanation`?"));
}

#[test]
fn every_problem_of_a_question_is_reported_at_once_even_after_an_unknown_key() {
    let path = fixture("bad/unknown-key-and-negative-tolerance.toml");
    let output = aidquiz()
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let records: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<(&str, u64)> = records
        .iter()
        .map(|r| (r["code"].as_str().unwrap(), r["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("unknown-key", 15),
            ("missing-field", 7),
            ("negative-tolerance", 14)
        ],
        "{records:?}"
    );
}

#[test]
fn an_unknown_type_lists_the_allowed_ones() {
    aidquiz()
        .arg("check")
        .arg(fixture("bad/unknown-type.toml"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "single, multiple, true-false, short, numeric, order, match",
        ));
}

#[test]
fn a_duplicate_id_across_files_points_at_both_places() {
    let dir = fixture("bad/duplicate-id");
    let output = aidquiz().arg("check").arg(&dir).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("error[duplicate-id]: question id `q-one` is already used"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{}:7:6", dir.join("second.toml").display())),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{}:7:6", dir.join("first.toml").display())),
        "{stderr}"
    );
    assert!(stderr.contains("first used here"), "{stderr}");
}

#[test]
fn every_problem_in_a_folder_is_reported_at_once() {
    let output = aidquiz()
        .args(["check", "--format", "json"])
        .arg(fixture("bad"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let records: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    for (name, code, line) in BAD_BANKS {
        assert!(
            records.iter().any(|r| r["file"].as_str().unwrap().ends_with(name)
                && r["code"] == *code
                && r["line"] == *line),
            "{name}: no {code} at line {line} in {records:#?}"
        );
    }
    assert!(records.iter().any(|r| r["code"] == "duplicate-id"));
}

#[test]
fn a_missing_path_is_a_clear_error() {
    aidquiz()
        .args(["check", "no-such-folder"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot read no-such-folder"));
}

#[test]
fn a_bank_that_is_not_utf8_is_refused_with_its_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.toml");
    std::fs::write(&path, b"format_version = 1\nid = \"caf\xe9\"\n").unwrap();
    aidquiz()
        .arg("check")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not valid UTF-8 (byte 28)"));
}

#[test]
fn an_unknown_flag_is_a_usage_error() {
    aidquiz()
        .args(["check", "--frobnicate"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--frobnicate"));
}

/// `aidquiz check` on a bank with a typo, with `args` before `check`, run by
/// `script` in a pseudo-terminal (so `--color auto` may colour), `NO_COLOR`
/// set to `no_color` or removed. Returns all the terminal showed; `None`
/// (the test is skipped) when util-linux's `script` is missing outside CI.
fn check_on_a_terminal(args: &str, no_color: Option<&str>) -> Option<String> {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "script (util-linux) is required in CI for the colour tests"
        );
        eprintln!("skipped: script (util-linux) is not installed");
        return None;
    }
    let command = format!(
        "'{}' {args} check '{}'",
        assert_cmd::cargo::cargo_bin("aidquiz").display(),
        fixture("bad/unknown-key.toml").display()
    );
    let mut script = std::process::Command::new("script");
    script
        .args(["--quiet", "--return", "--command", &command, "/dev/null"])
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .env_remove("AIDQUIZ_STORE");
    if let Some(value) = no_color {
        script.env("NO_COLOR", value);
    }
    let output = script.output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let shown = stdout_of(&output);
    assert!(shown.contains("unknown key `explaination`"), "{shown}");
    Some(shown)
}

const ESCAPE: &str = "\u{1b}[";

#[test]
fn diagnostics_on_a_terminal_are_coloured_unless_no_color_or_never() {
    let Some(auto) = check_on_a_terminal("", None) else {
        return;
    };
    assert!(auto.contains(ESCAPE), "{auto:?}");
    let no_color = check_on_a_terminal("", Some("1")).unwrap();
    assert!(!no_color.contains(ESCAPE), "{no_color:?}");
    let never = check_on_a_terminal("--color never", None).unwrap();
    assert!(!never.contains(ESCAPE), "{never:?}");
}

#[test]
fn color_always_colours_diagnostics_even_piped_and_with_no_color() {
    // `aidquiz()` sets NO_COLOR and pipes stderr: only `always` colours here.
    let output = aidquiz()
        .args(["--color", "always", "check"])
        .arg(fixture("bad/unknown-key.toml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr_of(&output);
    assert!(stderr.contains(ESCAPE), "{stderr:?}");
    let plain = aidquiz()
        .arg("check")
        .arg(fixture("bad/unknown-key.toml"))
        .output()
        .unwrap();
    assert!(!stderr_of(&plain).contains(ESCAPE), "{}", stderr_of(&plain));
}
