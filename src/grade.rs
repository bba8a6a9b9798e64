//! Grading: one pure rule per question type. See docs/grading.md for the
//! rules with worked examples.

use crate::bank::model::{MultipleChoice, Numeric, OrderScoring, Ordering, ShortAnswer};
use crate::bank::{Answer, Question};
use crate::response::Response;
use crate::text::{edit_distance, normalise};

/// The points a response earns, from 0 to the question's points.
pub fn grade(question: &Question, response: &Response) -> f64 {
    question.meta.points * credit(&question.answer, response)
}

/// The share of the question's points a response earns, from 0 to 1.
pub fn credit(answer: &Answer, response: &Response) -> f64 {
    match (answer, response) {
        (Answer::Single(q), Response::Choice(picked)) => {
            all_or_nothing(q.choices.get(*picked).is_some_and(|c| *c == q.answer))
        }
        (Answer::Multiple(q), Response::Choices(picked)) => multiple_credit(q, picked),
        (Answer::TrueFalse(q), Response::TrueFalse(said)) => all_or_nothing(q.answer == *said),
        (Answer::Short(q), Response::Text(text)) => all_or_nothing(short_matches(q, text)),
        (Answer::Numeric(q), Response::Number(value)) => all_or_nothing(numeric_matches(q, *value)),
        (Answer::Order(q), Response::Order(order)) => order_credit(q, order),
        (Answer::Match(q), Response::Pairs(pairs)) => {
            let options = q.options();
            let right = q
                .pairs
                .iter()
                .zip(pairs)
                .filter(|(pair, picked)| {
                    picked
                        .and_then(|p| options.get(p))
                        .is_some_and(|o| *o == pair.right)
                })
                .count();
            ratio(right, q.pairs.len())
        }
        // A response of another type (say, from an edited bank) earns nothing.
        _ => 0.0,
    }
}

fn all_or_nothing(right: bool) -> f64 {
    if right { 1.0 } else { 0.0 }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// +1/k for each of the k right choices picked, −1/(n−k) for each of the
/// n−k wrong ones, floored at 0: picking every choice earns nothing, and a
/// wrong pick costs as much as the wrong choices are rare.
fn multiple_credit(question: &MultipleChoice, picked: &[usize]) -> f64 {
    let is_right = |i: &usize| {
        question
            .choices
            .get(*i)
            .is_some_and(|c| question.answers.contains(c))
    };
    let right = picked.iter().filter(|i| is_right(i)).count();
    let wrong = picked.len() - right;
    let keys = question.answers.len();
    let distractors = question.choices.len().saturating_sub(keys);
    let credit = ratio(right, keys)
        - if distractors == 0 {
            0.0
        } else {
            ratio(wrong, distractors)
        };
    credit.clamp(0.0, 1.0)
}

fn short_matches(question: &ShortAnswer, text: &str) -> bool {
    short_match(question, text).is_some()
}

/// How a short answer matched an accepted one.
enum ShortMatch<'a> {
    Exact,
    /// Through the typo allowance: the accepted spelling.
    Typo(&'a str),
}

fn short_match<'a>(question: &'a ShortAnswer, text: &str) -> Option<ShortMatch<'a>> {
    let given = normalise(text);
    if given.is_empty() {
        return None;
    }
    // A pattern matches or not; it has no single spelling to correct to.
    if question.accept.iter().any(|accepted| {
        wildcard_pieces(accepted).map_or(normalise(accepted) == given, |pieces| {
            wildcard_matches(&pieces, &given)
        })
    }) {
        return Some(ShortMatch::Exact);
    }
    question
        .accept
        .iter()
        .filter(|a| wildcard_pieces(a).is_none())
        .find_map(|accepted| {
            let normalised = normalise(accepted);
            // Typo tolerance never turns a short word into a different word:
            // at most a third of the accepted answer's letters may differ.
            let allowed = usize::from(question.typos).min(normalised.chars().count() / 3);
            (allowed > 0 && edit_distance(&given, &normalised) <= allowed)
                .then_some(ShortMatch::Typo(accepted.as_str()))
        })
}

/// The pieces of a short answer written as a pattern, as Moodle reads one:
/// `*` stands for any text (perhaps none), `\*` for a star. Each piece is
/// normalised as answers are. `None` when the answer has no wildcard.
pub fn wildcard_pieces(accepted: &str) -> Option<Vec<String>> {
    // Nearly every accepted answer has no star: nothing to split.
    if !accepted.contains('*') {
        return None;
    }
    let mut pieces = vec![String::new()];
    let mut chars = accepted.chars();
    let mut wildcard = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next) => {
                    let last = pieces.last_mut().expect("pieces starts with one");
                    if next != '*' {
                        last.push('\\');
                    }
                    last.push(next);
                }
                None => pieces.last_mut().expect("pieces starts with one").push('\\'),
            },
            '*' => {
                wildcard = true;
                pieces.push(String::new());
            }
            _ => pieces.last_mut().expect("pieces starts with one").push(c),
        }
    }
    wildcard.then(|| pieces.iter().map(|p| normalise(p)).collect())
}

/// Whether normalised `given` reads as the pattern: the first piece starts
/// it, the last ends it, and the others come between, in order. Pieces are
/// whole normalised words, so `*burn` matches `sunburn` and `a burn` alike.
fn wildcard_matches(pieces: &[String], given: &str) -> bool {
    let (first, rest) = pieces.split_first().expect("a pattern has two pieces or more");
    let (last, middle) = rest.split_last().expect("a pattern has two pieces or more");
    let Some(mut remaining) = given.strip_prefix(first.as_str()) else {
        return false;
    };
    for piece in middle {
        match remaining.find(piece.as_str()) {
            Some(at) => remaining = &remaining[at + piece.len()..],
            None => return false,
        }
    }
    remaining.len() >= last.len() && remaining.ends_with(last.as_str())
}

/// The accepted spelling of a short answer taken only through the typo
/// allowance ("Advill" for "Advil"), so the learner sees how it is written.
pub fn corrected_spelling<'a>(question: &'a ShortAnswer, text: &str) -> Option<&'a str> {
    match short_match(question, text)? {
        ShortMatch::Exact => None,
        ShortMatch::Typo(accepted) => Some(accepted),
    }
}

fn numeric_matches(question: &Numeric, value: f64) -> bool {
    let (low, high) = question.accepted();
    // Floats written in decimal (0.1 + 0.2) need a hair of slack.
    let slack = 1e-9 * low.abs().max(high.abs()).max(1.0);
    value.is_finite() && value >= low - slack && value <= high + slack
}

/// Pairs scoring: the share of the n(n−1)/2 pairs of steps that the learner
/// put in the right relative order. All-or-nothing: the whole order or 0.
fn order_credit(question: &Ordering, order: &[usize]) -> f64 {
    let n = question.steps.len();
    let is_permutation = order.len() == n && {
        let mut sorted = order.to_vec();
        sorted.sort_unstable();
        sorted.iter().copied().eq(0..n)
    };
    if !is_permutation {
        return 0.0;
    }
    match question.scoring {
        OrderScoring::AllOrNothing => all_or_nothing(order.iter().copied().eq(0..n)),
        OrderScoring::Pairs => {
            let mut in_order = 0;
            for i in 0..n {
                for j in i + 1..n {
                    // Steps are written in the right order, so step order[i]
                    // must come before order[j] when order[i] < order[j].
                    if order[i] < order[j] {
                        in_order += 1;
                    }
                }
            }
            ratio(in_order, n * (n - 1) / 2)
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::credit;
    use crate::bank::Answer;
    use crate::bank::model::{
        MatchPair, Matching, MultipleChoice, Numeric, OrderScoring, Ordering, ShortAnswer, SingleChoice,
        TrueFalse,
    };
    use crate::response::Response;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn single_choice_and_true_false_are_all_or_nothing() {
        let single = Answer::Single(SingleChoice {
            choices: strings(&["Cold", "Heat", "Both"]),
            answer: "Cold".into(),
            feedback: Default::default(),
            shuffle: true,
            choice_images: Default::default(),
        });
        assert_eq!(credit(&single, &Response::Choice(0)), 1.0);
        assert_eq!(credit(&single, &Response::Choice(1)), 0.0);
        assert_eq!(credit(&single, &Response::Choice(9)), 0.0);
        let tf = Answer::TrueFalse(TrueFalse { answer: false });
        assert_eq!(credit(&tf, &Response::TrueFalse(false)), 1.0);
        assert_eq!(credit(&tf, &Response::TrueFalse(true)), 0.0);
    }

    fn nsaids() -> Answer {
        // Right: Ibuprofen, Naproxen (k = 2); wrong: Acetaminophen, Baclofen, Diazepam (n − k = 3).
        Answer::Multiple(MultipleChoice {
            choices: strings(&["Ibuprofen", "Acetaminophen", "Naproxen", "Baclofen", "Diazepam"]),
            answers: strings(&["Ibuprofen", "Naproxen"]),
            feedback: Default::default(),
            shuffle: true,
            choice_images: Default::default(),
        })
    }

    #[test]
    fn multiple_choice_worked_examples() {
        let q = nsaids();
        assert!(close(credit(&q, &Response::Choices(vec![0, 2])), 1.0));
        assert!(close(credit(&q, &Response::Choices(vec![0])), 0.5));
        // one right (+1/2), one wrong (−1/3)
        assert!(close(credit(&q, &Response::Choices(vec![0, 1])), 0.5 - 1.0 / 3.0));
        // everything: 1 − 1 = 0
        assert!(close(credit(&q, &Response::Choices(vec![0, 1, 2, 3, 4])), 0.0));
        // only wrong ones: floored at 0
        assert!(close(credit(&q, &Response::Choices(vec![1, 3])), 0.0));
    }

    #[test]
    fn short_answers_ignore_case_space_punctuation_and_allow_set_typos() {
        let q = Answer::Short(ShortAnswer {
            accept: strings(&["acetaminophen"]),
            typos: 2,
        });
        assert_eq!(credit(&q, &Response::Text("  Acetaminophen. ".into())), 1.0);
        assert_eq!(credit(&q, &Response::Text("acetaminofen".into())), 1.0);
        assert_eq!(credit(&q, &Response::Text("ibuprofen".into())), 0.0);
        assert_eq!(credit(&q, &Response::Text("".into())), 0.0);
        // A short word gets no more slack than a third of its letters.
        let ice = Answer::Short(ShortAnswer {
            accept: strings(&["ice"]),
            typos: 2,
        });
        assert_eq!(credit(&ice, &Response::Text("ice".into())), 1.0);
        assert_eq!(credit(&ice, &Response::Text("icee".into())), 1.0);
        assert_eq!(credit(&ice, &Response::Text("icky".into())), 0.0);
    }

    /// Moodle's short-answer wildcard: `*` is any text, `\*` a star.
    #[test]
    fn short_answer_patterns_match_as_moodle_wildcards() {
        let q = Answer::Short(ShortAnswer {
            accept: strings(&["call * ambulance", "*burn"]),
            typos: 2,
        });
        let text = |t: &str| Response::Text(t.into());
        assert_eq!(credit(&q, &text("Call an ambulance.")), 1.0);
        assert_eq!(credit(&q, &text("call the ambulance now")), 0.0);
        assert_eq!(credit(&q, &text("Sunburn")), 1.0);
        assert_eq!(credit(&q, &text("a burn")), 1.0);
        assert_eq!(credit(&q, &text("burns")), 0.0);
        // Typo slack is for plain answers; a pattern matches or not.
        assert_eq!(credit(&q, &text("call an ambulanse")), 0.0);
        let star = Answer::Short(ShortAnswer {
            accept: strings(&["5\\*3"]),
            typos: 0,
        });
        assert_eq!(credit(&star, &text("5*3")), 1.0);
        assert_eq!(credit(&star, &text("5 and 3")), 0.0);
        assert_eq!(super::wildcard_pieces("5\\*3"), None);
        assert_eq!(super::wildcard_pieces("a*B"), Some(strings(&["a", "b"])));
    }

    #[test]
    fn numeric_tolerance_and_range_include_their_ends() {
        let exact = Answer::Numeric(Numeric {
            answer: Some(2.0),
            tolerance: Some(0.5),
            range: None,
            unit: None,
        });
        assert_eq!(credit(&exact, &Response::Number(2.5)), 1.0);
        assert_eq!(credit(&exact, &Response::Number(2.51)), 0.0);
        let range = Answer::Numeric(Numeric {
            answer: None,
            tolerance: None,
            range: Some([15.0, 20.0]),
            unit: None,
        });
        assert_eq!(credit(&range, &Response::Number(15.0)), 1.0);
        assert_eq!(credit(&range, &Response::Number(20.0)), 1.0);
        assert_eq!(credit(&range, &Response::Number(21.0)), 0.0);
        let decimal = Answer::Numeric(Numeric {
            answer: Some(0.3),
            tolerance: None,
            range: None,
            unit: None,
        });
        assert_eq!(credit(&decimal, &Response::Number(0.1 + 0.2)), 1.0);
        // 5000.1 − 0.2 is 4999.900000000001 in floating point, and a fixed
        // hair of 1e-9 is less than half the gap between floats near 5000:
        // the typed end, 4999.9, counts because the slack grows with the number.
        let large = Answer::Numeric(Numeric {
            answer: Some(5000.1),
            tolerance: Some(0.2),
            range: None,
            unit: None,
        });
        assert_eq!(credit(&large, &Response::Number(4999.9)), 1.0);
        assert_eq!(credit(&large, &Response::Number(5000.3)), 1.0);
        assert_eq!(credit(&large, &Response::Number(4999.89)), 0.0);
    }

    /// Pieces between two stars are found in order, each after the last.
    #[test]
    fn a_pattern_with_several_stars_matches_its_pieces_in_order() {
        let q = Answer::Short(ShortAnswer {
            accept: strings(&["*cold*pack*minutes"]),
            typos: 0,
        });
        let text = |t: &str| Response::Text(t.into());
        assert_eq!(credit(&q, &text("A cold gel pack for 20 minutes")), 1.0);
        assert_eq!(credit(&q, &text("cold pack minutes")), 1.0);
        assert_eq!(credit(&q, &text("A pack, cold, for 20 minutes")), 0.0);
        assert_eq!(credit(&q, &text("cold for 20 minutes")), 0.0);
        // A piece is looked for after the one before it ends, not inside it.
        let repeated = Answer::Short(ShortAnswer {
            accept: strings(&["*ice*ice"]),
            typos: 0,
        });
        assert_eq!(credit(&repeated, &text("ice")), 0.0);
        assert_eq!(credit(&repeated, &text("ice then ice")), 1.0);
    }

    #[test]
    fn ordering_earns_credit_per_pair_in_the_right_relative_order() {
        let steps = strings(&["Rest", "Cold", "Heat", "Stretch"]);
        let pairs = Answer::Order(Ordering {
            steps: steps.clone(),
            scoring: OrderScoring::Pairs,
        });
        assert_eq!(credit(&pairs, &Response::Order(vec![0, 1, 2, 3])), 1.0);
        // Cold and Rest swapped: 5 of 6 pairs right.
        assert!(close(
            credit(&pairs, &Response::Order(vec![1, 0, 2, 3])),
            5.0 / 6.0
        ));
        assert_eq!(credit(&pairs, &Response::Order(vec![3, 2, 1, 0])), 0.0);
        assert_eq!(credit(&pairs, &Response::Order(vec![0, 0, 1, 2])), 0.0);
        let strict = Answer::Order(Ordering {
            steps,
            scoring: OrderScoring::AllOrNothing,
        });
        assert_eq!(credit(&strict, &Response::Order(vec![1, 0, 2, 3])), 0.0);
        assert_eq!(credit(&strict, &Response::Order(vec![0, 1, 2, 3])), 1.0);
    }

    #[test]
    fn matching_earns_credit_per_right_pair() {
        let q = Answer::Match(Matching {
            pairs: vec![
                MatchPair {
                    left: "Swelling".into(),
                    right: "Cold".into(),
                },
                MatchPair {
                    left: "Stiffness".into(),
                    right: "Heat".into(),
                },
                MatchPair {
                    left: "Sharp pain".into(),
                    right: "Cold".into(),
                },
            ],
        });
        // options: 0 = Cold, 1 = Heat
        assert_eq!(credit(&q, &Response::Pairs(vec![Some(0), Some(1), Some(0)])), 1.0);
        assert!(close(
            credit(&q, &Response::Pairs(vec![Some(0), Some(0), None])),
            1.0 / 3.0
        ));
    }

    fn any_answer() -> impl Strategy<Value = Answer> {
        prop_oneof![
            Just(nsaids()),
            Just(Answer::Order(Ordering {
                steps: strings(&["a", "b", "c", "d", "e"]),
                scoring: OrderScoring::Pairs
            })),
            Just(Answer::Short(ShortAnswer {
                accept: strings(&["naproxen"]),
                typos: 3
            })),
            Just(Answer::Numeric(Numeric {
                answer: Some(2.0),
                tolerance: Some(1.0),
                range: None,
                unit: None
            })),
        ]
    }

    fn any_response() -> impl Strategy<Value = Response> {
        prop_oneof![
            prop::collection::vec(0..8usize, 0..8).prop_map(Response::Choices),
            prop::collection::vec(0..6usize, 0..7).prop_map(Response::Order),
            ".{0,12}".prop_map(Response::Text),
            any::<f64>().prop_map(Response::Number),
            any::<usize>().prop_map(Response::Choice),
        ]
    }

    proptest! {
        #[test]
        fn every_credit_lies_between_nothing_and_full(answer in any_answer(), response in any_response()) {
            let c = credit(&answer, &response);
            prop_assert!((0.0..=1.0).contains(&c), "{c}");
        }
    }
}
