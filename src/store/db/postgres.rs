//! PostgreSQL's side of the seam: connecting (with a timeout and the
//! password kept out of every message), statements prepared once per
//! connection, transactions, and values bound as the server's inferred
//! types.

use std::collections::HashMap;
use std::error::Error;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use std::io::Write;

use bytes::{BufMut, BytesMut};
use postgres::error::SqlState;
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use postgres::{Client, Config, NoTls};

use super::value::{Value, ValueRef};
use super::{Access, DbError, Result, Statement, tls};
use crate::store::StoreError;
use crate::store::error::At;

/// How long connecting may take when the URL does not say
/// (`connect_timeout=` in seconds).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a statement waits for a lock another process holds, as SQLite's
/// busy timeout: a learner's answer waits out a large grade.
const LOCK_TIMEOUT: &str = "30s";

/// The one advisory lock every writing transaction holds: writers take
/// turns, as on SQLite, so a decision a transaction reads and then acts on
/// (is this learner's exam already graded?) cannot race another process.
/// "AIQQ", the SQLite store's application id.
const WRITE_LOCK: i64 = 0x4149_5151;

/// A connection and the statements prepared on it, by statement text.
pub struct PgConn {
    client: Client,
    prepared: HashMap<&'static str, postgres::Statement>,
}

/// The URL without its password, for messages: `postgres://ann@db/aidquiz`.
pub fn redact(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    // Only the user name is kept of what comes before the last `@`: the
    // driver reads the credentials up to the first `@`, whatever they hold,
    // and a password may itself hold `/`, `?` or a raw `@`. (An `@` in a
    // query value hides the host too: more than needed, never a password.)
    let rest = match rest.rsplit_once('@') {
        Some((credentials, after)) => {
            let user = credentials.split_once(':').map_or(credentials, |(user, _)| user);
            format!("{user}@{after}")
        }
        None => rest.to_owned(),
    };
    let (before_query, query) = match rest.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (rest.as_str(), None),
    };
    let mut redacted = if scheme.is_empty() {
        before_query.to_owned()
    } else {
        format!("{scheme}://{before_query}")
    };
    if let Some(query) = query {
        let kept: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                _ => pair.to_owned(),
            })
            .collect();
        redacted.push('?');
        redacted.push_str(&kept.join("&"));
    }
    redacted
}

impl PgConn {
    /// Connects to the database at `url`; `shown` is its redacted form, the
    /// store's name in messages.
    pub fn connect(url: &str, shown: &Path) -> Result<PgConn, StoreError> {
        let unreachable = |detail: String| StoreError::Unreachable {
            path: shown.to_owned(),
            detail,
        };
        let bad_url = |detail: String| StoreError::BadUrl {
            path: shown.to_owned(),
            detail,
        };
        let (driver_url, tls) = tls::split(url).map_err(bad_url)?;
        let mut config =
            Config::from_str(&driver_url).map_err(|error| bad_url(scrub(&with_causes(&error), url)))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        config.application_name("aidquiz");
        let connected = if tls.wants_tls() {
            config.connect(tls::connector(&tls).map_err(bad_url)?)
        } else {
            config.connect(NoTls)
        };
        let mut client = connected.map_err(|error| unreachable(connect_failure(&error, url)))?;
        client
            .batch_execute(&format!(
                "SET lock_timeout = '{LOCK_TIMEOUT}'; SET client_min_messages = warning"
            ))
            .map_err(DbError::from)
            .at(shown)?;
        Ok(PgConn {
            client,
            prepared: HashMap::new(),
        })
    }

    fn statement(&mut self, text: &'static str) -> Result<postgres::Statement> {
        if let Some(statement) = self.prepared.get(text) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(&numbered_parameters(text))?;
        self.prepared.insert(text, statement.clone());
        Ok(statement)
    }

    pub fn execute(&mut self, text: &'static str, values: &[Value<'_>]) -> Result<usize> {
        let statement = self.statement(text)?;
        let changed = self.client.execute(&statement, &bind(values))?;
        Ok(usize::try_from(changed).unwrap_or(usize::MAX))
    }

    pub fn query_optional(
        &mut self,
        text: &'static str,
        values: &[Value<'_>],
    ) -> Result<Option<postgres::Row>> {
        let statement = self.statement(text)?;
        let mut rows = self.client.query_raw(&statement, values.iter())?;
        Ok(postgres::fallible_iterator::FallibleIterator::next(&mut rows)?)
    }

    pub fn for_each(
        &mut self,
        text: &'static str,
        values: &[Value<'_>],
        each: impl FnMut(&postgres::Row) -> Result<()>,
    ) -> Result<()> {
        let statement = self.statement(text)?;
        self.each_row(&statement, values, each)
    }

    /// As [`PgConn::for_each`], with the statement prepared afresh, so it
    /// is planned for the table as it is now. A prepared statement keeps
    /// the plan made in its first runs: one made while a table was nearly
    /// empty reads all of it ever after (looking up a batch's 200 learners
    /// took 0.1 ms by index, 10 ms by a kept whole-table read at 10,000
    /// learners, and grows with the table). Telling the server to plan
    /// every statement each time instead doubled the cost of a COPY, whose
    /// foreign-key checks are prepared statements too.
    pub fn for_each_planned_now(
        &mut self,
        text: &'static str,
        values: &[Value<'_>],
        each: impl FnMut(&postgres::Row) -> Result<()>,
    ) -> Result<()> {
        let statement = self.client.prepare(&numbered_parameters(text))?;
        self.each_row(&statement, values, each)
    }

    fn each_row(
        &mut self,
        statement: &postgres::Statement,
        values: &[Value<'_>],
        mut each: impl FnMut(&postgres::Row) -> Result<()>,
    ) -> Result<()> {
        let mut rows = self.client.query_raw(statement, values.iter())?;
        while let Some(row) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
            each(&row)?;
        }
        Ok(())
    }

    /// Writes `rows` with `copy`, a `COPY … FROM STDIN (FORMAT binary)`
    /// into the columns `insert` (an `INSERT` of one row) fills, each
    /// value bound to the type the server gives that `INSERT`'s parameter:
    /// what an INSERT of many rows costs the server in planning and in
    /// reading each value, COPY does without. The rows are laid out here
    /// and sent in large pieces (the driver's own writer took a trip
    /// through its runtime for every row, a fifth of a sheet's grading).
    pub fn copy_rows(
        &mut self,
        insert: &'static str,
        copy: &'static str,
        rows: &[Vec<Value<'_>>],
    ) -> Result<()> {
        /// Bytes gathered before they are sent.
        const PIECE: usize = 256 * 1024;
        let types = self.statement(insert)?.params().to_vec();
        let columns = i16::try_from(types.len())
            .map_err(|_| DbError::Value(format!("{} columns are too many for one COPY", types.len())))?;
        let copy = self.statement(copy)?;
        let mut writer = self.client.copy_in(&copy)?;
        let mut data = BytesMut::with_capacity(PIECE + 4096);
        // The binary format's signature, flags and header extension.
        data.put_slice(b"PGCOPY\n\xff\r\n\0");
        data.put_i32(0);
        data.put_i32(0);
        let sent = |error: std::io::Error| DbError::Value(format!("sending rows to the server: {error}"));
        for row in rows {
            if row.len() != types.len() {
                return Err(DbError::Value(format!(
                    "a row of {} values for {} columns",
                    row.len(),
                    types.len()
                )));
            }
            data.put_i16(columns);
            for (value, ty) in row.iter().zip(&types) {
                let at = data.len();
                data.put_i32(0);
                let null = value
                    .to_sql_checked(ty, &mut data)
                    .map_err(|error| DbError::Value(error.to_string()))?;
                let length = match null {
                    IsNull::Yes => -1,
                    IsNull::No => i32::try_from(data.len() - at - 4)
                        .map_err(|_| DbError::Value("a value too large for PostgreSQL".into()))?,
                };
                data[at..at + 4].copy_from_slice(&length.to_be_bytes());
            }
            if data.len() >= PIECE {
                writer.write_all(&data).map_err(sent)?;
                data.clear();
            }
        }
        data.put_i16(-1);
        writer.write_all(&data).map_err(sent)?;
        writer.finish()?;
        Ok(())
    }

    /// The first row of a statement without parameters.
    pub fn query_one(&mut self, statement: &Statement) -> Result<OwnedRow> {
        let row = self
            .query_optional(statement.postgres, &[])?
            .ok_or_else(|| DbError::Value("the statement returned no row".into()))?;
        Ok(OwnedRow(row))
    }

    /// Runs statements that take no parameters, such as a migration.
    pub fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.client.batch_execute(sql)?)
    }

    /// Runs `work` in a transaction: a read sees one snapshot, a write holds
    /// the store's write lock from its start. A transaction the server ended
    /// for a deadlock or a serialization conflict is run again; any other
    /// error rolls it back.
    pub fn transaction<T>(
        &mut self,
        path: &Path,
        access: Access,
        mut work: impl FnMut(&mut PgConn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let begin = match access {
            Access::Read => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY".to_owned(),
            Access::Write => format!("BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})"),
            // The store-wide lock shared (so a deciding writer waits for
            // these and they for it), then the attempt's own, keyed by its
            // id negated so it never meets the store-wide key. Every writer
            // takes the store-wide lock first: no two wait on each other.
            Access::WriteAttempt(id) => format!(
                "BEGIN; SELECT pg_advisory_xact_lock_shared({WRITE_LOCK}), pg_advisory_xact_lock({})",
                id.saturating_neg()
            ),
        };
        let mut tries = 0;
        loop {
            tries += 1;
            self.batch(&begin).at(path)?;
            let outcome = work(self).and_then(|result| self.batch("COMMIT").at(path).map(|()| result));
            match outcome {
                Ok(result) => return Ok(result),
                Err(error) => {
                    // The transaction may already be over (a failed COMMIT);
                    // a ROLLBACK then only warns.
                    let _ = self.client.batch_execute("ROLLBACK");
                    if tries < 5 && error.is_conflict() {
                        continue;
                    }
                    return Err(error);
                }
            }
        }
    }
}

/// A row kept after its statement, read as [`super::Row`] reads.
pub struct OwnedRow(postgres::Row);

impl OwnedRow {
    pub fn get<T: super::Column>(&self, column: usize) -> Result<T> {
        super::Row::Postgres(&self.0).get(column)
    }
}

/// Rewrites SQLite's `?1` placeholders as PostgreSQL's `$1`, outside quoted
/// text and comments.
fn numbered_parameters(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                for inner in chars.by_ref() {
                    if inner == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '?' if chars.peek().is_some_and(char::is_ascii_digit) => out.push('$'),
            _ => out.push(c),
        }
    }
    out
}

fn bind<'a>(values: &'a [Value<'a>]) -> Vec<&'a (dyn ToSql + Sync)> {
    values.iter().map(|value| value as &(dyn ToSql + Sync)).collect()
}

/// Column `column` of a row, as one of SQLite's kinds.
pub fn column(row: &postgres::Row, column: usize) -> Result<ValueRef<'_>> {
    Ok(row.try_get::<_, Read<'_>>(column)?.0)
}

/// A column of any type the schema uses, read as SQLite's kinds.
struct Read<'a>(ValueRef<'a>);

impl<'a> FromSql<'a> for Read<'a> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn Error + Sync + Send>> {
        let value = match *ty {
            Type::INT8 => ValueRef::Integer(i64::from_sql(ty, raw)?),
            Type::INT4 => ValueRef::Integer(i64::from(i32::from_sql(ty, raw)?)),
            Type::INT2 => ValueRef::Integer(i64::from(i16::from_sql(ty, raw)?)),
            Type::BOOL => ValueRef::Integer(i64::from(bool::from_sql(ty, raw)?)),
            Type::FLOAT8 => ValueRef::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => ValueRef::Real(f64::from(f32::from_sql(ty, raw)?)),
            Type::BYTEA => ValueRef::Blob(<&[u8]>::from_sql(ty, raw)?),
            _ => ValueRef::Text(<&str>::from_sql(ty, raw)?),
        };
        Ok(Read(value))
    }

    fn from_sql_null(_: &Type) -> Result<Self, Box<dyn Error + Sync + Send>> {
        Ok(Read(ValueRef::Null))
    }

    fn accepts(ty: &Type) -> bool {
        matches!(
            *ty,
            Type::INT8
                | Type::INT4
                | Type::INT2
                | Type::BOOL
                | Type::FLOAT8
                | Type::FLOAT4
                | Type::BYTEA
                | Type::TEXT
                | Type::VARCHAR
                | Type::BPCHAR
                | Type::NAME
                | Type::UNKNOWN
        )
    }
}

/// Binds a value as the type the server inferred for its parameter.
impl ToSql for Value<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(number) => match *ty {
                Type::INT8 => number.to_sql(ty, out),
                Type::INT4 => i32::try_from(*number)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*number)?.to_sql(ty, out),
                Type::BOOL => (*number != 0).to_sql(ty, out),
                #[expect(clippy::cast_precision_loss, reason = "scores and counts, far below 2^53")]
                Type::FLOAT8 => (*number as f64).to_sql(ty, out),
                _ => Err(format!("an integer cannot be bound as {ty}").into()),
            },
            Value::Real(number) => match *ty {
                Type::FLOAT8 => number.to_sql(ty, out),
                #[expect(clippy::cast_possible_truncation, reason = "a float4 column takes what fits")]
                Type::FLOAT4 => (*number as f32).to_sql(ty, out),
                _ => Err(format!("a real number cannot be bound as {ty}").into()),
            },
            Value::Text(text) => text.as_ref().to_sql(ty, out),
            Value::Blob(bytes) => bytes.as_ref().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// What a failed connection means to the person who gave the URL.
fn connect_failure(error: &postgres::Error, url: &str) -> String {
    let detail = match error.as_db_error() {
        Some(db) if *db.code() == SqlState::INVALID_PASSWORD => {
            "the server refused the user name or password".to_owned()
        }
        Some(db) if *db.code() == SqlState::INVALID_AUTHORIZATION_SPECIFICATION => {
            format!("the server refused the connection: {}", db.message())
        }
        Some(db) if *db.code() == SqlState::INVALID_CATALOG_NAME => {
            format!(
                "{}; create it first (`createdb`), or check the URL's database name",
                db.message()
            )
        }
        Some(db) => db.message().to_owned(),
        None => {
            let text = with_causes(error);
            untrusted_certificate(&text).unwrap_or(text)
        }
    };
    scrub(&detail, url)
}

/// An error and each of its causes, as `error: cause: cause`: the driver
/// says "invalid connection string" and, beneath it, which part.
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    text
}

/// What to do about a certificate OpenSSL would not trust, from the
/// handshake's error (which repeats OpenSSL's reason, with source lines).
fn untrusted_certificate(text: &str) -> Option<String> {
    let after = &text[text.find("certificate verify failed")?..];
    let reason = after
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map_or("", |(reason, _)| reason);
    Some(format!(
        "the server's TLS certificate is not trusted ({reason}); name the authority that \
         signed it with `sslrootcert=FILE` in the URL, or use `sslmode=require` to encrypt \
         without checking it"
    ))
}

/// Removes a password that a message might quote.
fn scrub(message: &str, url: &str) -> String {
    match tls::split(url)
        .ok()
        .and_then(|(url, _)| Config::from_str(&url).ok())
        .and_then(|config| config.get_password().map(<[u8]>::to_vec))
    {
        Some(password) if !password.is_empty() => {
            message.replace(String::from_utf8_lossy(&password).as_ref(), "***")
        }
        _ => message.to_owned(),
    }
}

impl StoreError {
    /// Sorts a PostgreSQL error by what the person can do about it.
    pub(in crate::store) fn from_postgres(path: &Path, error: postgres::Error) -> StoreError {
        let path = path.to_owned();
        // A closed connection, or one whose socket failed: the server is
        // gone (stopped, restarted, the network down), not the statement.
        let socket_failed = error.source().is_some_and(|cause| cause.is::<std::io::Error>());
        if error.is_closed() || socket_failed {
            return StoreError::Unreachable {
                path,
                detail: format!("the connection to the server was lost: {error}"),
            };
        }
        match error.code() {
            Some(code) if *code == SqlState::LOCK_NOT_AVAILABLE => StoreError::Busy { path },
            Some(code)
                if *code == SqlState::T_R_SERIALIZATION_FAILURE
                    || *code == SqlState::T_R_DEADLOCK_DETECTED =>
            {
                StoreError::Conflict { path }
            }
            // The server's DETAIL says where: the key that was taken, the
            // row that failed a check.
            _ => StoreError::Postgres {
                path,
                detail: error.as_db_error().map_or_else(
                    || error.to_string(),
                    |db| match db.detail() {
                        Some(detail) => format!("{} ({detail})", db.message()),
                        None => db.message().to_owned(),
                    },
                ),
            },
        }
    }

    /// A conflict with another transaction that running again resolves.
    fn is_conflict(&self) -> bool {
        matches!(self, StoreError::Conflict { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::{numbered_parameters, redact};

    #[test]
    fn passwords_never_reach_a_message() {
        assert_eq!(
            redact("postgres://ann:s3cret@db.example:5433/aidquiz"),
            "postgres://ann@db.example:5433/aidquiz"
        );
        assert_eq!(
            redact("postgres://ann@db/aidquiz?sslmode=disable"),
            "postgres://ann@db/aidquiz?sslmode=disable"
        );
        assert_eq!(
            redact("postgres://ann@db/aidquiz?password=s3cret&sslmode=disable"),
            "postgres://ann@db/aidquiz?password=***&sslmode=disable"
        );
        assert_eq!(redact("postgres://db/aidquiz"), "postgres://db/aidquiz");
        // A password holding `/`, `?` or `@` unencoded: the driver takes the
        // credentials up to the first `@`; none of it may show.
        for url in [
            "postgres://ann:SECRETpa/ss@127.0.0.1:1/x",
            "postgres://ann:pa?ssSECRET@127.0.0.1:1/x",
            "postgres://ann:p@sSECRET@127.0.0.1:1/x",
            "postgres://ann:p@s/sSECRET@127.0.0.1:1/x",
            "postgres://ann:pa?password=SECRET@127.0.0.1:1/x",
        ] {
            assert_eq!(redact(url), "postgres://ann@127.0.0.1:1/x", "{url}");
        }
        assert_eq!(
            redact("postgres://db/x?application_name=me@site&password=SECRET"),
            "postgres://db/x?application_name=me@site&password=***"
        );
    }

    #[test]
    fn placeholders_are_renumbered_outside_text_and_comments() {
        assert_eq!(
            numbered_parameters("SELECT '?1', \"?2\" -- ?3\nFROM t WHERE a = ?1 AND b = ?12"),
            "SELECT '?1', \"?2\" \nFROM t WHERE a = $1 AND b = $12"
        );
    }
}
