//! `cross-question-cue`: the text of one question that gives away the
//! answer of another, so a learner who meets both in one quiz or exam can
//! copy the answer across (a choice "The first 24–72 hours" in one, "24 to
//! how many hours?" in another).
//!
//! Pure: questions in, cues out. `lint` runs it over a bank; `exam
//! generate` over the questions each version draws together.

use std::collections::HashSet;

use crate::bank::{Answer, Question};
use crate::text::normalise;

/// One question's visible text giving away another's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// The index (in the slice given) of the question whose text shows it.
    pub giver: usize,
    /// The index of the question whose answer it is.
    pub taker: usize,
    /// The answer, as the taker's key writes it.
    pub answer: String,
}

/// An answer shorter than this (once normalised) is too common a word to
/// call a cue: "no", "cold", "heat".
const MIN_ANSWER_CHARS: usize = 6;

/// What a learner sees of a question before answering it: its prompt,
/// normalised, and the prompt with every lettered or numbered item, raw.
/// Not the explanation or feedback, which come after the answer.
///
/// Words are looked for in the prompt only: a list of choices names many
/// things (every drug of a "which are NSAIDs?" question) without saying
/// which one is the answer to anything, while a prompt that says
/// "acetaminophen (Tylenol)" tells whoever must type Tylenol's generic name.
/// A number is looked for in the items too, beside its context number:
/// "The first 24–72 hours" answers "24 to how many hours?" from any list.
fn shown(question: &Question) -> (String, String) {
    let mut parts = vec![question.meta.prompt.as_str()];
    match &question.answer {
        Answer::Single(q) => parts.extend(q.choices.iter().map(String::as_str)),
        Answer::Multiple(q) => parts.extend(q.choices.iter().map(String::as_str)),
        Answer::Order(q) => parts.extend(q.steps.iter().map(String::as_str)),
        Answer::Match(q) => {
            parts.extend(q.pairs.iter().flat_map(|p| [p.left.as_str(), p.right.as_str()]));
        }
        Answer::TrueFalse(_) | Answer::Short(_) | Answer::Numeric(_) => {}
    }
    let raw = parts.join(" ");
    (format!(" {} ", normalise(&question.meta.prompt)), raw)
}

/// Whole-word (normalised) occurrence of `phrase` in `text`, which is
/// padded with spaces by [`shown`].
fn says(text: &str, phrase: &str) -> bool {
    text.contains(&format!(" {phrase} "))
}

/// The whole numbers written in `text`: runs of digits, read from the raw
/// text because normalising drops a dash and would join "24–72" into one.
fn numbers(text: &str) -> HashSet<&str> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .collect()
}

/// What the question's answer is, in words a text could give away, and the
/// numbers of its prompt a numeric answer must be found beside.
enum Key {
    /// Typed or chosen words: cue wherever they appear whole.
    Words(Vec<(String, String)>),
    /// A number: cue where it appears with a number of the prompt (the
    /// context), as "24–72" answers "24 to how many hours?".
    Number {
        value: String,
        written: String,
        context: Vec<String>,
    },
    None,
}

fn key(question: &Question) -> Key {
    let long = |text: &String| {
        let words = normalise(text);
        (words.chars().count() >= MIN_ANSWER_CHARS).then(|| (words, text.clone()))
    };
    match &question.answer {
        Answer::Short(q) => Key::Words(q.accept.iter().filter_map(long).collect()),
        // A chosen key is among the choices anyway: seeing it elsewhere
        // tells the learner little, so only typed and numeric answers,
        // which must otherwise come from memory, are looked for.
        Answer::Numeric(q) => match q.answer {
            Some(value) if value.fract() == 0.0 && value.abs() < 1e15 => {
                let written = format!("{value}");
                let context: Vec<String> = numbers(&question.meta.prompt)
                    .into_iter()
                    .filter(|n| *n != written)
                    .map(str::to_owned)
                    .collect();
                if context.is_empty() {
                    Key::None
                } else {
                    Key::Number {
                        value: written.clone(),
                        written,
                        context,
                    }
                }
            }
            _ => Key::None,
        },
        _ => Key::None,
    }
}

/// Every cue among `questions`: for each pair, whether what one shows
/// gives away the other's answer.
pub fn cross_cues(questions: &[&Question]) -> Vec<Cue> {
    let texts: Vec<(String, String)> = questions.iter().map(|q| shown(q)).collect();
    let mut cues = Vec::new();
    for (taker, question) in questions.iter().enumerate() {
        let key = key(question);
        for (giver, (text, raw)) in texts.iter().enumerate() {
            if giver == taker {
                continue;
            }
            let given = match &key {
                Key::Words(answers) => answers
                    .iter()
                    .find(|(words, _)| says(text, words))
                    .map(|(_, written)| written.clone()),
                Key::Number {
                    value,
                    written,
                    context,
                } => {
                    let found = numbers(raw);
                    (found.contains(value.as_str()) && context.iter().any(|n| found.contains(n.as_str())))
                        .then(|| written.clone())
                }
                Key::None => None,
            };
            if let Some(answer) = given {
                cues.push(Cue { giver, taker, answer });
            }
        }
    }
    cues
}

#[cfg(test)]
mod tests {
    use super::{Cue, cross_cues};
    use crate::bank::model::{Answer, Numeric, ShortAnswer};
    use crate::bank::testing::{question, single};

    #[test]
    fn a_choice_with_both_numbers_gives_away_a_numeric_answer() {
        let window = question(
            "window",
            "When should you apply cold?",
            single(
                &["The first 24–72 hours", "After a week"],
                "The first 24–72 hours",
            ),
        );
        let hours = question(
            "hours",
            "Cold is applied from the first 24 to how many hours?",
            Answer::Numeric(Numeric {
                answer: Some(72.0),
                tolerance: None,
                range: None,
                unit: Some("hours".into()),
            }),
        );
        let unrelated = question(
            "minutes",
            "How many minutes per session?",
            Answer::Numeric(Numeric {
                answer: Some(20.0),
                tolerance: None,
                range: None,
                unit: None,
            }),
        );
        let cues = cross_cues(&[&window, &hours, &unrelated]);
        assert_eq!(
            cues,
            [Cue {
                giver: 0,
                taker: 1,
                answer: "72".into()
            }]
        );
    }

    #[test]
    fn a_typed_answer_named_in_another_prompt_is_a_cue_and_a_short_word_is_not() {
        let generic = question(
            "generic",
            "Tylenol is a brand name. What is its generic name?",
            Answer::Short(ShortAnswer {
                accept: vec!["acetaminophen".into(), "paracetamol".into()],
                typos: 1,
            }),
        );
        let nsaid = question(
            "nsaid",
            "Is acetaminophen (Tylenol) an NSAID?",
            single(&["Yes", "No"], "No"),
        );
        let cold = question("cold", "What first?", single(&["Cold", "Heat"], "Cold"));
        let mention = question(
            "mention",
            "Why is cold used first?",
            single(&["It numbs", "It warms"], "It numbs"),
        );
        let cues = cross_cues(&[&generic, &nsaid, &cold, &mention]);
        assert_eq!(
            cues,
            [Cue {
                giver: 1,
                taker: 0,
                answer: "acetaminophen".into()
            }]
        );
    }
}
