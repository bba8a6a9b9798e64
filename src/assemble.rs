//! Assembling a quiz: select questions, spread them evenly over topics, and
//! shuffle questions and choices, all from one seed.
//!
//! Reproducibility is a promise to instructors (an exam version must be
//! regenerable years later), so the generator is ChaCha8 seeded from a u64
//! and the shuffle is our own Fisher–Yates over it: rand documents that its
//! own helpers may change their output between versions.

use std::collections::BTreeMap;
use std::fmt;

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use serde::Serialize;

use crate::bank::{Answer, Difficulty, Question, Scenario};
use crate::record::QuestionSlot;

/// What a quiz draws from the banks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Selection {
    /// Topics to draw from, spread evenly; empty means every topic.
    pub topics: Vec<String>,
    /// Questions must carry at least one of these tags; empty means any.
    pub tags: Vec<String>,
    /// Allowed difficulties; empty means any.
    pub difficulties: Vec<Difficulty>,
    pub count: usize,
}

impl Selection {
    /// Whether a question passes the topic, tag and difficulty filters (the count aside).
    pub fn admits(&self, question: &Question) -> bool {
        let meta = &question.meta;
        (self.topics.is_empty() || self.topics.contains(&meta.topic))
            && (self.tags.is_empty() || meta.tags.iter().any(|t| self.tags.contains(t)))
            && (self.difficulties.is_empty() || self.difficulties.contains(&meta.difficulty))
    }

    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.topics.is_empty() {
            parts.push(format!("topic {}", self.topics.join(" or ")));
        }
        if !self.tags.is_empty() {
            parts.push(format!("tag {}", self.tags.join(" or ")));
        }
        if !self.difficulties.is_empty() {
            let names: Vec<&str> = self.difficulties.iter().map(|d| d.as_str()).collect();
            parts.push(format!("difficulty {}", names.join(" or ")));
        }
        if parts.is_empty() {
            "the banks".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

/// A question the banks offer, with the case it asks about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate<'a> {
    pub bank_id: &'a str,
    pub question: &'a Question,
    /// The bank's scenario the question names, if any.
    pub scenario: Option<&'a Scenario>,
}

impl<'a> Candidate<'a> {
    /// A question that belongs to no scenario.
    pub fn plain(bank_id: &'a str, question: &'a Question) -> Candidate<'a> {
        Candidate {
            bank_id,
            question,
            scenario: None,
        }
    }

    /// The scenario's identity: its bank and id (scenario ids are per bank).
    fn case(&self) -> Option<(&'a str, &'a str)> {
        self.scenario.map(|s| (self.bank_id, s.id.as_str()))
    }
}

/// A question as it appears in a quiz.
#[derive(Debug, Clone, PartialEq)]
pub struct QuizItem {
    pub bank_id: String,
    pub question: Question,
    /// The case the question asks about, shown above it.
    pub scenario: Option<Scenario>,
    /// The order the lettered list is shown in, as indices into the
    /// question's own list: choices (single, multiple), steps (order) or the
    /// distinct right-hand options (match). Empty for the other types.
    pub order: Vec<usize>,
}

impl QuizItem {
    /// The question's place in a progress record.
    pub fn slot(&self) -> QuestionSlot {
        QuestionSlot {
            question_id: self.question.meta.id.0.clone(),
            topic: self.question.meta.topic.clone(),
            choice_order: self.order.clone(),
            max_points: self.question.meta.points,
            critical: self.question.meta.critical,
            revision: self.question.meta.revision,
        }
    }

    /// The lettered list in shown order.
    pub fn lettered(&self) -> Vec<&str> {
        let list: Vec<&str> = match &self.question.answer {
            Answer::Single(q) => q.choices.iter().map(String::as_str).collect(),
            Answer::Multiple(q) => q.choices.iter().map(String::as_str).collect(),
            Answer::Order(q) => q.steps.iter().map(String::as_str).collect(),
            Answer::Match(q) => q.options(),
            Answer::TrueFalse(_) | Answer::Short(_) | Answer::Numeric(_) => Vec::new(),
        };
        self.order.iter().map(|&i| list[i]).collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Quiz {
    pub seed: u64,
    pub items: Vec<QuizItem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssembleError {
    /// More questions asked for than the selection holds.
    NotEnough {
        wanted: usize,
        available: usize,
        selection: String,
        /// The largest `--count` that works: `available` for one quiz, less
        /// when several versions must each draw their own questions.
        most: usize,
    },
    /// A `--topic` no loaded question has: most likely a typo.
    UnknownTopic {
        topic: String,
        known: Vec<String>,
    },
    NoQuestionsAsked,
    /// The draw's whole cases (scenarios are never split) cannot add up to
    /// exactly the count.
    Unsplittable {
        wanted: usize,
        reached: usize,
    },
}

impl fmt::Display for AssembleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AssembleError::NotEnough {
                wanted,
                available,
                selection,
                most,
            } => write!(
                f,
                "asked for {wanted} questions, but only {available} match {selection}; ask for --count {most} or fewer, or widen the selection"
            ),
            AssembleError::UnknownTopic { topic, known } => write!(
                f,
                "no question has the topic `{topic}`; the topics are: {}",
                known.join(", ")
            ),
            AssembleError::NoQuestionsAsked => f.write_str("--count must be at least 1"),
            AssembleError::Unsplittable { wanted, reached } => write!(
                f,
                "asked for {wanted} questions, but this draw reaches only {reached}: a case scenario's questions are asked together, never split; ask for another --count (or --seed), or widen the selection"
            ),
        }
    }
}

impl std::error::Error for AssembleError {}

/// A question, or a scenario's questions in order: what assembly draws,
/// counts and shuffles as one.
type Unit<'a> = Vec<Candidate<'a>>;

/// Builds a quiz from `pool`. The same pool (in any order, save that a
/// scenario's questions keep the order the pool gives them: the banks'
/// file order), selection and seed always give the same quiz. A scenario's
/// questions are drawn together, in order, and count toward
/// `selection.count` as one unit; a pool without scenarios draws exactly
/// as before scenarios existed, so old seeds replay.
pub fn assemble(pool: &[Candidate<'_>], selection: &Selection, seed: u64) -> Result<Quiz, AssembleError> {
    if selection.count == 0 {
        return Err(AssembleError::NoQuestionsAsked);
    }
    let mut known: Vec<String> = pool.iter().map(|c| c.question.meta.topic.clone()).collect();
    known.sort();
    known.dedup();
    if let Some(topic) = selection.topics.iter().find(|t| !known.contains(t)) {
        return Err(AssembleError::UnknownTopic {
            topic: topic.clone(),
            known,
        });
    }

    let admitted: Vec<Candidate<'_>> = pool
        .iter()
        .copied()
        .filter(|c| selection.admits(c.question))
        .collect();
    if admitted.len() < selection.count {
        return Err(AssembleError::NotEnough {
            wanted: selection.count,
            available: admitted.len(),
            selection: selection.describe(),
            most: admitted.len(),
        });
    }
    let units = units(admitted);

    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut by_topic: BTreeMap<&str, Vec<Unit<'_>>> = BTreeMap::new();
    for unit in units {
        by_topic
            .entry(&unit[0].question.meta.topic)
            .or_default()
            .push(unit);
    }
    let mut topics: Vec<Vec<Unit<'_>>> = by_topic.into_values().collect();
    for units in &mut topics {
        shuffle(&mut units[..], &mut rng);
    }
    // Which topics get the remainder is itself drawn, so no topic is favoured.
    shuffle(&mut topics[..], &mut rng);

    // Round robin: topics differ by at most one unit unless one runs out. A
    // case too long for what is left is passed over: it would only fit less
    // later.
    let mut picked: Vec<Unit<'_>> = Vec::new();
    let mut size = 0;
    let mut next = vec![0; topics.len()];
    while size < selection.count {
        let before = size;
        for (topic, units) in topics.iter().enumerate() {
            if size == selection.count {
                break;
            }
            while let Some(unit) = units.get(next[topic]) {
                next[topic] += 1;
                if size + unit.len() <= selection.count {
                    size += unit.len();
                    picked.push(unit.clone());
                    break;
                }
            }
        }
        if size == before {
            return Err(AssembleError::Unsplittable {
                wanted: selection.count,
                reached: size,
            });
        }
    }
    shuffle(&mut picked[..], &mut rng);

    let items = picked
        .into_iter()
        .flatten()
        .map(|candidate| QuizItem {
            bank_id: candidate.bank_id.to_owned(),
            order: shown_order(candidate.question, &mut rng),
            question: candidate.question.clone(),
            scenario: candidate.scenario.cloned(),
        })
        .collect();
    Ok(Quiz { seed, items })
}

/// The units of `admitted`, sorted by the id of their first question (so
/// the pool's order does not matter); a scenario's questions stay in the
/// order given.
fn units(admitted: Vec<Candidate<'_>>) -> Vec<Unit<'_>> {
    let mut units: Vec<Unit<'_>> = Vec::new();
    let mut case_unit: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for candidate in admitted {
        match candidate.case() {
            Some(case) => match case_unit.get(&case) {
                Some(&at) => units[at].push(candidate),
                None => {
                    case_unit.insert(case, units.len());
                    units.push(vec![candidate]);
                }
            },
            None => units.push(vec![candidate]),
        }
    }
    units.sort_by(|a, b| a[0].question.meta.id.cmp(&b[0].question.meta.id));
    units
}

/// A quiz of exactly these questions in this order (a study session's
/// plan), with their lists shuffled from `seed` as usual.
pub fn arrange(questions: &[Candidate<'_>], seed: u64) -> Quiz {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let items = questions
        .iter()
        .map(|candidate| QuizItem {
            bank_id: candidate.bank_id.to_owned(),
            order: shown_order(candidate.question, &mut rng),
            question: candidate.question.clone(),
            scenario: candidate.scenario.cloned(),
        })
        .collect();
    Quiz { seed, items }
}

/// The same questions in another order, with their lists reshuffled: the
/// versions of an exam. Questions keep their ids and content; a scenario's
/// questions move together and keep their order.
pub fn reshuffle(quiz: &Quiz, seed: u64) -> Quiz {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut units: Vec<Vec<QuizItem>> = Vec::new();
    for item in &quiz.items {
        match units.last_mut() {
            Some(unit) if item.scenario.is_some() && same_case(&unit[0], item) => unit.push(item.clone()),
            _ => units.push(vec![item.clone()]),
        }
    }
    shuffle(&mut units[..], &mut rng);
    let mut items: Vec<QuizItem> = units.into_iter().flatten().collect();
    for item in &mut items {
        item.order = shown_order(&item.question, &mut rng);
    }
    Quiz { seed, items }
}

/// Whether two items ask about the same case.
pub fn same_case(a: &QuizItem, b: &QuizItem) -> bool {
    a.bank_id == b.bank_id && a.scenario.as_ref().map(|s| &s.id) == b.scenario.as_ref().map(|s| &s.id)
}

/// A seed for the `index`-th variant drawn from `seed` (the golden-ratio
/// constant spreads consecutive indices across the whole seed space; ChaCha's
/// own seeding mixes the rest).
pub fn derived_seed(seed: u64, index: u64) -> u64 {
    seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

fn shown_order(question: &Question, rng: &mut ChaCha8Rng) -> Vec<usize> {
    let (len, shuffled) = match &question.answer {
        Answer::Single(q) => (q.choices.len(), q.shuffle),
        Answer::Multiple(q) => (q.choices.len(), q.shuffle),
        Answer::Order(q) => (q.steps.len(), true),
        Answer::Match(q) => (q.options().len(), true),
        Answer::TrueFalse(_) | Answer::Short(_) | Answer::Numeric(_) => (0, false),
    };
    let mut order: Vec<usize> = (0..len).collect();
    if shuffled {
        shuffle(&mut order, rng);
    }
    // Steps shown in the right order would give the answer away.
    if matches!(question.answer, Answer::Order(_)) && order.windows(2).all(|w| w[0] < w[1]) {
        order.rotate_left(1);
    }
    order
}

/// Fisher–Yates, drawing each index with [`below`].
pub fn shuffle<T>(items: &mut [T], rng: &mut ChaCha8Rng) {
    for i in (1..items.len()).rev() {
        let j = below(rng, i + 1);
        items.swap(i, j);
    }
}

/// A uniform index in `0..n` by rejection sampling, so no index is favoured.
fn below(rng: &mut ChaCha8Rng, n: usize) -> usize {
    let n = n as u64;
    let zone = (u64::MAX / n) * n;
    loop {
        let x = rng.next_u64();
        if x < zone {
            // The remainder is below n, which came from a usize.
            return usize::try_from(x % n).unwrap_or(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use rand_chacha::ChaCha8Rng;
    use rand_chacha::rand_core::SeedableRng;

    use super::{AssembleError, Candidate, Selection, assemble, shuffle};
    use crate::bank::model::{
        Answer, Difficulty, Ordering, Question, QuestionId, QuestionMeta, Scenario, SingleChoice, TrueFalse,
    };

    fn question(id: &str, topic: &str, answer: Answer) -> Question {
        Question {
            meta: QuestionMeta {
                id: QuestionId(id.into()),
                topic: topic.into(),
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
        }
    }

    fn pool() -> Vec<Question> {
        let mut questions = Vec::new();
        for (topic, n) in [("ice", 6), ("meds", 6), ("signs", 2)] {
            for i in 0..n {
                questions.push(question(
                    &format!("{topic}-{i}"),
                    topic,
                    Answer::Single(SingleChoice {
                        choices: vec!["a".into(), "b".into(), "c".into(), "d".into()],
                        answer: "a".into(),
                        feedback: Default::default(),
                        shuffle: i % 2 == 0,
                        choice_images: Default::default(),
                    }),
                ));
            }
        }
        questions
    }

    fn selection(count: usize, topics: &[&str]) -> Selection {
        Selection {
            topics: topics.iter().map(|t| (*t).to_owned()).collect(),
            tags: vec![],
            difficulties: vec![],
            count,
        }
    }

    fn refs(questions: &[Question]) -> Vec<Candidate<'_>> {
        questions.iter().map(|q| Candidate::plain("bank", q)).collect()
    }

    #[test]
    fn the_shuffle_is_pinned_so_old_seeds_replay() {
        // If this changes, every stored seed and generated exam replays
        // differently: that is a breaking change, not a refactor.
        let mut items: Vec<u32> = (0..10).collect();
        shuffle(&mut items, &mut ChaCha8Rng::seed_from_u64(42));
        assert_eq!(items, [1, 5, 9, 6, 3, 2, 0, 8, 4, 7]);
    }

    #[test]
    fn same_seed_same_quiz_whatever_the_pool_order() {
        let questions = pool();
        let forward = refs(&questions);
        let mut backward = forward.clone();
        backward.reverse();
        let a = assemble(&forward, &selection(8, &[]), 7).unwrap();
        let b = assemble(&backward, &selection(8, &[]), 7).unwrap();
        assert_eq!(a, b);
        let c = assemble(&forward, &selection(8, &[]), 8).unwrap();
        assert_ne!(a, c);
    }

    #[test]
    fn topics_are_spread_evenly_and_a_short_topic_gives_way() {
        let questions = pool();
        let quiz = assemble(&refs(&questions), &selection(9, &["ice", "meds", "signs"]), 1).unwrap();
        let count = |topic: &str| {
            quiz.items
                .iter()
                .filter(|i| i.question.meta.topic == topic)
                .count()
        };
        // signs has only 2, so the other two share the rest as evenly as they can.
        assert_eq!(count("signs"), 2);
        assert!(count("ice").abs_diff(count("meds")) <= 1);
        assert_eq!(count("ice") + count("meds"), 7);

        let quiz = assemble(&refs(&questions), &selection(4, &["ice", "meds"]), 3).unwrap();
        let ids: Vec<&str> = quiz
            .items
            .iter()
            .map(|i| i.question.meta.topic.as_str())
            .collect();
        assert_eq!(ids.iter().filter(|t| **t == "ice").count(), 2, "{ids:?}");
    }

    #[test]
    fn asking_for_too_many_says_how_many_there_are() {
        let questions = pool();
        let error = assemble(&refs(&questions), &selection(3, &["signs"]), 1).unwrap_err();
        assert_eq!(
            error,
            AssembleError::NotEnough {
                wanted: 3,
                available: 2,
                selection: "topic signs".into(),
                most: 2,
            }
        );
        assert!(error.to_string().contains("only 2 match topic signs"));
        assert!(error.to_string().contains("--count 2 or fewer"));
    }

    #[test]
    fn an_unknown_topic_lists_the_known_ones() {
        let questions = pool();
        let error = assemble(&refs(&questions), &selection(1, &["ise"]), 1).unwrap_err();
        assert_eq!(
            error.to_string(),
            "no question has the topic `ise`; the topics are: ice, meds, signs"
        );
    }

    #[test]
    fn choices_stay_put_when_the_question_says_so() {
        let questions = pool();
        let quiz = assemble(&refs(&questions), &selection(14, &[]), 5).unwrap();
        for item in &quiz.items {
            let Answer::Single(single) = &item.question.answer else {
                unreachable!()
            };
            let mut sorted = item.order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, [0, 1, 2, 3]);
            if !single.shuffle {
                assert_eq!(item.order, [0, 1, 2, 3]);
            }
        }
        assert!(quiz.items.iter().any(|i| i.order != [0, 1, 2, 3]));
    }

    #[test]
    fn steps_are_never_shown_in_the_right_order() {
        let questions: Vec<Question> = (0..30)
            .map(|i| {
                question(
                    &format!("o-{i}"),
                    "t",
                    Answer::Order(Ordering {
                        steps: vec!["1".into(), "2".into()],
                        scoring: Default::default(),
                    }),
                )
            })
            .collect();
        let quiz = assemble(&refs(&questions), &selection(30, &[]), 9).unwrap();
        assert!(quiz.items.iter().all(|i| i.order == [1, 0]));
    }

    /// `pool()` plus a three-question case on `ice` and a two-question one
    /// on `meds`, written in the order c-3, c-1, c-2 (not id order).
    fn with_cases(questions: &mut Vec<Question>) -> (Scenario, Scenario) {
        let case = |id: &str| Scenario {
            id: id.into(),
            title: "T".into(),
            case: format!("The {id} case."),
            image: None,
        };
        for (id, topic, scenario) in [
            ("c-3", "ice", "day-one"),
            ("c-1", "ice", "day-one"),
            ("c-2", "ice", "day-one"),
            ("d-2", "meds", "no-nsaids"),
            ("d-1", "meds", "no-nsaids"),
        ] {
            let mut q = question(id, topic, Answer::TrueFalse(TrueFalse { answer: true }));
            q.meta.scenario = Some(scenario.into());
            questions.push(q);
        }
        (case("day-one"), case("no-nsaids"))
    }

    fn candidates<'a>(questions: &'a [Question], cases: &'a [Scenario]) -> Vec<Candidate<'a>> {
        questions
            .iter()
            .map(|q| Candidate {
                bank_id: "bank",
                question: q,
                scenario: q
                    .meta
                    .scenario
                    .as_deref()
                    .and_then(|id| cases.iter().find(|c| c.id == id)),
            })
            .collect()
    }

    fn ids(quiz: &super::Quiz) -> Vec<&str> {
        quiz.items.iter().map(|i| i.question.meta.id.0.as_str()).collect()
    }

    #[test]
    fn a_scenario_is_drawn_whole_in_its_order_and_counted_as_a_unit() {
        let mut questions = pool();
        let (day_one, no_nsaids) = with_cases(&mut questions);
        let cases = [day_one, no_nsaids];
        let pool = candidates(&questions, &cases);
        let mut drew_a_case = false;
        for seed in 0..40 {
            for count in [4, 7, 19] {
                let quiz = assemble(&pool, &selection(count, &[]), seed).unwrap();
                assert_eq!(quiz.items.len(), count);
                let ids = ids(&quiz);
                for case in [&["c-3", "c-1", "c-2"][..], &["d-2", "d-1"][..]] {
                    let at: Vec<usize> = case
                        .iter()
                        .filter_map(|id| ids.iter().position(|i| i == id))
                        .collect();
                    // All or nothing, consecutive, in the bank's order.
                    assert!(at.is_empty() || at.len() == case.len(), "{ids:?}");
                    if let Some(&first) = at.first() {
                        drew_a_case = true;
                        assert_eq!(at, (first..first + case.len()).collect::<Vec<_>>(), "{ids:?}");
                        assert!(quiz.items[first].scenario.is_some());
                    }
                }
            }
        }
        assert!(drew_a_case);
    }

    #[test]
    fn whole_cases_that_cannot_make_the_count_say_so() {
        let mut questions = Vec::new();
        let (day_one, _) = with_cases(&mut questions);
        questions.retain(|q| q.meta.topic == "ice");
        let cases = [day_one];
        let error = assemble(&candidates(&questions, &cases), &selection(2, &[]), 1).unwrap_err();
        assert_eq!(
            error,
            AssembleError::Unsplittable {
                wanted: 2,
                reached: 0
            }
        );
        assert!(error.to_string().contains("never split"), "{error}");
    }

    #[test]
    fn exam_versions_move_a_case_as_a_unit() {
        let mut questions = pool();
        let (day_one, no_nsaids) = with_cases(&mut questions);
        let cases = [day_one, no_nsaids];
        let quiz = assemble(&candidates(&questions, &cases), &selection(19, &[]), 3).unwrap();
        for seed in 0..20 {
            let version = super::reshuffle(&quiz, seed);
            let ids = ids(&version);
            let first = ids.iter().position(|i| *i == "c-3").unwrap();
            assert_eq!(&ids[first..first + 3], ["c-3", "c-1", "c-2"]);
        }
    }

    #[test]
    fn filters_by_tag_and_difficulty() {
        let mut questions = pool();
        questions[0].meta.tags = vec!["timing".into()];
        questions[0].meta.difficulty = Difficulty::Hard;
        questions.push(question(
            "tf",
            "ice",
            Answer::TrueFalse(TrueFalse { answer: true }),
        ));
        let mut only = selection(1, &[]);
        only.tags = vec!["timing".into()];
        only.difficulties = vec![Difficulty::Hard];
        let quiz = assemble(&refs(&questions), &only, 1).unwrap();
        assert_eq!(quiz.items[0].question.meta.id.0, "ice-0");
    }
}
