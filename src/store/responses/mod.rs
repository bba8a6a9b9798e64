//! The `responses` table: a row per question of an attempt, holding the
//! learner's answer once one is given.

use super::db::{Result, Row, Statement, Tx, Value, owned_row, params, sql};
use super::value::{Json, Timestamp};
use crate::record::{AnswerRecord, AttemptId, QuestionRecord, QuestionSlot};

/// The statement [`rows`] are for.
pub(super) static INSERT: &Statement = sql!("insert.sql");

/// Adds an attempt's questions, answered or not (`answers` by position; a
/// missing one is unanswered), in as few statements as the seam allows.
pub(super) fn insert_all(
    tx: &mut Tx<'_>,
    id: AttemptId,
    slots: &[QuestionSlot],
    answers: &[Option<&AnswerRecord>],
) -> Result<()> {
    let mut all = Vec::with_capacity(slots.len());
    rows(id, slots, answers, &mut all)?;
    tx.insert_rows(INSERT, &all)
}

/// Appends to `rows` those of [`INSERT`] for an attempt's questions, as
/// [`insert_all`] writes them.
pub(super) fn rows(
    id: AttemptId,
    slots: &[QuestionSlot],
    answers: &[Option<&AnswerRecord>],
    rows: &mut Vec<Vec<Value<'static>>>,
) -> Result<()> {
    for (position, slot) in slots.iter().enumerate() {
        let answer = answers.get(position).copied().flatten();
        rows.push(owned_row(params![
            id,
            position,
            slot.question_id,
            slot.topic,
            Json(&slot.choice_order),
            answer.map(|answer| answer.response.as_str()),
            answer.map(|answer| Json(&answer.selected)),
            answer.map_or(0.0, |answer| answer.points),
            slot.max_points,
            answer.map(|answer| Timestamp(answer.answered_at)),
            slot.critical,
            slot.revision,
        ])?);
    }
    Ok(())
}

/// Records an answer; returns the number of rows changed, 0 when the
/// attempt has no question at that position.
pub(super) fn answer(tx: &mut Tx<'_>, id: AttemptId, answer: &AnswerRecord) -> Result<usize> {
    tx.execute(
        sql!("answer.sql"),
        params![
            id,
            answer.position,
            answer.response,
            Json(&answer.selected),
            answer.points,
            Timestamp(answer.answered_at),
        ],
    )
}

/// The questions of an attempt in the order they were asked.
pub(super) fn for_attempt(tx: &mut Tx<'_>, id: AttemptId) -> Result<Vec<QuestionRecord>> {
    tx.query_all(sql!("for_attempt.sql"), params![id], question_from_row)
}

/// Reads a row of `for_attempt.sql`.
fn question_from_row(row: &Row<'_>) -> Result<QuestionRecord> {
    Ok(QuestionRecord {
        position: row.get(0)?,
        question_id: row.get(1)?,
        topic: row.get(2)?,
        choice_order: row.get::<_, Json<_>>(3)?.0,
        response: row.get(4)?,
        selected: row.get::<_, Option<Json<_>>>(5)?.map(|json| json.0),
        points: row.get(6)?,
        max_points: row.get(7)?,
        answered_at: row.get::<_, Option<Timestamp>>(8)?.map(|time| time.0),
        critical: row.get(9)?,
        revision: row.get(10)?,
    })
}
