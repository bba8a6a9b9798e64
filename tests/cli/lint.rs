//! `aidquiz lint`: each rule fires on its fixture question and not on a close
//! variant; allows; output shapes and exit codes; the bundled banks are clean.

use std::collections::BTreeSet;
use std::path::Path;

use predicates::prelude::*;

use crate::{aidquiz, aidquiz_in, fixture, root, stderr_of, stdout_of};

/// (rule, line of its first finding). Each `lint/<rule>.toml` holds a
/// question `<rule>-bad` that triggers the rule and a close variant
/// `<rule>-good` that must not.
const QUESTION_RULES: &[(&str, usize)] = &[
    ("all-of-the-above", 18),
    ("none-of-the-above", 18),
    ("negative-stem", 14),
    ("absolute-distractor", 17),
    ("longest-key", 16),
    ("grammar-cue", 17),
    ("duplicate-choice", 17),
    ("near-duplicate-choice", 17),
    ("convergence-cue", 19),
    ("stem-too-long", 14),
    ("choice-too-long", 16),
    ("missing-explanation", 16),
    ("explanation-repeats-key-only", 21),
    ("import-placeholder", 13),
    ("cross-question-cue", 14),
    ("section-unknown", 14),
    ("unknown-rule", 23),
    ("allow-without-reason", 23),
    ("unused-allow", 23),
];

/// Rules that look at a whole bank: `lint/<rule>-bad.toml` triggers the rule,
/// `lint/<rule>-good.toml` is a close variant that must not. Findings point
/// at the bank's `id`, on line 3.
const BANK_RULES: &[&str] = &["key-position", "true-false-balance"];

fn lint_json(path: &Path) -> (Option<i32>, Vec<serde_json::Value>) {
    let output = aidquiz()
        .args(["lint", "--format", "json", "--deny", "warnings"])
        .arg(path)
        .output()
        .unwrap();
    let records = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!("{}: {error}\n{}", path.display(), stderr_of(&output));
    });
    (output.status.code(), records)
}

#[test]
fn each_question_rule_fires_on_its_fixture_and_not_on_the_close_variant() {
    for (rule, line) in QUESTION_RULES {
        let path = fixture(&format!("lint/{rule}.toml"));
        let (code, records) = lint_json(&path);
        assert_eq!(code, Some(1), "{rule}: {records:#?}");
        let bad = format!("{rule}-bad");
        let of_rule: Vec<&serde_json::Value> = records.iter().filter(|r| r["rule"] == *rule).collect();
        assert!(!of_rule.is_empty(), "{rule} did not fire: {records:#?}");
        assert_eq!(of_rule[0]["line"], *line, "{rule}: {records:#?}");
        for record in &records {
            assert_eq!(
                record["question_id"],
                bad.as_str(),
                "{rule}: the close variant has a finding: {record:#}"
            );
        }
    }
}

#[test]
fn each_bank_rule_fires_on_its_fixture_and_not_on_the_close_variant() {
    for rule in BANK_RULES {
        let (code, records) = lint_json(&fixture(&format!("lint/{rule}-bad.toml")));
        assert_eq!(code, Some(1), "{rule}");
        assert_eq!(records.len(), 1, "{rule}: {records:#?}");
        assert_eq!(records[0]["rule"], *rule);
        assert_eq!(records[0]["line"], 3, "{rule}: points at the bank's id");
        assert_eq!(records[0]["question_id"], serde_json::Value::Null);

        let (code, records) = lint_json(&fixture(&format!("lint/{rule}-good.toml")));
        assert_eq!(code, Some(0), "{rule}: {records:#?}");
        assert!(records.is_empty(), "{rule}: {records:#?}");
    }
}

/// Every rule has a fixture: linting the whole folder finds each of them.
#[test]
fn the_fixtures_cover_every_rule() {
    let (_, records) = lint_json(&fixture("lint"));
    let found: BTreeSet<&str> = records.iter().filter_map(|r| r["rule"].as_str()).collect();
    let expected: BTreeSet<&str> = QUESTION_RULES
        .iter()
        .map(|(rule, _)| *rule)
        .chain(BANK_RULES.iter().copied())
        .collect();
    assert_eq!(found, expected);
    let documented: BTreeSet<&str> = aidquiz::lint::RULES.iter().map(|rule| rule.name).collect();
    assert_eq!(
        expected, documented,
        "a rule without a fixture, or a fixture without a rule"
    );
}

#[test]
fn json_findings_have_the_documented_fields() {
    let (_, records) = lint_json(&fixture("lint/longest-key.toml"));
    let record = records[0].as_object().unwrap();
    let keys: BTreeSet<&str> = record.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        BTreeSet::from([
            "file",
            "line",
            "column",
            "question_id",
            "rule",
            "severity",
            "message",
            "hint"
        ])
    );
    assert_eq!(
        record["file"],
        fixture("lint/longest-key.toml").display().to_string()
    );
    assert_eq!(record["column"], 3, "the column of the offending choice");
    assert_eq!(record["question_id"], "longest-key-bad");
    assert_eq!(record["severity"], "warning");
    assert!(record["message"].as_str().unwrap().contains("76 characters"));
    assert!(!record["hint"].as_str().unwrap().is_empty());
}

#[test]
fn text_findings_are_rustc_style_with_the_question_and_a_hint() {
    let path = fixture("lint/absolute-distractor.toml");
    let output = aidquiz().arg("lint").arg(&path).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "warnings alone do not fail without --deny warnings"
    );
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("warning[absolute-distractor]: the wrong choice \"Always apply heat straight away\" says \"always\""),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("{}:17:3", path.display())), "{stderr}");
    assert!(
        stderr.contains("in question `absolute-distractor-bad`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: word it with the qualifications"),
        "{stderr}"
    );
    assert_eq!(stdout_of(&output), "linted 1 bank, 2 questions: 1 warning\n");
}

#[test]
fn warnings_fail_only_when_denied_and_errors_always_fail() {
    let warning_only = fixture("lint/longest-key.toml");
    aidquiz().arg("lint").arg(&warning_only).assert().success();
    aidquiz()
        .args(["lint", "-D", "warnings"])
        .arg(&warning_only)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("`--deny warnings` fails on any"));
    aidquiz()
        .arg("lint")
        .arg(fixture("lint/duplicate-choice.toml"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error[duplicate-choice]"))
        .stderr(predicate::str::contains("1 error in the banks"));
}

#[test]
fn an_allow_with_a_reason_silences_a_rule_for_a_question_or_a_whole_bank() {
    // In a question: the close variants of the allow rules allow negative-stem.
    let (code, records) = lint_json(&fixture("lint/allow-without-reason.toml"));
    assert_eq!(code, Some(1));
    assert!(
        records.iter().all(|r| r["rule"] != "negative-stem"),
        "{records:#?}"
    );
    // In a bank, for every question.
    let (code, records) = lint_json(&fixture("lint/allowed-in-bank.toml"));
    assert_eq!((code, records.len()), (Some(0), 0), "{records:#?}");
}

#[test]
fn a_misspelt_allow_gets_a_suggestion() {
    aidquiz()
        .arg("lint")
        .arg(fixture("lint/unknown-rule.toml"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("`negative-stems` is not a lint rule"))
        .stderr(predicate::str::contains("did you mean `negative-stem`?"));
}

#[test]
fn a_bank_with_check_problems_reports_them_and_is_not_linted() {
    let output = aidquiz()
        .args(["lint", "--format", "json"])
        .arg(fixture("bad/unknown-choice.toml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let records: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(records.len(), 1, "{records:#?}");
    assert_eq!(records[0]["rule"], "unknown-choice");
    assert_eq!(records[0]["severity"], "error");
    assert_eq!(records[0]["question_id"], serde_json::Value::Null);

    aidquiz()
        .arg("lint")
        .arg(fixture("bad/unknown-choice.toml"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "linted 0 banks, 0 questions: 1 error (1 file with `check` errors not linted",
        ));
}

#[test]
fn bundled_banks_pass_lint_deny_warnings() {
    aidquiz()
        .args(["lint", "--deny", "warnings", "quizzes"])
        .assert()
        .success()
        .stdout("linted 6 banks, 147 questions: no findings\n")
        .stderr("");
}

#[test]
fn with_no_path_and_no_quizzes_folder_the_built_in_banks_are_linted() {
    let empty = tempfile::tempdir().unwrap();
    let output = aidquiz_in(empty.path())
        .args(["lint", "-D", "warnings"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        stdout_of(&output).starts_with("linted 6 banks"),
        "{}",
        stdout_of(&output)
    );
}

/// The bundled banks list the article's headings, so `section-unknown`
/// checks every question against the article.
#[test]
fn bundled_banks_list_the_article_headings() {
    let Some(article) = crate::article() else {
        return;
    };
    let lines: BTreeSet<&str> = article.lines().map(str::trim).collect();
    for entry in std::fs::read_dir(root().join("quizzes")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue; // aidquiz.lock
        }
        let bank: toml::Table = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let sections = bank["sections"].as_array().unwrap();
        assert!(sections.len() >= 20, "{}", path.display());
        for section in sections {
            let section = section.as_str().unwrap();
            assert!(
                lines.contains(section),
                "{}: {section:?} is not a heading",
                path.display()
            );
        }
    }
}

#[test]
fn an_unknown_deny_level_is_a_usage_error() {
    aidquiz()
        .args(["lint", "--deny", "sometimes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("sometimes"));
}
