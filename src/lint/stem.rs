//! Rules about the stem, the prompt a learner reads first.

use crate::bank::Question;
use crate::bank::check::Field;

use super::words::written_words;
use super::{Finding, NEGATIVE_STEM};

/// Words that turn a question round; a learner skimming past one answers
/// the opposite question.
fn is_negative(word: &str) -> bool {
    ["except", "least", "never", "not"]
        .iter()
        .any(|negative| word.eq_ignore_ascii_case(negative))
}

pub(super) fn check(index: usize, question: &Question, findings: &mut Vec<Finding>) {
    let prompt = &question.meta.prompt;
    let mut previous = "";
    for (offset, word) in written_words(prompt) {
        // "At least two litres" and "whether or not" are not negatives.
        let idiom = (previous.eq_ignore_ascii_case("at") && word.eq_ignore_ascii_case("least"))
            || (previous.eq_ignore_ascii_case("or") && word.eq_ignore_ascii_case("not"));
        previous = word;
        if idiom || !is_negative(word) || is_emphasised(prompt, offset, word) {
            continue;
        }
        findings.push(Finding::new(
            &NEGATIVE_STEM,
            Some(index),
            Field::Key("prompt"),
            format!(
                "the stem says \"{word}\" without emphasis: learners who skim past it answer the opposite question"
            ),
            format!(
                "write it in capitals (\"{}\") or with emphasis markup (\"*{word}*\"), or ask the question the positive way",
                word.to_uppercase()
            ),
        ));
        // One finding per stem: the fix is the same for every negative in it.
        return;
    }
}

/// Upper case ("NOT"), or wrapped in emphasis markup (`*not*`, `_not_`,
/// `<em>not</em>`).
fn is_emphasised(prompt: &str, offset: usize, word: &str) -> bool {
    let upper = word.chars().all(|c| !c.is_lowercase());
    let before = prompt.get(..offset).and_then(|text| text.chars().next_back());
    upper || matches!(before, Some('*' | '_' | '>'))
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{rules_found, single, true_false};

    #[test]
    fn a_negative_must_stand_out() {
        let choices = ["Heat in the first days", "Cold in the first days"];
        let q = single(
            "Which of these is not advised?",
            &choices,
            "Heat in the first days",
        );
        assert_eq!(rules_found(&q), ["negative-stem"]);
        for emphasised in [
            "Which of these is NOT advised?",
            "Which of these is *not* advised?",
        ] {
            let q = single(emphasised, &choices, "Heat in the first days");
            assert!(rules_found(&q).is_empty(), "{emphasised}");
        }
    }

    #[test]
    fn at_least_and_whether_or_not_are_not_negatives() {
        let q = true_false("At least 2 litres a day, whether or not you feel thirsty.", true);
        assert!(rules_found(&q).is_empty());
        let q = true_false("Heat should never be used on a fresh injury.", true);
        assert_eq!(rules_found(&q), ["negative-stem"]);
    }
}
