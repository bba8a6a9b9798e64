//! `aidquiz list`: what the bundled banks hold, and the course's content rules.

use std::collections::{BTreeMap, BTreeSet};

use predicates::prelude::*;

use crate::{aidquiz, fixture};

fn listed_questions() -> Vec<serde_json::Value> {
    let output = aidquiz().args(["list", "--format", "json"]).output().unwrap();
    assert!(output.status.success());
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn json_has_one_object_per_question_with_the_documented_fields() {
    let questions = listed_questions();
    let types = [
        "single",
        "multiple",
        "true-false",
        "short",
        "numeric",
        "order",
        "match",
    ];
    for question in &questions {
        let object = question.as_object().unwrap();
        let keys: BTreeSet<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            BTreeSet::from([
                "bank",
                "id",
                "topic",
                "type",
                "difficulty",
                "section",
                "points",
                "critical",
                "scenario",
                "revision"
            ])
        );
        assert!(types.contains(&question["type"].as_str().unwrap()), "{question}");
        assert!(["easy", "medium", "hard"].contains(&question["difficulty"].as_str().unwrap()));
        assert!(!question["section"].as_str().unwrap().is_empty(), "{question}");
        assert!(question["points"].as_f64().unwrap() > 0.0);
    }
}

#[test]
fn the_bundled_course_content_meets_its_brief() {
    let questions = listed_questions();
    assert!(questions.len() >= 80, "{} questions", questions.len());
    let mut per_topic: BTreeMap<&str, usize> = BTreeMap::new();
    let mut types = BTreeSet::new();
    for question in &questions {
        *per_topic.entry(question["topic"].as_str().unwrap()).or_default() += 1;
        types.insert(question["type"].as_str().unwrap());
    }
    let topics: Vec<&str> = per_topic.keys().copied().collect();
    assert_eq!(
        topics,
        [
            "causes",
            "ice-vs-heat",
            "medications",
            "symptoms",
            "treatment",
            "warning-signs"
        ]
    );
    for topic in ["ice-vs-heat", "medications", "warning-signs"] {
        assert!(per_topic[topic] >= 15, "{topic}: {}", per_topic[topic]);
    }
    assert!(types.len() >= 5, "{types:?}");
}

#[test]
fn every_question_names_a_heading_of_the_article() {
    // A checkout on its own still has the section names tested by `check`.
    let Some(article) = crate::article() else {
        return;
    };
    let headings: BTreeSet<&str> = article.lines().map(str::trim).collect();
    for question in listed_questions() {
        let section = question["section"].as_str().unwrap();
        assert!(
            headings.contains(section),
            "{}: section {section:?} is not a heading",
            question["id"]
        );
    }
}

#[test]
fn the_table_fits_80_columns_and_wide_shows_every_column() {
    let output = aidquiz().arg("list").output().unwrap();
    assert!(output.status.success());
    let table = crate::stdout_of(&output);
    for line in table.lines() {
        assert!(
            line.chars().count() <= 80,
            "{} columns: {line}",
            line.chars().count()
        );
    }
    // No bank id is cut at this size, and the counts are all there.
    assert!(table.contains("\nwarning-signs "), "{table}");
    assert!(
        predicate::str::is_match(r"(?m)^total\s+\d{3}(\s+\d+){7}\s+\d+/\d+/\d+$")
            .unwrap()
            .eval(&table),
        "{table}"
    );
    aidquiz()
        .args(["list", "--wide"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ice-vs-heat (quizzes/ice-vs-heat.toml)"))
        .stdout(predicate::str::contains("true-false"))
        .stdout(predicate::str::contains("medium"));
}

#[test]
fn the_table_counts_banks_and_topics() {
    aidquiz()
        .args(["list", "--wide"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ice-vs-heat (quizzes/ice-vs-heat.toml)"))
        .stdout(predicate::str::contains("true-false"))
        .stdout(predicate::str::is_match(r"(?m)^total\s+\d{2,}").unwrap());
}

#[test]
fn list_refuses_banks_with_problems() {
    aidquiz()
        .arg("list")
        .arg(fixture("bad/unknown-choice.toml"))
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("error[unknown-choice]"));
}

#[test]
fn json_gives_each_question_its_critical_flag_scenario_and_revision() {
    let output = aidquiz()
        .args(["list", "--format", "json"])
        .arg(fixture("cert/cert.toml"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let questions: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let by_id = |id: &str| questions.iter().find(|q| q["id"] == id).unwrap().clone();
    let urgent = by_id("sam-how-urgent");
    assert_eq!(urgent["critical"], true);
    assert_eq!(urgent["scenario"], "sam-tingling");
    assert_eq!(urgent["revision"], 1);
    let plain = by_id("nsaid-ibuprofen");
    assert_eq!(plain["critical"], false);
    assert!(plain["scenario"].is_null());
}
