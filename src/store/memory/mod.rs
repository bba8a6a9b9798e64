//! The `memory` table: each learner's FSRS state for each question seen.

use std::collections::HashMap;

use super::db::{Result, Row, Statement, Tx, Value, owned_row, params, sql};
use super::error::At;
use super::value::{Json, Timestamp};
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
/// Every memory state of each of `learners` (spelt as the store keeps
/// them), by learner and question, in one statement.
pub(super) fn all_of(
    tx: &mut Tx<'_>,
    learners: &[&str],
) -> Result<HashMap<String, HashMap<String, MemoryState>>> {
    let mut states: HashMap<String, HashMap<String, MemoryState>> = HashMap::new();
    tx.for_each_planned_now(
        sql!("for_learners.sql", pg = "for_learners.pg.sql"),
        params![Json(learners)],
        |row| {
            let learner: String = row.get(0)?;
            let (question, state) = state_from_row_at(row, 1)?;
            states.entry(learner).or_default().insert(question, state);
            Ok(())
        },
    )?;
    Ok(states)
}

/// Saves the states of several questions (each at most once), in as few
/// statements as the seam allows.
pub(super) fn save_all(tx: &mut Tx<'_>, learner: &str, states: &[(&str, &MemoryState)]) -> Result<()> {
    let mut all = Vec::with_capacity(states.len());
    for (question_id, state) in states {
        all.push(row(learner, question_id, state)?);
    }
    tx.insert_rows(UPSERT, &all)
}

/// A statement [`row`]s are for: it inserts or replaces a state.
pub(super) static UPSERT: &Statement = sql!("upsert.sql");

/// A statement [`row`]s are for: it adds a state where there was none.
pub(super) static INSERT: &Statement = sql!("insert.sql");

/// The row of [`UPSERT`] or [`INSERT`] for a learner's state for a
/// question. One statement must not hold two rows for one learner and
/// question.
pub(super) fn row(learner: &str, question_id: &str, state: &MemoryState) -> Result<Vec<Value<'static>>> {
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
}

fn state_from_row(row: &Row<'_>) -> Result<(String, MemoryState)> {
    state_from_row_at(row, 0)
}

/// Reads a question's id and its state from the row's columns from `first` on.
fn state_from_row_at(row: &Row<'_>, first: usize) -> Result<(String, MemoryState)> {
    Ok((
        row.get(first)?,
        MemoryState {
            stability: row.get(first + 1)?,
            difficulty: row.get(first + 2)?,
            due: row.get::<_, Timestamp>(first + 3)?.0,
            last_review: row.get::<_, Timestamp>(first + 4)?.0,
            reps: row.get(first + 5)?,
            lapses: row.get(first + 6)?,
            phase: row.get(first + 7)?,
            elapsed_days: row.get(first + 8)?,
            scheduled_days: row.get(first + 9)?,
            revision: row.get(first + 10)?,
        },
    ))
}

#[cfg(test)]
mod tests;
