//! Loading and checking a 10,000-question bank, against the floor of parsing
//! the same text with the toml crate alone.
//!
//! Run: `cargo bench --bench load`. Results go in BENCHMARKS.md.

use std::hint::black_box;

use aidquiz::bank::load::load_file;
use aidquiz::bank::model::{
    Answer, Bank, BankMeta, Difficulty, MatchPair, Matching, MultipleChoice, Numeric, OrderScoring, Ordering,
    Question, QuestionId, QuestionMeta, ShortAnswer, SingleChoice, TrueFalse,
};
use criterion::{Criterion, criterion_group, criterion_main};

/// A bank of `count` questions cycling through every type, with realistic
/// lengths of text.
fn generated_bank(count: usize) -> String {
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
                    })
                }
                1 => {
                    let choices = choices(i);
                    Answer::Multiple(MultipleChoice {
                        answers: vec![choices[0].clone(), choices[2].clone()],
                        choices,
                        feedback: Default::default(),
                        shuffle: true,
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
                    provenance: None,
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
        },
        questions,
    };
    toml::to_string(&bank).expect("a generated bank serializes")
}

fn load(c: &mut Criterion) {
    let text = generated_bank(10_000);
    if let Ok(path) = std::env::var("AIDQUIZ_BENCH_WRITE_BANK") {
        std::fs::write(path, &text).expect("the bank file is writable");
    }
    let mut diagnostics = Vec::new();
    assert!(load_file(0, &text, &mut diagnostics).is_some() && diagnostics.is_empty());

    let mut group = c.benchmark_group("bank-10k");
    group.sample_size(20);
    group.bench_function("floor: toml parse to toml::Table", |b| {
        b.iter(|| black_box(toml::from_str::<toml::Table>(black_box(&text)).unwrap()));
    });
    group.bench_function("toml parse into the Bank model", |b| {
        b.iter(|| black_box(toml::from_str::<Bank>(black_box(&text)).unwrap()));
    });
    group.bench_function("aidquiz load + check", |b| {
        b.iter(|| {
            let mut diagnostics = Vec::new();
            black_box(load_file(0, black_box(&text), &mut diagnostics))
        });
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
