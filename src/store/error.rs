//! The one error type of the store, and the single place SQLite's errors are
//! turned into it (PostgreSQL's are sorted in `db::postgres`).

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::ErrorCode;

use crate::record::AttemptId;

/// Why the store could not do what was asked. Every variant names the store
/// (its file, or its PostgreSQL URL without the password), so a message
/// makes sense without the command that printed it.
#[derive(Debug)]
pub enum StoreError {
    /// The folder for a new store could not be created.
    CreateFolder {
        path: PathBuf,
        folder: PathBuf,
        source: io::Error,
    },
    /// The file could not be read to see what it is.
    Read {
        path: PathBuf,
        source: io::Error,
    },
    /// The file is something else: not SQLite, or another program's database.
    NotAidquiz {
        path: PathBuf,
        reason: String,
    },
    /// The file was written by a later aidquiz with a schema this build does not know.
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// The file is an aidquiz store, but SQLite or its contents say it is damaged.
    Corrupt {
        path: PathBuf,
        detail: String,
    },
    /// Another process held the file locked for longer than the busy timeout.
    Busy {
        path: PathBuf,
    },
    UnknownAttempt {
        path: PathBuf,
        id: AttemptId,
    },
    /// An answer for a position past the last question of a stored attempt.
    NoSuchQuestion {
        path: PathBuf,
        id: AttemptId,
        position: usize,
        questions: usize,
    },
    /// An answer for a position past the last question, in an attempt given to
    /// `save_attempts`; nothing of the batch was saved.
    AnswerOutOfRange {
        path: PathBuf,
        learner: String,
        started_at: DateTime<Utc>,
        position: usize,
        questions: usize,
    },
    /// Any other SQLite failure (disk full, permissions, …).
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    /// A PostgreSQL URL that cannot be used as given.
    BadUrl {
        path: PathBuf,
        detail: String,
    },
    /// The PostgreSQL server could not be reached, refused us, or went away.
    Unreachable {
        path: PathBuf,
        detail: String,
    },
    /// PostgreSQL ended a transaction for a conflict with another one (a
    /// deadlock or a serialization failure); it was tried again and failed
    /// each time.
    Conflict {
        path: PathBuf,
    },
    /// Any other PostgreSQL failure.
    Postgres {
        path: PathBuf,
        detail: String,
    },
    /// A text value of the store at `path` holds a NUL character, which a
    /// PostgreSQL target cannot keep (SQLite can, and older builds let
    /// sheets and browsers save one).
    NulInText {
        path: PathBuf,
        table: &'static str,
        /// The row's key, as `column value` pairs.
        row: String,
        column: &'static str,
    },
}

impl StoreError {
    /// The store file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            StoreError::CreateFolder { path, .. }
            | StoreError::Read { path, .. }
            | StoreError::NotAidquiz { path, .. }
            | StoreError::TooNew { path, .. }
            | StoreError::Corrupt { path, .. }
            | StoreError::Busy { path }
            | StoreError::UnknownAttempt { path, .. }
            | StoreError::NoSuchQuestion { path, .. }
            | StoreError::AnswerOutOfRange { path, .. }
            | StoreError::Sqlite { path, .. }
            | StoreError::BadUrl { path, .. }
            | StoreError::Unreachable { path, .. }
            | StoreError::Conflict { path }
            | StoreError::Postgres { path, .. }
            | StoreError::NulInText { path, .. } => path,
        }
    }

    /// What the store is, in messages: a file, or a database.
    fn kind(&self) -> &'static str {
        match self.path().to_str() {
            Some(name) if super::is_postgres_url(name) => "database",
            _ => "file",
        }
    }

    /// Sorts a SQLite error by what the person can do about it.
    pub(super) fn from_sqlite(path: &Path, error: rusqlite::Error) -> StoreError {
        let path = path.to_owned();
        match error.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
                return StoreError::Corrupt {
                    path,
                    detail: error.to_string(),
                };
            }
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => return StoreError::Busy { path },
            _ => {}
        }
        match error {
            // A value our own code could not read back: the file was edited
            // or damaged outside aidquiz.
            rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::IntegralValueOutOfRange(..)
            | rusqlite::Error::InvalidColumnType(..) => StoreError::Corrupt {
                path,
                detail: format!("unreadable value: {error}"),
            },
            source => StoreError::Sqlite { path, source },
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.path().display();
        match self {
            StoreError::CreateFolder { folder, source, .. } => write!(
                f,
                "cannot create the folder {} for the progress store {file}: {source}",
                folder.display()
            ),
            StoreError::Read { source, .. } => write!(f, "cannot read {file}: {source}"),
            StoreError::NotAidquiz { reason, .. } => write!(
                f,
                "{file} is not an aidquiz progress store ({reason}); it was left unchanged. \
                 Move it away or choose another {}",
                self.kind()
            ),
            StoreError::TooNew { found, supported, .. } => write!(
                f,
                "{file} was written by a newer aidquiz: schema {found}, this build reads up to \
                 {supported}. Upgrade aidquiz to use it; the {} was left unchanged",
                self.kind()
            ),
            StoreError::Corrupt { detail, .. } => write!(
                f,
                "{file} is a damaged aidquiz progress store ({detail}); it was left unchanged. \
                 Restore it from a backup, or move it away to start a new one"
            ),
            StoreError::Busy { .. } => write!(
                f,
                "{file} is busy: another aidquiz kept it locked for more than {} seconds. Try again",
                super::BUSY_TIMEOUT.as_secs()
            ),
            StoreError::UnknownAttempt { id, .. } => write!(f, "{file} has no attempt {id}"),
            StoreError::NoSuchQuestion {
                id,
                position,
                questions,
                ..
            } => write!(
                f,
                "attempt {id} in {file} has {questions} questions, so no question at position \
                 {position} (positions start at 0)"
            ),
            StoreError::AnswerOutOfRange {
                learner,
                started_at,
                position,
                questions,
                ..
            } => write!(
                f,
                "the attempt of {learner} started {} has {questions} questions, but an answer is \
                 for position {position} (positions start at 0); nothing of this batch was saved \
                 to {file}",
                started_at.format("%Y-%m-%d %H:%M:%S UTC")
            ),
            StoreError::Sqlite { source, .. } => write!(f, "SQLite failed on {file}: {source}"),
            StoreError::BadUrl { detail, .. } => write!(f, "cannot use the store URL {file}: {detail}"),
            StoreError::Unreachable { detail, .. } => write!(
                f,
                "cannot reach the PostgreSQL store {file}: {detail}. The step under way was not \
                 saved (what was saved before it is kept); check the server and the URL, then \
                 run the command again, which completes what is missing"
            ),
            StoreError::Conflict { .. } => write!(
                f,
                "{file} is busy: PostgreSQL kept ending this transaction for conflicts with \
                 other writers. Try again"
            ),
            StoreError::Postgres { detail, .. } => write!(f, "PostgreSQL failed on {file}: {detail}"),
            StoreError::NulInText {
                table, row, column, ..
            } => write!(
                f,
                "{file}: `{table}` ({row}), column `{column}`, holds a NUL character, which \
                 PostgreSQL cannot keep in text; the copy stopped there (the tables before it \
                 were copied). Write that value again without it in {file}, then run the copy \
                 again, which completes what is missing"
            ),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::CreateFolder { source, .. } | StoreError::Read { source, .. } => Some(source),
            StoreError::Sqlite { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Names the store file on a SQLite result: `statement.execute(..).at(path)?`.
pub(super) trait At<T> {
    fn at(self, path: &Path) -> Result<T, StoreError>;
}

impl<T> At<T> for rusqlite::Result<T> {
    fn at(self, path: &Path) -> Result<T, StoreError> {
        self.map_err(|error| StoreError::from_sqlite(path, error))
    }
}
