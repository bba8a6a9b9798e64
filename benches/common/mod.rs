//! Inputs shared by the benchmarks: a generated bank of realistic size.
//!
//! Each bench includes this with `mod common;`.

use aidquiz::bank::model::{
    Answer, Bank, BankMeta, Difficulty, LintSettings, MatchPair, Matching, MultipleChoice, Numeric,
    OrderScoring, Ordering, Question, QuestionId, QuestionMeta, ShortAnswer, SingleChoice, TrueFalse,
};

/// The size of bank the benchmarks measure (issues #2 and #9): far more
/// than an instructor keeps in one file.
pub const BANK_QUESTIONS: usize = 10_000;

/// A bank of `count` questions cycling through every type, with realistic
/// lengths of text.
pub fn generated_bank(count: usize) -> String {
    let choices = |i: usize| -> Vec<String> {
        (0..4)
            .map(|c| format!("Choice {c} of question {i}: apply cold for fifteen to twenty minutes"))
            .collect()
    };
    let questions = (0..count)
        .map(|i| {
            let answer = match i % 7 {
                0 => {
                    let choices = choices(i);
                    Answer::Single(SingleChoice {
                        answer: choices[i % 4].clone(),
                        feedback: [(choices[(i + 1) % 4].clone(), "Heat comes later.".to_owned())].into(),
                        choices,
                        shuffle: true,
                        choice_images: Default::default(),
                    })
                }
                1 => {
                    let choices = choices(i);
                    Answer::Multiple(MultipleChoice {
                        answers: vec![choices[0].clone(), choices[2].clone()],
                        choices,
                        feedback: Default::default(),
                        shuffle: true,
                        choice_images: Default::default(),
                    })
                }
                2 => Answer::TrueFalse(TrueFalse { answer: i % 2 == 0 }),
                3 => Answer::Short(ShortAnswer {
                    accept: vec!["ibuprofen".into(), "Advil".into(), "Motrin".into()],
                    typos: 1,
                }),
                4 => Answer::Numeric(Numeric {
                    answer: None,
                    tolerance: None,
                    range: Some([15.0, 20.0]),
                    unit: Some("minutes".into()),
                }),
                5 => Answer::Order(Ordering {
                    steps: (0..4)
                        .map(|s| format!("Step {s} of the first-aid sequence"))
                        .collect(),
                    scoring: OrderScoring::Pairs,
                }),
                _ => Answer::Match(Matching {
                    pairs: (0..4)
                        .map(|p| MatchPair {
                            left: format!("Situation {p}"),
                            right: format!("Response {p}"),
                        })
                        .collect(),
                }),
            };
            Question {
                meta: QuestionMeta {
                    id: QuestionId(format!("generated-{i}")),
                    topic: ["ice-vs-heat", "medications", "warning-signs"][i % 3].into(),
                    tags: vec!["generated".into()],
                    difficulty: Difficulty::ALL[i % 3],
                    prompt: format!(
                        "Question {i}: what should a first aider do in the first 24 to 72 hours?"
                    ),
                    section: "Rest, Cold Therapy, And Heat Therapy".into(),
                    explanation:
                        "Cold reduces inflammation and numbs the pain in the first one to three days.".into(),
                    points: 1.0,
                    lint: LintSettings::default(),
                    provenance: None,
                    critical: false,
                    scenario: None,
                    revision: 1,
                    image: None,
                },
                answer,
            }
        })
        .collect();
    let bank = Bank {
        meta: BankMeta {
            format_version: 1,
            id: "generated".into(),
            title: "Generated".into(),
            source: "What Causes Back Spasms: Symptoms And Treatment".into(),
            // So that `lint`'s section rule has a list to look questions up in.
            sections: vec![
                "Rest, Cold Therapy, And Heat Therapy".into(),
                "When to Use Ice vs. Heat".into(),
                "Pain Relief Medication".into(),
            ],
            lint: LintSettings::default(),
            scenarios: Vec::new(),
        },
        questions,
    };
    toml::to_string(&bank).expect("a generated bank serializes")
}
