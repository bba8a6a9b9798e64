//! The `attempt_topics` table: each attempt's points per topic, the sums of
//! its rows in `responses`. Reports read it to list the topics of the
//! attempts a filter covers and to count the attempts on a topic, a few
//! rows per attempt instead of every response. (They once read the sums
//! themselves from here; the per-topic columns now come from
//! `attempt_items`.) Every write path calls these with its writes to
//! `responses`.

use std::collections::BTreeMap;

use super::db::{Result, Statement, Tx, Value, owned_row, params, sql};

use crate::record::{AnswerRecord, AttemptId, QuestionSlot};

/// The statement [`rows`] are for.
pub(super) static INSERT: &Statement = sql!("insert.sql");

/// Adds the sums of a new attempt's questions, `answers` by position as
/// they were written to `responses`.
pub(super) fn insert(
    tx: &mut Tx<'_>,
    id: AttemptId,
    questions: &[QuestionSlot],
    answers: &[Option<&AnswerRecord>],
) -> Result<()> {
    let mut all = Vec::new();
    rows(id, questions, answers, &mut all)?;
    tx.insert_rows(INSERT, &all)
}

/// Appends to `rows` those of [`INSERT`] for a new attempt: its sums,
/// made here in position order as the database would, instead of read
/// back with a GROUP BY (which made `save_attempts` 11% slower).
pub(super) fn rows(
    id: AttemptId,
    questions: &[QuestionSlot],
    answers: &[Option<&AnswerRecord>],
    rows: &mut Vec<Vec<Value<'static>>>,
) -> Result<()> {
    let mut sums: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    for (position, slot) in questions.iter().enumerate() {
        let points = answers
            .get(position)
            .copied()
            .flatten()
            .map_or(0.0, |answer| answer.points);
        let sum = sums.entry(slot.topic.as_str()).or_insert((0.0, 0.0));
        sum.0 += points;
        sum.1 += slot.max_points;
    }
    for (topic, (score, max_score)) in sums {
        rows.push(owned_row(params![id, topic, score, max_score])?);
    }
    Ok(())
}

/// Removes the attempt's sums, before its responses are replaced.
pub(super) fn delete(tx: &mut Tx<'_>, id: AttemptId) -> Result<()> {
    tx.execute(sql!("delete_for_attempt.sql"), params![id])?;
    Ok(())
}

/// Brings the sum of the topic of the question at `position` up to date
/// after its answer changed.
pub(super) fn rescore(tx: &mut Tx<'_>, id: AttemptId, position: usize) -> Result<()> {
    tx.execute(sql!("rescore.sql", pg = "rescore.pg.sql"), params![id, position])?;
    Ok(())
}

#[cfg(test)]
mod tests;
