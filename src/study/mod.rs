//! Spaced repetition: when each learner should see each question again.
//!
//! The scheduling itself is FSRS, through the `rs-fsrs` crate, and this file
//! is the only one that touches it (as Anki keeps FSRS behind one seam):
//! the rest of aidquiz sees [`MemoryState`], [`Rating`] and [`review`].

pub mod pick;
pub mod progress;

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How well a learner knew a question, as FSRS rates a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rating {
    Again,
    Hard,
    Good,
    Easy,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }

    pub fn from_name(name: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

/// Where a question is in its learning, as FSRS tracks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    Learning,
    Review,
    Relearning,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Learning => "learning",
            Phase::Review => "review",
            Phase::Relearning => "relearning",
        }
    }

    pub fn from_name(name: &str) -> Option<Phase> {
        [Phase::Learning, Phase::Review, Phase::Relearning]
            .into_iter()
            .find(|p| p.as_str() == name)
    }
}

/// One learner's memory of one question after at least one review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemoryState {
    pub stability: f64,
    pub difficulty: f64,
    pub due: DateTime<Utc>,
    pub last_review: DateTime<Utc>,
    pub reps: u32,
    pub lapses: u32,
    pub phase: Phase,
    /// Days from the review before the last to the last (FSRS keeps it).
    pub elapsed_days: i64,
    /// Days from the last review to `due`.
    pub scheduled_days: i64,
    /// The revision of the question this memory is of.
    pub revision: u32,
}

impl MemoryState {
    /// The chance the learner still recalls the answer at `now`, 0 to 1.
    pub fn retrievability(&self, now: DateTime<Utc>) -> f64 {
        to_card(Some(self), now).get_retrievability(now)
    }

    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        self.due <= now
    }
}

/// The memory state after a review at `now` of revision `revision` of a
/// question (`before` is `None` for a question never seen). A memory of
/// another revision is not carried over: a question whose key or meaning
/// changed is a new question to the learner, and is learnt afresh.
pub fn review(
    before: Option<&MemoryState>,
    rating: Rating,
    now: DateTime<Utc>,
    revision: u32,
) -> MemoryState {
    let before = current(before, revision);
    // Long-term scheduling: intervals in whole days. Short-term learning
    // steps (minutes) suit flashcard drilling, not a course quiz taken a
    // few times a week. No fuzz, so a schedule replays exactly in tests.
    let parameters = rs_fsrs::Parameters {
        enable_short_term: false,
        enable_fuzz: false,
        ..Default::default()
    };
    let scheduler = rs_fsrs::FSRS::new(parameters);
    let card = scheduler.next(to_card(before, now), now, to_fsrs(rating)).card;
    MemoryState {
        stability: card.stability,
        difficulty: card.difficulty,
        due: card.due,
        last_review: card.last_review,
        reps: u32::try_from(card.reps).unwrap_or(0),
        lapses: u32::try_from(card.lapses).unwrap_or(0),
        phase: match card.state {
            rs_fsrs::State::Review => Phase::Review,
            rs_fsrs::State::Relearning => Phase::Relearning,
            rs_fsrs::State::New | rs_fsrs::State::Learning => Phase::Learning,
        },
        elapsed_days: card.elapsed_days,
        scheduled_days: card.scheduled_days,
        revision,
    }
}

/// The memory, if it is of this revision of the question.
pub fn current(memory: Option<&MemoryState>, revision: u32) -> Option<&MemoryState> {
    memory.filter(|m| m.revision == revision)
}

fn to_fsrs(rating: Rating) -> rs_fsrs::Rating {
    match rating {
        Rating::Again => rs_fsrs::Rating::Again,
        Rating::Hard => rs_fsrs::Rating::Hard,
        Rating::Good => rs_fsrs::Rating::Good,
        Rating::Easy => rs_fsrs::Rating::Easy,
    }
}

// `Card::new` reads the system clock; the card is built from `now` instead.
fn to_card(state: Option<&MemoryState>, now: DateTime<Utc>) -> rs_fsrs::Card {
    match state {
        None => rs_fsrs::Card {
            due: now,
            last_review: now,
            ..rs_fsrs::Card::default()
        },
        Some(state) => rs_fsrs::Card {
            due: state.due,
            stability: state.stability,
            difficulty: state.difficulty,
            elapsed_days: state.elapsed_days,
            scheduled_days: state.scheduled_days,
            reps: i32::try_from(state.reps).unwrap_or(i32::MAX),
            lapses: i32::try_from(state.lapses).unwrap_or(i32::MAX),
            state: match state.phase {
                Phase::Learning => rs_fsrs::State::Learning,
                Phase::Review => rs_fsrs::State::Review,
                Phase::Relearning => rs_fsrs::State::Relearning,
            },
            last_review: state.last_review,
        },
    }
}

/// Answers slower than this are rated Hard even when right.
pub const SLOW: Duration = Duration::from_secs(45);
/// Answers faster than this are rated Easy when fully right.
pub const FAST: Duration = Duration::from_secs(8);

/// The rating an answer earns (see docs/study.md): wrong ⇒ Again; partly
/// right or slow ⇒ Hard; fast and fully right ⇒ Easy; otherwise Good.
/// `took` is `None` when the time is unknown (exams graded from a sheet).
pub fn rating_for(credit: f64, took: Option<Duration>) -> Rating {
    if credit <= 0.0 {
        Rating::Again
    } else if credit < 1.0 - 1e-9 || took.is_some_and(|t| t > SLOW) {
        Rating::Hard
    } else if took.is_some_and(|t| t < FAST) {
        Rating::Easy
    } else {
        Rating::Good
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use chrono::{DateTime, TimeZone, Utc};

    use super::{FAST, Rating, SLOW, rating_for, review};

    fn day(n: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap() + chrono::Duration::days(n)
    }

    #[test]
    fn a_right_answer_is_not_due_the_next_day_but_comes_due_later() {
        let state = review(None, Rating::Good, day(0), 1);
        assert!(!state.is_due(day(1)), "due {}", state.due);
        // Seen again when due and answered right: the gap grows.
        let again = review(Some(&state), Rating::Good, state.due, 1);
        assert!(
            again.due - state.due > state.due - day(0),
            "{} then {}",
            state.due,
            again.due
        );
        assert!(again.is_due(day(400)));
    }

    #[test]
    fn a_wrong_answer_comes_due_sooner_than_a_right_one() {
        let right = review(None, Rating::Good, day(0), 1);
        let wrong = review(None, Rating::Again, day(0), 1);
        assert!(wrong.due < right.due);
        // A lapse after learning it also brings it back sooner.
        let learnt = review(Some(&right), Rating::Good, right.due, 1);
        let forgot = review(Some(&learnt), Rating::Again, learnt.due, 1);
        let kept = review(Some(&learnt), Rating::Good, learnt.due, 1);
        assert!(forgot.due < kept.due);
        assert_eq!(forgot.lapses, 1);
    }

    #[test]
    fn answers_become_ratings() {
        assert_eq!(rating_for(0.0, Some(FAST)), Rating::Again);
        assert_eq!(rating_for(0.5, Some(Duration::from_secs(1))), Rating::Hard);
        assert_eq!(rating_for(1.0, Some(SLOW + Duration::from_secs(1))), Rating::Hard);
        assert_eq!(rating_for(1.0, Some(Duration::from_secs(3))), Rating::Easy);
        assert_eq!(rating_for(1.0, Some(Duration::from_secs(20))), Rating::Good);
        assert_eq!(rating_for(1.0, None), Rating::Good);
    }

    #[test]
    fn recall_fades_with_time() {
        let state = review(None, Rating::Good, day(0), 1);
        let soon = state.retrievability(state.due);
        let later = state.retrievability(state.due + chrono::Duration::days(30));
        assert!(later < soon && soon <= 1.0 && later > 0.0, "{soon} {later}");
    }

    #[test]
    fn a_new_revision_is_learnt_afresh() {
        let learnt = review(None, Rating::Good, day(0), 1);
        let learnt = review(Some(&learnt), Rating::Good, learnt.due, 1);
        let same = review(Some(&learnt), Rating::Good, learnt.due, 1);
        let revised = review(Some(&learnt), Rating::Good, learnt.due, 2);
        let fresh = review(None, Rating::Good, learnt.due, 2);
        assert!(same.reps > 1 && same.stability > fresh.stability);
        assert_eq!(revised, fresh);
        assert_eq!(revised.revision, 2);
    }
}
