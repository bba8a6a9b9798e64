//! `store copy`: every record of one store into another, on either
//! database, with each table's rows counted and checksummed on both sides.
//!
//! Rows keep their ids and are added only where the target lacks them
//! (`ON CONFLICT DO NOTHING`), so running a copy again adds nothing, and a
//! copy cut short (killed, a server gone) completes when run again. The
//! source is read in one transaction, a consistent view even while learners
//! go on answering; the target is written in batches.

use sha2::{Digest, Sha256};

use super::db::{DbError, Param, Statement, Tx, Value, as_params, many_rows};
use super::error::At;
use super::{Store, StoreError};
use crate::text::hex;

/// Rows written to the target per transaction.
const BATCH: usize = 2_000;

/// One table as the copy reads and writes it: every column, in an order
/// both schemas share, and the key that orders its rows.
struct Table {
    name: &'static str,
    columns: usize,
    /// The columns, as the statements name them, and how many of the first
    /// make the row's key (for naming a row in a message).
    column_names: &'static str,
    key_columns: usize,
    /// Whether `insert` may take many rows at once (an `INSERT … VALUES`
    /// with a key to skip on), or adds one row per statement.
    many_rows: bool,
    select: Statement,
    insert: Statement,
    count: Statement,
}

/// A table whose primary (or unique) key makes `ON CONFLICT DO NOTHING`
/// skip the rows the target already has.
macro_rules! table {
    ($name:literal, $columns:literal, $count:literal, $placeholders:literal, by $key:literal) => {
        Table {
            name: $name,
            columns: $count,
            column_names: $columns,
            key_columns: names_in($key),
            many_rows: true,
            select: same(concat!("SELECT ", $columns, " FROM ", $name, " ORDER BY ", $key)),
            insert: same(concat!(
                "INSERT INTO ",
                $name,
                " (",
                $columns,
                ") VALUES (",
                $placeholders,
                ") ON CONFLICT DO NOTHING"
            )),
            count: same(concat!("SELECT count(*) FROM ", $name)),
        }
    };
}

/// How many names a comma-separated list holds.
const fn names_in(list: &str) -> usize {
    let bytes = list.as_bytes();
    let (mut names, mut at) = (1, 0);
    while at < bytes.len() {
        if bytes[at] == b',' {
            names += 1;
        }
        at += 1;
    }
    names
}

const fn same(text: &'static str) -> Statement {
    Statement {
        sqlite: text,
        postgres: text,
    }
}

/// Every table of the schema (SQLite's version 12, PostgreSQL's version 2),
/// parents before the rows that refer to them.
const TABLES: &[Table] = &[
    table!("attempts",
        "id, learner, mode, seed, selection, banks, started_at, finished_at, time_limit_secs, pass_mark, status, score, max_score, exam_id, paper, critical_missed, exam_title, exam_version",
        18, "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18", by "id"),
    table!("responses",
        "attempt_id, position, question_id, topic, choice_order, response, selected, points, max_points, answered_at, critical, revision",
        12, "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12", by "attempt_id, position"),
    // No key: a regrade is its attempt and the moment it was replaced, so
    // a row is added only where no such pair is there yet.
    Table {
        name: "regrades",
        columns: 5,
        column_names: "attempt_id, replaced_at, score, max_score, responses",
        key_columns: names_in("attempt_id, replaced_at"),
        many_rows: false,
        select: same(
            "SELECT attempt_id, replaced_at, score, max_score, responses FROM regrades \
             ORDER BY attempt_id, replaced_at, score, max_score, responses",
        ),
        insert: same(
            "INSERT INTO regrades (attempt_id, replaced_at, score, max_score, responses) \
             SELECT CAST(?1 AS BIGINT), CAST(?2 AS TEXT), CAST(?3 AS DOUBLE PRECISION), \
             CAST(?4 AS DOUBLE PRECISION), CAST(?5 AS TEXT) \
             WHERE NOT EXISTS (SELECT 1 FROM regrades AS r \
             WHERE r.attempt_id = CAST(?1 AS BIGINT) AND r.replaced_at = CAST(?2 AS TEXT))",
        ),
        count: same("SELECT count(*) FROM regrades"),
    },
    table!("memory",
        "learner, question_id, stability, difficulty, due, last_review, reps, lapses, phase, elapsed_days, scheduled_days, revision",
        12, "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12", by "learner, question_id"),
    table!("reviews",
        "id, learner, question_id, topic, attempt_id, rating, credit, reviewed_at, due_after, revision",
        10, "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10", by "id"),
    table!("attempt_topics", "attempt_id, topic, score, max_score", 4, "?1, ?2, ?3, ?4", by "attempt_id, topic"),
    table!("question_keys", "key, question_id, topic, revision, critical", 5, "?1, ?2, ?3, ?4, ?5", by "key"),
    table!("attempt_items", "attempt_id, items", 2, "?1, ?2", by "attempt_id"),
    table!("learners", "key, name", 2, "?1, ?2", by "key"),
    table!("web_sessions", "id_hash, learner, csrf, created_at", 4, "?1, ?2, ?3, ?4", by "id_hash"),
    table!("web_attempts", "attempt_id, session_hash, kind, flagged, rated", 5, "?1, ?2, ?3, ?4, ?5", by "attempt_id"),
    table!("rooms", "code, exam_id, title, plan, opened_at, closed_at", 6, "?1, ?2, ?3, ?4, ?5, ?6", by "code"),
    table!("room_learners", "room_code, learner, attempt_id, version, joined_at", 5, "?1, ?2, ?3, ?4, ?5", by "room_code, learner"),
    table!("instructor_sessions", "id_hash, csrf, created_at", 3, "?1, ?2, ?3", by "id_hash"),
];

impl Table {
    fn column(&self, index: usize) -> &'static str {
        self.column_names.split(", ").nth(index).unwrap_or("?")
    }

    /// The row's key as `column value` pairs: `attempt_id 12, position 3`.
    fn key_of(&self, values: &[Value<'_>]) -> String {
        values
            .iter()
            .take(self.key_columns)
            .enumerate()
            .map(|(index, value)| {
                let shown = match value {
                    Value::Null => "NULL".to_owned(),
                    Value::Integer(number) => number.to_string(),
                    Value::Real(number) => number.to_string(),
                    // Debug-escaped: the NUL itself may be in a key.
                    Value::Text(text) => format!("{:?}", text.as_ref()),
                    Value::Blob(bytes) => format!("{} bytes", bytes.len()),
                };
                format!("{} {shown}", self.column(index))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The first column whose text holds a NUL.
fn nul_column(values: &[Value<'_>]) -> Option<usize> {
    values
        .iter()
        .position(|value| matches!(value, Value::Text(text) if text.contains('\0')))
}

/// PostgreSQL numbers new rows from sequences, which rows written with
/// their ids do not move.
const SEQUENCES: Statement = Statement {
    sqlite: "SELECT 1",
    postgres: include_str!("migrations/postgres/sequences.pg.sql"),
};

/// What the copy did to one table, and how the two sides compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCopy {
    pub table: &'static str,
    /// Rows in the source, and the ones the target lacked and now has.
    pub source_rows: u64,
    pub added: u64,
    pub target_rows: u64,
    /// SHA-256 over every row in key order, each value tagged with its kind.
    pub source_checksum: String,
    pub target_checksum: String,
}

impl TableCopy {
    /// The target holds exactly the source's rows.
    pub fn matches(&self) -> bool {
        self.source_rows == self.target_rows && self.source_checksum == self.target_checksum
    }
}

/// Where a copy is, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub struct CopyProgress {
    pub table: &'static str,
    /// Rows of this table read so far, of `rows`.
    pub done: u64,
    pub rows: u64,
}

impl Store {
    /// Adds to `target` every record of this store that it lacks, then
    /// counts and checksums each table on both sides.
    pub fn copy_to(
        &self,
        target: &mut Store,
        progress: &mut dyn FnMut(CopyProgress),
    ) -> Result<Vec<TableCopy>, StoreError> {
        let mut copies = Vec::with_capacity(TABLES.len());
        let to_postgres = target.is_postgres();
        self.read(|source, source_path| {
            copies.clear();
            for table in TABLES {
                let rows: u64 = source
                    .query_row(&table.count, &[], |row| row.get(0))
                    .at(source_path)?;
                progress(CopyProgress {
                    table: table.name,
                    done: 0,
                    rows,
                });
                let mut checksum = Sha256::new();
                let mut batch: Vec<Vec<Value<'static>>> = Vec::with_capacity(BATCH);
                let mut added = 0;
                let mut done = 0;
                let mut failed: Option<StoreError> = None;
                let streamed = source.for_each(&table.select, &[], |row| {
                    let values = (0..table.columns)
                        .map(|column| row.get::<_, Value<'static>>(column))
                        .collect::<Result<Vec<_>, _>>()?;
                    if to_postgres && let Some(column) = nul_column(&values) {
                        failed = Some(StoreError::NulInText {
                            path: source_path.to_owned(),
                            table: table.name,
                            row: table.key_of(&values),
                            column: table.column(column),
                        });
                        return Err(DbError::Stopped);
                    }
                    checksum_row(&mut checksum, &values);
                    batch.push(values);
                    done += 1;
                    if batch.len() == BATCH {
                        match add_rows(target, table, &batch) {
                            Ok(count) => added += count,
                            Err(error) => {
                                failed = Some(error);
                                return Err(DbError::Stopped);
                            }
                        }
                        batch.clear();
                        progress(CopyProgress {
                            table: table.name,
                            done,
                            rows,
                        });
                    }
                    Ok(())
                });
                if let Some(error) = failed {
                    return Err(error);
                }
                streamed.at(source_path)?;
                added += add_rows(target, table, &batch)?;
                progress(CopyProgress {
                    table: table.name,
                    done,
                    rows,
                });
                copies.push(TableCopy {
                    table: table.name,
                    source_rows: done,
                    added,
                    target_rows: 0,
                    source_checksum: hex(&checksum.finalize()),
                    target_checksum: String::new(),
                });
            }
            Ok(())
        })?;
        target.write(|tx, path| tx.query_optional(&SEQUENCES, &[], |_| Ok(())).map(drop).at(path))?;
        let sums = target.table_checksums()?;
        for (copy, (rows, checksum)) in copies.iter_mut().zip(sums) {
            copy.target_rows = rows;
            copy.target_checksum = checksum;
        }
        Ok(copies)
    }

    /// Each table's rows and checksum, in the order of [`TABLES`].
    pub(super) fn table_checksums(&self) -> Result<Vec<(u64, String)>, StoreError> {
        self.read(|tx, path| {
            TABLES
                .iter()
                .map(|table| table_checksum(tx, table).at(path))
                .collect()
        })
    }
}

fn table_checksum(tx: &mut Tx<'_>, table: &Table) -> super::db::Result<(u64, String)> {
    let mut checksum = Sha256::new();
    let mut rows = 0;
    tx.for_each(&table.select, &[], |row| {
        let values = (0..table.columns)
            .map(|column| row.get::<_, Value<'static>>(column))
            .collect::<Result<Vec<_>, _>>()?;
        checksum_row(&mut checksum, &values);
        rows += 1;
        Ok(())
    })?;
    Ok((rows, hex(&checksum.finalize())))
}

/// Rows added by one statement where a table allows it: a round trip to
/// PostgreSQL per row made copying a large store take hours.
const ROWS_PER_STATEMENT: usize = 100;

/// Adds the rows the target lacks, in one transaction; returns how many.
fn add_rows(
    target: &mut Store,
    table: &'static Table,
    rows: &[Vec<Value<'static>>],
) -> Result<u64, StoreError> {
    if rows.is_empty() {
        return Ok(0);
    }
    let many = table
        .many_rows
        .then(|| many_rows(&table.insert, ROWS_PER_STATEMENT));
    target.write(|tx, path| {
        let mut added = 0;
        let mut rest = rows;
        if let Some(many) = many {
            let mut chunks = rows.chunks_exact(ROWS_PER_STATEMENT);
            for chunk in chunks.by_ref() {
                let params: Vec<&dyn Param> = chunk.iter().flat_map(|values| as_params(values)).collect();
                added += tx.execute(many, &params).at(path)? as u64;
            }
            rest = chunks.remainder();
        }
        for values in rest {
            let params: Vec<&dyn Param> = as_params(values);
            added += tx.execute(&table.insert, &params).at(path)? as u64;
        }
        Ok(added)
    })
}

/// Feeds one row to a checksum: each value's kind, then its bytes (text
/// and bytes with their length), so no two different rows feed the same.
fn checksum_row(checksum: &mut Sha256, values: &[Value<'_>]) {
    for value in values {
        match value {
            Value::Null => checksum.update(b"n"),
            Value::Integer(number) => {
                checksum.update(b"i");
                checksum.update(number.to_le_bytes());
            }
            Value::Real(number) => {
                checksum.update(b"r");
                checksum.update(number.to_bits().to_le_bytes());
            }
            Value::Text(text) => {
                checksum.update(b"t");
                checksum.update((text.len() as u64).to_le_bytes());
                checksum.update(text.as_bytes());
            }
            Value::Blob(bytes) => {
                checksum.update(b"b");
                checksum.update((bytes.len() as u64).to_le_bytes());
                checksum.update(bytes);
            }
        }
    }
}
