//! The `responses` table: a row per question of an attempt, holding the
//! learner's answer once one is given.

use rusqlite::{Connection, Row, params};

use super::value::{Json, Timestamp};
use crate::record::{AnswerRecord, AttemptId, QuestionRecord, QuestionSlot};

/// Adds the question at `position`, answered or not.
pub(super) fn insert(
    conn: &Connection,
    id: AttemptId,
    position: usize,
    slot: &QuestionSlot,
    answer: Option<&AnswerRecord>,
) -> rusqlite::Result<()> {
    conn.prepare_cached(include_str!("insert.sql"))?.execute(params![
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
    ])?;
    Ok(())
}

/// Records an answer; returns the number of rows changed, 0 when the
/// attempt has no question at that position.
pub(super) fn answer(conn: &Connection, id: AttemptId, answer: &AnswerRecord) -> rusqlite::Result<usize> {
    conn.prepare_cached(include_str!("answer.sql"))?.execute(params![
        id,
        answer.position,
        answer.response,
        Json(&answer.selected),
        answer.points,
        Timestamp(answer.answered_at),
    ])
}

/// The questions of an attempt in the order they were asked.
pub(super) fn for_attempt(conn: &Connection, id: AttemptId) -> rusqlite::Result<Vec<QuestionRecord>> {
    conn.prepare_cached(include_str!("for_attempt.sql"))?
        .query_map([id], question_from_row)?
        .collect()
}

/// Reads a row of `for_attempt.sql`.
fn question_from_row(row: &Row<'_>) -> rusqlite::Result<QuestionRecord> {
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
