//! Round trips through GIFT and Moodle XML over generated banks, and the
//! syntax errors of the readers with their places.

use proptest::prelude::*;

use super::{gift, into_questions, moodle};
use crate::bank::model::{
    Answer, Difficulty, MatchPair, Matching, MultipleChoice, Numeric, OrderScoring, Ordering, Question,
    QuestionId, QuestionMeta, ShortAnswer, SingleChoice, TrueFalse,
};
use crate::diagnostic::{Diagnostic, Severity, SourceMap};

/// Texts as instructors write them: GIFT and Moodle specials, quotes,
/// markup characters, non-ASCII, inner line breaks; no surrounding blanks
/// (both formats trim them).
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9\"'\\\\{}=#~:<>&é–]([a-zA-Z0-9 \"'\\\\\n{}=#~:<>&%é–]{0,10}[a-zA-Z0-9\"'\\\\{}=#~:<>&é–])?"
        .prop_filter("readable", |s| {
            !crate::text::normalise(s).is_empty()
                && !s.contains("\n ")
                && !s.contains(" \n")
                && !s.contains("->")
        })
}

/// Section headings are one line: they travel in a category path.
fn heading() -> impl Strategy<Value = String> {
    text().prop_map(|s| s.replace('\n', "x"))
}

fn distinct(min: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), min..6)
        .prop_map(|items| {
            let mut seen = std::collections::HashSet::new();
            items
                .into_iter()
                .filter(|s| seen.insert(crate::text::normalise(s)))
                .collect::<Vec<_>>()
        })
        .prop_filter("enough distinct items", move |items| items.len() >= min)
}

fn answer(with_order: bool) -> impl Strategy<Value = Answer> {
    let order = (distinct(2), any::<bool>()).prop_map(|(steps, strict)| {
        Answer::Order(Ordering {
            steps,
            scoring: if strict {
                OrderScoring::AllOrNothing
            } else {
                OrderScoring::Pairs
            },
        })
    });
    let others = prop_oneof![
        (distinct(2), any::<prop::sample::Index>(), text()).prop_map(|(choices, pick, said)| {
            let answer = pick.get(&choices).clone();
            let feedback = [(choices[0].clone(), said)].into_iter().collect();
            Answer::Single(SingleChoice {
                choices,
                answer,
                feedback,
                shuffle: true,
                choice_images: Default::default(),
            })
        }),
        (distinct(2), any::<prop::sample::Index>()).prop_map(|(choices, pick)| {
            let answers = vec![pick.get(&choices).clone()];
            Answer::Multiple(MultipleChoice {
                choices,
                answers,
                feedback: Default::default(),
                shuffle: true,
                choice_images: Default::default(),
            })
        }),
        any::<bool>().prop_map(|answer| Answer::TrueFalse(TrueFalse { answer })),
        distinct(1).prop_map(|accept| Answer::Short(ShortAnswer { accept, typos: 0 })),
        (-1.0e6..1.0e6f64, 0.0..10.0f64).prop_map(|(answer, tolerance)| Answer::Numeric(Numeric {
            answer: Some(answer),
            tolerance: Some(tolerance),
            range: None,
            unit: None,
        })),
        (distinct(2), text()).prop_map(|(lefts, right)| Answer::Match(Matching {
            pairs: lefts
                .into_iter()
                .map(|left| MatchPair {
                    left,
                    right: right.clone()
                })
                .collect(),
        })),
    ];
    if with_order {
        prop_oneof![others, order].boxed()
    } else {
        others.boxed()
    }
}

fn questions(with_order: bool) -> impl Strategy<Value = Vec<Question>> {
    prop::collection::vec(
        (
            answer(with_order),
            text(),
            heading(),
            text(),
            0.5..5.0f64,
            0..3usize,
        ),
        1..6,
    )
    .prop_map(|items| {
        items
            .into_iter()
            .enumerate()
            .map(
                |(index, (answer, prompt, section, explanation, points, difficulty))| Question {
                    meta: QuestionMeta {
                        id: QuestionId(format!("q-{index}")),
                        topic: if index % 2 == 0 {
                            "burns".into()
                        } else {
                            "cpr".into()
                        },
                        tags: vec!["adult".into()],
                        difficulty: Difficulty::ALL[difficulty],
                        prompt,
                        section,
                        explanation,
                        points,
                        lint: Default::default(),
                        provenance: None,
                        critical: false,
                        scenario: None,
                        revision: 1,
                        image: None,
                    },
                    answer,
                },
            )
            .collect()
    })
}

fn reimport(parsed: super::Parsed) -> (Vec<Question>, Vec<Diagnostic>) {
    let mut diagnostics = parsed.diagnostics;
    let questions =
        into_questions(parsed.questions, None, &|_| "file".to_owned(), &mut diagnostics).questions;
    (questions, diagnostics)
}

/// What a round trip must keep: everything but where the copy came from.
fn comparable(mut question: Question) -> Question {
    question.meta.provenance = None;
    question
}

proptest! {
    #[test]
    fn gift_round_trip_keeps_every_question(bank in questions(false)) {
        let refs: Vec<&Question> = bank.iter().collect();
        let mut bytes = Vec::new();
        gift::write(&mut bytes, "Generated", &refs).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let (again, diagnostics) = reimport(gift::parse(0, "bank.gift", &text));
        prop_assert!(diagnostics.is_empty(), "{diagnostics:#?}\n{text}");
        let again: Vec<Question> = again.into_iter().map(comparable).collect();
        prop_assert_eq!(again, bank, "{}", text);
    }

    #[test]
    fn moodle_xml_round_trip_keeps_every_question(bank in questions(true)) {
        let refs: Vec<&Question> = bank.iter().collect();
        let mut bytes = Vec::new();
        moodle::write(&mut bytes, &refs, &Default::default()).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let (again, diagnostics) = reimport(moodle::parse(0, "bank.xml", &text));
        prop_assert!(diagnostics.is_empty(), "{diagnostics:#?}\n{text}");
        let again: Vec<Question> = again.into_iter().map(comparable).collect();
        prop_assert_eq!(again, bank, "{}", text);
    }
}

fn errors_at(
    name: &str,
    text: &str,
    parse: fn(usize, &str, &str) -> super::Parsed,
) -> Vec<(usize, usize, String)> {
    let mut sources = SourceMap::default();
    let file = sources.add(name, text);
    parse(file, name, text)
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let (line, column) = sources.line_column(&d.location);
            (line, column, d.message.clone())
        })
        .collect()
}

#[test]
fn every_gift_syntax_error_is_reported_with_its_line_and_column() {
    let text = "::Open title{T}\n\nGood one?{T}\n\nUnclosed {=a ~b\n\nTwo {T} blocks {F}\n\nStray } brace\n\nBad weight {~%abc%x =y}\n\nBad number {#12..x}\n\nNo arrow {=a -> b =c}\n\nWhat {maybe}\n";
    let errors = errors_at("bad.gift", text, gift::parse);
    let places: Vec<(usize, usize)> = errors.iter().map(|(l, c, _)| (*l, *c)).collect();
    assert_eq!(
        places,
        [(1, 1), (5, 10), (7, 16), (9, 7), (11, 15), (13, 14), (15, 20),],
        "{errors:#?}"
    );
    assert!(errors[0].2.contains("expected `::`"));
    assert!(errors[1].2.contains("expected `}`"));
    assert!(errors[4].2.contains("expected a weight"));
    assert!(errors[5].2.contains("expected a number"));
    assert!(errors[6].2.contains("expected `->`"));
    // Moodle reads answers without a marker as a one-answer short answer.
    let last = gift::parse(0, "bad.gift", text).questions.pop().unwrap();
    assert_eq!(
        last.answer,
        Answer::Short(crate::bank::model::ShortAnswer {
            accept: vec!["maybe".to_owned()],
            typos: 0
        })
    );
}

#[test]
fn every_moodle_xml_error_is_reported_and_the_rest_still_read() {
    let good = "<question type=\"truefalse\"><name><text>ok</text></name><questiontext format=\"plain_text\"><text>Ice?</text></questiontext><answer fraction=\"100\"><text>false</text></answer><answer fraction=\"0\"><text>true</text></answer></question>";
    let text = format!(
        "<?xml version=\"1.0\"?>\n<quiz>\n<question type=\"truefalse\"><name><text>a</b></name></question>\n{good}\n<question type=\"shortanswer\"><name><text>x &nbsp; y</text></name></question>\n</quiz>\n"
    );
    let errors = errors_at("bad.xml", &text, moodle::parse);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!((errors[0].0, errors[1].0), (3, 5));
    assert!(errors[0].2.contains("</text>"), "{}", errors[0].2);
    assert!(errors[1].2.contains("&nbsp;"), "{}", errors[1].2);
    let parsed = moodle::parse(0, "bad.xml", &text);
    assert_eq!(parsed.questions.len(), 1);
    assert_eq!(
        parsed.questions[0].answer,
        Answer::TrueFalse(TrueFalse { answer: false })
    );
}
