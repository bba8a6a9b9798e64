//! Choosing what a study session asks: the questions due, most overdue
//! first, then questions never seen, within the session's limits.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;

use crate::assemble::{Candidate, Quiz, arrange, shuffle};
use crate::study::MemoryState;

/// The questions of a study session, in the order asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Due for review, most overdue first.
    pub due: Vec<String>,
    /// Never seen.
    pub new: Vec<String>,
}

impl Plan {
    pub fn len(&self) -> usize {
        self.due.len() + self.new.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn questions(&self) -> impl Iterator<Item = &str> {
        self.due.iter().chain(&self.new).map(String::as_str)
    }
}

/// `due` comes from the store, already most overdue first; `pool` is the
/// questions the session may draw from (in the order new ones should come);
/// `seen` the ones the learner has a memory state for.
pub fn plan(
    due: &[(String, DateTime<Utc>)],
    pool: &[&str],
    seen: &HashSet<&str>,
    new_limit: usize,
    limit: usize,
) -> Plan {
    let in_pool: HashSet<&str> = pool.iter().copied().collect();
    // A due question no longer in the banks (or outside --topic) is skipped.
    let due: Vec<String> = due
        .iter()
        .filter(|(id, _)| in_pool.contains(id.as_str()))
        .take(limit)
        .map(|(id, _)| id.clone())
        .collect();
    let room = limit.saturating_sub(due.len()).min(new_limit);
    let new = pool
        .iter()
        .filter(|id| !seen.contains(*id))
        .take(room)
        .map(|id| (*id).to_owned())
        .collect();
    Plan { due, new }
}

/// A study session's plan and its quiz: new questions come in an order of
/// their own each session (drawn from `seed`), not file order. `pool` is
/// the questions the session may draw from; `states` the learner's memory
/// and `due` the store's due questions, most overdue first. A memory of an
/// earlier revision of a question is not kept: the question comes back as
/// new (see [`crate::study::review`]).
pub fn session_quiz(
    pool: &[Candidate<'_>],
    states: &[(String, MemoryState)],
    mut due: Vec<(String, DateTime<Utc>)>,
    new_limit: usize,
    limit: usize,
    seed: u64,
) -> (Plan, Quiz) {
    let mut pool = pool.to_vec();
    pool.sort_by(|a, b| a.question.meta.id.cmp(&b.question.meta.id));
    shuffle(&mut pool[..], &mut ChaCha8Rng::seed_from_u64(seed));
    let revision_of: HashMap<&str, u32> = pool
        .iter()
        .map(|c| (c.question.meta.id.0.as_str(), c.question.meta.revision))
        .collect();
    let outdated = |id: &str, memory: &MemoryState| {
        revision_of
            .get(id)
            .is_some_and(|&revision| revision != memory.revision)
    };
    let seen: HashSet<&str> = states
        .iter()
        .filter(|(id, memory)| !outdated(id, memory))
        .map(|(id, _)| id.as_str())
        .collect();
    due.retain(|(id, _)| seen.contains(id.as_str()) || !revision_of.contains_key(id.as_str()));
    let ids: Vec<&str> = pool.iter().map(|c| c.question.meta.id.0.as_str()).collect();
    let plan = plan(&due, &ids, &seen, new_limit, limit);
    let by_id: HashMap<&str, Candidate<'_>> =
        pool.iter().map(|c| (c.question.meta.id.0.as_str(), *c)).collect();
    let questions: Vec<Candidate<'_>> = plan.questions().filter_map(|id| by_id.get(id).copied()).collect();
    let quiz = arrange(&questions, seed);
    (plan, quiz)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use chrono::{TimeZone, Utc};

    use super::plan;
    use crate::study::{Rating, review};

    #[test]
    fn due_first_then_new_within_the_limits() {
        let t = |d| Utc.with_ymd_and_hms(2026, 3, d, 9, 0, 0).unwrap();
        let due = vec![
            ("b".to_owned(), t(1)),
            ("gone".to_owned(), t(2)),
            ("a".to_owned(), t(3)),
        ];
        let pool = ["a", "b", "c", "d", "e"];
        let seen: HashSet<&str> = ["a", "b", "gone"].into();
        let p = plan(&due, &pool, &seen, 2, 10);
        assert_eq!(p.due, ["b", "a"]);
        assert_eq!(p.new, ["c", "d"]);
        let p = plan(&due, &pool, &seen, 10, 3);
        assert_eq!(p.questions().collect::<Vec<_>>(), ["b", "a", "c"]);
        let p = plan(&due, &pool, &seen, 10, 1);
        assert_eq!(p.questions().collect::<Vec<_>>(), ["b"]);
    }

    /// With an injected clock: reviews come due as time passes, in order.
    #[test]
    fn advancing_the_clock_makes_reviews_due_in_order() {
        let start = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
        let states = [
            ("easy", review(None, Rating::Easy, start, 1)),
            ("good", review(None, Rating::Good, start, 1)),
            ("again", review(None, Rating::Again, start, 1)),
        ];
        let pool = ["again", "easy", "good"];
        let seen: HashSet<&str> = pool.into();
        let due_at = |days: i64| {
            let now = start + chrono::Duration::days(days);
            let mut due: Vec<(String, _)> = states
                .iter()
                .filter(|(_, s)| s.is_due(now))
                .map(|(id, s)| ((*id).to_owned(), s.due))
                .collect();
            due.sort_by_key(|(_, at)| *at);
            plan(&due, &pool, &seen, 10, 10).due
        };
        assert!(due_at(0).is_empty());
        assert_eq!(due_at(1), ["again"]);
        assert_eq!(due_at(5), ["again", "good"]);
        assert_eq!(due_at(60), ["again", "good", "easy"]);
    }
}
