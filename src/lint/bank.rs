//! Rules that look at a bank's questions together: patterns in where the
//! keys sit, and the sections the questions name.

use crate::bank::check::Field;
use crate::bank::{Answer, Bank, Question};
use crate::text::closest;

use super::{CROSS_QUESTION_CUE, Finding, KEY_POSITION, SECTION_UNKNOWN, TRUE_FALSE_BALANCE, float};

/// `key-position`: a position is reported when chance would put the key
/// there as often, or more often, less than once in this many banks.
pub const KEY_POSITION_ODDS: f64 = 100.0;
/// `true-false-balance`: the share of true/false keys one value may have.
pub const TRUE_FALSE_MAX_SHARE: f64 = 0.7;
/// `true-false-balance`: fewer true/false questions than this are too few
/// for a pattern a learner could notice.
pub const TRUE_FALSE_MIN_QUESTIONS: usize = 5;

/// `section-unknown`: when the bank lists its source's headings, every
/// question must name one of them.
pub(super) fn check_section(
    sections: &[String],
    index: usize,
    question: &Question,
    findings: &mut Vec<Finding>,
) {
    let section = &question.meta.section;
    if sections.is_empty() || sections.contains(section) {
        return;
    }
    let same_but_case = sections
        .iter()
        .find(|s| s.to_lowercase() == section.to_lowercase());
    let near = same_but_case
        .map(String::as_str)
        .or_else(|| closest(section, sections.iter().map(String::as_str)));
    let hint = match near {
        Some(heading) => format!("did you mean \"{heading}\"?"),
        None => "name one of the headings in the bank's `sections`, or add this heading there if the source has it"
            .to_owned(),
    };
    findings.push(Finding::new(
        &SECTION_UNKNOWN,
        Some(index),
        Field::Key("section"),
        format!("\"{section}\" is not one of the sections this bank lists"),
        hint,
    ));
}

/// `cross-question-cue`: a question whose answer other questions of the
/// bank show (in their prompt, or a number beside its context in their
/// lists), reported once at the question given away, naming the others.
/// The same check as `exam generate`'s warning, over the whole bank, since
/// any two questions may be drawn together. Reported at the question given
/// away, so one reason allows it when the answer is meant to be known.
pub(super) fn check_cross_cues(bank: &Bank, findings: &mut Vec<Finding>) {
    let questions: Vec<&Question> = bank.questions.iter().collect();
    let mut by_taker: std::collections::BTreeMap<usize, (String, Vec<&str>)> =
        std::collections::BTreeMap::new();
    for cue in super::cues::cross_cues(&questions) {
        let giver = bank.questions[cue.giver].meta.id.0.as_str();
        by_taker
            .entry(cue.taker)
            .or_insert_with(|| (cue.answer, Vec::new()))
            .1
            .push(giver);
    }
    for (taker, (answer, givers)) in by_taker {
        let shown_by: Vec<String> = givers.iter().map(|id| format!("`{id}`")).collect();
        findings.push(Finding::new(
            &CROSS_QUESTION_CUE,
            Some(taker),
            Field::Key("prompt"),
            format!("its answer (\"{answer}\") is shown by {}", shown_by.join(", ")),
            "reword so the answer is not shown, or allow `cross-question-cue` here with a reason if the answer is meant to be known".to_owned(),
        ));
    }
}

/// `key-position`: when choices are shown in the written order, the key
/// should not sit in one position far more often than chance would put it
/// there. Only single-choice questions with `shuffle = false` count; the
/// others are shuffled for every quiz.
pub(super) fn check_key_position(bank: &Bank, findings: &mut Vec<Finding>) {
    // (position of the key, number of choices) of each unshuffled question.
    let fixed: Vec<(usize, usize)> = bank
        .questions
        .iter()
        .filter_map(|question| match &question.answer {
            Answer::Single(single) if !single.shuffle => single
                .choices
                .iter()
                .position(|choice| *choice == single.answer)
                .map(|key| (key, single.choices.len())),
            _ => None,
        })
        .collect();
    let widest = fixed.iter().map(|(_, len)| *len).max().unwrap_or(0);
    let counts: Vec<usize> = (0..widest)
        .map(|position| fixed.iter().filter(|(key, _)| *key == position).count())
        .collect();

    // The most surprising position: the least likely by chance.
    let mut worst: Option<(usize, f64, f64)> = None;
    for (position, &count) in counts.iter().enumerate() {
        let eligible: Vec<usize> = fixed
            .iter()
            .filter(|(_, len)| *len > position)
            .map(|(_, len)| *len)
            .collect();
        let expected: f64 = eligible.iter().map(|len| 1.0 / float(*len)).sum();
        let chance = if eligible.is_empty() {
            0.0
        } else {
            expected / float(eligible.len())
        };
        let odds = binomial_tail(eligible.len(), chance, count);
        let above_chance = float(count) > expected;
        if above_chance && odds * KEY_POSITION_ODDS < 1.0 && worst.is_none_or(|(_, best, _)| odds < best) {
            worst = Some((position, odds, expected));
        }
    }
    let Some((position, _, expected)) = worst else {
        return;
    };
    let tally: Vec<String> = counts
        .iter()
        .enumerate()
        .map(|(p, count)| format!("{}: {count}", letter(p)))
        .collect();
    findings.push(Finding::new(
        &KEY_POSITION,
        None,
        Field::Whole,
        format!(
            "the right answer is choice {} in {} of the {} single-choice questions whose choices are not shuffled (chance: about {expected:.1}); by position, {}",
            letter(position),
            counts[position],
            fixed.len(),
            tally.join(", ")
        ),
        "remove `shuffle = false` where the written order does not matter, or reorder choices so that the right answer moves about",
    ));
}

fn letter(position: usize) -> char {
    u8::try_from(position)
        .ok()
        .filter(|p| *p < 26)
        .map_or('?', |p| char::from(b'A' + p))
}

/// The chance of at least `k` successes in `n` trials that each succeed
/// with probability `p`.
fn binomial_tail(n: usize, p: f64, k: usize) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let (n_f, k_f) = (float(n), float(k));
    // The first term, C(n, k)·p^k·(1−p)^(n−k), in logarithms so that large
    // banks neither overflow nor underflow; each next term follows from it.
    let ln_choose: f64 = (1..=k).map(|i| (float(n - k + i) / float(i)).ln()).sum();
    let mut term = (ln_choose + k_f * p.ln() + (n_f - k_f) * (1.0 - p).ln()).exp();
    let mut tail = 0.0;
    for j in k..=n {
        tail += term;
        let next = float(n - j) / float(j + 1) * p / (1.0 - p);
        term *= next;
        if term < tail * 1e-12 {
            break;
        }
    }
    tail.min(1.0)
}

/// `true-false-balance`: if most true/false keys are the same value, a
/// learner who always answers that value scores well without knowing.
pub(super) fn check_true_false_balance(bank: &Bank, findings: &mut Vec<Finding>) {
    let keys: Vec<bool> = bank
        .questions
        .iter()
        .filter_map(|question| match &question.answer {
            Answer::TrueFalse(true_false) => Some(true_false.answer),
            _ => None,
        })
        .collect();
    let trues = keys.iter().filter(|key| **key).count();
    let (value, count) = if trues * 2 >= keys.len() {
        ("true", trues)
    } else {
        ("false", keys.len() - trues)
    };
    let share = float(count) / float(keys.len().max(1));
    if keys.len() < TRUE_FALSE_MIN_QUESTIONS || share <= TRUE_FALSE_MAX_SHARE {
        return;
    }
    let percent = (share * 100.0).round();
    findings.push(Finding::new(
        &TRUE_FALSE_BALANCE,
        None,
        Field::Whole,
        format!(
            "{count} of the {} true/false questions ({percent}%) are {value}: a learner who always answers \"{value}\" scores {percent}% on them",
            keys.len()
        ),
        format!(
            "turn some {value} statements into {} ones so that neither answer is right more than {}% of the time",
            if value == "true" { "false" } else { "true" },
            (TRUE_FALSE_MAX_SHARE * 100.0).round()
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::binomial_tail;
    use crate::bank::{Answer, Bank};
    use crate::lint::test_support::{bank_of, rules_in_bank, single, true_false};

    #[test]
    fn binomial_tail_matches_small_cases() {
        assert!((binomial_tail(4, 0.25, 4) - 0.25f64.powi(4)).abs() < 1e-12);
        assert!((binomial_tail(3, 0.5, 0) - 1.0).abs() < 1e-12);
        let two_of_three = 3.0 * 0.25 * 0.25 * 0.75 + 0.25f64.powi(3);
        assert!((binomial_tail(3, 0.25, 2) - two_of_three).abs() < 1e-12);
        assert!(binomial_tail(10_000, 0.25, 9_000) < 1e-300);
    }

    fn unshuffled(key: usize) -> crate::bank::Question {
        let choices = ["Cold pack", "Heating pad", "Warm bath", "Nothing"];
        let mut q = single("What first?", &choices, choices[key]);
        if let Answer::Single(single) = &mut q.answer {
            single.shuffle = false;
        }
        q
    }

    #[test]
    fn key_position_counts_unshuffled_questions_only() {
        let bank: Bank = bank_of((0..6).map(|_| unshuffled(0)).collect());
        assert_eq!(rules_in_bank(&bank), ["key-position"]);
        let spread: Bank = bank_of([0, 1, 2, 3, 0, 1].into_iter().map(unshuffled).collect());
        assert!(rules_in_bank(&spread).is_empty());
        let mut shuffled = bank_of((0..6).map(|_| unshuffled(0)).collect());
        for q in &mut shuffled.questions {
            if let Answer::Single(single) = &mut q.answer {
                single.shuffle = true;
            }
        }
        assert!(rules_in_bank(&shuffled).is_empty());
    }

    #[test]
    fn true_false_balance_over_seventy_percent() {
        let bank = bank_of(
            [true, true, true, true, false]
                .map(|key| true_false("Cold numbs pain.", key))
                .to_vec(),
        );
        assert_eq!(rules_in_bank(&bank), ["true-false-balance"]);
        let bank = bank_of(
            [true, true, true, false, false]
                .map(|key| true_false("Cold numbs pain.", key))
                .to_vec(),
        );
        assert!(rules_in_bank(&bank).is_empty());
    }

    #[test]
    fn section_must_be_listed_when_the_bank_lists_sections() {
        let mut bank = bank_of(vec![single(
            "What first?",
            &["Cold pack", "Heating pad"],
            "Cold pack",
        )]);
        bank.meta.sections = vec!["Pain Relief Medication".into()];
        assert_eq!(rules_in_bank(&bank), ["section-unknown"]);
        bank.meta.sections.push(bank.questions[0].meta.section.clone());
        assert!(rules_in_bank(&bank).is_empty());
    }
}
