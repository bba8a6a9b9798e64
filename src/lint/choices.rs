//! Rules about the choices of single- and multiple-choice questions: cues
//! that give the answer away without the knowledge it tests, and choices a
//! learner cannot tell apart.

use crate::bank::check::Field;
use crate::bank::{Answer, Question};
use crate::text::{normalise, within_edits};

use super::words::{content_words, shared, starts_with_vowel_sound, written_words};
use super::{
    ABSOLUTE_DISTRACTOR, ALL_OF_THE_ABOVE, CONVERGENCE_CUE, DUPLICATE_CHOICE, Finding, GRAMMAR_CUE,
    LONGEST_KEY, NEAR_DUPLICATE_CHOICE, NONE_OF_THE_ABOVE, Rule, float,
};

/// `longest-key`: the key is flagged when at least this many times the mean
/// length of the other choices…
pub const LONGEST_KEY_RATIO: f64 = 1.5;
/// …and at least this many characters longer, so that one-word choices
/// ("Ice" or "Heat pad") are left alone.
pub const LONGEST_KEY_MIN_EXTRA: f64 = 10.0;
/// `near-duplicate-choice`: at most one character edit per this many
/// characters of the longer choice.
pub const NEAR_DUPLICATE_CHARS_PER_EDIT: usize = 10;
/// `convergence-cue`: the key must share at least this many words with the
/// other choices before its lead counts as a cue.
pub const CONVERGENCE_MIN_SHARED: usize = 2;

const ALL_OF_THE_ABOVE_PHRASES: &[&str] =
    &["all of the above", "all the above", "all of these", "all of them"];
const NONE_OF_THE_ABOVE_PHRASES: &[&str] = &["none of the above", "none of these", "none of them"];
/// Words that make a statement absolute; test-wise learners know such
/// choices are usually wrong.
fn is_absolute(word: &str) -> bool {
    matches!(word, "all" | "always" | "completely" | "never" | "none" | "only")
}

/// A choice as the rules compare it, worked out once per choice.
struct Choice<'a> {
    text: &'a str,
    is_key: bool,
    /// Lower case, without punctuation (see `text::normalise`).
    normalised: &'a str,
    /// Its content words: singular, sorted, without filler or repeats.
    content: Vec<&'a str>,
    above: Option<Above>,
}

/// A choice that is about the other choices rather than an answer of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Above {
    All,
    None,
}

impl<'a> Choice<'a> {
    fn new(text: &'a str, is_key: bool, normalised: &'a str) -> Choice<'a> {
        let starts = |phrases: &[&str]| phrases.iter().any(|phrase| normalised.starts_with(phrase));
        let above = if starts(ALL_OF_THE_ABOVE_PHRASES) {
            Some(Above::All)
        } else if starts(NONE_OF_THE_ABOVE_PHRASES) {
            Some(Above::None)
        } else {
            None
        };
        Choice {
            text,
            is_key,
            normalised,
            content: content_words(normalised),
            above,
        }
    }

    fn chars(&self) -> usize {
        self.text.trim().chars().count()
    }

    /// The words a learner reads as the choice: articles make no difference.
    fn words(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.normalised
            .split(' ')
            .filter(|w| !matches!(*w, "a" | "an" | "the"))
    }

    /// Its numbers, which make choices different answers however alike they look.
    fn numbers(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.words().filter(|w| w.bytes().any(|b| b.is_ascii_digit()))
    }
}

pub(super) fn check(index: usize, question: &Question, findings: &mut Vec<Finding>) {
    let (texts, single) = match &question.answer {
        Answer::Single(single) => (&single.choices, true),
        Answer::Multiple(multiple) => (&multiple.choices, false),
        _ => return,
    };
    let is_key = |text: &String| match &question.answer {
        Answer::Single(single) => *text == single.answer,
        Answer::Multiple(multiple) => multiple.answers.contains(text),
        _ => false,
    };
    let normalised: Vec<String> = texts
        .iter()
        .map(|text| {
            // "Pins & needles" and "pins and needles" are the same choice.
            if text.contains('&') {
                normalise(&text.replace('&', " and "))
            } else {
                normalise(text)
            }
        })
        .collect();
    let choices: Vec<Choice<'_>> = texts
        .iter()
        .zip(&normalised)
        .map(|(text, normalised)| Choice::new(text, is_key(text), normalised))
        .collect();
    let mut push = |rule, choice: usize, message: String, hint: &str| {
        findings.push(Finding::new(
            rule,
            Some(index),
            Field::Item("choices", choice),
            message,
            hint,
        ));
    };

    for (position, choice) in choices.iter().enumerate() {
        match choice.above {
            Some(Above::All) => push(
                &ALL_OF_THE_ABOVE,
                position,
                format!(
                    "\"{}\" is a choice: a learner who spots two right choices knows the answer without knowing the rest",
                    choice.text
                ),
                "make it a select-all question (`type = \"multiple\"`) listing the right choices, or replace it with a plausible wrong choice",
            ),
            Some(Above::None) => push(
                &NONE_OF_THE_ABOVE,
                position,
                format!(
                    "\"{}\" is a choice: when it is right, the question only tests that the learner can reject wrong answers, not that they know the right one",
                    choice.text
                ),
                "give the right answer as a choice of its own, or replace this one with a plausible wrong choice",
            ),
            None => {
                // An absolute word in the key works against the cue, so only wrong choices count.
                let absolute = choice.normalised.split(' ').find(|word| is_absolute(word));
                if let (false, Some(word)) = (choice.is_key, absolute) {
                    push(
                        &ABSOLUTE_DISTRACTOR,
                        position,
                        format!(
                            "the wrong choice \"{}\" says \"{word}\": absolute words tell test-wise learners a choice is wrong",
                            choice.text
                        ),
                        "word it with the qualifications a plausible answer would have, or make an absolute statement the right answer",
                    );
                }
            }
        }
    }

    // With an "all of the above" choice, lengths and shared words say
    // nothing about the key; that choice has its own rule.
    if single
        && let Some(key) = choices.iter().position(|c| c.is_key)
        && choices.iter().all(|c| c.above.is_none())
    {
        longest_key(&choices, key, &mut push);
        convergence(&choices, key, &mut push);
    }
    grammar(&question.meta.prompt, &choices, &mut push);
    duplicates(&choices, &mut push);
}

fn longest_key(
    choices: &[Choice<'_>],
    key: usize,
    push: &mut impl FnMut(&'static Rule, usize, String, &str),
) {
    let others: Vec<usize> = choices
        .iter()
        .enumerate()
        .filter(|(position, _)| *position != key)
        .map(|(_, choice)| choice.chars())
        .collect();
    let Some(&longest_other) = others.iter().max() else {
        return;
    };
    let key_chars = choices[key].chars();
    let mean = float(others.iter().sum::<usize>()) / float(others.len());
    let key_length = float(key_chars);
    if key_chars > longest_other
        && key_length >= LONGEST_KEY_RATIO * mean
        && key_length - mean >= LONGEST_KEY_MIN_EXTRA
    {
        push(
            &LONGEST_KEY,
            key,
            format!(
                "the right choice is clearly the longest ({key_chars} characters; the others average {mean:.0}): test-wise learners pick the longest choice"
            ),
            "shorten the right choice, or give the wrong ones the same detail and qualifications",
        );
    }
}

/// Test-wise learners pick the choice the others are variations of; a key
/// that shares the most words with the other choices is that choice.
fn convergence(
    choices: &[Choice<'_>],
    key: usize,
    push: &mut impl FnMut(&'static Rule, usize, String, &str),
) {
    if choices.len() < 3 {
        return;
    }
    let score = |i: usize| -> usize {
        choices
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, other)| shared(&choices[i].content, &other.content))
            .sum()
    };
    let key_score = score(key);
    let runner_up = (0..choices.len())
        .filter(|i| *i != key)
        .map(score)
        .max()
        .unwrap_or(0);
    if key_score >= CONVERGENCE_MIN_SHARED && key_score > runner_up {
        push(
            &CONVERGENCE_CUE,
            key,
            format!(
                "the right choice shares the most words with the other choices ({key_score}; the next choice {runner_up}): test-wise learners pick the choice the others are variations of"
            ),
            "build the wrong choices on different ideas rather than on variations of the right one's wording",
        );
    }
}

/// A stem ending in "a" or "an" fits only choices that start with the right
/// sound; learners rule out the others by grammar alone.
fn grammar(prompt: &str, choices: &[Choice<'_>], push: &mut impl FnMut(&'static Rule, usize, String, &str)) {
    // A stem that asks a question is not waiting for a choice to complete it.
    if prompt.trim_end().ends_with('?') {
        return;
    }
    let Some((_, last)) = written_words(prompt).last() else {
        return;
    };
    let wants_vowel = if last.eq_ignore_ascii_case("a") {
        false
    } else if last.eq_ignore_ascii_case("an") {
        true
    } else {
        return;
    };
    let fits: Vec<bool> = choices
        .iter()
        .map(|choice| {
            written_words(choice.text)
                .next()
                .is_some_and(|(_, first)| starts_with_vowel_sound(first) == wants_vowel)
        })
        .collect();
    if fits.iter().all(|fit| *fit) || !fits.iter().any(|fit| *fit) {
        return;
    }
    for (position, choice) in choices.iter().enumerate().filter(|(p, _)| !fits[*p]) {
        push(
            &GRAMMAR_CUE,
            position,
            format!(
                "the stem ends in \"{last}\", which does not fit \"{}\": learners can rule it out by grammar alone",
                choice.text
            ),
            "end the stem before the article and start each choice with its own (\"a heating pad\", \"an ice pack\")",
        );
    }
}

fn duplicates(choices: &[Choice<'_>], push: &mut impl FnMut(&'static Rule, usize, String, &str)) {
    for later in 1..choices.len() {
        for earlier in 0..later {
            let (a, b) = (&choices[earlier], &choices[later]);
            if a.words().eq(b.words()) {
                push(
                    &DUPLICATE_CHOICE,
                    later,
                    format!("\"{}\" says the same as \"{}\"", b.text, a.text),
                    "remove one, or reword it so that the two can be told apart",
                );
                break;
            }
            if nearly_the_same(a, b) {
                push(
                    &NEAR_DUPLICATE_CHOICE,
                    later,
                    format!("\"{}\" is nearly the same as \"{}\"", b.text, a.text),
                    "make the difference between the two plain, or remove one",
                );
                break;
            }
        }
    }
}

/// Two choices differ only by plurals, word order or a typo-sized edit.
/// Choices whose numbers differ ("15 minutes", "45 minutes") are different
/// answers however alike they look.
fn nearly_the_same(a: &Choice<'_>, b: &Choice<'_>) -> bool {
    if !a.numbers().eq(b.numbers()) {
        return false;
    }
    // Same content words, singular and sorted: plurals and word order.
    if !a.content.is_empty() && a.content == b.content {
        return true;
    }
    let longer = a.normalised.chars().count().max(b.normalised.chars().count());
    let edits = longer / NEAR_DUPLICATE_CHARS_PER_EDIT;
    edits > 0 && within_edits(a.normalised, b.normalised, edits)
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{multiple, rules_found, single};

    #[test]
    fn all_and_none_of_the_above() {
        let q = single(
            "Which helps?",
            &["Rest", "Ice", "All of the above."],
            "All of the above.",
        );
        assert_eq!(rules_found(&q), ["all-of-the-above"]);
        let q = single("Which helps?", &["Rest", "Heat", "None of these"], "Rest");
        assert_eq!(rules_found(&q), ["none-of-the-above"]);
        let q = single("Which helps?", &["Rest", "Heat", "Above the waist"], "Rest");
        assert!(rules_found(&q).is_empty());
    }

    #[test]
    fn absolute_words_in_wrong_choices_only() {
        let q = single("Which helps?", &["Rest first", "Never rest"], "Rest first");
        assert_eq!(rules_found(&q), ["absolute-distractor"]);
        let q = single(
            "Which helps?",
            &["Always rest first", "Heat first"],
            "Always rest first",
        );
        assert!(rules_found(&q).is_empty());
        let q = multiple("Which help?", &["Rest", "Ice", "Only heat"], &["Rest", "Ice"]);
        assert_eq!(rules_found(&q), ["absolute-distractor"]);
    }

    #[test]
    fn longest_key_needs_a_clear_lead() {
        let long = "Cold, such as an ice pack wrapped in a cloth, for 15 to 20 minutes";
        let q = single("What first?", &[long, "Heat pad", "Nothing", "A bath"], long);
        assert_eq!(rules_found(&q), ["longest-key"]);
        let q = single(
            "What first?",
            &[
                long,
                "Heat, such as a heating pad, for as long as it feels good",
                "Nothing until the pain has gone away by itself",
                "A warm bath followed by gentle stretching",
            ],
            long,
        );
        assert!(rules_found(&q).is_empty());
        let q = single("What first?", &["Ice pack", "Heat", "Rest"], "Ice pack");
        assert!(rules_found(&q).is_empty(), "one-word choices are left alone");
    }

    #[test]
    fn grammar_cue_when_only_some_choices_fit_the_article() {
        let q = single(
            "In the first days, apply an",
            &["ice pack", "heating pad", "elastic bandage"],
            "ice pack",
        );
        assert_eq!(rules_found(&q), ["grammar-cue"]);
        let q = single(
            "In the first days, apply a",
            &["cold pack", "heating pad", "bandage"],
            "cold pack",
        );
        assert!(rules_found(&q).is_empty());
        let q = single(
            "Which is an anti-inflammatory?",
            &["Ibuprofen", "Acetaminophen"],
            "Ibuprofen",
        );
        assert!(rules_found(&q).is_empty(), "the article is not at the end");
    }

    #[test]
    fn duplicates_ignore_articles_and_near_duplicates_plurals_and_typos() {
        let q = single("What first?", &["An ice pack", "Ice pack", "Heat"], "Heat");
        assert_eq!(rules_found(&q), ["duplicate-choice"]);
        let q = single("What first?", &["Ice packs", "An ice pack", "Heat"], "Heat");
        assert_eq!(rules_found(&q), ["near-duplicate-choice"]);
        let q = single(
            "What first?",
            &[
                "Cold compresses on the back",
                "Cold compreses on the back",
                "Heat",
            ],
            "Heat",
        );
        assert_eq!(rules_found(&q), ["near-duplicate-choice"]);
        let q = single(
            "How long?",
            &["15 minutes per session", "45 minutes per session"],
            "15 minutes per session",
        );
        assert!(rules_found(&q).is_empty(), "numbers make them different answers");
    }

    #[test]
    fn convergence_cue_when_the_key_is_what_the_others_vary() {
        let q = single(
            "What first?",
            &[
                "Cold pack on the lower back",
                "Cold pack on the neck",
                "Warm pack on the lower back",
                "Massage",
            ],
            "Cold pack on the lower back",
        );
        assert_eq!(rules_found(&q), ["convergence-cue"]);
        let q = single(
            "What first?",
            &[
                "Cold pack on the lower back",
                "Cold pack on the neck",
                "Warm pack on the lower back",
                "Massage",
            ],
            "Massage",
        );
        assert!(rules_found(&q).is_empty());
    }
}
