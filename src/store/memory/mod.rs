//! The `memory` table: each learner's FSRS state for each question seen.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::error::At;
use super::value::Timestamp;
use super::{Store, StoreError, learners};
use crate::study::MemoryState;

impl Store {
    /// Every question the learner has a memory state for.
    pub fn memory_states(&self, learner: &str) -> Result<Vec<(String, MemoryState)>, StoreError> {
        learners::spelling(&self.conn, learner)
            .and_then(|learner| {
                let mut statement = self.conn.prepare_cached(include_str!("for_learner.sql"))?;
                statement.query_map([learner], state_from_row)?.collect()
            })
            .at(&self.path)
    }

    /// The learner's state for one question, `None` if never reviewed.
    pub fn memory_state(&self, learner: &str, question_id: &str) -> Result<Option<MemoryState>, StoreError> {
        learners::spelling(&self.conn, learner)
            .and_then(|learner| one(&self.conn, &learner, question_id))
            .at(&self.path)
    }

    /// The questions due for the learner at `now`, most overdue first.
    pub fn due_questions(
        &self,
        learner: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<(String, DateTime<Utc>)>, StoreError> {
        learners::spelling(&self.conn, learner)
            .and_then(|learner| {
                let mut statement = self.conn.prepare_cached(include_str!("due.sql"))?;
                statement
                    .query_map(params![learner, Timestamp(now)], |row| {
                        Ok((row.get(0)?, row.get::<_, Timestamp>(1)?.0))
                    })?
                    .collect()
            })
            .at(&self.path)
    }
}

/// The learner's state for one question, `None` if never reviewed.
/// `learner` is spelt as the store keeps it ([`super::learners`]).
pub(super) fn one(
    conn: &Connection,
    learner: &str,
    question_id: &str,
) -> rusqlite::Result<Option<MemoryState>> {
    conn.prepare_cached(include_str!("one.sql"))?
        .query_row(params![learner, question_id], state_from_row)
        .optional()
        .map(|found| found.map(|(_, state)| state))
}

/// Inserts or replaces the learner's state for a question. `learner` is
/// spelt as the store keeps it: the public writers register it once per
/// transaction, not once per row.
pub(super) fn save(
    conn: &Connection,
    learner: &str,
    question_id: &str,
    state: &MemoryState,
) -> rusqlite::Result<()> {
    conn.prepare_cached(include_str!("upsert.sql"))?.execute(params![
        learner,
        question_id,
        state.stability,
        state.difficulty,
        Timestamp(state.due),
        Timestamp(state.last_review),
        state.reps,
        state.lapses,
        state.phase,
        state.elapsed_days,
        state.scheduled_days,
        state.revision,
    ])?;
    Ok(())
}

/// Reads a row of `for_learner.sql`.
fn state_from_row(row: &Row<'_>) -> rusqlite::Result<(String, MemoryState)> {
    Ok((
        row.get(0)?,
        MemoryState {
            stability: row.get(1)?,
            difficulty: row.get(2)?,
            due: row.get::<_, Timestamp>(3)?.0,
            last_review: row.get::<_, Timestamp>(4)?.0,
            reps: row.get(5)?,
            lapses: row.get(6)?,
            phase: row.get(7)?,
            elapsed_days: row.get(8)?,
            scheduled_days: row.get(9)?,
            revision: row.get(10)?,
        },
    ))
}

#[cfg(test)]
mod tests;
