//! Rules about the explanation, which learners read after answering: it is
//! where a wrong answer turns into learning, so it must say why.

use crate::bank::check::Field;
use crate::bank::{Answer, Question};
use crate::text::normalise;

use super::words::{is_filler, singular};
use super::{EXPLANATION_REPEATS_KEY_ONLY, Finding, MISSING_EXPLANATION};

/// `missing-explanation`: fewer words than this, once a leading "True." or
/// "False." is set aside. (An empty explanation is already a `check` error.)
pub const EXPLANATION_MIN_WORDS: usize = 5;
/// `explanation-repeats-key-only`: fewer content words than this that are
/// in neither the stem nor the answer.
pub const EXPLANATION_MIN_NEW_WORDS: usize = 3;

/// Verdict words: they say whether, not why.
fn is_verdict(word: &str) -> bool {
    matches!(
        word,
        "answer" | "correct" | "false" | "incorrect" | "right" | "true" | "wrong"
    )
}

pub(super) fn check(index: usize, question: &Question, findings: &mut Vec<Finding>) {
    let explanation = normalise(&question.meta.explanation);
    let mut words = explanation.split(' ').filter(|w| !w.is_empty()).peekable();
    // A leading "True." or "False." is the verdict, not the explanation.
    words.next_if(|w| is_verdict(w));
    let words: Vec<&str> = words.collect();
    if words.len() < EXPLANATION_MIN_WORDS {
        findings.push(Finding::new(
            &MISSING_EXPLANATION,
            Some(index),
            Field::Key("explanation"),
            format!(
                "the explanation has {} word{}: a learner who answered wrong learns nothing from it",
                words.len(),
                if words.len() == 1 { "" } else { "s" }
            ),
            "say why the right answer is right, from the source, and where it helps why the tempting wrong answer is wrong",
        ));
        return;
    }

    let prompt = normalise(&question.meta.prompt);
    let key = normalise(&key_text(&question.answer));
    let known: Vec<&str> = prompt
        .split(' ')
        .chain(key.split(' '))
        .filter(|w| !w.is_empty() && !is_filler(w))
        .map(singular)
        .collect();
    // Counting stops at the threshold: most explanations get there within
    // their first sentence, so this stays cheap on long ones.
    let mut new_words: Vec<&str> = Vec::with_capacity(EXPLANATION_MIN_NEW_WORDS);
    for word in words
        .into_iter()
        .filter(|w| !is_filler(w) && !is_verdict(w))
        .map(singular)
    {
        if !known.contains(&word) && !new_words.contains(&word) {
            new_words.push(word);
            if new_words.len() >= EXPLANATION_MIN_NEW_WORDS {
                return;
            }
        }
    }
    let count = new_words.len();
    findings.push(Finding::new(
        &EXPLANATION_REPEATS_KEY_ONLY,
        Some(index),
        Field::Key("explanation"),
        format!(
            "the explanation only restates the answer: it adds {count} word{} to what the question and the answer already say",
            if count == 1 { "" } else { "s" }
        ),
        "say why the answer is right (the reason the source gives), not only what it is",
    ));
}

/// The text of the right answer, whatever the question type.
fn key_text(answer: &Answer) -> String {
    match answer {
        Answer::Single(single) => single.answer.clone(),
        Answer::Multiple(multiple) => multiple.answers.join(" "),
        Answer::TrueFalse(_) => String::new(),
        Answer::Short(short) => short.accept.join(" "),
        Answer::Numeric(numeric) => {
            let (low, high) = numeric.accepted();
            format!("{low} {high} {}", numeric.unit.as_deref().unwrap_or(""))
        }
        Answer::Order(order) => order.steps.join(" "),
        Answer::Match(matching) => matching
            .pairs
            .iter()
            .map(|pair| format!("{} {}", pair.left, pair.right))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

#[cfg(test)]
mod tests {
    use crate::bank::Question;
    use crate::lint::test_support::{rules_found, single};

    fn explained(explanation: &str) -> Question {
        let mut q = single(
            "Where should the screen be?",
            &["At eye level", "At chest height"],
            "At eye level",
        );
        q.meta.explanation = explanation.into();
        q
    }

    #[test]
    fn an_explanation_of_a_few_words_is_missing() {
        assert_eq!(
            rules_found(&explained("True. See the article.")),
            ["missing-explanation"]
        );
        assert!(
            rules_found(&explained(
                "A screen at eye level keeps the neck upright, so the back is not strained."
            ))
            .is_empty()
        );
    }

    #[test]
    fn an_explanation_must_add_the_why() {
        assert_eq!(
            rules_found(&explained(
                "The answer is that the screen should be at eye level."
            )),
            ["explanation-repeats-key-only"]
        );
        assert!(
            rules_found(&explained(
                "At eye level, because looking down strains the neck and upper back."
            ))
            .is_empty()
        );
    }
}
