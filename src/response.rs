//! A learner's response, and the answer notation learners type it in.
//!
//! The notation is shared by the terminal, piped input and the exam
//! response CSV: a letter (`B`), letters (`A,C`), `T`/`F`, free text, a
//! number, an order of letters (`C,A,B,D`), or numbered pairs (`1B 2A 3C`).
//! Letters name the list as shown; the [`Response`] holds indices into the
//! question's own lists, so grading never depends on a shuffle.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::assemble::QuizItem;
use crate::bank::Answer;
use crate::text::{code_point, find_control};

/// A response in terms of the question's own lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum Response {
    /// Index into `choices`.
    Choice(usize),
    /// Indices into `choices`, in the order written.
    Choices(Vec<usize>),
    TrueFalse(bool),
    Text(String),
    Number(f64),
    /// Indices into `steps`, in the learner's order.
    Order(Vec<usize>),
    /// For each left-hand item as written, the index of the option picked.
    Pairs(Vec<Option<usize>>),
}

/// Why a typed answer cannot be read, and what would be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotationError {
    pub message: String,
    pub hint: String,
}

impl fmt::Display for NotationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.hint)
    }
}

impl std::error::Error for NotationError {}

pub fn letter(index: usize) -> char {
    // Lists are at most 26 long (checked when banks load).
    char::from(b'A' + u8::try_from(index % 26).unwrap_or(0))
}

fn letter_index(c: char, count: usize) -> Option<usize> {
    let c = c.to_ascii_uppercase();
    c.is_ascii_uppercase()
        .then(|| usize::from(c as u8 - b'A'))
        .filter(|&i| i < count)
}

fn letter_range(count: usize) -> String {
    format!("A to {}", letter(count.saturating_sub(1)))
}

/// How to answer this question, for prompts and hints.
pub fn expected_form(item: &QuizItem) -> String {
    let count = item.order.len();
    let such_as = |example: Option<String>| example.map(|e| format!(", such as {e}")).unwrap_or_default();
    match &item.question.answer {
        Answer::Single(_) => format!("one letter, {}", letter_range(count)),
        Answer::Multiple(_) => format!(
            "every right letter{} ({})",
            such_as(example(item)),
            letter_range(count)
        ),
        Answer::TrueFalse(_) => "T or F".to_owned(),
        Answer::Short(_) => "a word or short phrase".to_owned(),
        Answer::Numeric(q) => match &q.unit {
            Some(unit) => format!("a number (in {unit})"),
            None => "a number".to_owned(),
        },
        Answer::Order(_) => format!("all {count} letters in order{}", such_as(example(item))),
        Answer::Match(_) => format!(
            "each number with a letter{} ({})",
            such_as(example(item)),
            letter_range(count)
        ),
    }
}

/// An example of the notation for this question as shown: only letters it
/// offers, and never an answer that earns full credit, so copying the
/// example never gives the answer away. It is drawn from a hash of the
/// question and its shown order, not from the key, so it tells nothing
/// about the key but that it is not this. `None` where every example would
/// be the answer or give it away (two steps to order: the one that is not
/// the key is the key's mirror).
pub fn example(item: &QuizItem) -> Option<String> {
    let shown = item.order.len();
    let mut draw = Draw::new(item);
    let candidate = |draw: &mut Draw| -> Option<Vec<usize>> {
        match &item.question.answer {
            Answer::Multiple(_) if shown >= 2 => {
                let mut letters = draw.permutation(shown);
                letters.truncate(if shown >= 3 { 2 } else { 1 });
                letters.sort_unstable();
                Some(letters)
            }
            Answer::Order(_) if shown >= 3 => Some(draw.permutation(shown)),
            Answer::Match(q) if shown >= 1 && !q.pairs.is_empty() => {
                let items = q.pairs.len().min(3);
                let mut letters = draw.permutation(shown.max(items));
                letters.truncate(items);
                // Fewer options than items: letters repeat, as they may.
                Some(letters.into_iter().map(|l| l % shown).collect())
            }
            _ => None,
        }
    };
    let to_response = |letters: &[usize]| -> Response {
        let picked = letters.iter().map(|&l| item.order[l]);
        match &item.question.answer {
            Answer::Multiple(_) => Response::Choices(picked.collect()),
            Answer::Order(_) => Response::Order(picked.collect()),
            _ => {
                let count = match &item.question.answer {
                    Answer::Match(q) => q.pairs.len(),
                    _ => 0,
                };
                let mut pairs: Vec<Option<usize>> = picked.map(Some).collect();
                pairs.resize(count, None);
                Response::Pairs(pairs)
            }
        }
    };
    // A handful of draws finds a non-key example unless (almost) every
    // candidate is the key; then there is none worth showing.
    for _ in 0..32 {
        let letters = candidate(&mut draw)?;
        if crate::grade::credit(&item.question.answer, &to_response(&letters)) < 1.0 - 1e-9 {
            return Some(match &item.question.answer {
                Answer::Match(_) => letters
                    .iter()
                    .enumerate()
                    .map(|(n, &l)| format!("{}{}", n + 1, letter(l)))
                    .collect::<Vec<_>>()
                    .join(" "),
                _ => join_letters(&letters.iter().map(|&l| letter(l)).collect::<Vec<_>>()),
            });
        }
    }
    None
}

/// A small pure generator seeded from the question id and its shown order
/// (FNV-1a, then xorshift): the same screen always shows the same example.
struct Draw(u64);

impl Draw {
    fn new(item: &QuizItem) -> Draw {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let bytes = item
            .question
            .meta
            .id
            .0
            .bytes()
            .chain(item.order.iter().flat_map(|i| i.to_le_bytes()));
        for byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        Draw(hash | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// 0..n in an order of the generator's.
    fn permutation(&mut self, n: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = usize::try_from(self.next() % (i as u64 + 1)).unwrap_or(0);
            order.swap(i, j);
        }
        order
    }
}

/// Reads a typed answer. `Ok(None)` is a blank: the question left unanswered.
pub fn parse(item: &QuizItem, input: &str) -> Result<Option<Response>, NotationError> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    let error = |message: String| NotationError {
        message,
        hint: format!("answer with {}", expected_form(item)),
    };
    // Nothing typed or transcribed holds one on purpose, and PostgreSQL
    // cannot keep a NUL in text: refused alike on every front and store.
    if let Some((_, c)) = find_control(input) {
        return Err(error(format!(
            "the answer holds a control character ({})",
            code_point(c)
        )));
    }
    let shown = item.order.len();
    let response = match &item.question.answer {
        // One letter, the common case when grading a whole class: no list to build.
        Answer::Single(_) if input.len() == 1 => {
            match letter_index(input.chars().next().unwrap_or(' '), shown) {
                Some(index) => Response::Choice(item.order[index]),
                None => return Err(error(format!("{input} is not one of the letters shown"))),
            }
        }
        Answer::Single(_) => {
            let letters = letters(input, shown).map_err(error)?;
            match letters.as_slice() {
                [one] => Response::Choice(item.order[*one]),
                _ => {
                    return Err(error(format!(
                        "`{input}` is more than one letter; this question has one answer"
                    )));
                }
            }
        }
        Answer::Multiple(_) => {
            let letters = letters(input, shown).map_err(error)?;
            Response::Choices(letters.into_iter().map(|i| item.order[i]).collect())
        }
        Answer::TrueFalse(_) => match input.to_ascii_lowercase().as_str() {
            "t" | "true" => Response::TrueFalse(true),
            "f" | "false" => Response::TrueFalse(false),
            _ => return Err(error(format!("`{input}` is neither T nor F"))),
        },
        Answer::Short(_) => Response::Text(input.to_owned()),
        Answer::Numeric(q) => {
            let number = q
                .unit
                .as_deref()
                .and_then(|unit| strip_unit(input, unit))
                .unwrap_or(input)
                .trim();
            match (number.parse::<f64>(), q.unit.as_deref()) {
                (Ok(value), _) if value.is_finite() => Response::Number(value),
                (_, Some(unit))
                    if input.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == '-') =>
                {
                    return Err(error(format!("`{input}` is not a number of {unit}")));
                }
                _ => return Err(error(format!("`{input}` is not a number"))),
            }
        }
        Answer::Order(_) => {
            let letters = letters(input, shown).map_err(error)?;
            if letters.len() != shown {
                return Err(error(format!(
                    "`{input}` orders {} of the {shown} steps",
                    letters.len()
                )));
            }
            Response::Order(letters.into_iter().map(|i| item.order[i]).collect())
        }
        Answer::Match(q) => {
            let mut pairs = vec![None; q.pairs.len()];
            for token in input
                .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
                .filter(|t| !t.is_empty())
            {
                let (number, option) = split_pair(token)
                    .ok_or_else(|| error(format!("`{token}` is not a number followed by a letter")))?;
                let slot = number
                    .checked_sub(1)
                    .filter(|&n| n < pairs.len())
                    .ok_or_else(|| {
                        error(format!(
                            "there is no item {number}; the items are 1 to {}",
                            pairs.len()
                        ))
                    })?;
                let picked = letter_index(option, shown)
                    .ok_or_else(|| error(format!("{option} is not one of the options")))?;
                if pairs[slot].is_some() {
                    return Err(error(format!("item {number} is matched twice")));
                }
                pairs[slot] = Some(item.order[picked]);
            }
            Response::Pairs(pairs)
        }
    };
    Ok(Some(response))
}

/// Ways people write a unit: a bank's `unit` in any of these families
/// accepts every spelling in it, so "17 min" and "17 mins" answer a
/// question in minutes.
const UNIT_SPELLINGS: &[&[&str]] = &[
    &["seconds", "second", "secs", "sec", "s"],
    &["minutes", "minute", "mins", "min"],
    &["hours", "hour", "hrs", "hr", "h"],
    &["days", "day", "d"],
    &["weeks", "week", "wks", "wk"],
    &["degrees", "degree", "deg", "°"],
    &["litres", "litre", "liters", "liter", "l"],
    &["millilitres", "millilitre", "milliliters", "milliliter", "ml"],
    &["percent", "per cent", "%"],
    &["kilograms", "kilogram", "kg", "kgs"],
    &["pounds", "pound", "lbs", "lb"],
    &["metres", "metre", "meters", "meter", "m"],
    &["centimetres", "centimetre", "centimeters", "centimeter", "cm"],
    &["times", "time", "x"],
];

/// The spellings of `unit` a learner may type: its family's, else the
/// unit itself with and without a plural `s`.
pub fn unit_spellings(unit: &str) -> Vec<String> {
    let unit = unit.trim();
    let mut spellings: Vec<String> = UNIT_SPELLINGS
        .iter()
        .find(|family| family.iter().any(|s| s.eq_ignore_ascii_case(unit)))
        .map(|family| family.iter().map(|s| (*s).to_owned()).collect())
        .unwrap_or_else(|| {
            let singular = unit.strip_suffix('s').filter(|s| !s.is_empty()).unwrap_or(unit);
            vec![unit.to_owned(), singular.to_owned(), format!("{singular}s")]
        });
    // Longest first, so "mins" is taken whole rather than as "min" + "s".
    spellings.sort_by_key(|s| std::cmp::Reverse(s.len()));
    spellings
}

/// The number part of `17 mins`, `90°` or `20 Minutes`, when what follows
/// the number is a spelling of `unit`.
fn strip_unit<'a>(input: &'a str, unit: &str) -> Option<&'a str> {
    unit_spellings(unit).iter().find_map(|spelling| {
        let number = strip_suffix_ignore_case(input, spelling)?;
        // A one-letter spelling must follow the number or a space: "5s", not "5 hs".
        let joined = number.ends_with(|c: char| c.is_ascii_digit() || c == '.' || c.is_whitespace());
        joined.then_some(number)
    })
}

fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let split = text.len().checked_sub(suffix.len())?;
    (text.is_char_boundary(split) && text[split..].eq_ignore_ascii_case(suffix)).then(|| &text[..split])
}

/// Letters separated by commas or spaces, or run together (`AC`), each once.
fn letters(input: &str, count: usize) -> Result<Vec<usize>, String> {
    let mut picked = Vec::new();
    for c in input.chars().filter(|c| !c.is_whitespace() && *c != ',') {
        let index = letter_index(c, count).ok_or_else(|| format!("{c} is not one of the letters shown"))?;
        if picked.contains(&index) {
            return Err(format!("{} is given twice", c.to_ascii_uppercase()));
        }
        picked.push(index);
    }
    Ok(picked)
}

/// `2B`, `2-B`, `2=B`, `2:B` → (2, 'B').
fn split_pair(token: &str) -> Option<(usize, char)> {
    let digits = token.chars().take_while(char::is_ascii_digit).count();
    let number = token[..digits].parse().ok()?;
    let mut rest = token[digits..]
        .trim_start_matches(['-', '=', ':', '>', ')'])
        .chars();
    let option = rest.next()?;
    rest.next().is_none().then_some((number, option))
}

/// A response written in the notation, as the learner would type it.
pub fn notation(item: &QuizItem, response: &Response) -> String {
    let shown_letter = |index: &usize| item.order.iter().position(|i| i == index).map_or('?', letter);
    match response {
        Response::Choice(i) => shown_letter(i).to_string(),
        Response::Choices(picked) => {
            let mut letters: Vec<char> = picked.iter().map(shown_letter).collect();
            letters.sort_unstable();
            join_letters(&letters)
        }
        Response::TrueFalse(value) => if *value { "T" } else { "F" }.to_owned(),
        Response::Text(text) => text.clone(),
        Response::Number(value) => value.to_string(),
        Response::Order(order) => join_letters(&order.iter().map(shown_letter).collect::<Vec<_>>()),
        Response::Pairs(pairs) => pairs
            .iter()
            .enumerate()
            .filter_map(|(n, picked)| picked.as_ref().map(|p| format!("{}{}", n + 1, shown_letter(p))))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn join_letters(letters: &[char]) -> String {
    let mut joined = String::with_capacity(letters.len() * 2);
    for (i, letter) in letters.iter().enumerate() {
        if i > 0 {
            joined.push(',');
        }
        joined.push(*letter);
    }
    joined
}

/// The full-credit response, when there is a single one to show. A numeric
/// range has none (any number in it will do); see [`right_answer`].
pub fn key(item: &QuizItem) -> Option<Response> {
    let index_of = |list: &[String], text: &str| list.iter().position(|c| c == text);
    Some(match &item.question.answer {
        Answer::Single(q) => Response::Choice(index_of(&q.choices, &q.answer)?),
        Answer::Multiple(q) => {
            Response::Choices(q.answers.iter().filter_map(|a| index_of(&q.choices, a)).collect())
        }
        Answer::TrueFalse(q) => Response::TrueFalse(q.answer),
        Answer::Short(q) => Response::Text(q.accept.first()?.clone()),
        Answer::Numeric(q) => Response::Number(q.answer?),
        Answer::Order(q) => Response::Order((0..q.steps.len()).collect()),
        Answer::Match(q) => {
            let options = q.options();
            Response::Pairs(
                q.pairs
                    .iter()
                    .map(|p| options.iter().position(|o| *o == p.right))
                    .collect(),
            )
        }
    })
}

/// The right answer for people: the notation with the text it stands for.
pub fn right_answer(item: &QuizItem) -> String {
    let lettered = item.lettered();
    let with_text = |letters: &str| {
        letters
            .split([',', ' '])
            .filter(|l| !l.is_empty())
            .map(|l| {
                let text = l
                    .chars()
                    .last()
                    .and_then(|c| letter_index(c, lettered.len()))
                    .map_or("", |i| lettered[i]);
                format!("{l}) {text}")
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    match (&item.question.answer, key(item)) {
        (Answer::Numeric(q), _) => {
            let unit = q.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
            match (q.answer, q.tolerance, q.range) {
                (Some(value), Some(t), _) if t > 0.0 => format!("{value}{unit} (± {t})"),
                (Some(value), _, _) => format!("{value}{unit}"),
                (None, _, Some([low, high])) => format!("any number from {low} to {high}{unit}"),
                (None, _, None) => String::new(),
            }
        }
        (Answer::TrueFalse(q), _) => if q.answer { "True" } else { "False" }.to_owned(),
        (Answer::Short(q), _) => q.accept.join(" / "),
        (_, Some(key)) => with_text(&notation(item, &key)),
        (_, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{Response, example, expected_form, key, notation, parse, right_answer};
    use crate::assemble::QuizItem;
    use crate::assemble::arrange;
    use crate::bank::model::{
        MatchPair, Matching, MultipleChoice, Numeric, OrderScoring, Ordering, Question, QuestionId,
        QuestionMeta, SingleChoice,
    };
    use crate::bank::{Answer, Difficulty};
    use crate::bank::{BankPaths, load_banks};
    use crate::grade::credit;

    fn item(answer: Answer, order: Vec<usize>) -> QuizItem {
        QuizItem {
            bank_id: "b".into(),
            question: Question {
                meta: QuestionMeta {
                    id: QuestionId("q".into()),
                    topic: "t".into(),
                    tags: vec![],
                    difficulty: Difficulty::Easy,
                    prompt: "P".into(),
                    section: "S".into(),
                    explanation: "E".into(),
                    points: 1.0,
                    lint: Default::default(),
                    provenance: None,
                    critical: false,
                    scenario: None,
                    revision: 1,
                    image: None,
                },
                answer,
            },
            order,
            scenario: None,
        }
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    fn single() -> QuizItem {
        // Shown as A) Heat  B) Rest  C) Cold  D) Both
        item(
            Answer::Single(SingleChoice {
                choices: strings(&["Cold", "Heat", "Rest", "Both"]),
                answer: "Cold".into(),
                feedback: Default::default(),
                shuffle: true,
                choice_images: Default::default(),
            }),
            vec![1, 2, 0, 3],
        )
    }

    #[test]
    fn letters_name_the_choices_as_shown() {
        let q = single();
        assert_eq!(parse(&q, " c ").unwrap(), Some(Response::Choice(0)));
        assert_eq!(parse(&q, "").unwrap(), None);
        assert_eq!(notation(&q, &Response::Choice(0)), "C");
        assert_eq!(right_answer(&q), "C) Cold");
    }

    #[test]
    fn a_letter_that_is_not_a_choice_is_refused_with_a_hint() {
        let q = single();
        let error = parse(&q, "Z").unwrap_err();
        assert_eq!(error.message, "Z is not one of the letters shown");
        assert_eq!(error.hint, "answer with one letter, A to D");
        assert!(parse(&q, "A,B").is_err());
    }

    #[test]
    fn an_answer_holding_a_control_character_is_refused_naming_it() {
        let q = single();
        let error = parse(&q, "A\u{0}").unwrap_err();
        assert_eq!(error.message, "the answer holds a control character (U+0000)");
        assert_eq!(error.hint, "answer with one letter, A to D");
        let error = parse(&q, "\u{1b}[2JA").unwrap_err();
        assert_eq!(error.message, "the answer holds a control character (U+001B)");
        // Blanks around it are still a blank's or trimmed, as before.
        assert_eq!(parse(&q, "\t a \r\n").unwrap(), Some(Response::Choice(1)));
    }

    #[test]
    fn select_all_takes_letters_in_any_order_each_once() {
        let q = item(
            Answer::Multiple(MultipleChoice {
                choices: strings(&["Ibuprofen", "Acetaminophen", "Naproxen"]),
                answers: strings(&["Ibuprofen", "Naproxen"]),
                feedback: Default::default(),
                shuffle: true,
                choice_images: Default::default(),
            }),
            vec![2, 1, 0],
        );
        assert_eq!(parse(&q, "c, a").unwrap(), Some(Response::Choices(vec![0, 2])));
        assert_eq!(parse(&q, "AC").unwrap(), Some(Response::Choices(vec![2, 0])));
        assert_eq!(parse(&q, "A,A").unwrap_err().message, "A is given twice");
        assert_eq!(notation(&q, &key(&q).unwrap()), "A,C");
    }

    #[test]
    fn true_false_numbers_and_units() {
        let tf = item(
            Answer::TrueFalse(crate::bank::model::TrueFalse { answer: true }),
            vec![],
        );
        assert_eq!(parse(&tf, "t").unwrap(), Some(Response::TrueFalse(true)));
        assert_eq!(parse(&tf, "False").unwrap(), Some(Response::TrueFalse(false)));
        assert!(parse(&tf, "maybe").is_err());
        let numeric = item(
            Answer::Numeric(Numeric {
                answer: None,
                tolerance: None,
                range: Some([15.0, 20.0]),
                unit: Some("minutes".into()),
            }),
            vec![],
        );
        assert_eq!(
            parse(&numeric, "20 Minutes").unwrap(),
            Some(Response::Number(20.0))
        );
        assert_eq!(parse(&numeric, "17.5").unwrap(), Some(Response::Number(17.5)));
        assert!(parse(&numeric, "twenty").is_err());
        assert_eq!(right_answer(&numeric), "any number from 15 to 20 minutes");
    }

    #[test]
    fn an_order_must_place_every_step() {
        // Shown as A) Heat  B) Rest  C) Cold
        let q = item(
            Answer::Order(Ordering {
                steps: strings(&["Rest", "Cold", "Heat"]),
                scoring: OrderScoring::Pairs,
            }),
            vec![2, 0, 1],
        );
        assert_eq!(parse(&q, "B,C,A").unwrap(), Some(Response::Order(vec![0, 1, 2])));
        assert!(parse(&q, "B,C").unwrap_err().message.contains("2 of the 3 steps"));
        assert_eq!(notation(&q, &key(&q).unwrap()), "B,C,A");
    }

    #[test]
    fn pairs_are_numbers_with_letters() {
        // Options shown as A) Heat  B) Cold
        let q = item(cold_heat_match(), vec![1, 0]);
        assert_eq!(
            parse(&q, "1B 2a").unwrap(),
            Some(Response::Pairs(vec![Some(0), Some(1)]))
        );
        assert_eq!(
            parse(&q, "2-A").unwrap(),
            Some(Response::Pairs(vec![None, Some(1)]))
        );
        assert!(parse(&q, "3A").unwrap_err().message.contains("no item 3"));
        assert!(parse(&q, "1A 1B").unwrap_err().message.contains("matched twice"));
        assert_eq!(notation(&q, &key(&q).unwrap()), "1B 2A");
        assert_eq!(right_answer(&q), "1B) Cold; 2A) Heat");
    }

    #[test]
    fn units_take_their_usual_abbreviations_and_plurals() {
        let numeric = |unit: &str| {
            item(
                Answer::Numeric(Numeric {
                    answer: Some(17.0),
                    tolerance: None,
                    range: None,
                    unit: Some(unit.into()),
                }),
                vec![],
            )
        };
        let minutes = numeric("minutes");
        // "17." is a number (a decimal point with nothing after it), so "17.min" reads.
        for typed in [
            "17 min",
            "17 mins",
            "17min",
            "17 minute",
            "17 MINUTES",
            "17",
            "17.min",
        ] {
            assert_eq!(
                parse(&minutes, typed).unwrap(),
                Some(Response::Number(17.0)),
                "{typed}"
            );
        }
        let error = parse(&minutes, "17 hours").unwrap_err();
        assert_eq!(error.message, "`17 hours` is not a number of minutes");
        assert_eq!(error.hint, "answer with a number (in minutes)");
        let hours = numeric("hours");
        for typed in ["17h", "17 hrs", "17 hr", "17 hour"] {
            assert_eq!(
                parse(&hours, typed).unwrap(),
                Some(Response::Number(17.0)),
                "{typed}"
            );
        }
        assert!(
            parse(&hours, "17 hs").is_err(),
            "a one-letter unit follows the number"
        );
        assert_eq!(
            parse(&numeric("degrees"), "17°").unwrap(),
            Some(Response::Number(17.0))
        );
        assert_eq!(
            parse(&numeric("%"), "17 percent").unwrap(),
            Some(Response::Number(17.0))
        );
        assert_eq!(
            parse(&numeric("litres"), "17 L").unwrap(),
            Some(Response::Number(17.0))
        );
        // A unit outside the table still takes its plural and singular.
        assert_eq!(
            parse(&numeric("breaths"), "17 breath").unwrap(),
            Some(Response::Number(17.0))
        );
    }

    #[test]
    fn the_ordering_example_is_never_the_key_it_used_to_be() {
        // Shown as A) Heat  B) Rest  C) Cold with the key C,B,A: the old
        // fixed example "such as C,B,A" was the answer.
        let q = item(
            Answer::Order(Ordering {
                steps: strings(&["Cold", "Rest", "Heat"]),
                scoring: OrderScoring::Pairs,
            }),
            vec![2, 1, 0],
        );
        assert_eq!(notation(&q, &key(&q).unwrap()), "C,B,A");
        let shown = example(&q).unwrap();
        assert_ne!(shown, "C,B,A");
        assert!(expected_form(&q).contains(&format!("such as {shown}")));
        // Two steps: the only other order is the key's mirror, so no example.
        let two = item(
            Answer::Order(Ordering {
                steps: strings(&["Cold", "Heat"]),
                scoring: OrderScoring::Pairs,
            }),
            vec![1, 0],
        );
        assert_eq!(example(&two), None);
        assert_eq!(expected_form(&two), "all 2 letters in order");
    }

    #[test]
    fn a_notation_error_reads_as_what_is_wrong_then_what_would_do() {
        let error = parse(&single(), "Z").unwrap_err();
        assert_eq!(
            error.to_string(),
            "Z is not one of the letters shown (answer with one letter, A to D)"
        );
    }

    #[test]
    fn the_letter_after_the_last_choice_is_refused_and_the_last_is_taken() {
        let q = single();
        assert_eq!(parse(&q, "D").unwrap(), Some(Response::Choice(3)));
        for typed in ["E", "e", "B,E", "AE"] {
            assert!(parse(&q, typed).is_err(), "{typed}");
        }
    }

    #[test]
    fn one_letter_with_a_stray_comma_is_still_one_letter() {
        // Spreadsheets and hurried typists leave a comma behind.
        assert_eq!(parse(&single(), "C,").unwrap(), Some(Response::Choice(0)));
        assert_eq!(parse(&single(), ", c").unwrap(), Some(Response::Choice(0)));
    }

    fn numeric(answer: f64, tolerance: Option<f64>, unit: Option<&str>) -> QuizItem {
        item(
            Answer::Numeric(Numeric {
                answer: Some(answer),
                tolerance,
                range: None,
                unit: unit.map(str::to_owned),
            }),
            vec![],
        )
    }

    /// `f64::from_str` reads "inf", "NaN" and "1e999" (infinity): none is a
    /// number a learner means, so each is refused rather than graded.
    #[test]
    fn infinity_and_not_a_number_are_refused_not_graded() {
        let plain = numeric(17.0, None, None);
        for typed in ["inf", "-inf", "infinity", "NaN", "1e999", "-1e999"] {
            let error = parse(&plain, typed).unwrap_err();
            assert_eq!(error.message, format!("`{typed}` is not a number"));
        }
        let minutes = numeric(17.0, None, Some("minutes"));
        assert_eq!(
            parse(&minutes, "1e999 minutes").unwrap_err().message,
            "`1e999 minutes` is not a number of minutes"
        );
        assert_eq!(
            parse(&minutes, "inf minutes").unwrap_err().message,
            "`inf minutes` is not a number"
        );
    }

    /// "Not a number of minutes" when a number was written with another
    /// unit; "not a number" when no number was written at all.
    #[test]
    fn the_message_names_the_unit_only_when_a_number_was_written() {
        let minutes = numeric(17.0, None, Some("minutes"));
        let message = |typed: &str| parse(&minutes, typed).unwrap_err().message;
        assert_eq!(message("twenty"), "`twenty` is not a number");
        assert_eq!(message("about 17"), "`about 17` is not a number");
        assert_eq!(message("-5 hours"), "`-5 hours` is not a number of minutes");
        assert_eq!(message(".5 hours"), "`.5 hours` is not a number of minutes");
        assert_eq!(message("5 hours"), "`5 hours` is not a number of minutes");
        assert_eq!(parse(&minutes, "-5 min").unwrap(), Some(Response::Number(-5.0)));
        assert_eq!(parse(&minutes, ".5min").unwrap(), Some(Response::Number(0.5)));
    }

    #[test]
    fn a_tolerance_is_shown_as_plus_or_minus_and_a_zero_one_is_left_out() {
        assert_eq!(
            right_answer(&numeric(2.0, Some(0.5), Some("minutes"))),
            "2 minutes (± 0.5)"
        );
        assert_eq!(
            right_answer(&numeric(2.0, Some(0.0), Some("minutes"))),
            "2 minutes"
        );
        assert_eq!(right_answer(&numeric(2.0, None, None)), "2");
    }

    fn cold_heat_match() -> Answer {
        Answer::Match(Matching {
            pairs: vec![
                MatchPair {
                    left: "Swelling".into(),
                    right: "Cold".into(),
                },
                MatchPair {
                    left: "Stiffness".into(),
                    right: "Heat".into(),
                },
            ],
        })
    }

    #[test]
    fn pairs_may_be_separated_by_spaces_commas_or_semicolons() {
        // Options shown as A) Heat  B) Cold
        let q = item(cold_heat_match(), vec![1, 0]);
        let both = Some(Response::Pairs(vec![Some(0), Some(1)]));
        for typed in ["1B 2A", "1B,2A", "1B;2A", "1b, 2a;", " 1B ;; 2A "] {
            assert_eq!(parse(&q, typed).unwrap(), both, "{typed}");
        }
        assert!(parse(&q, "1B.2A").is_err());
    }

    /// Every order of `0..n`, for trying a question in every shown order.
    fn orders(n: usize) -> Vec<Vec<usize>> {
        if n == 0 {
            return vec![vec![]];
        }
        let mut all = Vec::new();
        for rest in orders(n - 1) {
            for at in 0..=rest.len() {
                let mut order = rest.clone();
                order.insert(at, n - 1);
                all.push(order);
            }
        }
        all
    }

    /// The question in every shown order, under twenty ids: the example
    /// depends on both, so this is the example as many screens show it.
    fn screens(answer: &Answer, shown: usize) -> Vec<QuizItem> {
        let mut screens = Vec::new();
        for n in 0..20 {
            for order in orders(shown) {
                let mut screen = item(answer.clone(), order);
                screen.question.meta.id = QuestionId(format!("q{n}"));
                screens.push(screen);
            }
        }
        screens
    }

    /// On every screen: there is an example, the prompt offers it, it reads
    /// as an answer and earns less than full credit.
    fn examples_on_every_screen(answer: &Answer, shown: usize) -> Vec<String> {
        screens(answer, shown)
            .iter()
            .map(|screen| {
                let shown = example(screen).expect("an example");
                assert!(expected_form(screen).contains(&format!("such as {shown}")));
                let response = parse(screen, &shown).unwrap().unwrap();
                assert!(credit(&screen.question.answer, &response) < 1.0, "{shown}");
                shown
            })
            .collect()
    }

    #[test]
    fn a_select_all_example_is_two_letters_or_one_of_two_and_never_the_key() {
        let three = Answer::Multiple(MultipleChoice {
            choices: strings(&["Ibuprofen", "Acetaminophen", "Naproxen"]),
            answers: strings(&["Ibuprofen", "Naproxen"]),
            feedback: Default::default(),
            shuffle: true,
            choice_images: Default::default(),
        });
        for shown in examples_on_every_screen(&three, 3) {
            assert!(["A,B", "A,C", "B,C"].contains(&shown.as_str()), "{shown}");
        }
        // Of two choices with one right, the example is the other one.
        let two = Answer::Multiple(MultipleChoice {
            choices: strings(&["Ibuprofen", "Acetaminophen"]),
            answers: strings(&["Ibuprofen"]),
            feedback: Default::default(),
            shuffle: true,
            choice_images: Default::default(),
        });
        for screen in screens(&two, 2) {
            let shown = example(&screen).unwrap();
            let wrong = super::letter(screen.order.iter().position(|&i| i == 1).unwrap());
            assert_eq!(shown, wrong.to_string());
        }
    }

    /// An example drawn from anything but the key: every order of three
    /// letters is shown on some screen, and none on the screen it answers.
    #[test]
    fn every_order_of_three_steps_is_an_example_somewhere_never_where_it_is_the_key() {
        let three = Answer::Order(Ordering {
            steps: strings(&["Rest", "Cold", "Heat"]),
            scoring: OrderScoring::AllOrNothing,
        });
        let mut seen = examples_on_every_screen(&three, 3);
        seen.sort();
        seen.dedup();
        assert_eq!(seen, ["A,B,C", "A,C,B", "B,A,C", "B,C,A", "C,A,B", "C,B,A"]);
    }

    #[test]
    fn a_match_example_numbers_the_items_and_repeats_a_letter_only_when_it_must() {
        let three_options = Answer::Match(Matching {
            pairs: ["Swelling", "Stiffness", "Cramp"]
                .iter()
                .zip(["Cold", "Heat", "Stretch"])
                .map(|(left, right)| MatchPair {
                    left: (*left).into(),
                    right: right.into(),
                })
                .collect(),
        });
        for shown in examples_on_every_screen(&three_options, 3) {
            let letters: Vec<char> = shown.split(' ').map(|p| p.chars().nth(1).unwrap()).collect();
            assert!(shown.starts_with("1") && shown.contains(" 2") && shown.contains(" 3"));
            assert!(
                letters[0] != letters[1] && letters[1] != letters[2] && letters[0] != letters[2],
                "{shown}"
            );
        }
        // Two options: the example is the one other matching.
        for shown in examples_on_every_screen(&cold_heat_match(), 2) {
            assert!(["1A 2B", "1B 2A"].contains(&shown.as_str()), "{shown}");
        }
        // Fewer options than items: letters repeat, and stay among those shown.
        let Answer::Match(mut three_items) = cold_heat_match() else {
            unreachable!()
        };
        three_items.pairs.push(MatchPair {
            left: "Bruise".into(),
            right: "Cold".into(),
        });
        examples_on_every_screen(&Answer::Match(three_items), 2);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// On every bundled question, in any shown order: an example uses
        /// only letters shown, reads as an answer, and never earns full credit.
        #[test]
        fn examples_are_never_a_right_answer_on_any_bundled_question(seed in any::<u64>()) {
            let catalog = load_banks(&BankPaths::Embedded);
            let pool = catalog.candidates();
            let quiz = arrange(&pool, seed);
            for item in &quiz.items {
                let Some(shown) = example(item) else { continue };
                let form = expected_form(item);
                prop_assert!(form.contains(&format!("such as {shown}")), "{form}");
                let response = parse(item, &shown);
                prop_assert!(response.is_ok(), "{}: example {shown} refused: {response:?}", item.question.meta.id);
                let response = response.unwrap().unwrap();
                prop_assert!(
                    credit(&item.question.answer, &response) < 1.0,
                    "{}: example {shown} is a right answer", item.question.meta.id
                );
            }
        }
    }
}
