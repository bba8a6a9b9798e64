//! The two databases a store can live in, SQLite (one file, the default)
//! and PostgreSQL (shared by several processes), behind the few operations
//! the store's statements need: run a statement, read its rows, inside one
//! transaction. Statements are plain SQL files written once for both where
//! the dialects agree; a `NAME.pg.sql` beside `NAME.sql` is PostgreSQL's
//! text where they do not.
//!
//! Values cross the seam as [`Value`]s: an integer, a float, text or bytes,
//! as SQLite stores them. PostgreSQL is strictly typed, so a value is bound
//! as whatever type the server inferred for its parameter (an integer to
//! `int4` or `int8`, …) and read back from any of the types the schema uses.

mod postgres;
mod tls;
mod value;

use std::cell::RefCell;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use rusqlite::Connection;

pub(super) use self::postgres::{PgConn, redact};
pub(super) use self::value::{Column, Param, Value, ValueRef};
use super::StoreError;
use super::error::At;

/// A statement's text for each database.
pub(super) struct Statement {
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

/// A statement from the `.sql` file beside the module, shared by both
/// databases, or with PostgreSQL's own text: `sql!("a.sql", pg = "a.pg.sql")`.
macro_rules! sql {
    ($file:literal) => {
        &$crate::store::db::Statement {
            sqlite: include_str!($file),
            postgres: include_str!($file),
        }
    };
    ($file:literal, pg = $pg:literal) => {
        &$crate::store::db::Statement {
            sqlite: include_str!($file),
            postgres: include_str!($pg),
        }
    };
}
pub(super) use sql;

/// Binds the values of a statement in order: `params![id, Json(&x)]`.
macro_rules! params {
    () => { &[] as &[&dyn $crate::store::db::Param] };
    ($($value:expr),+ $(,)?) => {
        &[$(&$value as &dyn $crate::store::db::Param),+] as &[&dyn $crate::store::db::Param]
    };
}
pub(super) use params;

/// A failure of the database, or a value that could not cross the seam.
#[derive(Debug)]
pub(super) enum DbError {
    Sqlite(rusqlite::Error),
    Postgres(::postgres::Error),
    /// A stored value our code cannot read (edited or damaged outside
    /// aidquiz), or one it cannot write to the column's type.
    Value(String),
    /// The caller's code stopped a stream of rows part way; its reason is
    /// the caller's to report.
    Stopped,
}

pub(super) type Result<T, E = DbError> = std::result::Result<T, E>;

impl From<rusqlite::Error> for DbError {
    fn from(error: rusqlite::Error) -> DbError {
        DbError::Sqlite(error)
    }
}

impl From<::postgres::Error> for DbError {
    fn from(error: ::postgres::Error) -> DbError {
        DbError::Postgres(error)
    }
}

impl<T> At<T> for Result<T, DbError> {
    fn at(self, path: &Path) -> Result<T, StoreError> {
        self.map_err(|error| match error {
            DbError::Sqlite(error) => StoreError::from_sqlite(path, error),
            DbError::Postgres(error) => StoreError::from_postgres(path, error),
            DbError::Value(detail) => StoreError::Corrupt {
                path: path.to_owned(),
                detail: format!("unreadable value: {detail}"),
            },
            DbError::Stopped => StoreError::Corrupt {
                path: path.to_owned(),
                detail: "a read stopped part way".into(),
            },
        })
    }
}

/// The connection of a store.
pub(super) enum Db {
    Sqlite(Connection),
    Postgres(Box<PgConn>),
}

/// What statements run in: one transaction of either database.
pub(super) enum Tx<'c> {
    Sqlite(&'c Connection),
    Postgres(&'c mut PgConn),
}

/// One row of a result.
pub(super) enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r ::postgres::Row),
}

/// `row.get::<_, T>(n)` reads column `n` (from 0), as with rusqlite.
pub(super) trait ColumnIndex {
    fn index(self) -> usize;
}

impl ColumnIndex for usize {
    fn index(self) -> usize {
        self
    }
}

impl Row<'_> {
    /// Column `column` as stored, borrowed from the row.
    pub fn value(&self, column: usize) -> Result<ValueRef<'_>> {
        match self {
            Row::Sqlite(row) => ValueRef::from_sqlite(row.get_ref(column)?),
            Row::Postgres(row) => postgres::column(row, column),
        }
    }

    pub fn get<I: ColumnIndex, T: Column>(&self, column: I) -> Result<T> {
        let column = column.index();
        let read = match self {
            Row::Sqlite(row) => {
                let value = row.get_ref(column)?;
                T::from_value(ValueRef::from_sqlite(value)?)
            }
            Row::Postgres(row) => T::from_value(postgres::column(row, column)?),
        };
        read.map_err(|message| DbError::Value(format!("column {column}: {message}")))
    }
}

impl Tx<'_> {
    /// Runs a statement; returns the number of rows it changed.
    pub fn execute(&mut self, statement: &Statement, params: &[&dyn Param]) -> Result<usize> {
        let values = values(params)?;
        match self {
            Tx::Sqlite(conn) => Ok(conn
                .prepare_cached(statement.sqlite)?
                .execute(rusqlite::params_from_iter(values.iter()))?),
            Tx::Postgres(conn) => conn.execute(statement.postgres, &values),
        }
    }

    /// The first row's value, `None` when there is no row.
    pub fn query_optional<T>(
        &mut self,
        statement: &Statement,
        params: &[&dyn Param],
        read: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        let values = values(params)?;
        match self {
            Tx::Sqlite(conn) => {
                let mut select = conn.prepare_cached(statement.sqlite)?;
                let mut rows = select.query(rusqlite::params_from_iter(values.iter()))?;
                match rows.next()? {
                    Some(row) => read(&Row::Sqlite(row)).map(Some),
                    None => Ok(None),
                }
            }
            Tx::Postgres(conn) => match conn.query_optional(statement.postgres, &values)? {
                Some(row) => read(&Row::Postgres(&row)).map(Some),
                None => Ok(None),
            },
        }
    }

    /// The first row's value; a statement that returns no row is an error.
    pub fn query_row<T>(
        &mut self,
        statement: &Statement,
        params: &[&dyn Param],
        read: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        self.query_optional(statement, params, read)?
            .ok_or_else(|| DbError::Value("the statement returned no row".into()))
    }

    /// Calls `each` with every row in turn, as they arrive: a report over a
    /// million rows holds one at a time.
    pub fn for_each(
        &mut self,
        statement: &Statement,
        params: &[&dyn Param],
        mut each: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        let values = values(params)?;
        match self {
            Tx::Sqlite(conn) => {
                let mut select = conn.prepare_cached(statement.sqlite)?;
                let mut rows = select.query(rusqlite::params_from_iter(values.iter()))?;
                while let Some(row) = rows.next()? {
                    each(&Row::Sqlite(row))?;
                }
                Ok(())
            }
            Tx::Postgres(conn) => conn.for_each(statement.postgres, &values, |row| each(&Row::Postgres(row))),
        }
    }

    /// [`Tx::for_each`] for a statement that looks rows up in a table
    /// the same transaction grows fast (a batch of a sheet's learners): on
    /// PostgreSQL it is planned at each run, for the table as it is then
    /// (see `PgConn::for_each_planned_now`), at one more round trip.
    pub fn for_each_planned_now(
        &mut self,
        statement: &Statement,
        params: &[&dyn Param],
        mut each: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        match self {
            Tx::Sqlite(_) => self.for_each(statement, params, each),
            Tx::Postgres(conn) => {
                let values = values(params)?;
                conn.for_each_planned_now(statement.postgres, &values, |row| each(&Row::Postgres(row)))
            }
        }
    }

    /// Runs `statement`, an `INSERT` of one row (`VALUES (?1, …, ?k)`), for
    /// every row of `rows` (each `k` values), many rows per statement: a
    /// round trip to PostgreSQL per row is most of what a write costs there.
    /// Rows a `RETURNING` gives are read and dropped.
    pub fn insert_rows(&mut self, statement: &'static Statement, rows: &[Vec<Value<'_>>]) -> Result<()> {
        // More rows than one INSERT takes go to PostgreSQL as one COPY
        // where the statement allows it: a sheet's 20,000 responses in one
        // stream instead of 100 statements. (For fewer, the COPY's extra
        // round trip costs more than it saves.)
        if let Tx::Postgres(conn) = self
            && rows.len() > ROWS_PER_INSERT
            && let Some(copy) = copy_of(statement)
        {
            return conn.copy_rows(statement.postgres, copy, rows);
        }
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let many = many_rows(statement, chunk.len());
            let params: Vec<&dyn Param> = chunk.iter().flatten().map(|value| value as &dyn Param).collect();
            self.for_each(many, &params, |_| Ok(()))?;
        }
        Ok(())
    }

    /// Every row's value, in order.
    pub fn query_all<T>(
        &mut self,
        statement: &Statement,
        params: &[&dyn Param],
        mut read: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut all = Vec::new();
        self.for_each(statement, params, |row| {
            all.push(read(row)?);
            Ok(())
        })?;
        Ok(all)
    }
}

/// Rows one `INSERT` takes at most in [`Tx::insert_rows`]: far below both
/// databases' limits on parameters (SQLite 32,766, PostgreSQL 65,535) for
/// the widest table.
pub(super) const ROWS_PER_INSERT: usize = 200;

/// `statement` with its `VALUES (…)` repeated for `rows` rows, the
/// placeholders numbered on.
pub(super) fn many_rows(statement: &'static Statement, rows: usize) -> &'static Statement {
    if rows == 1 {
        return statement;
    }
    derived(statement, &format!("{rows} rows"), |text| {
        repeat_values(text, rows)
    })
}

/// The `COPY` that writes the rows of `statement`, an `INSERT` of one row,
/// when it can: the `VALUES` hold exactly `?1` … `?k` in order and nothing
/// follows them but a `RETURNING` (whose rows [`Tx::insert_rows`] drops).
/// `None` for anything else, such as an `ON CONFLICT` clause.
fn copy_of(statement: &'static Statement) -> Option<&'static str> {
    let copy = derived(statement, "copy", |text| copy_text(text).unwrap_or_default()).postgres;
    (!copy.is_empty()).then_some(copy)
}

/// See [`copy_of`].
fn copy_text(text: &str) -> Option<String> {
    let code: String = text
        .lines()
        .map(|line| line.split("--").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join(" ");
    let target = code.trim_start().strip_prefix("INSERT INTO ")?;
    let (target, values) = target.split_once("VALUES")?;
    let (tuple, rest) = values.trim_start().strip_prefix('(')?.split_once(')')?;
    let in_order = tuple
        .split(',')
        .map(str::trim)
        .eq((1..=tuple.split(',').count()).map(|n| format!("?{n}")));
    let rest = rest.trim();
    (in_order && (rest.is_empty() || rest.starts_with("RETURNING ")))
        .then(|| format!("COPY {} FROM STDIN (FORMAT binary)", target.trim()))
}

/// A statement made from another by `make` (applied to each dialect's
/// text), once per statement and `variant`, and kept for the process: a
/// few dozen in all, each then prepared once per connection.
pub(super) fn derived(
    statement: &'static Statement,
    variant: &str,
    make: impl Fn(&str) -> String,
) -> &'static Statement {
    static MADE: Mutex<Vec<(usize, String, &'static Statement)>> = Mutex::new(Vec::new());
    let mut made = MADE.lock().unwrap_or_else(PoisonError::into_inner);
    let id = std::ptr::from_ref(statement) as usize;
    if let Some(&(.., found)) = made.iter().find(|(of, kind, _)| *of == id && kind == variant) {
        return found;
    }
    let leak = |text: &str| -> &'static str { Box::leak(make(text).into_boxed_str()) };
    let derived: &'static Statement = Box::leak(Box::new(Statement {
        sqlite: leak(statement.sqlite),
        postgres: leak(statement.postgres),
    }));
    made.push((id, variant.to_owned(), derived));
    derived
}

/// The text of [`many_rows`]: the first `VALUES (…)` holds `?1` … `?k`.
fn repeat_values(text: &str, rows: usize) -> String {
    let start = text.find("VALUES (").map(|at| at + "VALUES ".len());
    let end = start.and_then(|start| text[start..].find(')').map(|at| start + at + 1));
    let (Some(start), Some(end)) = (start, end) else {
        panic!("not an INSERT of one row: {text}");
    };
    let tuple = &text[start..end];
    let width = tuple.matches('?').count();
    let tuples: Vec<String> = (0..rows)
        .map(|row| {
            let mut renumbered = String::with_capacity(tuple.len() + 8);
            let mut rest = tuple;
            while let Some(at) = rest.find('?') {
                renumbered.push_str(&rest[..=at]);
                rest = &rest[at + 1..];
                let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
                let number: usize = rest[..digits].parse().unwrap_or(0);
                renumbered.push_str(&(row * width + number).to_string());
                rest = &rest[digits..];
            }
            renumbered.push_str(rest);
            renumbered
        })
        .collect();
    format!("{}{}{}", &text[..start], tuples.join(", "), &text[end..])
}

fn values<'a>(params: &'a [&'a dyn Param]) -> Result<Vec<Value<'a>>> {
    params.iter().map(|param| param.value()).collect()
}

/// A row's values, owned, for [`Tx::insert_rows`].
pub(super) fn owned_row(params: &[&dyn Param]) -> Result<Vec<Value<'static>>> {
    params
        .iter()
        .map(|param| param.value().map(Value::into_owned))
        .collect()
}

/// Values made beforehand, as a statement's parameters.
pub(super) fn as_params<'a>(values: &'a [Value<'a>]) -> Vec<&'a dyn Param> {
    values.iter().map(|value| value as &dyn Param).collect()
}

/// The store's connection, borrowed for one transaction at a time; shared
/// (`&Store`) reads borrow it too, so it lives in a `RefCell`.
pub(super) struct Database {
    db: RefCell<Db>,
}

/// How a transaction is begun.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Access {
    /// A consistent snapshot of committed data, writing nothing.
    Read,
    /// Writers take turns: the whole transaction holds the write lock.
    Write,
    /// A write to one attempt's rows only (an answer): on PostgreSQL it
    /// takes turns with writes to the same attempt and with [`Access::Write`]
    /// but runs beside writes to other attempts. SQLite has one writer:
    /// there it is a [`Access::Write`].
    WriteAttempt(i64),
}

impl Database {
    pub fn new(db: Db) -> Database {
        Database { db: RefCell::new(db) }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(&*self.db.borrow(), Db::Postgres(_))
    }

    /// The SQLite connection itself, for tests that look beneath the seam.
    #[cfg(test)]
    pub fn sqlite(&self) -> std::cell::RefMut<'_, Connection> {
        std::cell::RefMut::map(self.db.borrow_mut(), |db| match db {
            Db::Sqlite(conn) => conn,
            Db::Postgres(_) => panic!("this test needs a SQLite store"),
        })
    }

    /// Runs `work` in one transaction, committed when it returns `Ok` and
    /// rolled back otherwise. On PostgreSQL a transaction the server ended
    /// for a deadlock or a serialization conflict is run again.
    pub fn transaction<T>(
        &self,
        path: &Path,
        access: Access,
        mut work: impl FnMut(&mut Tx<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut db = self.db.borrow_mut();
        match &mut *db {
            Db::Sqlite(conn) => {
                let behavior = match access {
                    // Deferred: a read takes no lock until it reads, and in
                    // WAL mode never waits for a writer.
                    Access::Read => rusqlite::TransactionBehavior::Deferred,
                    // Immediate: the write lock is taken at the start, where
                    // SQLite waits out another writer on the busy timeout; a
                    // transaction that reads first and then writes would
                    // fail at once instead.
                    Access::Write | Access::WriteAttempt(_) => rusqlite::TransactionBehavior::Immediate,
                };
                let tx = conn.transaction_with_behavior(behavior).at(path)?;
                let result = work(&mut Tx::Sqlite(&tx))?;
                tx.commit().at(path)?;
                Ok(result)
            }
            Db::Postgres(conn) => conn.transaction(path, access, |conn| work(&mut Tx::Postgres(conn))),
        }
    }
}

impl From<rusqlite::types::FromSqlError> for DbError {
    fn from(error: rusqlite::types::FromSqlError) -> DbError {
        DbError::Value(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::{copy_text, repeat_values};

    #[test]
    fn an_insert_of_one_row_becomes_one_of_many_with_its_placeholders_numbered_on() {
        assert_eq!(
            repeat_values("INSERT INTO t (a, b)\nVALUES (?1, ?2)\nRETURNING id", 3),
            "INSERT INTO t (a, b)\nVALUES (?1, ?2), (?3, ?4), (?5, ?6)\nRETURNING id"
        );
        assert_eq!(
            repeat_values(
                "INSERT INTO t (a) VALUES (?1) ON CONFLICT (a) DO UPDATE SET a = excluded.a",
                2
            ),
            "INSERT INTO t (a) VALUES (?1), (?2) ON CONFLICT (a) DO UPDATE SET a = excluded.a"
        );
    }

    #[test]
    fn a_plain_insert_becomes_a_copy_and_anything_more_does_not() {
        assert_eq!(
            copy_text("-- A comment, (with ?1).\nINSERT INTO t (a, b)\nVALUES (?1, ?2)\nRETURNING id")
                .as_deref(),
            Some("COPY t (a, b) FROM STDIN (FORMAT binary)")
        );
        // An upsert, an expression, a constant or reordered placeholders
        // cannot be a COPY.
        for text in [
            "INSERT INTO t (a) VALUES (?1) ON CONFLICT (a) DO NOTHING",
            "INSERT INTO t (a, b) VALUES (?1, lower(?2))",
            "INSERT INTO t (a, b) VALUES (?1, 0)",
            "INSERT INTO t (a, b) VALUES (?2, ?1)",
            "UPDATE t SET a = ?1",
        ] {
            assert_eq!(copy_text(text), None, "{text}");
        }
    }
}
