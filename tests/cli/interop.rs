//! `aidquiz import` and `aidquiz export`: every GIFT and Moodle XML
//! construct in the fixtures, the warnings, the syntax errors with their
//! places, escapes, and round trips through the real binary.

use std::collections::BTreeMap;
use std::path::Path;

use aidquiz::bank::model::{
    Answer, Bank, Difficulty, MatchPair, Matching, MultipleChoice, Numeric, OrderScoring, Ordering, Question,
    ShortAnswer, SingleChoice, TrueFalse,
};

use crate::{aidquiz, fixture, root, stderr_of, stdout_of};

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
    let (bank, stderr, dir) = import(&["constructs.gift"], &["--verbose"]);
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
            choice_images: Default::default(),
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
            choice_images: Default::default(),
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
    // Both feedbacks become the explanation, the right answer's first.
    assert_eq!(
        butter.meta.explanation,
        "Right: never put butter on a burn.\n\nNo: butter keeps the heat in."
    );
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
            choice_images: Default::default(),
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
            choice_images: Default::default(),
        })
    );
    assert_eq!(
        question(&bank, "shock-signs").answer,
        Answer::Multiple(MultipleChoice {
            choices: texts(&["Pale, clammy skin", "Rapid pulse", "Flushed, warm skin"]),
            answers: texts(&["Pale, clammy skin", "Rapid pulse"]),
            feedback: BTreeMap::new(),
            shuffle: true,
            choice_images: Default::default(),
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

/// Issue #15: one bad question never costs the whole file. Each is listed
/// with its place and reason, the rest are imported; `--strict` keeps the
/// all-or-nothing rule.
#[test]
fn gift_syntax_errors_are_all_reported_and_only_those_questions_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new folder/bank.toml");
    let path = fixture("interop/syntax-errors.gift");
    let file = path.display().to_string();
    let places = [
        ("4:42", "expected `}` to close the answers opened here"),
        (
            "6:21",
            "expected a weight in percent from -100 to 100, such as `%50%`, found `half`",
        ),
        ("10:35", "expected `->` between an item and its match"),
    ];

    let output = aidquiz()
        .arg("import")
        .arg(&path)
        .args(["--topic", "burns", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    for (place, message) in places {
        assert!(stderr.contains(&format!("{file}:{place}")), "{place}: {stderr}");
        assert!(
            stderr.contains(&format!("question skipped: GIFT syntax: {message}")),
            "{message}: {stderr}"
        );
    }
    assert!(
        stdout_of(&output).starts_with("imported 2 of 5 questions, 3 skipped, from syntax-errors.gift"),
        "{}",
        stdout_of(&output)
    );
    let ids: Vec<String> = read_bank(&out)
        .questions
        .into_iter()
        .map(|q| q.meta.id.0)
        .collect();
    assert_eq!(ids, ["good", "fine-too"]);

    let strict = dir.path().join("strict.toml");
    let output = aidquiz()
        .arg("import")
        .arg(&path)
        .args(["--topic", "burns", "--strict", "--out"])
        .arg(&strict)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr_of(&output);
    for (place, message) in places {
        assert!(stderr.contains(&format!("{file}:{place}")), "{place}: {stderr}");
        assert!(
            stderr.contains(&format!("error[gift-syntax]: GIFT syntax: {message}")),
            "{message}: {stderr}"
        );
    }
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!strict.exists());
}

/// Issue #18 item 9: weights and fractions that parse as infinite floats
/// used to panic in the weight mapping; a deep XML tree overflowed the stack.
#[test]
fn infinite_weights_and_deep_xml_are_refused_per_question_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    for weight in ["1e309", "inf", "-inf", "NaN"] {
        let gift = dir.path().join("weights.gift");
        std::fs::write(
            &gift,
            format!("::W::Which? {{~%{weight}%Ice =Water}}\n\n::X::Cool it? {{T}}\n"),
        )
        .unwrap();
        let out = dir.path().join(format!("gift-{weight}.toml"));
        let output = aidquiz()
            .arg("import")
            .arg(&gift)
            .args(["--topic", "burns", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(0), "{weight}: {stderr}");
        assert!(stderr.contains(&format!("found `{weight}`")), "{stderr}");
        assert_eq!(read_bank(&out).questions.len(), 1);

        let xml = dir.path().join("fractions.xml");
        std::fs::write(
            &xml,
            format!(
                "<quiz><question type=\"multichoice\"><name><text>F</text></name><questiontext><text>Which?</text></questiontext>\
                 <answer fraction=\"{weight}\"><text>Ice</text></answer><answer fraction=\"0\"><text>Water</text></answer></question>\
                 <question type=\"truefalse\"><name><text>T</text></name><questiontext><text>Cool it?</text></questiontext>\
                 <answer fraction=\"100\"><text>true</text></answer><answer fraction=\"0\"><text>false</text></answer></question></quiz>"
            ),
        )
        .unwrap();
        let out = dir.path().join(format!("xml-{weight}.toml"));
        let output = aidquiz()
            .arg("import")
            .arg(&xml)
            .args(["--topic", "burns", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(0), "{weight}: {stderr}");
        assert!(
            stderr.contains(&format!("the answer fraction `{weight}` is not a percentage")),
            "{stderr}"
        );
        assert_eq!(read_bank(&out).questions.len(), 1);
    }

    let deep = format!(
        "<quiz><question type=\"truefalse\"><questiontext><text>{}x{}</text></questiontext></question>\
         <question type=\"truefalse\"><name><text>T</text></name><questiontext><text>Cool it?</text></questiontext>\
         <answer fraction=\"100\"><text>true</text></answer></question></quiz>",
        "<b>".repeat(50_000),
        "</b>".repeat(50_000)
    );
    let xml = dir.path().join("deep.xml");
    std::fs::write(&xml, deep).unwrap();
    let out = dir.path().join("deep.toml");
    let output = aidquiz()
        .arg("import")
        .arg(&xml)
        .args(["--topic", "burns", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("elements nested more than 100 deep"), "{stderr}");
    assert_eq!(read_bank(&out).questions.len(), 1);
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

fn choices_of(question: &Question) -> Vec<String> {
    match &question.answer {
        Answer::Single(single) => single.choices.clone(),
        Answer::Multiple(multiple) => multiple.choices.clone(),
        other => panic!("not a choice question: {other:?}"),
    }
}

/// Issue #15: what Moodle's GIFT reader (question/format/gift/format.php)
/// reads, aidquiz reads the same way, with a warning where it folds.
#[test]
fn gift_is_read_as_moodle_reads_it() {
    let (bank, stderr, _dir) = import(&["moodle-rules.gift"], &["--verbose"]);
    let ids: Vec<&str> = bank.questions.iter().map(|q| q.meta.id.0.as_str()).collect();
    assert!(!ids.contains(&"identical-other-grade"), "{ids:?}");
    assert!(stderr.contains("the choice \"Water\" is written twice with different grades (100% and 0%)"));
    // Case and punctuation make different choices.
    let case = question(&bank, "case-and-punctuation");
    assert_eq!(
        choices_of(case),
        texts(&["~House();", "House();", "house();", "House()", "*", "->", "&"])
    );
    assert!(matches!(&case.answer, Answer::Single(s) if s.answer == "~House();"));
    // Identical choices with one grade are folded, with a warning.
    assert_eq!(
        choices_of(question(&bank, "identical-same-grade")),
        texts(&["Water", "Ice", "Butter"])
    );
    assert!(stderr.contains("the choice \"Ice\" was written twice with the same grade: kept once"));
    // `~=Water` is `=Water`.
    let tilde = question(&bank, "tilde-equals");
    assert!(
        matches!(&tilde.answer, Answer::Single(s) if s.answer == "Water" && s.choices == texts(&["Ice", "Water", "Butter"]))
    );
    // `{Water}` is a one-answer short answer.
    assert_eq!(
        question(&bank, "one").answer,
        Answer::Short(ShortAnswer {
            accept: texts(&["Water"]),
            typos: 0
        })
    );
    assert_eq!(
        question(&bank, "variants").answer,
        Answer::Short(ShortAnswer {
            accept: texts(&["Tylenol"]),
            typos: 0
        })
    );
    assert!(stderr.contains("the answer \"tylenol\" is graded the same as one before it"));
    // `~#…` after a numeric answer is feedback for other numbers, not a number.
    assert_eq!(
        question(&bank, "numeric-feedback").answer,
        Answer::Numeric(Numeric {
            answer: Some(20.0),
            tolerance: Some(5.0),
            range: None,
            unit: None
        })
    );
    // Format markers per answer are applied and taken off.
    let prefixes = question(&bank, "prefixes");
    assert_eq!(prefixes.meta.prompt, "Pick the right one.");
    match &prefixes.answer {
        Answer::Single(s) => {
            assert_eq!(s.choices, texts(&["Water", "Ice", "Butter"]));
            assert_eq!(s.feedback.get("Water").map(String::as_str), Some("Yes"));
            assert_eq!(s.feedback.get("Ice").map(String::as_str), Some("*No*"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        question(&bank, "short-prefix").answer,
        Answer::Short(ShortAnswer {
            accept: texts(&["water"]),
            typos: 0
        })
    );
    assert_eq!(
        question(&bank, "wildcard").answer,
        Answer::Short(ShortAnswer {
            accept: texts(&["call * ambulance"]),
            typos: 0
        })
    );
    // True/false feedback becomes the explanation.
    assert_eq!(
        question(&bank, "tf-feedback").meta.explanation,
        "Right: never butter.\n\nButter traps heat."
    );
    // Categories in any script, and categories with one slug, stay apart.
    let topics: Vec<&str> = ["cyrillic-one", "cyrillic-two", "punct-one", "punct-two"]
        .iter()
        .map(|id| question(&bank, id).meta.topic.as_str())
        .collect();
    let distinct: std::collections::BTreeSet<&&str> = topics.iter().collect();
    assert_eq!(distinct.len(), 4, "{topics:?}");
    assert_eq!(topics[2], "first-aid-burns");
    assert!(
        stderr.contains("the category \"Шок\" has no letters a topic slug can keep"),
        "{stderr}"
    );
    assert!(stderr.contains(
        "the categories \"First aid: burns\" and \"First aid burns\" would both be topic `first-aid-burns`"
    ));
    // The written bank passes `aidquiz check`.
    aidquiz()
        .arg("check")
        .arg(_dir.path().join("imported.toml"))
        .assert()
        .success();
}

/// Issue #15: Moodle XML read as Moodle's xml/format.php reads it.
#[test]
fn moodle_xml_is_read_as_moodle_reads_it() {
    let (bank, stderr, dir) = import(&["moodle-rules.xml"], &[]);
    let ids: Vec<&str> = bank.questions.iter().map(|q| q.meta.id.0.as_str()).collect();
    assert_eq!(
        ids,
        [
            "case-and-punctuation",
            "identical-same-grade",
            "variants",
            "tf-feedback",
            "cyrillic-two"
        ]
    );
    assert!(stderr.contains(
        "question \"Identical other grade\": the choice \"Water\" is written twice with different grades"
    ));
    let case = question(&bank, "case-and-punctuation");
    assert_eq!(
        choices_of(case),
        texts(&["~House();", "House();", "house();", "*"])
    );
    // `<pre>` keeps its line breaks and indentation.
    assert_eq!(case.meta.prompt, "Which line?\n\nif x:\n    print(1)");
    assert_eq!(
        choices_of(question(&bank, "identical-same-grade")),
        texts(&["Water", "Ice"])
    );
    assert_eq!(
        question(&bank, "variants").answer,
        Answer::Short(ShortAnswer {
            accept: texts(&["Tylenol", "call * ambulance"]),
            typos: 0
        })
    );
    assert_eq!(
        question(&bank, "tf-feedback").meta.explanation,
        "Right: never butter.\n\nButter traps heat."
    );
    assert_ne!(
        question(&bank, "case-and-punctuation").meta.topic,
        question(&bank, "cyrillic-two").meta.topic
    );
    // An image is never dropped unseen: the warning names it.
    assert_eq!(
        question(&bank, "variants").meta.prompt,
        "Common name for acetaminophen?"
    );
    assert!(
        stderr.contains("question `variants`: the image @@PLUGINFILE@@/pill.png (\"A white pill\") in the prompt cannot be brought over: the file has no `<file>` element in the XML"),
        "{stderr}"
    );
    aidquiz()
        .arg("check")
        .arg(dir.path().join("imported.toml"))
        .assert()
        .success();
}

/// A question's key in one line, to compare with what Moodle grades.
fn key_of(question: &Question) -> String {
    match &question.answer {
        Answer::Single(q) => q.answer.clone(),
        Answer::Multiple(q) => q.answers.join("|"),
        Answer::TrueFalse(q) => q.answer.to_string(),
        Answer::Short(q) => q.accept.join("|"),
        Answer::Numeric(q) => match (q.answer, q.range) {
            (Some(value), _) => format!("{value}±{}", q.tolerance.unwrap_or(0.0)),
            (None, Some([low, high])) => format!("{low}..{high}"),
            (None, None) => "?".to_owned(),
        },
        Answer::Order(q) => q.steps.join(">"),
        Answer::Match(q) => q
            .pairs
            .iter()
            .map(|p| format!("{}->{}", p.left, p.right))
            .collect::<Vec<_>>()
            .join("|"),
    }
}

/// Issue #15: real files from public repositories (tests/fixtures/interop/real,
/// PROVENANCE.md says whose) import with the counts and keys Moodle gives them.
#[test]
fn real_moodle_and_gift_files_import_with_their_expected_counts_and_keys() {
    /// File, questions imported, questions found, (id, key) pairs.
    type Expected = (
        &'static str,
        usize,
        usize,
        &'static [(&'static str, &'static str)],
    );
    #[rustfmt::skip]
    let corpus: &[Expected] = &[
        ("moodle-gift-examples.txt", 43, 43, &[("q-90e4aa1b60", "no one"), ("q-bc5e00fd69", "entombed"), ("kanji-origins", "China")]),
        ("moodle-gift-questions.gift.txt", 8, 9, &[("q2", "yellow"), ("colours", "yellow|off-beige"), ("shortanswer", "Frog"), ("q5", "3±2")]),
        ("moodle-gift-questions_in_category.gift.txt", 4, 4, &[("greeting", "French"), ("moodle-user", "Moodler"), ("moodle-acronym", "true")]),
        ("moodle-qtype-match-testquestion.moodle.xml", 1, 1, &[("matching-001", "frog->amphibian|cat->mammal|newt->amphibian")]),
        ("moodle-qtype-ordering-testexport.gift.txt", 0, 1, &[]),
        ("moodle-qtype-ordering-testquestion.moodle.xml", 1, 1, &[("dd-ordering-1", "Modular>Object>Oriented>Dynamic>Learning>Environment")]),
        ("moodle-qtype-shortanswer-testquestion.moodle.xml", 1, 1, &[("shortanswer-001", "frog")]),
        ("moodle-xml-categories_reverse_order.xml", 1, 2, &[("sigma-question", "yes")]),
        ("moodle-xml-error_invalid_grades.xml", 1, 1, &[("question-with-strong-invalid-grades-strong-x-1-x-2", "2|3|5")]),
        ("moodle-xml-html_chars_in_idnumbers.xml", 1, 1, &[("alpha-question", "true")]),
        ("moodle-xml-nested_categories_with_questions.xml", 4, 5, &[("iota-question", "true"), ("mu-question", "true")]),
        ("moodle-xml-sample_questions_with_old_image_tag.xml", 1, 2, &[("mcq-with-image", "right answer")]),
        ("peg-TFTwoFeedback.gift", 1, 1, &[("q-66ca79d4b5", "false")]),
        ("peg-giftFormatPhpExamples.gift", 10, 10, &[("grant-s-tomb", "entombed"), ("numerical-example", "1822±0")]),
        ("peg-mc5.gift", 4, 4, &[("q-6a79926540", "fourth")]),
        ("peg-numerical1.gift", 5, 5, &[("q-f6eb5e5de1", "3.1415±0.0005"), ("q-f6eb5e5de1-2", "3.141..3.142")]),
        ("peg-totara_moodle_match.gift", 1, 1, &[("moodle-activities", "An activity supporting asynchronous discussions.->Forum|A teacher asks a question and specifies a choice of multiple responses.->Choice|A bank of record entries which participants can add to.->Database|A collection of web pages that anyone can add to or edit.->Wiki")]),
        ("peg-totara_moodle_multichoice_multi.gift", 1, 1, &[("colours", "yellow|off-beige")]),
        ("peg-totara_moodle_numerical.gift", 1, 1, &[("q5", "3±2")]),
        ("peg-totara_moodle_shortanswer.gift", 1, 1, &[("shortanswer", "Frog")]),
    ];
    let listed = std::fs::read_dir(fixture("interop/real"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name() != "PROVENANCE.md")
        .count();
    assert_eq!(
        listed,
        corpus.len(),
        "every corpus file has its expectations here"
    );
    assert!(corpus.len() >= 20);
    let dir = tempfile::tempdir().unwrap();
    for (file, imported, found, keys) in corpus {
        let out = dir.path().join(format!("{file}.toml"));
        let output = aidquiz()
            .arg("import")
            .arg(fixture(&format!("interop/real/{file}")))
            .args(["--topic", "imported", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        let (stdout, stderr) = (stdout_of(&output), stderr_of(&output));
        if *imported == 0 {
            assert_eq!(output.status.code(), Some(1), "{file}: {stderr}");
            assert!(
                stderr.contains(&format!(
                    "no questions to import ({found} found, {found} skipped)"
                )),
                "{file}: {stderr}"
            );
            continue;
        }
        assert!(output.status.success(), "{file}: {stderr}");
        let summary = format!(
            "imported {imported} of {found} questions, {} skipped",
            found - imported
        );
        assert!(stdout.starts_with(&summary), "{file}: {stdout}");
        let bank = read_bank(&out);
        for (id, key) in *keys {
            assert_eq!(key_of(question(&bank, id)), *key, "{file}: {id}");
        }
        aidquiz().arg("check").arg(&out).assert().success();
    }
}

/// Issue #15: spreadsheets and Windows editors write CRLF line ends and a
/// byte-order mark; `import` and `exam grade` report the line an editor
/// shows (a CRLF sheet's bad row 3 used to be reported as line 2).
#[test]
fn crlf_and_bom_files_report_the_line_an_editor_shows() {
    let dir = tempfile::tempdir().unwrap();
    let gift = dir.path().join("crlf.gift");
    std::fs::write(
        &gift,
        "\u{feff}::A::Cool?{T}\r\n\r\n::B::Which? {~%half%Ice =Water}\r\n\r\n::C::How long?{#12..x}\r\n",
    )
    .unwrap();
    let output = aidquiz()
        .arg("import")
        .arg(&gift)
        .args(["--topic", "burns", "--out"])
        .arg(dir.path().join("bank.toml"))
        .output()
        .unwrap();
    let stderr = stderr_of(&output);
    let name = gift.display().to_string();
    for place in ["1:1", "3:16", "5:17"] {
        assert!(stderr.contains(&format!("{name}:{place}")), "{place}: {stderr}");
    }

    let exam = dir.path().join("exam");
    aidquiz()
        .args(["exam", "generate", "--count", "2", "--seed", "1", "--out"])
        .arg(&exam)
        .assert()
        .success();
    for (label, sheet) in [
        ("lf", "learner,version,1,2\nann,A,B,C\nbob,Z,B,C\n"),
        ("crlf", "learner,version,1,2\r\nann,A,B,C\r\nbob,Z,B,C\r\n"),
        (
            "bom+crlf",
            "\u{feff}learner,version,1,2\r\nann,A,B,C\r\nbob,Z,B,C\r\n",
        ),
        (
            "quoted line break",
            "learner,version,1,2\r\nann,A,\"B,\r\nE\",C\r\nbob,Z,B,C\r\n",
        ),
    ] {
        let path = dir.path().join("sheet.csv");
        std::fs::write(&path, sheet).unwrap();
        let output = aidquiz()
            .args(["exam", "grade"])
            .arg(&exam)
            .arg(&path)
            .arg("--store")
            .arg(dir.path().join("store.db"))
            .output()
            .unwrap();
        let line = if label == "quoted line break" { 4 } else { 3 };
        let stderr = stderr_of(&output);
        assert!(
            stderr.contains(&format!(
                "sheet.csv: line {line}, column 2 (version): unknown version `Z`"
            )),
            "{label}: {stderr}"
        );
    }
}

/// Issue #15, with the parts the test above leaves out: a Moodle XML file
/// saved with CRLF line ends and a byte-order mark, and a GIFT question
/// whose answers span several CRLF lines. Each problem is reported at the
/// line and column an editor shows, and so is each imported question's
/// provenance line.
#[test]
fn crlf_and_bom_moodle_xml_and_multi_line_gift_report_the_line_an_editor_shows() {
    let dir = tempfile::tempdir().unwrap();
    let xml = dir.path().join("crlf.xml");
    let lines = [
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        "<quiz>",
        r#"<question type="multichoice">"#,
        "<name><text>q1</text></name>",
        r#"<questiontext format="html"><text>Which?</text></questiontext>"#,
        r#"<answer fraction="abc"><text>Ice</text></answer>"#,
        r#"<answer fraction="100"><text>Water</text></answer>"#,
        "</question>",
        r#"<question type="truefalse">"#,
        "<name><text>q2</text></name>",
        r#"<questiontext format="html"><text>Cool?</text></questiontext>"#,
        r#"<answer fraction="100"><text>true</text></answer>"#,
        r#"<answer fraction="0"><text>false</text></answer>"#,
        "</question>",
        r#"<question type="multichoice">"#,
        "<name><text>q3</text></name>",
        "</quiz>",
    ];
    std::fs::write(&xml, format!("\u{feff}{}\r\n", lines.join("\r\n"))).unwrap();
    let gift = dir.path().join("lines.gift");
    let questions = "\u{feff}::A::Cool?{T}\r\n\r\n// a comment line\r\n::B::Which? {\r\n  =Water\r\n  ~%half%Ice\r\n}\r\n\r\n::C:: How\r\nlong? {\r\n#12..x\r\n}\r\n";
    std::fs::write(&gift, questions).unwrap();

    let expected = [
        (
            &xml,
            "3:1",
            "xml-fraction",
            "the answer fraction `abc`",
            "q2",
            "line 9",
        ),
        (
            &xml,
            "15:1",
            "xml-syntax",
            "expected `</question>`",
            "q2",
            "line 9",
        ),
        (&gift, "6:5", "gift-syntax", "found `half`", "a", "line 1"),
        (&gift, "11:2", "gift-syntax", "found `12..x`", "a", "line 1"),
    ];
    for (file, place, code, message, id, origin) in expected {
        let out = dir.path().join("bank.toml");
        let output = aidquiz()
            .arg("import")
            .arg(file)
            .args(["--topic", "burns", "--force", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        let stderr = stderr_of(&output);
        assert!(output.status.success(), "{stderr}");
        let at = stderr
            .find(&format!("{}:{place}\n", file.display()))
            .unwrap_or_else(|| panic!("{place}: {stderr}"));
        let report = &stderr[..at];
        let heading = report.rfind("warning[").unwrap();
        assert!(
            report[heading..].starts_with(&format!("warning[{code}]")) && report[heading..].contains(message),
            "{place}: {stderr}"
        );
        let name = file.file_name().unwrap().to_string_lossy();
        let provenance = question(&read_bank(&out), id).meta.provenance.clone();
        assert!(
            provenance.is_some_and(|p| p.starts_with(&format!("imported from {name} {origin}"))),
            "{stderr}"
        );
    }
}

/// Issue #15: the TODO placeholders an import writes are found by `lint`
/// and never shipped as learner feedback by `export` unless asked.
#[test]
fn import_placeholders_are_linted_and_not_exported_unless_allowed() {
    let (_, _, dir) = import(&["syntax-errors.gift"], &["--topic", "burns"]);
    let bank = dir.path().join("imported.toml");
    let output = aidquiz()
        .args(["lint", "--format", "json"])
        .arg(&bank)
        .output()
        .unwrap();
    let records: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let placeholders: Vec<(&str, &str)> = records
        .iter()
        .filter(|r| r["rule"] == "import-placeholder")
        .map(|r| (r["question_id"].as_str().unwrap(), r["message"].as_str().unwrap()))
        .collect();
    assert_eq!(placeholders.len(), 4, "{records:#?}");
    assert!(
        placeholders
            .iter()
            .any(|(id, m)| *id == "good" && m.starts_with("the explanation is still the placeholder"))
    );
    assert!(
        placeholders
            .iter()
            .any(|(id, m)| *id == "fine-too" && m.starts_with("the section is still the placeholder"))
    );

    let out = dir.path().join("new/folder/out.xml");
    let output = aidquiz()
        .arg("export")
        .arg(&bank)
        .args(["--to", "moodle-xml", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains(
            "2 questions still have the placeholder explanation `aidquiz import` wrote (`good`, `fine-too`)"
        ),
        "{stderr}"
    );
    assert!(!out.exists());
    aidquiz()
        .arg("export")
        .arg(&bank)
        .args(["--to", "moodle-xml", "--allow-placeholders", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("TODO: no explanation was imported")
    );
}

/// Issue #15: every bundled bank, exported as GIFT, is read back by
/// gift-pegjs (an independent GIFT parser, tests/gift-pegjs) with the same
/// question types and keys. Skipped, saying so, when its node_modules is
/// missing locally (`npm ci --prefix tests/gift-pegjs`); under CI it must run.
#[test]
fn gift_export_of_every_bundled_bank_is_read_back_by_gift_pegjs() {
    let tool = root().join("tests/gift-pegjs");
    if !tool.join("node_modules/gift-pegjs").exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but tests/gift-pegjs/node_modules is missing: run `npm ci --prefix tests/gift-pegjs`"
        );
        eprintln!("SKIPPED gift-pegjs re-read: run `npm ci --prefix tests/gift-pegjs` to enable it");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let gift = dir.path().join("all.gift");
    aidquiz()
        .args(["export", "quizzes", "--to", "gift", "--out"])
        .arg(&gift)
        .assert()
        .success();
    let output = std::process::Command::new("node")
        .arg(tool.join("reread.js"))
        .arg(&gift)
        .output()
        .expect("node runs");
    assert!(output.status.success(), "{}", stderr_of(&output));
    let reread: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let by_title: BTreeMap<&str, &serde_json::Value> =
        reread.iter().map(|q| (q["title"].as_str().unwrap(), q)).collect();

    let mut compared = 0;
    for entry in std::fs::read_dir(root().join("quizzes")).unwrap() {
        let path = entry.unwrap().path();
        // The folder also holds the revisions' lock file.
        if path.extension().is_none_or(|ext| ext != "toml") {
            continue;
        }
        let bank = read_bank(&path);
        for question in &bank.questions {
            let expected_type = match &question.answer {
                Answer::Single(_) | Answer::Multiple(_) => "MC",
                Answer::TrueFalse(_) => "TF",
                Answer::Short(_) => "Short",
                Answer::Numeric(_) => "Numerical",
                Answer::Match(_) => "Matching",
                // GIFT has no ordering questions; the export says so.
                Answer::Order(_) => continue,
            };
            let id = question.meta.id.0.as_str();
            let Some(read) = by_title.get(id) else {
                panic!("gift-pegjs did not read `{id}` back")
            };
            assert_eq!(read["type"], expected_type, "{id}");
            assert_eq!(
                read["selectAll"],
                matches!(question.answer, Answer::Multiple(_)),
                "{id}"
            );
            assert_eq!(read["key"].as_str().unwrap(), key_of(question), "{id}");
            compared += 1;
        }
    }
    assert_eq!(
        compared,
        reread.len(),
        "every question gift-pegjs read is a bank question"
    );
    assert!(compared > 100, "{compared}");
}

/// Issue #15: what Moodle or Canvas grades is what aidquiz grades, and what
/// they cannot keep is named.
#[test]
fn exports_grade_in_moodle_and_canvas_as_in_aidquiz() {
    let dir = tempfile::tempdir().unwrap();
    let bank = fixture("interop/export-defects.toml");

    let xml = dir.path().join("out.xml");
    let output = aidquiz()
        .arg("export")
        .arg(&bank)
        .args(["--to", "moodle-xml", "--out"])
        .arg(&xml)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let text = std::fs::read_to_string(&xml).unwrap();
    // 11 right of 13: +1/11 each is 9.09%, which Moodle refuses; the nearest
    // allowed grade (10%) is written, and the change said.
    assert!(
        text.contains("<answer fraction=\"10\" format=\"plain_text\">\n      <text>one</text>"),
        "{text}"
    );
    assert!(!text.contains("9.09091"));
    assert!(text.contains("<answer fraction=\"-50\" format=\"plain_text\">\n      <text>cat</text>"));
    assert!(stderr_of(&output).contains(
        "question `many-right` changed: Moodle grades a choice only with a fraction from its list: each right choice is worth 10% instead of aidquiz's 9.09091%"
    ));
    // The unit is shown (showunits 2, UNITDISPLAY), not hidden (3).
    assert!(text.contains("<showunits>2</showunits>"), "{text}");

    let zip = dir.path().join("out.zip");
    let output = aidquiz()
        .arg("export")
        .arg(&bank)
        .args(["--to", "qti-canvas", "--out"])
        .arg(&zip)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("question `fixed-order` changed: Canvas shuffles answers quiz by quiz"),
        "{stderr}"
    );
    assert!(stderr.contains(
        "question `session-range` changed: Canvas numeric questions have no unit: \"minutes\" is dropped"
    ));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let name = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().into_owned())
        .find(|n| {
            n.ends_with(".xml") && !n.ends_with("imsmanifest.xml") && !n.ends_with("assessment_meta.xml")
        })
        .unwrap();
    let mut qti = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(&name).unwrap(), &mut qti).unwrap();
    // A range as Canvas's exporter writes one: the bounds alone.
    assert!(
        qti.contains("<conditionvar><vargte respident=\"response1\">15</vargte><varlte respident=\"response1\">20</varlte></conditionvar>"),
        "{qti}"
    );
    // Matching identifiers are digits only, so Canvas's "first run of
    // digits" is the whole identifier and no two can be confused.
    let item = &qti[qti.find("title=\"pairs\"").unwrap()..];
    let item = &item[..item.find("</item>").unwrap()];
    let mut idents: Vec<&str> = item
        .match_indices("<response_label ident=\"")
        .map(|(at, m)| {
            let rest = &item[at + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(idents.len(), 3 * 2, "{item}");
    assert!(
        idents.iter().all(|id| id.chars().all(|c| c.is_ascii_digit())),
        "{idents:?}"
    );
    idents.sort_unstable();
    idents.dedup();
    assert_eq!(idents.len(), 2, "two options, each with one id: {idents:?}");
}

/// Issue #15: every bundled bank's Moodle XML export passes the checks
/// Moodle's XML reader makes before it saves a question: every choice's
/// fraction is one Moodle allows (else "invalid grade" and the question is
/// refused), a single-choice question has a 100% choice, a select-all one
/// choices adding up to 100%.
#[test]
fn moodle_xml_export_of_every_bundled_bank_passes_moodles_grade_rules() {
    const ALLOWED: [f64; 21] = [
        100.0, 90.0, 83.33333, 80.0, 75.0, 70.0, 66.66667, 60.0, 50.0, 40.0, 33.33333, 30.0, 25.0, 20.0,
        16.66667, 14.28571, 12.5, 11.11111, 10.0, 5.0, 0.0,
    ];
    let dir = tempfile::tempdir().unwrap();
    let xml = dir.path().join("all.xml");
    aidquiz()
        .args(["export", "quizzes", "--to", "moodle-xml", "--out"])
        .arg(&xml)
        .assert()
        .success();
    let text = std::fs::read_to_string(&xml).unwrap();
    let mut checked = 0;
    for question in text.split("<question type=\"multichoice\">").skip(1) {
        let question = &question[..question.find("</question>").unwrap()];
        let single = question.contains("<single>true</single>");
        let fractions: Vec<f64> = question
            .split("<answer fraction=\"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
            .collect();
        for fraction in &fractions {
            assert!(
                ALLOWED.iter().any(|a| (a - fraction.abs()).abs() < 1e-4),
                "fraction {fraction} is not one Moodle allows:\n{question}"
            );
        }
        let best = fractions.iter().copied().fold(f64::MIN, f64::max);
        let positive: f64 = fractions.iter().filter(|f| **f > 0.0).sum();
        if single {
            assert!((best - 100.0).abs() < 1e-9, "{question}");
        } else {
            assert!(
                (positive - 100.0).abs() < 0.01,
                "right choices add up to {positive}%:\n{question}"
            );
        }
        checked += 1;
    }
    assert!(checked > 50, "{checked}");
}

/// Issue #15: a real export has no explanations, so every question gets the
/// same warning; it is shown once with a count, and `--verbose` lists each.
#[test]
fn repeated_import_warnings_are_counted_unless_verbose() {
    let kind = "the source has no values for them";
    let (_, stderr, _dir) = import(&["real/moodle-gift-examples.txt"], &["--topic", "history"]);
    assert_eq!(stderr.matches(kind).count(), 1, "{stderr}");
    assert!(
        stderr.contains("= 42 more warnings of this kind [import-changed], at "),
        "{stderr}"
    );
    assert!(stderr.contains("pass --verbose to list each"));
    let (_, verbose, _dir) = import(
        &["real/moodle-gift-examples.txt"],
        &["--topic", "history", "--verbose"],
    );
    assert_eq!(verbose.matches(kind).count(), 43, "{verbose}");
    assert!(!verbose.contains("more warnings of this kind"));
}

/// One choice written 300,000 times on one line made 300,000 notes, held
/// until the end (a 6 MB line took 1.2 GB). It is one note now, counting
/// them, with the feedback it dropped named a few at a time.
#[test]
fn a_choice_repeated_many_times_is_folded_with_one_warning() {
    let dir = tempfile::tempdir().unwrap();
    let gift = dir.path().join("many.gift");
    let mut text = String::from("::many::Which is cold?{=Ice");
    text.push_str(&"~Heat".repeat(300_000));
    text.push_str(
        "}\n\n::dropped::Which is warm?{=Heat~Ice#one~Ice#two~Ice#three~Ice#four~Ice#five~Ice#six}\n",
    );
    std::fs::write(&gift, text).unwrap();
    let out = dir.path().join("many.toml");
    let output = aidquiz()
        .args(["import", "--verbose", "--topic", "ice-vs-heat", "--out"])
        .arg(&out)
        .arg(&gift)
        .output()
        .unwrap();
    let stderr = stderr_of(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "question `many`: the choice \"Heat\" was written 300000 times with the same grade: kept once"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("more problems on line 1"), "{stderr}");
    assert!(
        stderr.contains("the choice \"Ice\" was written 6 times with the same grade: kept once (its other feedback \"two\", \"three\", \"four\" and 2 more was dropped)"),
        "{stderr}"
    );
    let bank = read_bank(&out);
    assert_eq!(choices_of(question(&bank, "many")), texts(&["Ice", "Heat"]));
}
