//! The `attempt_items` table: per attempt, one value holding what reports
//! read of each of its questions (laid out in `codec`), and
//! `question_keys`, which numbers the questions so that value carries a
//! small number instead of an id and a topic.
//!
//! A report over a million attempts reads a million of these values
//! instead of twenty million rows of `responses`. `responses` stays the
//! record of what was answered; every write to it comes with the matching
//! write here, and the migration that made the table filled it from there.

pub(super) mod codec;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::db::{DbError, Result, Row, Statement, Tx, Value, as_params, owned_row, params, sql};

use super::reports::ReportQuestion;
use super::value::{Timestamp, response_from_json};
use super::{Picks, QuestionKey, UnixNanos};
use crate::record::{AnswerRecord, AttemptId, QuestionSlot};
use crate::response::Response;

/// The statement [`ItemWriter::row`]s are for.
pub(super) static INSERT: &Statement = sql!("insert.sql");

/// Writes attempts' values, keeping what it can between them: the keys
/// looked up, and scratch space. Keys are never deleted, but one added in a
/// transaction that rolls back is gone with it, so a writer must not
/// outlive its transaction.
#[derive(Default)]
pub(super) struct ItemWriter {
    /// Question id → (topic, revision, critical, key) of each way it was recorded.
    keys: HashMap<String, Vec<(String, u32, bool, QuestionKey)>>,
    /// Writing for the upgrade to schema 6, before `question_keys` had its
    /// revision and critical columns: every question is revision 1, not critical.
    schema_6: bool,
    questions: Vec<ReportQuestion>,
    bytes: Vec<u8>,
}

impl ItemWriter {
    /// Adds the value of a new attempt's questions, `answers` by position
    /// as they were written to `responses` (empty when none is answered).
    pub fn insert(
        &mut self,
        tx: &mut Tx<'_>,
        id: AttemptId,
        started_at: DateTime<Utc>,
        slots: &[QuestionSlot],
        answers: &[Option<&AnswerRecord>],
    ) -> Result<()> {
        let row = self.row(tx, id, started_at, slots, answers)?;
        tx.execute(INSERT, &as_params(&row))?;
        Ok(())
    }

    /// The row of [`INSERT`] for a new attempt, as
    /// [`ItemWriter::insert`] writes it.
    pub fn row(
        &mut self,
        tx: &mut Tx<'_>,
        id: AttemptId,
        started_at: DateTime<Utc>,
        slots: &[QuestionSlot],
        answers: &[Option<&AnswerRecord>],
    ) -> Result<Vec<Value<'static>>> {
        self.questions.clear();
        for (position, slot) in slots.iter().enumerate() {
            let mut question = ReportQuestion {
                key: self.key(tx, &slot.question_id, &slot.topic, slot.revision, slot.critical)?,
                max_points: slot.max_points,
                ..ReportQuestion::default()
            };
            if let Some(answer) = answers.get(position).copied().flatten() {
                set_answer(&mut question, answer);
            }
            self.questions.push(question);
        }
        let mut bytes = Vec::new();
        codec::encode(&self.questions, base(started_at), &mut bytes);
        owned_row(params![id, bytes])
    }

    /// Records (or replaces) the answer at `answer.position` in an
    /// attempt's value. The caller has checked the attempt has a question
    /// there.
    pub fn answer(&mut self, tx: &mut Tx<'_>, id: AttemptId, answer: &AnswerRecord) -> Result<()> {
        let bytes: Vec<u8> = tx.query_row(sql!("for_attempt.sql"), params![id], |row| row.get(0))?;
        let unreadable = |error: codec::DecodeError| DbError::Value(format!("attempt {id}'s items: {error}"));
        let base = codec::base(&bytes).map_err(unreadable)?;
        codec::decode(&bytes, |_| true, &mut self.questions).map_err(unreadable)?;
        let Some(question) = self.questions.get_mut(answer.position) else {
            return Err(unreadable(codec::DecodeError {
                offset: bytes.len(),
                what: "fewer questions than the attempt has",
            }));
        };
        set_answer(question, answer);
        self.write(tx, sql!("replace.sql"), id, base)
    }

    /// The key of a question as recorded under a topic, revision and
    /// criticality, numbering it on first sight.
    fn key(
        &mut self,
        tx: &mut Tx<'_>,
        question_id: &str,
        topic: &str,
        revision: u32,
        critical: bool,
    ) -> Result<QuestionKey> {
        if let Some(&(.., key)) = self.keys.get(question_id).and_then(|known| {
            known
                .iter()
                .find(|(t, r, c, _)| t == topic && *r == revision && *c == critical)
        }) {
            return Ok(key);
        }
        let found: Option<u32> = if self.schema_6 {
            tx.query_optional(sql!("key_of_v6.sql"), params![question_id, topic], |row| {
                row.get(0)
            })?
        } else {
            tx.query_optional(
                sql!("key_of.sql"),
                params![question_id, topic, revision, critical],
                |row| row.get(0),
            )?
        };
        let key = QuestionKey(match found {
            Some(key) => key,
            None if self.schema_6 => {
                tx.query_row(sql!("add_key_v6.sql"), params![question_id, topic], |row| {
                    row.get(0)
                })?
            }
            None => tx.query_row(
                sql!("add_key.sql"),
                params![question_id, topic, revision, critical],
                |row| row.get(0),
            )?,
        });
        self.keys.entry(question_id.to_owned()).or_default().push((
            topic.to_owned(),
            revision,
            critical,
            key,
        ));
        Ok(key)
    }

    /// Encodes the questions held and runs `statement` with the attempt's
    /// id and the value.
    fn write(
        &mut self,
        tx: &mut Tx<'_>,
        statement: &Statement,
        id: AttemptId,
        base: UnixNanos,
    ) -> Result<()> {
        self.bytes.clear();
        codec::encode(&self.questions, base, &mut self.bytes);
        tx.execute(statement, params![id, self.bytes])?;
        Ok(())
    }
}

/// Removes an attempt's value, before its responses are replaced.
pub(super) fn delete(tx: &mut Tx<'_>, id: AttemptId) -> Result<()> {
    tx.execute(sql!("delete_for_attempt.sql"), params![id])?;
    Ok(())
}

/// Fills `attempt_items` from `responses`, for SQLite's migration that made
/// it: read through the connection itself, written through the seam (a
/// SQLite transaction may read and write at once).
pub(super) fn backfill(conn: &Connection) -> Result<()> {
    let mut tx = Tx::Sqlite(conn);
    let mut writer = ItemWriter {
        schema_6: true,
        ..ItemWriter::default()
    };
    let mut statement = conn.prepare(include_str!("backfill.sql"))?;
    let mut rows = statement.query([])?;
    // The attempt being read, whose questions so far the writer holds.
    let mut current: Option<(AttemptId, UnixNanos)> = None;
    while let Some(row) = rows.next()? {
        let row = Row::Sqlite(row);
        let id: AttemptId = row.get(0)?;
        if current.is_none_or(|(current_id, _)| current_id != id) {
            if let Some((done, started_at)) = current {
                writer.write(&mut tx, sql!("insert.sql"), done, started_at)?;
            }
            current = Some((id, base(row.get::<_, Timestamp>(1)?.0)));
            writer.questions.clear();
        }
        let selected = match row.get::<_, Option<String>>(6)?.as_deref() {
            Some(json) => Some(
                response_from_json(json)
                    .map_err(|error| DbError::Value(format!("attempt {id}'s answer: {error}")))?,
            ),
            None => None,
        };
        let mut question = ReportQuestion {
            key: writer.key(
                &mut tx,
                &row.get::<_, String>(2)?,
                &row.get::<_, String>(3)?,
                1,
                false,
            )?,
            points: row.get(4)?,
            max_points: row.get(5)?,
            answered: selected.is_some(),
            answered_at: row
                .get::<_, Option<Timestamp>>(7)?
                .and_then(|time| UnixNanos::of(time.0)),
            ..ReportQuestion::default()
        };
        set_picks(&mut question, selected.as_ref());
        writer.questions.push(question);
    }
    if let Some((done, started_at)) = current {
        writer.write(&mut tx, sql!("insert.sql"), done, started_at)?;
    }
    Ok(())
}

/// The base of an attempt's value: its start, or 1970 for one beyond the
/// years [`UnixNanos`] holds (its answer times are then left out).
fn base(started_at: DateTime<Utc>) -> UnixNanos {
    UnixNanos::of(started_at).unwrap_or_default()
}

fn set_answer(question: &mut ReportQuestion, answer: &AnswerRecord) {
    question.points = answer.points;
    question.answered = true;
    question.answered_at = UnixNanos::of(answer.answered_at);
    set_picks(question, Some(&answer.selected));
}

/// The choices an answer picked, as item analysis counts them: indices into
/// the question's own list; for true/false, 0 is true and 1 false.
fn set_picks(question: &mut ReportQuestion, selected: Option<&Response>) {
    (question.picks, question.true_false) = match selected {
        Some(Response::Choice(choice)) => ([*choice].into_iter().collect(), false),
        Some(Response::Choices(choices)) => (choices.iter().copied().collect(), false),
        Some(Response::TrueFalse(value)) => ([usize::from(!*value)].into_iter().collect(), true),
        Some(Response::Text(_) | Response::Number(_) | Response::Order(_) | Response::Pairs(_)) | None => {
            (Picks::default(), false)
        }
    };
}

#[cfg(test)]
mod tests;
