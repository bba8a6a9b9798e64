//! Rules about length: a stem or a choice too long to read at quiz pace
//! tests reading stamina rather than first aid.

use crate::bank::check::Field;
use crate::bank::{Answer, Question};

use super::{CHOICE_TOO_LONG, Finding, STEM_TOO_LONG};

/// `stem-too-long`: more characters than this (about 40 words) in a prompt.
pub const STEM_MAX_CHARS: usize = 250;
/// `choice-too-long`: more characters than this (about 16 words) in a
/// choice, a step or either side of a pair.
pub const CHOICE_MAX_CHARS: usize = 100;

pub(super) fn check(index: usize, question: &Question, findings: &mut Vec<Finding>) {
    let stem = question.meta.prompt.trim().chars().count();
    if stem > STEM_MAX_CHARS {
        findings.push(Finding::new(
            &STEM_TOO_LONG,
            Some(index),
            Field::Key("prompt"),
            format!("the stem is {stem} characters long (more than {STEM_MAX_CHARS}): the question tests reading stamina as well as first aid"),
            "cut what the learner does not need to answer, or split the scenario into two questions",
        ));
    }
    let mut check_item = |key: &'static str, position: usize, text: &str| {
        let length = text.trim().chars().count();
        if length > CHOICE_MAX_CHARS {
            findings.push(Finding::new(
                &CHOICE_TOO_LONG,
                Some(index),
                Field::Item(key, position),
                format!("this {} is {length} characters long (more than {CHOICE_MAX_CHARS}): learners must hold every choice in mind to compare them", item_name(key)),
                "move what all the choices share into the stem, and keep each choice to the point that sets it apart",
            ));
        }
    };
    match &question.answer {
        Answer::Single(single) => single
            .choices
            .iter()
            .enumerate()
            .for_each(|(i, c)| check_item("choices", i, c)),
        Answer::Multiple(multiple) => {
            multiple
                .choices
                .iter()
                .enumerate()
                .for_each(|(i, c)| check_item("choices", i, c));
        }
        Answer::Order(order) => order
            .steps
            .iter()
            .enumerate()
            .for_each(|(i, s)| check_item("steps", i, s)),
        Answer::Match(matching) => {
            for (i, pair) in matching.pairs.iter().enumerate() {
                // One finding per pair: both sides point at the same place.
                let longer = if pair.left.chars().count() >= pair.right.chars().count() {
                    &pair.left
                } else {
                    &pair.right
                };
                check_item("pairs", i, longer);
            }
        }
        Answer::TrueFalse(_) | Answer::Short(_) | Answer::Numeric(_) => {}
    }
}

fn item_name(key: &str) -> &'static str {
    match key {
        "steps" => "step",
        "pairs" => "matching item",
        _ => "choice",
    }
}

#[cfg(test)]
mod tests {
    use super::{CHOICE_MAX_CHARS, STEM_MAX_CHARS};
    use crate::lint::test_support::{rules_found, single};

    #[test]
    fn stems_and_choices_over_the_thresholds() {
        let words = |chars: usize| "word ".repeat(chars / 5 + 1)[..chars].to_owned();
        let at_most = single(&words(STEM_MAX_CHARS), &["Cold", "Heat"], "Cold");
        assert!(rules_found(&at_most).is_empty());
        let over = single(&words(STEM_MAX_CHARS + 1), &["Cold", "Heat"], "Cold");
        assert_eq!(rules_found(&over), ["stem-too-long"]);

        let long_choice = format!("Cold {}", words(CHOICE_MAX_CHARS - 4));
        let over = single("What first?", &[&long_choice, "Heat"], "Heat");
        assert_eq!(rules_found(&over), ["choice-too-long"]);
        let at_most = single("What first?", &[&long_choice[..CHOICE_MAX_CHARS], "Heat"], "Heat");
        assert!(rules_found(&at_most).is_empty());
    }
}
