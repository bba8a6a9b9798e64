//! The `reviews` table: every answer that counted as a review, with the
//! rating it earned; writing one also moves the learner's memory state.

use super::db::{Result, Tx, Value, as_params, owned_row, params, sql};
use super::error::At;
use super::value::Timestamp;
use super::{Store, StoreError, learners, memory};
use crate::record::AttemptId;
use crate::study::{MemoryState, Rating};
use chrono::{DateTime, Utc};

/// Row id of a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewId(pub i64);

/// A review to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReview<'a> {
    pub learner: &'a str,
    pub question_id: &'a str,
    pub topic: &'a str,
    pub attempt_id: Option<AttemptId>,
    pub rating: Rating,
    pub credit: f64,
    pub reviewed_at: DateTime<Utc>,
}

/// A review as read back, for progress figures.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRecord {
    pub question_id: String,
    pub topic: String,
    pub rating: Rating,
    pub credit: f64,
    pub reviewed_at: DateTime<Utc>,
}

impl Store {
    /// Records the review and the memory state it led to, together.
    pub fn record_review(
        &mut self,
        review: &NewReview<'_>,
        after: &MemoryState,
    ) -> Result<ReviewId, StoreError> {
        self.write(|tx, path| {
            let learner = learners::register(tx, review.learner).at(path)?;
            let review = NewReview {
                learner: &learner,
                ..*review
            };
            let id = insert(tx, &review, after).at(path)?;
            memory::save(tx, &learner, review.question_id, after).at(path)?;
            Ok(id)
        })
    }

    /// Changes a review's rating (the learner overrode the suggested one)
    /// and the memory state that follows from it.
    pub fn rerate_review(
        &mut self,
        id: ReviewId,
        learner: &str,
        question_id: &str,
        rating: Rating,
        after: &MemoryState,
    ) -> Result<(), StoreError> {
        self.write(|tx, path| {
            tx.execute(sql!("rerate.sql"), params![id.0, rating, Timestamp(after.due)])
                .at(path)?;
            let learner = learners::register(tx, learner).at(path)?;
            memory::save(tx, &learner, question_id, after).at(path)
        })
    }

    /// Many reviews in one transaction (a graded exam sheet): each with the
    /// state it led to.
    pub fn record_reviews(&mut self, reviews: &[(NewReview<'_>, MemoryState)]) -> Result<(), StoreError> {
        self.write(|tx, path| {
            for (review, after) in reviews {
                let learner = learners::register(tx, review.learner).at(path)?;
                let review = NewReview {
                    learner: &learner,
                    ..*review
                };
                insert(tx, &review, after).at(path)?;
                memory::save(tx, &learner, review.question_id, after).at(path)?;
            }
            Ok(())
        })
    }

    /// The learner's reviews, oldest first.
    pub fn reviews(&self, learner: &str) -> Result<Vec<ReviewRecord>, StoreError> {
        self.read(|tx, path| {
            let learner = learners::spelling(tx, learner).at(path)?;
            tx.query_all(sql!("for_learner.sql"), params![learner], |row| {
                Ok(ReviewRecord {
                    question_id: row.get(0)?,
                    topic: row.get(1)?,
                    rating: row.get(2)?,
                    credit: row.get(3)?,
                    reviewed_at: row.get::<_, Timestamp>(4)?.0,
                })
            })
            .at(path)
        })
    }
}

/// `review.learner` is spelt as the store keeps it (see [`memory::save`]).
/// Adds reviews, in order, in as few statements as the seam allows.
pub(super) fn insert_all(tx: &mut Tx<'_>, reviews: &[(NewReview<'_>, MemoryState)]) -> Result<()> {
    let rows = reviews
        .iter()
        .map(|(review, after)| review_row(review, after))
        .collect::<Result<Vec<_>>>()?;
    tx.insert_rows(sql!("insert.sql"), &rows)
}

pub(super) fn insert(tx: &mut Tx<'_>, review: &NewReview<'_>, after: &MemoryState) -> Result<ReviewId> {
    let row = review_row(review, after)?;
    tx.query_row(sql!("insert.sql"), &as_params(&row), |row| {
        row.get(0).map(ReviewId)
    })
}

/// The values of `insert.sql` for one review.
fn review_row(review: &NewReview<'_>, after: &MemoryState) -> Result<Vec<Value<'static>>> {
    owned_row(params![
        review.learner,
        review.question_id,
        review.topic,
        review.attempt_id,
        review.rating,
        review.credit,
        Timestamp(review.reviewed_at),
        Timestamp(after.due),
        after.revision,
    ])
}
