//! Saving a quiz as it is taken: every answer goes to the attempt, and
//! counts as a review for the learner's spaced-repetition schedule.

use std::time::Duration;

use crate::assemble::QuizItem;
use crate::error::Error;
use crate::record::{AnswerRecord, AttemptId};
use crate::session::AnswerSink;
use crate::store::{NewReview, ReviewId, Store};
use crate::study::{self, MemoryState, Rating};

pub struct Recorder<'a> {
    pub store: &'a mut Store,
    pub attempt: AttemptId,
    pub learner: &'a str,
    /// Offer the learner the rating to change (study sessions on a terminal).
    pub offer_rating: bool,
    last: Option<LastReview>,
}

/// What re-rating the last answer needs: the state before it.
struct LastReview {
    id: ReviewId,
    question_id: String,
    revision: u32,
    before: Option<MemoryState>,
    rating: Rating,
    at: chrono::DateTime<chrono::Utc>,
}

impl<'a> Recorder<'a> {
    pub fn new(store: &'a mut Store, attempt: AttemptId, learner: &'a str, offer_rating: bool) -> Self {
        Recorder {
            store,
            attempt,
            learner,
            offer_rating,
            last: None,
        }
    }
}

impl AnswerSink for Recorder<'_> {
    fn answered(&mut self, item: &QuizItem, record: &AnswerRecord, took: Duration) -> Result<(), Error> {
        // The answer first: it is the record that must never be lost.
        self.store.record_answer(self.attempt, record)?;
        let meta = &item.question.meta;
        let credit = if meta.points > 0.0 {
            record.points / meta.points
        } else {
            0.0
        };
        let rating = study::rating_for(credit, Some(took));
        let before = self.store.memory_state(self.learner, &meta.id.0)?;
        let after = study::review(before.as_ref(), rating, record.answered_at, meta.revision);
        let id = self.store.record_review(
            &NewReview {
                learner: self.learner,
                question_id: &meta.id.0,
                topic: &meta.topic,
                attempt_id: Some(self.attempt),
                rating,
                credit,
                reviewed_at: record.answered_at,
            },
            &after,
        )?;
        self.last = Some(LastReview {
            id,
            revision: meta.revision,
            question_id: meta.id.0.clone(),
            before,
            rating,
            at: record.answered_at,
        });
        Ok(())
    }

    fn skipped(&mut self, item: &QuizItem, at: chrono::DateTime<chrono::Utc>) -> Result<(), Error> {
        let meta = &item.question.meta;
        let before = self.store.memory_state(self.learner, &meta.id.0)?;
        let after = study::review(before.as_ref(), Rating::Again, at, meta.revision);
        self.store.record_review(
            &NewReview {
                learner: self.learner,
                question_id: &meta.id.0,
                topic: &meta.topic,
                attempt_id: Some(self.attempt),
                rating: Rating::Again,
                credit: 0.0,
                reviewed_at: at,
            },
            &after,
        )?;
        // Nothing to re-rate: a skip is a "don't know" whatever the keys say.
        self.last = None;
        Ok(())
    }

    fn offered_rating(&self) -> Option<Rating> {
        self.last
            .as_ref()
            .filter(|_| self.offer_rating)
            .map(|last| last.rating)
    }

    fn rerate(&mut self, rating: Rating) -> Result<(), Error> {
        let Some(last) = &mut self.last else { return Ok(()) };
        let after = study::review(last.before.as_ref(), rating, last.at, last.revision);
        self.store
            .rerate_review(last.id, self.learner, &last.question_id, rating, &after)?;
        last.rating = rating;
        Ok(())
    }
}
