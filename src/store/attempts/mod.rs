//! The `attempts` table, and the store's methods that write and read whole
//! attempts (with their rows in `responses`).

use std::path::Path;

use super::attempt_items::{self, ItemWriter};
use super::db::{DbError, Result, Row, Tx, Value, owned_row, params, sql};
use super::error::At;
use super::value::{Json, Timestamp};
use super::{Store, StoreError, attempt_topics, learners, responses};
use crate::record::{
    AnswerRecord, Attempt, AttemptId, GradedAttempt, NewAttempt, QuestionSlot, Status, total,
};
use chrono::{DateTime, Utc};

impl Store {
    /// Stores a new attempt with all its questions unanswered. It stays
    /// `abandoned` until [`Store::finish_attempt`], so a process that dies
    /// mid-quiz leaves an honest record.
    pub fn begin_attempt(&mut self, attempt: &NewAttempt) -> Result<AttemptId, StoreError> {
        self.write(|tx, path| {
            let learner = learners::register_all(tx, &[attempt.learner.as_str()]).at(path)?;
            let ids = reserve_ids(tx, 1).at(path)?;
            let (Some(&id), Some(learner)) = (ids.first(), learner.first()) else {
                unreachable!("one id and one spelling are asked for");
            };
            let mut rows = NewRows::default();
            rows.add(
                tx,
                &mut ItemWriter::default(),
                id,
                learner,
                attempt,
                Status::Abandoned,
                None,
                &[],
            )
            .at(path)?;
            rows.write(tx).at(path)?;
            Ok(id)
        })
    }

    /// Records (or replaces) the answer at `answer.position` and brings the
    /// attempt's score up to date.
    pub fn record_answer(&mut self, id: AttemptId, answer: &AnswerRecord) -> Result<(), StoreError> {
        self.write_attempt(id, |tx, path| {
            if responses::answer(tx, id, answer).at(path)? == 0 {
                let position = answer.position;
                return Err(match question_count(tx, id).at(path)? {
                    None => StoreError::UnknownAttempt {
                        path: path.to_owned(),
                        id,
                    },
                    Some(questions) => StoreError::NoSuchQuestion {
                        path: path.to_owned(),
                        id,
                        position,
                        questions,
                    },
                });
            }
            rescore(tx, id).at(path)?;
            attempt_topics::rescore(tx, id, answer.position).at(path)?;
            ItemWriter::default().answer(tx, id, answer).at(path)
        })
    }

    /// Records how and when the attempt ended.
    pub fn finish_attempt(
        &mut self,
        id: AttemptId,
        status: Status,
        finished_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx, path| {
            let changed = finish(tx, id, status, finished_at).at(path)?;
            if changed == 0 {
                return Err(StoreError::UnknownAttempt {
                    path: path.to_owned(),
                    id,
                });
            }
            Ok(())
        })
    }

    /// Stores whole attempts in one transaction, the fast path for grading a
    /// batch of exams: all are saved or, on any error, none. Returns their
    /// ids in the order given.
    pub fn save_attempts(&mut self, attempts: &[GradedAttempt]) -> Result<Vec<AttemptId>, StoreError> {
        let attempts: Vec<&GradedAttempt> = attempts.iter().collect();
        self.write(|tx, path| {
            let saved = insert_graded_all(tx, path, &attempts, &mut ItemWriter::default())?;
            Ok(saved.into_iter().map(|(id, _)| id).collect())
        })
    }

    /// One attempt with its questions in order, `None` when there is none.
    pub fn attempt(&self, id: AttemptId) -> Result<Option<Attempt>, StoreError> {
        self.read(|tx, path| {
            let attempt = tx
                .query_optional(sql!("by_id.sql"), params![id], attempt_from_row)
                .at(path)?;
            Ok(match attempt {
                Some(mut attempt) => {
                    attempt.questions = responses::for_attempt(tx, id).at(path)?;
                    Some(attempt)
                }
                None => None,
            })
        })
    }

    /// A learner's attempts, newest first, each with its questions in order.
    pub fn attempts_for_learner(&self, learner: &str) -> Result<Vec<Attempt>, StoreError> {
        // One read transaction: the attempts and their responses come from
        // the same moment even while another process records answers.
        self.read(|tx, path| {
            let mut attempts = for_learner(tx, learner).at(path)?;
            for attempt in &mut attempts {
                attempt.questions = responses::for_attempt(tx, attempt.id).at(path)?;
                attempt.earlier_grades = super::exams::earlier_grades(tx, attempt.id).at(path)?;
            }
            Ok(attempts)
        })
    }
}

/// Adds whole graded attempts, each table in a few statements for all of
/// them: a round trip per statement is most of what a write costs on
/// PostgreSQL, and a sheet of a thousand learners once took 12 per
/// learner. Returns each attempt's id and its learner as the store spells
/// them, in order. `items` is kept by the caller across the transaction.
pub(super) fn insert_graded_all(
    tx: &mut Tx<'_>,
    path: &Path,
    graded: &[&GradedAttempt],
    items: &mut ItemWriter,
) -> Result<Vec<(AttemptId, String)>, StoreError> {
    let names: Vec<&str> = graded
        .iter()
        .map(|graded| graded.attempt.learner.as_str())
        .collect();
    let learners = learners::register_all(tx, &names).at(path)?;
    let ids = reserve_ids(tx, graded.len()).at(path)?;
    let mut rows = NewRows::default();
    let mut answer_at: Vec<Option<&AnswerRecord>> = Vec::new();
    for ((graded, &id), learner) in graded.iter().zip(&ids).zip(&learners) {
        answers_by_position(path, graded, &mut answer_at)?;
        rows.add(
            tx,
            items,
            id,
            learner,
            &graded.attempt,
            graded.status,
            graded.finished_at,
            &answer_at,
        )
        .at(path)?;
    }
    rows.write(tx).at(path)?;
    Ok(ids.into_iter().zip(learners).collect())
}

/// `count` ids for new attempts, increasing (see `reserve_ids.sql`).
fn reserve_ids(tx: &mut Tx<'_>, count: usize) -> Result<Vec<AttemptId>> {
    let mut ids: Vec<AttemptId> = tx.query_all(
        sql!("reserve_ids.sql", pg = "reserve_ids.pg.sql"),
        params![count],
        |row| row.get(0),
    )?;
    ids.sort_unstable();
    if ids.len() != count {
        return Err(DbError::Value(format!(
            "{count} attempt ids were asked for, {} given",
            ids.len()
        )));
    }
    Ok(ids)
}

/// The rows of new attempts in every table that holds a part of them,
/// gathered to be written together.
#[derive(Default)]
struct NewRows {
    attempts: Vec<Vec<Value<'static>>>,
    responses: Vec<Vec<Value<'static>>>,
    topics: Vec<Vec<Value<'static>>>,
    items: Vec<Vec<Value<'static>>>,
}

impl NewRows {
    /// Adds an attempt under `id` (reserved), `learner` spelt as the store
    /// keeps it, its answers by position; its maximum score is the sum of
    /// its questions'.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        tx: &mut Tx<'_>,
        items: &mut ItemWriter,
        id: AttemptId,
        learner: &str,
        attempt: &NewAttempt,
        status: Status,
        finished_at: Option<DateTime<Utc>>,
        answer_at: &[Option<&AnswerRecord>],
    ) -> Result<()> {
        let score = total(answer_at.iter().flatten().map(|answer| answer.points));
        let max_score = total(attempt.questions.iter().map(|slot| slot.max_points));
        let missed = critical_missed(&attempt.questions, answer_at);
        let (exam_title, exam_version) = exam_fields(attempt.exam_id.as_deref(), &attempt.selection);
        self.attempts.push(owned_row(params![
            id,
            learner,
            attempt.mode,
            // SQL integers are signed; the bits are kept, not the number.
            attempt.seed.cast_signed(),
            Json(&attempt.selection),
            Json(&attempt.banks),
            Timestamp(attempt.started_at),
            finished_at.map(Timestamp),
            attempt.time_limit_secs,
            attempt.pass_mark,
            status,
            score,
            max_score,
            attempt.exam_id,
            attempt.paper,
            Json(&missed),
            exam_title,
            exam_version,
        ])?);
        let questions = &attempt.questions;
        responses::rows(id, questions, answer_at, &mut self.responses)?;
        attempt_topics::rows(id, questions, answer_at, &mut self.topics)?;
        self.items
            .push(items.row(tx, id, attempt.started_at, questions, answer_at)?);
        Ok(())
    }

    /// Writes the rows, the attempts' first (the others refer to them).
    fn write(self, tx: &mut Tx<'_>) -> Result<()> {
        tx.insert_rows(sql!("insert.sql"), &self.attempts)?;
        tx.insert_rows(responses::INSERT, &self.responses)?;
        tx.insert_rows(attempt_topics::INSERT, &self.topics)?;
        tx.insert_rows(attempt_items::INSERT, &self.items)
    }
}

/// Lays the answers out by position (a later answer to a position wins),
/// refusing one past the attempt's last question.
pub(super) fn answers_by_position<'a>(
    path: &Path,
    graded: &'a GradedAttempt,
    answer_at: &mut Vec<Option<&'a AnswerRecord>>,
) -> Result<(), StoreError> {
    let questions = &graded.attempt.questions;
    answer_at.clear();
    answer_at.resize(questions.len(), None);
    for answer in &graded.answers {
        let Some(slot) = answer_at.get_mut(answer.position) else {
            return Err(StoreError::AnswerOutOfRange {
                path: path.to_owned(),
                learner: graded.attempt.learner.clone(),
                started_at: graded.attempt.started_at,
                position: answer.position,
                questions: questions.len(),
            });
        };
        *slot = Some(answer);
    }
    Ok(())
}

/// A graded exam's title and version letter as its selection holds them,
/// for the columns reports read (`exam_title`, `exam_version`); `None` for
/// a quiz, and where the selection has no such string.
pub(super) fn exam_fields<'a>(
    exam_id: Option<&str>,
    selection: &'a serde_json::Value,
) -> (Option<&'a str>, Option<&'a str>) {
    if exam_id.is_none() {
        return (None, None);
    }
    let field = |name: &str| selection.get("exam")?.get(name)?.as_str();
    (field("title"), field("version"))
}

/// The critical questions of an attempt not earned in full, given its
/// answers by position (an attempt just begun has none: every critical
/// question is missed until answered).
pub(super) fn critical_missed(slots: &[QuestionSlot], answer_at: &[Option<&AnswerRecord>]) -> Vec<String> {
    crate::pass::critical_missed(slots.iter().enumerate().map(|(position, slot)| {
        let points = answer_at
            .get(position)
            .copied()
            .flatten()
            .map_or(0.0, |answer| answer.points);
        (slot.question_id.as_str(), slot.critical, points, slot.max_points)
    }))
}

/// Sets the attempt's score to the sum of its questions' points.
fn rescore(tx: &mut Tx<'_>, id: AttemptId) -> Result<()> {
    tx.execute(sql!("rescore.sql", pg = "rescore.pg.sql"), params![id])?;
    Ok(())
}

/// Records the ending; returns the number of rows changed, 0 when there is
/// no such attempt.
fn finish(tx: &mut Tx<'_>, id: AttemptId, status: Status, finished_at: DateTime<Utc>) -> Result<usize> {
    tx.execute(sql!("finish.sql"), params![id, status, Timestamp(finished_at)])
}

/// How many questions the attempt has, `None` when there is no such attempt.
fn question_count(tx: &mut Tx<'_>, id: AttemptId) -> Result<Option<usize>> {
    tx.query_optional(sql!("question_count.sql"), params![id], |row| row.get(0))
}

/// The learner's attempts without their questions, newest first.
fn for_learner(tx: &mut Tx<'_>, learner: &str) -> Result<Vec<Attempt>> {
    let learner = learners::spelling(tx, learner)?;
    tx.query_all(sql!("for_learner.sql"), params![learner], attempt_from_row)
}

/// Reads a row of `for_learner.sql`; the questions are read separately.
fn attempt_from_row(row: &Row<'_>) -> Result<Attempt> {
    Ok(Attempt {
        id: row.get(0)?,
        learner: row.get(1)?,
        mode: row.get(2)?,
        seed: row.get::<_, i64>(3)?.cast_unsigned(),
        selection: row.get::<_, Json<_>>(4)?.0,
        banks: row.get::<_, Json<_>>(5)?.0,
        started_at: row.get::<_, Timestamp>(6)?.0,
        finished_at: row.get::<_, Option<Timestamp>>(7)?.map(|time| time.0),
        time_limit_secs: row.get(8)?,
        pass_mark: row.get(9)?,
        status: row.get(10)?,
        score: row.get(11)?,
        max_score: row.get(12)?,
        exam_id: row.get(13)?,
        paper: row.get(14)?,
        questions: Vec::new(),
        earlier_grades: Vec::new(),
    })
}

#[cfg(test)]
mod tests;
