//! The pass rule, in one place: the terminal's end screen, `history`,
//! `exam grade`, reports, study summaries and the browser all ask here.
//!
//! An attempt passes when it ended (completed, or timed out with what was
//! answered by the deadline), its score reaches the pass mark, and it
//! earned the full points of every critical (must-pass) question it asked.
//! An abandoned or still running attempt never passes, however far it got:
//! a learner who quits at 83% has not shown the whole quiz. Certification
//! is not "80% of anything": partial credit on a critical question is a
//! miss, as half of the steps of a recovery position in the right order is
//! not knowing it.

use crate::record::Status;

/// What the rule needs to know of an attempt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    /// How the attempt ended; `None` while it is still running.
    pub status: Option<Status>,
    pub score: f64,
    pub max_score: f64,
    /// Percent needed to pass, 0 to 100.
    pub pass_mark: f64,
    /// How many critical questions the attempt did not earn full points on.
    pub critical_missed: usize,
}

/// Whether the attempt passed. A rounding hair below the mark (83.333…
/// against 83.333) still passes.
pub fn passed(outcome: Outcome) -> bool {
    let ended = matches!(outcome.status, Some(Status::Completed | Status::TimedOut));
    ended
        && crate::record::percent(outcome.score, outcome.max_score) + 1e-9 >= outcome.pass_mark
        && outcome.critical_missed == 0
}

/// Whether a question's result misses it as a critical question: it is
/// critical and did not earn its full points (unanswered counts as 0).
pub fn misses_critical(critical: bool, points: f64, max_points: f64) -> bool {
    critical && points + 1e-9 < max_points
}

/// The ids of the critical questions missed, in the order asked, from each
/// question's (id, critical, points earned, points available).
pub fn critical_missed<'a>(questions: impl IntoIterator<Item = (&'a str, bool, f64, f64)>) -> Vec<String> {
    questions
        .into_iter()
        .filter(|&(_, critical, points, max)| misses_critical(critical, points, max))
        .map(|(id, ..)| id.to_owned())
        .collect()
}

/// The sentence papers and the end screen print under the pass mark.
pub const CRITICAL_RULE: &str = "Questions marked ◆ must be answered correctly to pass";

#[cfg(test)]
mod tests {
    use super::{Outcome, critical_missed, passed};
    use crate::record::Status;

    fn outcome(score: f64, critical_missed: usize) -> Outcome {
        Outcome {
            status: Some(Status::Completed),
            score,
            max_score: 10.0,
            pass_mark: 80.0,
            critical_missed,
        }
    }

    #[test]
    fn a_missed_critical_question_fails_whatever_the_score() {
        assert!(passed(outcome(8.0, 0)));
        assert!(!passed(outcome(7.9, 0)));
        assert!(!passed(outcome(10.0, 1)));
        assert!(!passed(outcome(9.5, 2)));
    }

    #[test]
    fn only_an_ended_attempt_at_or_over_the_mark_passes() {
        let ended = |status| Outcome {
            status,
            ..outcome(8.0, 0)
        };
        assert!(passed(ended(Some(Status::Completed))));
        assert!(passed(ended(Some(Status::TimedOut))));
        // A learner who quit, or is still answering, has not passed however
        // much of the quiz they got right.
        assert!(!passed(ended(Some(Status::Abandoned))));
        assert!(!passed(ended(None)));
        // A rounding hair below the mark passes: 5 of 6 against 83.333…%.
        assert!(passed(Outcome {
            status: Some(Status::Completed),
            score: 5.0,
            max_score: 6.0,
            pass_mark: 500.0 / 6.0,
            critical_missed: 0,
        }));
    }

    #[test]
    fn partial_credit_on_a_critical_question_is_a_miss() {
        let missed = critical_missed([
            ("full", true, 1.0, 1.0),
            ("partial", true, 0.5, 1.0),
            ("unanswered", true, 0.0, 2.0),
            ("plain-wrong", false, 0.0, 1.0),
            ("thirds", true, 3.0 * (1.0 / 3.0), 1.0),
        ]);
        assert_eq!(missed, ["partial", "unanswered"]);
    }
}
