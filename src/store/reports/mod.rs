//! Reading attempts for reports: filters, the topics they cover, and a
//! stream of attempts with their questions that never holds more than one
//! attempt in memory, so a report over a million attempts runs in constant
//! memory.

use chrono::{DateTime, Utc};
use rusqlite::{Row, ToSql};

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
#[derive(Debug, Clone, PartialEq)]
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

/// Which optional columns a stream decodes; the rest are skipped, which
/// saves most of the time of a large report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Detail {
    /// `selected` and `answered_at` of every question.
    pub answers: bool,
}

impl Store {
    /// How many attempts the filter covers.
    pub fn count_attempts(&self, filter: &AttemptFilter) -> Result<u64, StoreError> {
        let path = self.path.as_path();
        let params = filter.params();
        let params: Vec<&dyn ToSql> = params.iter().map(|p| p.as_ref()).collect();
        self.conn
            .prepare_cached(include_str!("count.sql"))
            .at(path)?
            .query_row(params.as_slice(), |row| row.get(0))
            .at(path)
    }

    /// The topics of the attempts the filter covers, in alphabetical order.
    pub fn report_topics(&self, filter: &AttemptFilter) -> Result<Vec<String>, StoreError> {
        let path = self.path.as_path();
        let sql = if filter.is_empty() {
            include_str!("topics.sql")
        } else {
            include_str!("filtered_topics.sql")
        };
        let mut statement = self.conn.prepare_cached(sql).at(path)?;
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
            let mut statement = tx.prepare_cached(include_str!("stream.sql")).at(path)?;
            let params = filter.params();
            let params: Vec<&dyn ToSql> = params.iter().map(|p| p.as_ref()).collect();
            let mut rows = statement.query(params.as_slice()).at(path)?;
            let mut current: Option<ReportAttempt> = None;
            while let Some(row) = rows.next().at(path)? {
                let id: AttemptId = row.get(0).at(path)?;
                match &mut current {
                    Some(attempt) if attempt.id == id => {}
                    _ => {
                        if let Some(done) = current.take() {
                            each(&done)?;
                        }
                        current = Some(attempt_from_row(id, row).at(path)?);
                    }
                }
                if let Some(attempt) = &mut current {
                    attempt.questions.push(question_from_row(row, detail).at(path)?);
                }
            }
            if let Some(done) = current {
                each(&done)?;
            }
        }
        tx.commit().at(path)?;
        Ok(())
    }
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

/// Reads the question's columns of a `stream.sql` row.
fn question_from_row(row: &Row<'_>, detail: Detail) -> rusqlite::Result<ReportQuestion> {
    let (selected, answered_at) = if detail.answers {
        let selected = match row.get_ref(14)?.as_str_or_null()? {
            Some(text) => Some(response_from_json(text).map_err(|error| {
                rusqlite::Error::FromSqlConversionFailure(14, rusqlite::types::Type::Text, Box::new(error))
            })?),
            None => None,
        };
        (selected, row.get::<_, Option<Timestamp>>(15)?.map(|time| time.0))
    } else {
        (None, None)
    };
    Ok(ReportQuestion {
        question_id: row.get(10)?,
        topic: row.get(11)?,
        points: row.get(12)?,
        max_points: row.get(13)?,
        selected,
        answered_at,
    })
}

#[cfg(test)]
mod tests;
