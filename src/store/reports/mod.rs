//! Reading attempts for reports: filters, the topics they cover, and
//! streams of attempts (with their questions, or their points per topic)
//! that never hold more than one attempt in memory, so a report over a
//! million attempts runs in constant memory.

use std::borrow::Cow;

use chrono::{DateTime, SecondsFormat, Utc};

use super::attempt_items::codec;
use super::db::{DbError, Result, Row, Statement, Tx, Value, ValueRef, as_params, derived, params, sql};
use super::error::At;
use super::value::Timestamp;
use super::{Store, StoreError};
use crate::record::{AttemptId, Mode, Status};

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

    /// The values of `?1` … `?5` in the statements that filter.
    fn params(&self) -> [Value<'_>; 5] {
        fn text(value: Option<&str>) -> Value<'_> {
            value.map_or(Value::Null, |text| Value::Text(Cow::Borrowed(text)))
        }
        let time = |value: Option<DateTime<Utc>>| {
            value.map_or(Value::Null, |time| {
                Value::Text(Cow::Owned(time.to_rfc3339_opts(SecondsFormat::Nanos, true)))
            })
        };
        [
            text(self.learner.as_deref()),
            text(self.exam_id.as_deref()),
            text(self.topic.as_deref()),
            time(self.since),
            time(self.before),
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
    /// The ids of the critical questions not earned in full (all topics).
    pub critical_missed: Vec<String>,
    /// Graded from a paper sheet: no time taken, no answer times.
    pub paper: bool,
    /// A graded exam's title and version letter, when the store has them.
    pub exam_title: Option<String>,
    pub exam_version: Option<String>,
}

/// What item analysis reads of an attempt besides its questions: answer
/// times are counted from its start, and a paper attempt has none of its own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AttemptStart {
    pub started_at: DateTime<Utc>,
    pub paper: bool,
}

impl AttemptStart {
    pub fn of(attempt: &ReportAttempt) -> AttemptStart {
        AttemptStart {
            started_at: attempt.started_at,
            paper: attempt.paper,
        }
    }
}

/// The number the store gives a question as recorded under a topic; see
/// [`QuestionCatalog`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QuestionKey(pub u32);

/// A question's id and topic, as recorded, with its revision and whether
/// it was critical: item analysis tells each revision apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogEntry {
    pub question_id: String,
    pub topic: String,
    pub revision: u32,
    pub critical: bool,
}

/// What the [`QuestionKey`]s of a stream stand for. Keys are small and
/// dense, so a consumer can keep its own per-question data in a `Vec`
/// indexed by [`QuestionKey::index`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuestionCatalog {
    entries: Vec<Option<CatalogEntry>>,
}

impl QuestionKey {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl QuestionCatalog {
    pub fn get(&self, key: QuestionKey) -> Option<&CatalogEntry> {
        self.entries.get(key.index()).and_then(Option::as_ref)
    }

    /// One more than the largest key.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Numbers `entries` in order from 0, for tests of the code that reads
    /// a stream.
    pub fn from_entries(entries: impl IntoIterator<Item = CatalogEntry>) -> QuestionCatalog {
        QuestionCatalog {
            entries: entries.into_iter().map(Some).collect(),
        }
    }

    fn insert(&mut self, key: QuestionKey, entry: CatalogEntry) {
        if self.entries.len() <= key.index() {
            self.entries.resize(key.index() + 1, None);
        }
        self.entries[key.index()] = Some(entry);
    }
}

/// The choices an answer picked: indices into the question's own list
/// (letters differ per attempt, since choices are shuffled). Answers are
/// written in letters, so an index is below 26 and a set fits in 32 bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Picks(u32);

impl Picks {
    /// Holds every index below this.
    pub const CAPACITY: usize = 32;

    /// Adds `choice`; one past [`Picks::CAPACITY`] cannot be an answer's
    /// (see above) and is left out.
    pub fn insert(&mut self, choice: usize) {
        if choice < Picks::CAPACITY {
            self.0 |= 1 << choice;
        }
    }

    pub fn contains(self, choice: usize) -> bool {
        choice < Picks::CAPACITY && self.0 & (1 << choice) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The choices picked, in order.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..Picks::CAPACITY).filter(move |&choice| self.contains(choice))
    }

    pub fn bits(self) -> u32 {
        self.0
    }

    pub fn from_bits(bits: u32) -> Picks {
        Picks(bits)
    }
}

impl FromIterator<usize> for Picks {
    fn from_iter<I: IntoIterator<Item = usize>>(choices: I) -> Picks {
        let mut picks = Picks::default();
        choices.into_iter().for_each(|choice| picks.insert(choice));
        picks
    }
}

/// What item analysis reads of a question of an attempt.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ReportQuestion {
    pub key: QuestionKey,
    pub points: f64,
    pub max_points: f64,
    pub answered: bool,
    /// The choices picked; for a true/false question 0 is true and 1
    /// false. Empty for other kinds of answer.
    pub picks: Picks,
    pub true_false: bool,
    pub answered_at: Option<UnixNanos>,
}

/// A moment as nanoseconds since 1970 (UTC), for the years 1677 to 2262:
/// item analysis subtracts twenty million of them, which as plain integers
/// costs nothing, and as `DateTime`s a tenth of its time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixNanos(pub i64);

impl UnixNanos {
    /// `None` outside the years it holds.
    pub fn of(time: DateTime<Utc>) -> Option<UnixNanos> {
        time.timestamp_nanos_opt().map(UnixNanos)
    }

    pub fn to_datetime(self) -> DateTime<Utc> {
        DateTime::from_timestamp_nanos(self.0)
    }

    /// Seconds from `earlier` to this moment, negative if it is later.
    pub fn seconds_since(self, earlier: UnixNanos) -> f64 {
        (i128::from(self.0) - i128::from(earlier.0)) as f64 / 1e9
    }
}

/// The filters in the `.sql` files are written `(?1 IS NULL OR … = ?1)` so
/// one statement serves every combination, but SQLite cannot use an index
/// through such an `OR` (nor can PostgreSQL's generic plans). With a
/// learner or an exam given, its clause is made a plain equality, so the
/// query seeks that learner's (or exam's) attempts by index instead of
/// reading the whole store.
const BY_LEARNER: (&str, &str) = ("(?1 IS NULL OR a.learner = ?1)", "a.learner = ?1");
const BY_EXAM: (&str, &str) = ("(?2 IS NULL OR a.exam_id = ?2)", "a.exam_id = ?2");

fn narrowed(statement: &'static Statement, filter: &AttemptFilter) -> &'static Statement {
    let (from, to) = if filter.learner.is_some() {
        BY_LEARNER
    } else if filter.exam_id.is_some() {
        BY_EXAM
    } else {
        return statement;
    };
    debug_assert!(statement.sqlite.contains(from), "{}", statement.sqlite);
    derived(statement, from, |text| text.replace(from, to))
}

impl Store {
    /// The filter with its learner as the store spells the name.
    fn spelled<'f>(tx: &mut Tx<'_>, filter: &'f AttemptFilter) -> Result<Cow<'f, AttemptFilter>> {
        let Some(learner) = &filter.learner else {
            return Ok(Cow::Borrowed(filter));
        };
        let learner = super::learners::spelling(tx, learner)?;
        Ok(Cow::Owned(AttemptFilter {
            learner: Some(learner),
            ..filter.clone()
        }))
    }

    /// How many attempts the filter covers.
    pub fn count_attempts(&self, filter: &AttemptFilter) -> Result<u64, StoreError> {
        self.read(|tx, path| {
            let filter = &*Store::spelled(tx, filter).at(path)?;
            let statement = narrowed(sql!("count.sql"), filter);
            tx.query_row(statement, &as_params(&filter.params()), |row| row.get(0))
                .at(path)
        })
    }

    /// Whether the filter covers any attempt: as `count_attempts(filter) > 0`,
    /// without reading every attempt.
    pub fn has_attempts(&self, filter: &AttemptFilter) -> Result<bool, StoreError> {
        self.read(|tx, path| {
            let filter = &*Store::spelled(tx, filter).at(path)?;
            let statement = narrowed(sql!("any.sql"), filter);
            tx.query_row(statement, &as_params(&filter.params()), |row| {
                row.get::<_, i64>(0)
            })
            .map(|found| found > 0)
            .at(path)
        })
    }

    /// The topics of the attempts the filter covers, in alphabetical order.
    pub fn report_topics(&self, filter: &AttemptFilter) -> Result<Vec<String>, StoreError> {
        self.read(|tx, path| {
            let filter = &*Store::spelled(tx, filter).at(path)?;
            if filter.is_empty() {
                tx.query_all(sql!("topics.sql"), params![], |row| row.get(0))
            } else {
                let statement = narrowed(sql!("filtered_topics.sql"), filter);
                tx.query_all(statement, &as_params(&filter.params()), |row| row.get(0))
            }
            .at(path)
        })
    }

    /// Calls `each` with every attempt the filter covers, its questions in
    /// the order asked (only the filter's topic's when it has one) and the
    /// catalog their keys refer to, in the order the attempts were
    /// recorded, inside one read transaction (a consistent view while
    /// learners go on answering). An attempt with no question left is
    /// skipped.
    pub fn for_each_attempt<E: From<StoreError>>(
        &self,
        filter: &AttemptFilter,
        each: impl FnMut(ReportAttempt, &[ReportQuestion], &QuestionCatalog) -> Result<(), E>,
    ) -> Result<(), E> {
        let statement = sql!("stream_items.sql", pg = "stream_items.pg.sql");
        self.stream(filter, statement, attempt_from_row, each)
    }

    /// As [`Store::for_each_attempt`], with only what item analysis needs
    /// of an attempt besides its questions: fewer columns for the database
    /// to send and for this side to decode.
    pub fn for_each_attempt_start<E: From<StoreError>>(
        &self,
        filter: &AttemptFilter,
        each: impl FnMut(AttemptStart, &[ReportQuestion], &QuestionCatalog) -> Result<(), E>,
    ) -> Result<(), E> {
        let statement = sql!("stream_questions.sql", pg = "stream_questions.pg.sql");
        self.stream(
            filter,
            statement,
            |_, row| {
                Ok(AttemptStart {
                    started_at: row.get::<_, Timestamp>(2)?.0,
                    paper: row.get(3)?,
                })
            },
            each,
        )
    }

    /// Streams `statement`'s rows (the filters of `stream_items.sql`, the
    /// attempt's id in column 0 and its `attempt_items` value in column 1),
    /// each attempt read by `read` and handed to `each` with its questions.
    fn stream<A, E: From<StoreError>>(
        &self,
        filter: &AttemptFilter,
        statement: &'static Statement,
        read: impl Fn(AttemptId, &Row<'_>) -> Result<A>,
        mut each: impl FnMut(A, &[ReportQuestion], &QuestionCatalog) -> Result<(), E>,
    ) -> Result<(), E> {
        // The caller's error, which stops the stream; the seam only carries
        // the store's.
        let mut stopped: Option<E> = None;
        let streamed = self.read(|tx, path| {
            let filter = &*Store::spelled(tx, filter).at(path)?;
            let catalog = catalog(tx).at(path)?;
            // Per key: whether its questions are in the report.
            let covered: Vec<bool> = (0..catalog.len())
                .map(|key| {
                    catalog
                        .get(QuestionKey(key as u32))
                        .is_some_and(|entry| filter.topic.as_deref().is_none_or(|topic| entry.topic == topic))
                })
                .collect();
            let statement = narrowed(statement, filter);
            // Reused from one attempt to the next.
            let mut questions = Vec::new();
            let mut problem: Option<StoreError> = None;
            let streamed = tx.for_each(statement, &as_params(&filter.params()), |row| {
                let id: AttemptId = row.get(0)?;
                let ValueRef::Blob(items) = row.value(1)? else {
                    return Err(DbError::Value(format!(
                        "the questions of attempt {id} are not bytes"
                    )));
                };
                let mut unknown = None;
                let decoded = codec::decode(
                    items,
                    |key| match covered.get(key.index()) {
                        Some(&covered) if catalog.get(key).is_some() => covered,
                        _ => {
                            unknown = Some(key);
                            false
                        }
                    },
                    &mut questions,
                );
                let corrupt = match (decoded, unknown) {
                    (Err(error), _) => Some(format!("the questions of attempt {id} are unreadable: {error}")),
                    (Ok(()), Some(key)) => Some(format!(
                        "attempt {id} names question key {}, which is not in question_keys",
                        key.0
                    )),
                    (Ok(()), None) => None,
                };
                if let Some(detail) = corrupt {
                    problem = Some(StoreError::Corrupt {
                        path: path.to_owned(),
                        detail,
                    });
                    return Err(DbError::Stopped);
                }
                if !questions.is_empty()
                    && let Err(error) = each(read(id, row)?, &questions, &catalog)
                {
                    stopped = Some(error);
                    return Err(DbError::Stopped);
                }
                Ok(())
            });
            match (streamed, problem) {
                (_, Some(problem)) => Err(problem),
                (Err(DbError::Stopped), None) => Ok(()),
                (result, None) => result.at(path),
            }
        });
        if let Some(error) = stopped {
            return Err(error);
        }
        Ok(streamed?)
    }
}

/// Reads the attempt's columns of a `stream_items.sql` row.
fn attempt_from_row(id: AttemptId, row: &Row<'_>) -> Result<ReportAttempt> {
    Ok(ReportAttempt {
        id,
        learner: row.get(2)?,
        exam_id: row.get(3)?,
        mode: row.get(4)?,
        started_at: row.get::<_, Timestamp>(5)?.0,
        finished_at: row.get::<_, Option<Timestamp>>(6)?.map(|time| time.0),
        pass_mark: row.get(7)?,
        status: row.get(8)?,
        score: row.get(9)?,
        max_score: row.get(10)?,
        paper: row.get(11)?,
        exam_title: row.get(12)?,
        exam_version: row.get(13)?,
        critical_missed: ids_from_json(row, 14)?,
    })
}

/// A JSON array of question ids, as `attempts.critical_missed` holds them;
/// almost always empty, so that case is not parsed.
fn ids_from_json(row: &Row<'_>, column: usize) -> Result<Vec<String>> {
    let ValueRef::Text(text) = row.value(column)? else {
        return Err(DbError::Value(format!("column {column}: expected JSON text")));
    };
    if text == "[]" {
        return Ok(Vec::new());
    }
    serde_json::from_str(text).map_err(|error| DbError::Value(format!("column {column}: {error}")))
}

/// Every question key in the store.
pub(super) fn catalog(tx: &mut Tx<'_>) -> Result<QuestionCatalog> {
    let mut catalog = QuestionCatalog::default();
    tx.for_each(sql!("catalog.sql"), params![], |row| {
        let key = QuestionKey(row.get(0)?);
        catalog.insert(
            key,
            CatalogEntry {
                question_id: row.get(1)?,
                topic: row.get(2)?,
                revision: row.get(3)?,
                critical: row.get(4)?,
            },
        );
        Ok(())
    })?;
    Ok(catalog)
}

#[cfg(test)]
mod tests;
