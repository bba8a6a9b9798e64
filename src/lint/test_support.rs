//! Small questions and banks for the rules' unit tests.

use crate::bank::model::{BankMeta, MultipleChoice, SingleChoice, TrueFalse};
use crate::bank::{Answer, Bank, Question, QuestionId};

use super::lint_bank;

/// A question of `answer`'s type whose stem, section and explanation
/// trigger no rule, so that a test sees only what its choices cause.
fn question(prompt: &str, answer: Answer) -> Question {
    crate::bank::testing::question("q", prompt, answer)
}

fn texts(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

pub fn single(prompt: &str, choices: &[&str], answer: &str) -> Question {
    question(
        prompt,
        Answer::Single(SingleChoice {
            choices: texts(choices),
            answer: answer.into(),
            feedback: Default::default(),
            shuffle: true,
            choice_images: Default::default(),
        }),
    )
}

pub fn multiple(prompt: &str, choices: &[&str], answers: &[&str]) -> Question {
    question(
        prompt,
        Answer::Multiple(MultipleChoice {
            choices: texts(choices),
            answers: texts(answers),
            feedback: Default::default(),
            shuffle: true,
            choice_images: Default::default(),
        }),
    )
}

pub fn true_false(prompt: &str, answer: bool) -> Question {
    question(prompt, Answer::TrueFalse(TrueFalse { answer }))
}

pub fn allow(mut question: Question, rule: &str, reason: &str) -> Question {
    question.meta.lint.allow.insert(rule.into(), reason.into());
    question
}

/// A bank of these questions, with distinct ids and no `sections`.
pub fn bank_of(questions: Vec<Question>) -> Bank {
    Bank {
        meta: BankMeta {
            format_version: 1,
            id: "test".into(),
            title: "Test".into(),
            source: "What Causes Back Spasms: Symptoms And Treatment".into(),
            sections: vec![],
            lint: Default::default(),
            scenarios: Vec::new(),
        },
        questions: questions
            .into_iter()
            .enumerate()
            .map(|(index, mut question)| {
                question.meta.id = QuestionId(format!("q-{index}"));
                question
            })
            .collect(),
    }
}

/// The rule of every finding in `bank`, in order.
pub fn rules_in_bank(bank: &Bank) -> Vec<&'static str> {
    lint_bank(bank)
        .into_iter()
        .map(|finding| finding.rule.name)
        .collect()
}

/// The rule of every finding for `question`, in a bank of its own.
pub fn rules_found(question: &Question) -> Vec<&'static str> {
    rules_in_bank(&bank_of(vec![question.clone()]))
}
