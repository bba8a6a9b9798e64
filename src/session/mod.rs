//! Taking a quiz: the session state machine and the front ends that drive it.

pub mod plain;
pub mod render;
pub mod state;
pub mod terminal;

pub use state::{Feedback, Given, Outcome, Report, Saved, Session, Settings, Verdict};

use std::time::Duration;

use crate::assemble::QuizItem;
use crate::error::Error;
use crate::record::AnswerRecord;
use crate::study::Rating;

/// Where a front end sends each answer the moment it is accepted.
pub trait AnswerSink {
    /// Saves an answer; `took` is the time since its question was shown.
    fn answered(&mut self, item: &QuizItem, record: &AnswerRecord, took: Duration) -> Result<(), Error>;

    /// The learner skipped a question in study mode: a "don't know", which
    /// the schedule counts as a review rated `again`. Nothing is saved to the
    /// attempt, where the question stays unanswered.
    fn skipped(&mut self, _item: &QuizItem, _at: chrono::DateTime<chrono::Utc>) -> Result<(), Error> {
        Ok(())
    }

    /// The rating the last answer earned, when the learner may change it
    /// (study sessions on a terminal).
    fn offered_rating(&self) -> Option<Rating> {
        None
    }

    /// The learner changed the last answer's rating.
    fn rerate(&mut self, _rating: Rating) -> Result<(), Error> {
        Ok(())
    }
}
