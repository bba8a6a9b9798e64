//! Questions for unit tests: one builder, so a new field of
//! [`QuestionMeta`] is filled in once, not in every test module.

use super::model::{QuestionMeta, SingleChoice};
use super::{Answer, Difficulty, Question, QuestionId};

/// A question of `answer`'s type, on topic `ice-vs-heat`, whose section and
/// explanation trigger no lint rule.
pub fn question(id: &str, prompt: &str, answer: Answer) -> Question {
    Question {
        meta: QuestionMeta {
            id: QuestionId(id.into()),
            topic: "ice-vs-heat".into(),
            tags: vec![],
            difficulty: Difficulty::Easy,
            prompt: prompt.into(),
            section: "Rest, Cold Therapy, And Heat Therapy".into(),
            explanation:
                "Cold reduces swelling and numbs pain in the first days after an injury; heat comes \
                          later, once the swelling has gone down."
                    .into(),
            points: 1.0,
            lint: Default::default(),
            provenance: None,
            critical: false,
            scenario: None,
            revision: 1,
            image: None,
        },
        answer,
    }
}

/// A single-choice answer whose key is `answer`, shuffled.
pub fn single(choices: &[&str], answer: &str) -> Answer {
    Answer::Single(SingleChoice {
        choices: choices.iter().map(|c| (*c).to_owned()).collect(),
        answer: answer.into(),
        feedback: Default::default(),
        shuffle: true,
        choice_images: Default::default(),
    })
}
