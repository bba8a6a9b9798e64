//! The `memory` table: each learner's FSRS state for each question seen.

use std::collections::HashMap;

use super::db::{Result, Row, Tx, owned_row, params, sql};
use super::error::At;
use super::value::Timestamp;
use super::{Store, StoreError, learners};
use crate::study::MemoryState;
use chrono::{DateTime, Utc};

impl Store {
    /// Every question the learner has a memory state for.
    pub fn memory_states(&self, learner: &str) -> Result<Vec<(String, MemoryState)>, StoreError> {
        self.read(|tx, path| {
            let learner = learners::spelling(tx, learner).at(path)?;
            tx.query_all(sql!("for_learner.sql"), params![learner], state_from_row)
                .at(path)
        })
    }

    /// The learner's state for one question, `None` if never reviewed.
    pub fn memory_state(&self, learner: &str, question_id: &str) -> Result<Option<MemoryState>, StoreError> {
        self.read(|tx, path| {
            let learner = learners::spelling(tx, learner).at(path)?;
            one(tx, &learner, question_id).at(path)
        })
    }

    /// The questions due for the learner at `now`, most overdue first.
    pub fn due_questions(
        &self,
        learner: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<(String, DateTime<Utc>)>, StoreError> {
        self.read(|tx, path| {
            let learner = learners::spelling(tx, learner).at(path)?;
            tx.query_all(sql!("due.sql"), params![learner, Timestamp(now)], |row| {
                Ok((row.get(0)?, row.get::<_, Timestamp>(1)?.0))
            })
            .at(path)
        })
    }
}

/// The learner's state for one question, `None` if never reviewed.
/// `learner` is spelt as the store keeps it ([`super::learners`]).
pub(super) fn one(tx: &mut Tx<'_>, learner: &str, question_id: &str) -> Result<Option<MemoryState>> {
    tx.query_optional(sql!("one.sql"), params![learner, question_id], state_from_row)
        .map(|found| found.map(|(_, state)| state))
}

/// Inserts or replaces the learner's state for a question. `learner` is
/// spelt as the store keeps it: the public writers register it once per
/// transaction, not once per row.
pub(super) fn save(tx: &mut Tx<'_>, learner: &str, question_id: &str, state: &MemoryState) -> Result<()> {
    save_all(tx, learner, &[(question_id, state)])
}

/// Reads a row of `for_learner.sql`.
/// Every memory state of a learner, by question.
pub(super) fn all(tx: &mut Tx<'_>, learner: &str) -> Result<HashMap<String, MemoryState>> {
    let mut states = HashMap::new();
    tx.for_each(sql!("for_learner.sql"), params![learner], |row| {
        let (question, state) = state_from_row(row)?;
        states.insert(question, state);
        Ok(())
    })?;
    Ok(states)
}

/// Saves the states of several questions (each at most once), in as few
/// statements as the seam allows.
pub(super) fn save_all(tx: &mut Tx<'_>, learner: &str, states: &[(&str, &MemoryState)]) -> Result<()> {
    let rows = states
        .iter()
        .map(|(question_id, state)| {
            owned_row(params![
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
            ])
        })
        .collect::<Result<Vec<_>>>()?;
    tx.insert_rows(sql!("upsert.sql"), &rows)
}

fn state_from_row(row: &Row<'_>) -> Result<(String, MemoryState)> {
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
