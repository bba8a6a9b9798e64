//! Reading attempts for reports: filters, the topics they cover, and a
//! stream of attempts with their questions that never holds more than one
//! attempt in memory, so a report over a million attempts runs in constant
//! memory.

use std::borrow::Cow;
use std::mem;

use chrono::{DateTime, Utc};
use rusqlite::types::Type;
use rusqlite::{Row, Rows, ToSql};

use super::error::At;
use super::value::{Timestamp, response_from_json};
use super::{Store, StoreError};
use crate::record::{AttemptId, Mode, Status};
use crate::response::Response;

/// Which attempts a report covers. Every filter given must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AttemptFilter {
    pub learner: Option<String>,
    pub exam_id: Option<String>,
    /// Only questions of this topic (and attempts that have one).
    pub topic: Option<String>,
    /// Attempts started at or after this moment.
    pub since: Option<DateTime<Utc>>,
    /// Attempts started before this moment.
    pub before: Option<DateTime<Utc>>,
}

impl AttemptFilter {
    fn is_empty(&self) -> bool {
        *self == AttemptFilter::default()
    }

    fn params(&self) -> [Box<dyn ToSql + '_>; 5] {
        [
            Box::new(self.learner.as_deref()),
            Box::new(self.exam_id.as_deref()),
            Box::new(self.topic.as_deref()),
            Box::new(self.since.map(Timestamp)),
            Box::new(self.before.map(Timestamp)),
        ]
    }
}

/// What a report reads of an attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportAttempt {
    pub id: AttemptId,
    pub learner: String,
    pub exam_id: Option<String>,
    pub mode: Mode,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub pass_mark: f64,
    pub status: Status,
    /// The whole attempt's, as recorded (all topics).
    pub score: f64,
    pub max_score: f64,
    /// In the order asked; only those of the filter's topic when it has one.
    pub questions: Vec<ReportQuestion>,
}

/// What a report reads of a question of an attempt.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportQuestion {
    pub question_id: String,
    pub topic: String,
    pub points: f64,
    pub max_points: f64,
    /// Read only when asked for (item analysis): `None` otherwise, and when
    /// the question was not answered.
    pub selected: Option<Response>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// An attempt's points on one topic: the sums over its questions on it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TopicPoints {
    pub topic: String,
    pub score: f64,
    pub max_score: f64,
}

/// Which optional columns a stream decodes; the rest are skipped, which
/// saves most of the time of a large report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Detail {
    /// `selected` and `answered_at` of every question.
    pub answers: bool,
}

/// The filters in the `.sql` files are written `(?1 IS NULL OR … = ?1)` so
/// one statement serves every combination, but SQLite cannot use an index
/// through such an `OR`. With a learner or an exam given, its clause is
/// made a plain equality, so the query seeks that learner's (or exam's)
/// attempts by index instead of reading the whole store.
const BY_LEARNER: (&str, &str) = ("(?1 IS NULL OR a.learner = ?1)", "a.learner = ?1");
const BY_EXAM: (&str, &str) = ("(?2 IS NULL OR a.exam_id = ?2)", "a.exam_id = ?2");

fn narrowed(sql: &'static str, filter: &AttemptFilter) -> Cow<'static, str> {
    let (from, to) = if filter.learner.is_some() {
        BY_LEARNER
    } else if filter.exam_id.is_some() {
        BY_EXAM
    } else {
        return Cow::Borrowed(sql);
    };
    debug_assert!(sql.contains(from), "{sql}");
    Cow::Owned(sql.replace(from, to))
}

impl Store {
    /// How many attempts the filter covers.
    pub fn count_attempts(&self, filter: &AttemptFilter) -> Result<u64, StoreError> {
        let path = self.path.as_path();
        let params = filter.params();
        let params: Vec<&dyn ToSql> = params.iter().map(|p| p.as_ref()).collect();
        self.conn
            .prepare_cached(&narrowed(include_str!("count.sql"), filter))
            .at(path)?
            .query_row(params.as_slice(), |row| row.get(0))
            .at(path)
    }

    /// The topics of the attempts the filter covers, in alphabetical order.
    pub fn report_topics(&self, filter: &AttemptFilter) -> Result<Vec<String>, StoreError> {
        let path = self.path.as_path();
        let sql = if filter.is_empty() {
            Cow::Borrowed(include_str!("topics.sql"))
        } else {
            narrowed(include_str!("filtered_topics.sql"), filter)
        };
        let mut statement = self.conn.prepare_cached(&sql).at(path)?;
        let params = filter.params();
        let params: Vec<&dyn ToSql> = if filter.is_empty() {
            Vec::new()
        } else {
            params.iter().map(|p| p.as_ref()).collect()
        };
        statement
            .query_map(params.as_slice(), |row| row.get(0))
            .at(path)?
            .collect::<rusqlite::Result<_>>()
            .at(path)
    }

    /// Calls `each` with every attempt the filter covers, in the order they
    /// were recorded, inside one read transaction (a consistent view while
    /// learners go on answering). The attempt passed is reused between calls.
    pub fn for_each_attempt<E: From<StoreError>>(
        &self,
        filter: &AttemptFilter,
        detail: Detail,
        mut each: impl FnMut(&ReportAttempt) -> Result<(), E>,
    ) -> Result<(), E> {
        let path = self.path.as_path();
        let tx = self.conn.unchecked_transaction().at(path)?;
        {
            let mut statement = tx
                .prepare_cached(&narrowed(include_str!("stream.sql"), filter))
                .at(path)?;
            let params = filter.params();
            let params: Vec<&dyn ToSql> = params.iter().map(|p| p.as_ref()).collect();
            let mut rows = statement.query(params.as_slice()).at(path)?;
            let mut current: Option<ReportAttempt> = None;
            // Questions of the attempt being read; their strings are reused
            // from one attempt to the next instead of allocated per row.
            let mut filled = 0;
            while let Some(row) = rows.next().at(path)? {
                let id: AttemptId = row.get(0).at(path)?;
                if current.as_ref().is_none_or(|attempt| attempt.id != id) {
                    let mut next = attempt_from_row(id, row).at(path)?;
                    if let Some(mut done) = current.take() {
                        done.questions.truncate(filled);
                        each(&done)?;
                        next.questions = done.questions;
                    }
                    current = Some(next);
                    filled = 0;
                }
                if let Some(attempt) = &mut current {
                    match attempt.questions.get_mut(filled) {
                        Some(question) => read_question(row, detail, question).at(path)?,
                        None => {
                            let mut question = ReportQuestion::default();
                            read_question(row, detail, &mut question).at(path)?;
                            attempt.questions.push(question);
                        }
                    }
                    filled += 1;
                }
            }
            if let Some(mut done) = current {
                done.questions.truncate(filled);
                each(&done)?;
            }
        }
        tx.commit().at(path)?;
        Ok(())
    }

    /// Calls `each` with every attempt the filter covers and its points per
    /// topic (only the filter's topic when it has one), in the order they
    /// were recorded, inside one read transaction. The attempt's
    /// `questions` are left empty: this reads a few rows per attempt instead
    /// of one per question, for reports that need no more.
    pub fn for_each_attempt_topics<E: From<StoreError>>(
        &self,
        filter: &AttemptFilter,
        mut each: impl FnMut(&ReportAttempt, &[TopicPoints]) -> Result<(), E>,
    ) -> Result<(), E> {
        let path = self.path.as_path();
        let tx = self.conn.unchecked_transaction().at(path)?;
        {
            let params = filter.params();
            let params: Vec<&dyn ToSql> = params.iter().map(|p| p.as_ref()).collect();
            let mut attempts = tx
                .prepare_cached(&narrowed(include_str!("stream_attempts.sql"), filter))
                .at(path)?;
            let mut attempt_rows = attempts.query(params.as_slice()).at(path)?;
            let narrow = filter.learner.is_some() || filter.exam_id.is_some();
            let mut sums = if narrow {
                tx.prepare_cached(&narrowed(include_str!("stream_topics.sql"), filter))
            } else {
                tx.prepare_cached(include_str!("all_topics.sql"))
            }
            .at(path)?;
            let mut sum_rows = if narrow {
                sums.query(params.as_slice())
            } else {
                sums.query(rusqlite::params![None::<i64>, None::<i64>, params[2]])
            }
            .at(path)?;
            // The sums of the attempt being read; their strings are reused
            // from one attempt to the next. `ahead` is the sum read last,
            // of attempt `ahead_id`, not yet placed.
            let mut topics: Vec<TopicPoints> = Vec::new();
            let mut ahead = TopicPoints::default();
            let mut ahead_id = read_sum(&mut sum_rows, &mut ahead).at(path)?;
            while let Some(row) = attempt_rows.next().at(path)? {
                let id: AttemptId = row.get(0).at(path)?;
                let mut filled = 0;
                while let Some(of) = ahead_id.filter(|of| *of <= id) {
                    if of == id {
                        if filled == topics.len() {
                            topics.push(TopicPoints::default());
                        }
                        mem::swap(&mut topics[filled], &mut ahead);
                        filled += 1;
                    }
                    ahead_id = read_sum(&mut sum_rows, &mut ahead).at(path)?;
                }
                // As in a join: an attempt with no sums (none on the topic
                // asked for) is not in the report.
                if filled > 0 {
                    each(&attempt_from_row(id, row).at(path)?, &topics[..filled])?;
                }
            }
        }
        tx.commit().at(path)?;
        Ok(())
    }
}

/// Reads the next row of `stream_topics.sql` into `sum`; returns its
/// attempt, `None` after the last.
fn read_sum(rows: &mut Rows<'_>, sum: &mut TopicPoints) -> rusqlite::Result<Option<AttemptId>> {
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    set_text(&mut sum.topic, text(row, 1)?);
    sum.score = row.get(2)?;
    sum.max_score = row.get(3)?;
    Ok(Some(row.get(0)?))
}

/// Reads the attempt's columns of a `stream.sql` row.
fn attempt_from_row(id: AttemptId, row: &Row<'_>) -> rusqlite::Result<ReportAttempt> {
    Ok(ReportAttempt {
        id,
        learner: row.get(1)?,
        exam_id: row.get(2)?,
        mode: row.get(3)?,
        started_at: row.get::<_, Timestamp>(4)?.0,
        finished_at: row.get::<_, Option<Timestamp>>(5)?.map(|time| time.0),
        pass_mark: row.get(6)?,
        status: row.get(7)?,
        score: row.get(8)?,
        max_score: row.get(9)?,
        questions: Vec::new(),
    })
}

/// Reads the question's columns of a `stream.sql` row into `question`.
fn read_question(row: &Row<'_>, detail: Detail, question: &mut ReportQuestion) -> rusqlite::Result<()> {
    set_text(&mut question.question_id, text(row, 10)?);
    set_text(&mut question.topic, text(row, 11)?);
    question.points = row.get(12)?;
    question.max_points = row.get(13)?;
    (question.selected, question.answered_at) = if detail.answers {
        let selected = match row.get_ref(14)?.as_str_or_null()? {
            Some(json) => Some(response_from_json(json).map_err(|error| {
                rusqlite::Error::FromSqlConversionFailure(14, Type::Text, Box::new(error))
            })?),
            None => None,
        };
        (selected, row.get::<_, Option<Timestamp>>(15)?.map(|time| time.0))
    } else {
        (None, None)
    };
    Ok(())
}

fn text<'row>(row: &'row Row<'_>, index: usize) -> rusqlite::Result<&'row str> {
    row.get_ref(index)?
        .as_str()
        .map_err(|error| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(error)))
}

fn set_text(field: &mut String, value: &str) {
    field.clear();
    field.push_str(value);
}

#[cfg(test)]
mod tests;
