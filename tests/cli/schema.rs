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
