//! `aidquiz import` and `aidquiz export`: every GIFT and Moodle XML
//! construct in the fixtures, the warnings, the syntax errors with their
//! places, escapes, and round trips through the real binary.

use std::collections::BTreeMap;
use std::path::Path;

use aidquiz::bank::model::{
    Answer, Bank, Difficulty, MatchPair, Matching, MultipleChoice, Numeric, OrderScoring, Ordering, Question,
    ShortAnswer, SingleChoice, TrueFalse,
};

use crate::{aidquiz, fixture, stderr_of, stdout_of};

fn read_bank(path: &Path) -> Bank {
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Imports `files` into a fresh folder; returns the bank, stderr and the folder.
fn import(files: &[&str], extra: &[&str]) -> (Bank, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("imported.toml");
    let output = aidquiz()
        .arg("import")
        .args(files.iter().map(|f| fixture(&format!("interop/{f}"))))
        .args(extra)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = stderr_of(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stdout_of(&output).starts_with("imported "),
        "{}",
        stdout_of(&output)
    );
    (read_bank(&out), stderr, dir)
}

fn question<'a>(bank: &'a Bank, id: &str) -> &'a Question {
    bank.questions
        .iter()
        .find(|q| q.meta.id.0 == id)
        .unwrap_or_else(|| panic!("no question {id} in {:#?}", bank.questions))
}

fn texts(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn every_gift_construct_is_imported_as_expected() {
    let (bank, stderr, dir) = import(&["constructs.gift"], &[]);
    let ids: Vec<&str> = bank.questions.iter().map(|q| q.meta.id.0.as_str()).collect();
    assert_eq!(
        ids,
        [
            "compression-depth",
            "rate",
            "signs-of-stroke",
            "partial-signs",
            "cool-burns",
            "butter",
            "ice-on-burns",
            "q-7ad37ee34b",
            "cooling-time",
            "emergency-number",
            "range",
            "several-numbers",
            "match-burns",
            "missing-word",
            "escapes",
            "multi-line",
            "q-31572c8b53",
        ]
    );

    let depth = question(&bank, "compression-depth");
    assert_eq!(depth.meta.topic, "cpr");
    assert_eq!(depth.meta.section, "Chest compressions");
    assert_eq!(depth.meta.difficulty, Difficulty::Easy);
    assert_eq!(depth.meta.tags, ["adult"]);
    assert_eq!(
        depth.meta.explanation,
        "Push hard: 5–6 cm, letting the chest rise fully between compressions."
    );
    assert_eq!(
        depth.meta.provenance.as_deref(),
        Some("imported from constructs.gift line 5")
    );
    assert_eq!(
        depth.answer,
        Answer::Single(SingleChoice {
            choices: texts(&["5 to 6 cm", "2 to 3 cm", "8 to 10 cm"]),
            answer: "5 to 6 cm".into(),
            feedback: BTreeMap::from([
                (
                    "5 to 6 cm".into(),
                    "Right: at least 5 cm, no more than 6 cm.".into()
                ),
                ("2 to 3 cm".into(), "Too shallow to move blood.".into()),
            ]),
            shuffle: true,
        })
    );

    // [html]: markup removed; partial credit in a single choice is reported.
    assert_eq!(
        question(&bank, "rate").meta.prompt,
        "How many compressions per minute?"
    );
    assert!(
        stderr.contains("partial credit dropped: \"100 to 120, at least\" (50%)"),
        "{stderr}"
    );

    assert_eq!(
        question(&bank, "signs-of-stroke").answer,
        Answer::Multiple(MultipleChoice {
            choices: texts(&["Face drooping", "Arm weakness", "Fever", "Hiccups"]),
            answers: texts(&["Face drooping", "Arm weakness"]),
            feedback: BTreeMap::new(),
            shuffle: true,
        })
    );
    assert!(stderr.contains("question `signs-of-stroke`: weights \"Fever\" -100%, \"Hiccups\" -100% differ"));
    assert!(stderr.contains("question `partial-signs`: weights"));

    let cool = question(&bank, "cool-burns");
    assert_eq!(cool.meta.topic, "burns");
    assert_eq!(cool.meta.section, "Imported from constructs.gift");
    assert_eq!(cool.meta.explanation, aidquiz::interop::EXPLANATION_PLACEHOLDER);
    assert_eq!(cool.answer, Answer::TrueFalse(TrueFalse { answer: true }));
    assert!(stderr.contains(
        "question `cool-burns`: the source has no values for them: fill in section (placeholder \"Imported from constructs.gift\"), explanation (placeholder \"TODO: …\"), difficulty (set to medium)"
    ));

    let butter = question(&bank, "butter");
    assert_eq!(butter.answer, Answer::TrueFalse(TrueFalse { answer: false }));
    assert_eq!(butter.meta.explanation, "Right: never put butter on a burn.");
    assert!(stderr.contains("question `butter`: aidquiz true/false questions have no per-answer feedback"));
    assert_eq!(
        question(&bank, "ice-on-burns").meta.explanation,
        "Ice damages the skin further; use cool running water."
    );

    assert_eq!(
        question(&bank, "q-7ad37ee34b").answer,
        Answer::Short(ShortAnswer {
            accept: texts(&["water", "cool water"]),
            typos: 0
        })
    );
    assert!(stderr.contains("the answer \"milk\" (50%) is left out"));

    let numeric = |answer, tolerance, range| {
        Answer::Numeric(Numeric {
            answer,
            tolerance,
            range,
            unit: None,
        })
    };
    assert_eq!(
        question(&bank, "cooling-time").answer,
        numeric(Some(20.0), Some(10.0), None)
    );
    assert_eq!(
        question(&bank, "emergency-number").answer,
        numeric(Some(112.0), None, None)
    );
    assert_eq!(
        question(&bank, "range").answer,
        numeric(None, None, Some([10.0, 30.0]))
    );
    assert_eq!(
        question(&bank, "several-numbers").answer,
        numeric(Some(20.0), Some(0.0), None)
    );
    assert!(stderr.contains("the answer 10:5 (50%) is left out"));

    assert_eq!(
        question(&bank, "match-burns").answer,
        Answer::Match(Matching {
            pairs: [
                ("Red, painful skin", "Superficial"),
                ("Blisters", "Partial thickness"),
                ("White, leathery skin", "Full thickness"),
            ]
            .iter()
            .map(|(left, right)| MatchPair {
                left: (*left).into(),
                right: (*right).into()
            })
            .collect()
        })
    );
    assert!(stderr.contains("the extra match \"Fourth degree\" (with no item) is left out"));

    assert_eq!(
        question(&bank, "missing-word").meta.prompt,
        "You cool a burn for _____ minutes under running water."
    );
    let escapes = question(&bank, "escapes");
    assert_eq!(escapes.meta.prompt, "Is 1 = 1 {always} ~ # : a\\b?\nSecond line");
    assert_eq!(
        escapes.answer,
        Answer::Single(SingleChoice {
            choices: texts(&["yes: really", "no"]),
            answer: "yes: really".into(),
            feedback: BTreeMap::new(),
            shuffle: true,
        })
    );
    assert_eq!(
        question(&bank, "multi-line").meta.prompt,
        "Which of these\nis a burn treatment?"
    );
    assert_eq!(
        question(&bank, "q-31572c8b53").meta.prompt,
        "A **markdown** question without a title."
    );

    // Skipped items name their file and line.
    let file = fixture("interop/constructs.gift").display().to_string();
    for (line, what) in [
        (64, "essay \"Essay\" skipped"),
        (66, "essay \"Essay with feedback\" skipped"),
        (68, "description item \"Description\" skipped"),
    ] {
        assert!(stderr.contains(what), "{what}: {stderr}");
        assert!(
            stderr.contains(&format!("{file}:{line}:1")),
            "line {line}: {stderr}"
        );
    }

    // The written bank passes `aidquiz check`.
    aidquiz()
        .arg("check")
        .arg(dir.path().join("imported.toml"))
        .assert()
        .success();
}

#[test]
fn every_moodle_xml_construct_is_imported_as_expected() {
    let (bank, stderr, _dir) = import(&["constructs.xml"], &["--bank-id", "bleeding"]);
    assert_eq!(bank.meta.id, "bleeding");
    let ids: Vec<&str> = bank.questions.iter().map(|q| q.meta.id.0.as_str()).collect();
    assert_eq!(
        ids,
        [
            "pressure-on-a-wound",
            "shock-signs",
            "remove-embedded-objects",
            "pressure-name",
            "pressure-minutes",
            "match-rates",
            "cpr-order",
        ]
    );
    let pressure = question(&bank, "pressure-on-a-wound");
    assert_eq!(pressure.meta.topic, "first-aid");
    assert_eq!(pressure.meta.section, "Bleeding");
    assert_eq!(pressure.meta.tags, ["wounds"]);
    assert_eq!(pressure.meta.difficulty, Difficulty::Easy);
    assert_eq!(pressure.meta.points, 2.0);
    assert_eq!(
        pressure.meta.prompt,
        "What do you do first for a heavily bleeding wound?"
    );
    assert_eq!(
        pressure.meta.explanation,
        "Direct pressure & elevation stop most bleeding."
    );
    assert_eq!(
        pressure.meta.provenance.as_deref(),
        Some("imported from constructs.xml line 7 (\"Pressure on a wound\")")
    );
    assert_eq!(
        pressure.answer,
        Answer::Single(SingleChoice {
            choices: texts(&["Press on it firmly", "Apply a tourniquet <always>", "Wash it"]),
            answer: "Press on it firmly".into(),
            feedback: BTreeMap::from([("Press on it firmly".into(), "Yes.".into())]),
            shuffle: false,
        })
    );
    assert_eq!(
        question(&bank, "shock-signs").answer,
        Answer::Multiple(MultipleChoice {
            choices: texts(&["Pale, clammy skin", "Rapid pulse", "Flushed, warm skin"]),
            answers: texts(&["Pale, clammy skin", "Rapid pulse"]),
            feedback: BTreeMap::new(),
            shuffle: true,
        })
    );
    assert!(
        !stderr.contains("question `shock-signs`: weights"),
        "50/50/-100 is aidquiz's own rule"
    );
    assert_eq!(
        question(&bank, "remove-embedded-objects").answer,
        Answer::TrueFalse(TrueFalse { answer: false })
    );
    assert_eq!(
        question(&bank, "pressure-name").answer,
        Answer::Short(ShortAnswer {
            accept: texts(&["direct", "direct pressure"]),
            typos: 0
        })
    );
    assert_eq!(
        question(&bank, "pressure-minutes").answer,
        Answer::Numeric(Numeric {
            answer: Some(10.0),
            tolerance: Some(2.0),
            range: None,
            unit: Some("minutes".into()),
        })
    );
    assert!(stderr.contains("the unit \"hours\" (×60) is left out"));
    assert_eq!(question(&bank, "match-rates").meta.topic, "cpr");
    assert_eq!(
        question(&bank, "cpr-order").answer,
        Answer::Order(Ordering {
            steps: texts(&["Check for danger", "Call for help", "Start compressions"]),
            scoring: OrderScoring::AllOrNothing,
        })
    );
    let file = fixture("interop/constructs.xml").display().to_string();
    assert!(stderr.contains(&format!("{file}:66:3")), "{stderr}");
    assert!(stderr.contains("essay \"Describe CPR\" skipped"));
    assert!(stderr.contains(&format!("{file}:70:3")), "{stderr}");
    assert!(stderr.contains("question \"Cloze\" of type `multianswer` skipped"));
}

#[test]
fn gift_syntax_errors_are_all_reported_with_line_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bank.toml");
    let path = fixture("interop/syntax-errors.gift");
    let output = aidquiz()
        .arg("import")
        .arg(&path)
        .args(["--topic", "burns", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr_of(&output);
    let file = path.display().to_string();
    for (place, message) in [
        ("4:42", "expected `}` to close the answers opened here"),
        (
            "6:21",
            "expected a weight in percent, such as `%50%`, found `half`",
        ),
        ("10:35", "expected `->` between an item and its match"),
    ] {
        assert!(stderr.contains(&format!("{file}:{place}")), "{place}: {stderr}");
        assert!(stderr.contains(message), "{message}: {stderr}");
    }
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn an_existing_bank_is_not_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bank.toml");
    std::fs::write(&out, "keep me").unwrap();
    let gift = fixture("interop/constructs.gift");
    let output = aidquiz()
        .arg("import")
        .arg(&gift)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr_of(&output).contains("already exists; pass --force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    aidquiz()
        .arg("import")
        .arg(&gift)
        .arg("--out")
        .arg(&out)
        .arg("--force")
        .assert()
        .success();
}

#[test]
fn questions_without_a_category_need_a_topic() {
    let dir = tempfile::tempdir().unwrap();
    let gift = dir.path().join("plain.gift");
    std::fs::write(&gift, "Cool a burn?{T}\n").unwrap();
    let out = dir.path().join("bank.toml");
    let output = aidquiz()
        .arg("import")
        .arg(&gift)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr_of(&output).contains("pass --topic TOPIC"),
        "{}",
        stderr_of(&output)
    );
    assert!(!out.exists());
    aidquiz()
        .arg("import")
        .arg(&gift)
        .args(["--topic", "burns", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(read_bank(&out).questions[0].meta.topic, "burns");
}

/// The bundled banks through GIFT and back: every question but the
/// ordering ones (GIFT has none) comes back the same.
#[test]
fn bundled_banks_survive_export_and_import_through_gift_and_moodle_xml() {
    let dir = tempfile::tempdir().unwrap();
    let originals: Vec<Question> = aidquiz::bank::load_banks(&aidquiz::bank::BankPaths::Given(vec![
        crate::root().join("quizzes"),
    ]))
    .banks
    .into_iter()
    .flat_map(|b| b.bank.questions)
    .collect();
    for (format, file) in [("gift", "bank.gift"), ("moodle-xml", "bank.xml")] {
        let exported = dir.path().join(file);
        let bank = dir.path().join(format!("{format}.toml"));
        aidquiz()
            .args(["export", "quizzes", "--to", format, "--out"])
            .arg(&exported)
            .assert()
            .success();
        aidquiz()
            .arg("import")
            .arg(&exported)
            .arg("--out")
            .arg(&bank)
            .assert()
            .success();
        let again = read_bank(&bank).questions;
        for original in &originals {
            let Some(copy) = again.iter().find(|q| q.meta.id == original.meta.id) else {
                assert!(
                    format == "gift" && matches!(original.answer, Answer::Order(_)),
                    "{format}: {original:?}"
                );
                continue;
            };
            let mut copy = copy.clone();
            copy.meta.provenance = None;
            // Lint allowances are aidquiz's own notes on wording; LMS formats have no room for them.
            copy.meta.lint.clone_from(&original.meta.lint);
            // Nor do GIFT and Moodle XML carry must-pass flags, cases or
            // revisions yet: export drops them (a known gap of issue #17,
            // reported to the lead), so this comparison leaves them out.
            copy.meta.critical = original.meta.critical;
            copy.meta.scenario.clone_from(&original.meta.scenario);
            copy.meta.revision = original.meta.revision;
            if format == "moodle-xml" {
                // Moodle has no typo allowance and no ranges: compare what grading accepts.
                match (&mut copy.answer, &original.answer) {
                    (Answer::Short(short), Answer::Short(first)) => short.typos = first.typos,
                    (Answer::Numeric(number), Answer::Numeric(first)) if first.range.is_some() => {
                        let (low, high) = number.accepted();
                        assert_eq!([low, high], first.range.unwrap());
                        number.clone_from(first);
                    }
                    _ => {}
                }
            }
            assert_eq!(&copy, original, "{format}");
        }
    }
}

#[test]
fn special_characters_are_escaped_in_gift_and_moodle_xml() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("special.toml");
    std::fs::write(
        &bank,
        r#"format_version = 1
id = "special"
title = "Special"
source = "S"

[[questions]]
id = "braces"
type = "single"
topic = "t"
difficulty = "easy"
section = "S"
prompt = "Is {a} = b ~ c # d : e < f & g?"
choices = ["x=y", "a~b"]
answer = "x=y"
explanation = "Because {x} & <y>."
"#,
    )
    .unwrap();
    let gift = dir.path().join("out.gift");
    aidquiz()
        .arg("export")
        .arg(&bank)
        .args(["--to", "gift", "--out"])
        .arg(&gift)
        .assert()
        .success();
    let text = std::fs::read_to_string(&gift).unwrap();
    assert!(
        text.contains(r"::braces::[plain]Is \{a\} \= b \~ c \# d \: e < f & g?{"),
        "{text}"
    );
    assert!(text.contains(r"=x\=y") && text.contains(r"~a\~b") && text.contains(r"####Because \{x\} & <y>."));
    let xml = dir.path().join("out.xml");
    aidquiz()
        .arg("export")
        .arg(&bank)
        .args(["--to", "moodle-xml", "--out"])
        .arg(&xml)
        .assert()
        .success();
    let text = std::fs::read_to_string(&xml).unwrap();
    assert!(
        text.contains("<text>Is {a} = b ~ c # d : e &lt; f &amp; g?</text>"),
        "{text}"
    );
}

#[test]
fn qti_export_is_a_canvas_zip_and_names_what_it_skips() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("quiz.zip");
    let output = aidquiz()
        .args([
            "export",
            "quizzes",
            "--topic",
            "ice-vs-heat",
            "--to",
            "qti-canvas",
            "--out",
        ])
        .arg(&zip)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("warning: question `ice-rest-cold-heat-order` skipped: Canvas classic quizzes have no ordering question"));
    let bytes = std::fs::read(&zip).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));
    for name in ["imsmanifest.xml", "assessment_meta.xml"] {
        assert!(bytes.windows(name.len()).any(|w| w == name.as_bytes()), "{name}");
    }
    // The same bank writes the same file.
    let again = dir.path().join("again.zip");
    aidquiz()
        .args([
            "export",
            "quizzes",
            "--topic",
            "ice-vs-heat",
            "--to",
            "qti-canvas",
            "--out",
        ])
        .arg(&again)
        .assert()
        .success();
    assert_eq!(std::fs::read(&again).unwrap(), bytes);
}
