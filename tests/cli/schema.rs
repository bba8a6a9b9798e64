//! `aidquiz schema`: the JSON Schema editors use, kept in step with the code.

use crate::{aidquiz, root};

#[test]
fn the_committed_schema_is_what_aidquiz_prints() {
    let output = aidquiz().arg("schema").output().unwrap();
    assert!(output.status.success());
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let committed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("docs/bank.schema.json")).unwrap())
            .unwrap();
    assert_eq!(printed, committed, "run `aidquiz schema > docs/bank.schema.json`");
    assert_eq!(printed["title"], "aidquiz question bank");
}

#[test]
fn every_bundled_bank_points_editors_at_the_schema() {
    for entry in std::fs::read_dir(root().join("quizzes")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue; // aidquiz.lock
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("#:schema ../docs/bank.schema.json\n"),
            "{} lacks the #:schema line",
            path.display()
        );
    }
}

/// The TOML blocks of `docs/bank-format.md`, in order.
fn documented_toml() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("docs/bank-format.md")).unwrap();
    text.split("```toml\n")
        .skip(1)
        .map(|block| block.split_once("```").unwrap().0.to_owned())
        .collect()
}

/// The schema is derived from the loader's types, but the loader checks
/// more than types: every question example of the bank format, in the
/// documented bank, must also pass `check` with no problem at all.
#[test]
fn every_documented_question_passes_check_in_the_documented_bank() {
    let blocks = documented_toml();
    let bank = blocks
        .iter()
        .find(|b| b.starts_with("format_version"))
        .expect("the bank example");
    let (header, _) = bank.split_once("[[questions]]").unwrap();
    // A whole question has its `type`; shorter blocks are excerpts of one.
    let questions: Vec<&String> = blocks
        .iter()
        .filter(|b| b.starts_with("[[questions]]") && b.contains("\ntype = "))
        .collect();
    assert!(questions.len() >= 7, "{} question examples", questions.len());
    let dir = tempfile::tempdir().unwrap();
    let mut types = std::collections::BTreeSet::new();
    for (n, question) in questions.into_iter().enumerate() {
        let path = dir.path().join(format!("example-{n}.toml"));
        std::fs::write(&path, format!("{header}{question}")).unwrap();
        let output = aidquiz().arg("check").arg(&path).output().unwrap();
        assert!(
            output.status.success() && output.stderr.is_empty(),
            "{question}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let value: toml::Table = toml::from_str(question).unwrap();
        types.insert(value["questions"][0]["type"].as_str().unwrap().to_owned());
    }
    // Every question type the schema allows has a documented example.
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("docs/bank.schema.json")).unwrap())
            .unwrap();
    let mut allowed = std::collections::BTreeSet::new();
    collect_type_names(&schema, &mut allowed);
    assert!(!allowed.is_empty());
    assert_eq!(allowed, types);
}

/// Every `const` or `enum` value of a `type` property in the schema.
fn collect_type_names(value: &serde_json::Value, names: &mut std::collections::BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(properties)) = map.get("properties")
                && let Some(kind) = properties.get("type")
            {
                for name in kind.get("enum").and_then(|e| e.as_array()).into_iter().flatten() {
                    names.insert(name.as_str().unwrap().to_owned());
                }
                if let Some(name) = kind.get("const").and_then(|c| c.as_str()) {
                    names.insert(name.to_owned());
                }
            }
            map.values().for_each(|v| collect_type_names(v, names));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_type_names(v, names)),
        _ => {}
    }
}
