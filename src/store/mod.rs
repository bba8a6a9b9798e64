//! Progress records in SQLite, or in PostgreSQL for an organisation that
//! shares one database between processes: opening a store safely, its
//! schema version; the tables' statements live in a folder each, and
//! `db` runs them on either database.
//!
//! Opening never writes to a file that is not already an aidquiz store: the
//! SQLite header is read with plain file I/O first, and SQLite only opens
//! files that carry our `application_id` (or are empty). Even then, whose
//! store it is, its schema version and its integrity are checked through a
//! read-only connection first: a read-write one checkpoints a left-over
//! write-ahead log into the main file when it closes, which would change a
//! store we then refuse.

mod attempt_items;
mod attempt_topics;
mod attempts;
#[cfg(test)]
mod conformance;
mod copy;
mod db;
mod error;
mod exams;
mod learners;
mod memory;
mod migrations;
mod reports;
mod responses;
mod reviews;
mod rooms;
#[cfg(test)]
mod testing;
mod value;
mod web;

use std::fs::{self, File};
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, OpenFlags};

pub use self::copy::{CopyProgress, TableCopy};
use self::db::{Access, Database, Db, PgConn, Tx};
use self::error::At;
pub use self::error::StoreError;
pub use self::exams::{ExamGrade, SHEET_BATCH, SheetOutcome, StoredExamAttempt};
pub use self::migrations::SCHEMA_VERSION;
pub use self::reports::{
    AttemptFilter, AttemptStart, CatalogEntry, Picks, QuestionCatalog, QuestionKey, ReportAttempt,
    ReportQuestion, UnixNanos,
};
pub use self::reviews::{NewReview, ReviewId, ReviewRecord};
pub use self::rooms::{Room, RoomLearner};
pub use self::web::{WebAttempt, WebAttemptKind, WebSession};

/// `PRAGMA application_id` of every aidquiz store: "AIQQ" in ASCII.
pub const APPLICATION_ID: i32 = 0x4149_5151;

/// How long a statement waits for another process's write to finish before
/// it gives up with [`StoreError::Busy`]. Generous: a learner's answer must
/// not be lost because a large sheet is being graded at the same time.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Waits for a lock held by another connection by trying again every
/// millisecond, up to [`BUSY_TIMEOUT`]. SQLite's own handler backs off to a
/// try every 100 ms, and so keeps missing the short gaps a batch writer
/// leaves between its transactions: waiting writers starved behind a large
/// `exam grade` although no single lock was held for long.
fn wait_for_lock(tries: i32) -> bool {
    let waited = Duration::from_millis(u64::try_from(tries).unwrap_or(0));
    if waited >= BUSY_TIMEOUT {
        return false;
    }
    thread::sleep(Duration::from_millis(1));
    true
}

fn wait_for_locks(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    conn.busy_handler(Some(wait_for_lock)).at(path)
}

/// The parts of the SQLite file header we read ourselves before SQLite
/// opens a file (<https://www.sqlite.org/fileformat.html>).
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
const HEADER_LEN: usize = 100;
const APPLICATION_ID_OFFSET: usize = 68;

/// A progress store: one SQLite file, or one PostgreSQL database, of
/// attempts and their responses.
pub struct Store {
    db: Database,
    /// For messages: the file, `:memory:` for an in-memory store, or the
    /// PostgreSQL URL without its password.
    path: PathBuf,
}

/// Where a store lives, as `--store` gives it.
enum Location<'a> {
    Sqlite(&'a Path),
    /// A `postgres://` or `postgresql://` URL.
    Postgres(&'a str),
}

impl Location<'_> {
    fn of(given: &Path) -> Location<'_> {
        let Some(text) = given.to_str() else {
            return Location::Sqlite(given);
        };
        if is_postgres_url(text) {
            return Location::Postgres(text);
        }
        match text.strip_prefix("sqlite:") {
            Some(file) => Location::Sqlite(Path::new(file)),
            None => Location::Sqlite(given),
        }
    }
}

/// Whether `--store` names a PostgreSQL database rather than a file.
pub fn is_postgres_url(store: &str) -> bool {
    ["postgres://", "postgresql://"].iter().any(|scheme| {
        store
            .get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
    })
}

/// How a store is named in messages: a file as given, a URL without its
/// password.
pub fn display_name(store: &Path) -> PathBuf {
    match Location::of(store) {
        Location::Postgres(url) => PathBuf::from(db::redact(url)),
        Location::Sqlite(path) => path.to_owned(),
    }
}

/// Stores up to this size are checked page by page (`PRAGMA quick_check`)
/// before a run writes to them: milliseconds for a learner's or a class's
/// store, 0.2 s for 160 MB (50,000 graded learners × 20 questions,
/// measured 2026-11-30). A larger one (an organisation's years of records) would make
/// every quiz wait seconds to start, so only its header and schema are
/// checked; SQLite still refuses to read or write a damaged page it meets.
pub const INTEGRITY_CHECK_LIMIT: u64 = 256 * 1024 * 1024;

/// What the file at a store path holds before we open it.
enum Found {
    /// No file, or an empty one: a new store.
    Nothing,
    /// A SQLite file carrying our application id, of `size` bytes.
    Store { size: u64 },
}

/// The fields that tell whose database a file is and at which schema version.
struct Identity {
    application_id: i32,
    user_version: i64,
    /// Tables, indexes, … in `sqlite_master`; reading them also makes SQLite
    /// parse the schema, which finds a damaged first page.
    schema_objects: i64,
}

impl Store {
    /// Opens the store at `path`, creating it and its folders on first use
    /// and bringing its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_noting_upgrade(path, &mut |_, _| {})
    }

    /// As [`Store::open`], calling `upgrading` with the store's schema
    /// version before upgrading a store written by an older aidquiz: the
    /// upgrade can take a while on a large store, once.
    pub fn open_noting_upgrade(
        path: &Path,
        upgrading: &mut dyn FnMut(i64, i64),
    ) -> Result<Store, StoreError> {
        let path = match Location::of(path) {
            Location::Postgres(url) => return Store::open_postgres(url, upgrading, true).map(Option::unwrap),
            Location::Sqlite(path) => path,
        };
        if path == Path::new(":memory:") {
            // SQLite's name for a database that vanishes with the process: a
            // quiz "saved" there would be lost at once.
            return Err(StoreError::NotAidquiz {
                path: path.to_owned(),
                reason: "`:memory:` keeps nothing once aidquiz exits; give the path of a file".into(),
            });
        }
        let found = inspect(path)?;
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if let Found::Store { size } = found {
            verify(path, size)?;
        }
        if let Found::Nothing = found {
            if let Some(folder) = path.parent().filter(|folder| !folder.as_os_str().is_empty()) {
                fs::create_dir_all(folder).map_err(|source| StoreError::CreateFolder {
                    path: path.to_owned(),
                    folder: folder.to_owned(),
                    source,
                })?;
            }
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        // No SQLITE_OPEN_URI: a file named `file:…` is a file, not options.
        let conn = Connection::open_with_flags(path, flags).at(path)?;
        Store::set_up(conn, path, upgrading)
    }

    /// A store that lives and dies with the value, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = Path::new(":memory:");
        let conn = Connection::open_in_memory().at(path)?;
        Store::set_up(conn, path, &mut |_, _| {})
    }

    /// Opens an existing store for a command that only reads it: `None` when
    /// there is none yet (no file, or an empty one), so that reading never
    /// creates a store. An older store is still upgraded, as by [`Store::open`].
    pub fn open_existing(
        path: &Path,
        upgrading: &mut dyn FnMut(i64, i64),
    ) -> Result<Option<Store>, StoreError> {
        let path = match Location::of(path) {
            Location::Postgres(url) => return Store::open_postgres(url, upgrading, false),
            Location::Sqlite(path) => path,
        };
        match inspect(path)? {
            Found::Nothing => Ok(None),
            Found::Store { .. } => Store::open_noting_upgrade(path, upgrading).map(Some),
        }
    }

    /// Connects to a PostgreSQL store and brings its schema up to date; with
    /// `create` false, an empty database is `None` and is left empty.
    fn open_postgres(
        url: &str,
        upgrading: &mut dyn FnMut(i64, i64),
        create: bool,
    ) -> Result<Option<Store>, StoreError> {
        let path = PathBuf::from(db::redact(url));
        let mut conn = PgConn::connect(url, &path)?;
        if !migrations::postgres::upgrade(&mut conn, &path, upgrading, create)? {
            return Ok(None);
        }
        Ok(Some(Store {
            db: Database::new(Db::Postgres(Box::new(conn))),
            path,
        }))
    }

    /// The file this store was opened from, or its URL without the password.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the store is a PostgreSQL database.
    pub fn is_postgres(&self) -> bool {
        self.db.is_postgres()
    }

    /// Runs `work` in one writing transaction: writers take turns, and
    /// everything `work` writes is saved, or nothing. `work` may run again
    /// when PostgreSQL ends the transaction for a conflict.
    fn write<T>(
        &mut self,
        work: impl FnMut(&mut Tx<'_>, &Path) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.transaction(Access::Write, work)
    }

    /// As [`Store::write`], for work that writes only the rows of attempt
    /// `id`: on PostgreSQL, answers to different attempts are saved side by
    /// side instead of in turn.
    fn write_attempt<T>(
        &mut self,
        id: crate::record::AttemptId,
        work: impl FnMut(&mut Tx<'_>, &Path) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.transaction(Access::WriteAttempt(id.0), work)
    }

    /// Runs `work` in one reading transaction: everything it reads comes
    /// from one moment, even while another process writes.
    fn read<T>(
        &self,
        work: impl FnMut(&mut Tx<'_>, &Path) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.transaction(Access::Read, work)
    }

    fn transaction<T>(
        &self,
        access: Access,
        mut work: impl FnMut(&mut Tx<'_>, &Path) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let path = self.path.as_path();
        self.db.transaction(path, access, |tx| work(tx, path))
    }

    /// Checks whose database it is and its version before anything writes,
    /// then upgrades the schema and only then switches to WAL: a new file's
    /// first commit thus goes straight into the main file, so its header
    /// carries our application id even if the process dies right after.
    fn set_up(
        mut conn: Connection,
        path: &Path,
        upgrading: &mut dyn FnMut(i64, i64),
    ) -> Result<Store, StoreError> {
        // Waiting instead of failing when another process is writing.
        wait_for_locks(&conn, path)?;
        // One read transaction, so the fields come from one moment even while
        // another process is creating the store.
        let identity = {
            let read = conn.unchecked_transaction().at(path)?;
            let identity = identify(&read).at(path)?;
            read.commit().at(path)?;
            identity
        };
        check_identity(&identity, path)?;
        conn.pragma_update(None, "foreign_keys", true).at(path)?;
        // NORMAL is safe from corruption in WAL mode; a power cut may lose
        // the last commits, not the file.
        conn.pragma_update(None, "synchronous", "NORMAL").at(path)?;
        if identity.user_version < SCHEMA_VERSION {
            if identity.user_version > 0 {
                upgrading(identity.user_version, SCHEMA_VERSION);
            }
            migrations::upgrade(&mut conn, path, identity.user_version)?;
        }
        use_wal(&conn, path)?;
        Ok(Store {
            db: Database::new(Db::Sqlite(conn)),
            path: path.to_owned(),
        })
    }
}

/// Switches the file to write-ahead logging, so readers never wait for a
/// writer. The switch turns a read lock into a write lock, which SQLite
/// refuses at once rather than calling the busy handler (waiting there could
/// deadlock), so when another process is reading this waits itself; that
/// happens only while two processes create the same store.
fn use_wal(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        // On a file system without shared memory SQLite keeps the old mode;
        // the store still works, with readers waiting for writers.
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0)) {
            Err(error)
                if error.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
                    && Instant::now() < deadline =>
            {
                thread::sleep(Duration::from_millis(5));
            }
            result => return result.map(drop).at(path),
        }
    }
}

/// Reads the header of an existing file with plain file I/O, so that a file
/// that is not ours is refused before SQLite could create a journal beside
/// it or change a byte of it.
fn inspect(path: &Path) -> Result<Found, StoreError> {
    let read_error = |source| StoreError::Read {
        path: path.to_owned(),
        source,
    };
    let file = match File::open(path) {
        Ok(file) => file,
        // A file where a folder should be is reported when creating the folder.
        Err(error) if matches!(error.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            return Ok(Found::Nothing);
        }
        Err(error) => return Err(read_error(error)),
    };
    let mut header = Vec::with_capacity(HEADER_LEN);
    (&file)
        .take(HEADER_LEN as u64)
        .read_to_end(&mut header)
        .map_err(read_error)?;
    let not_ours = |reason: String| {
        Err(StoreError::NotAidquiz {
            path: path.to_owned(),
            reason,
        })
    };
    if header.is_empty() {
        return Ok(Found::Nothing);
    }
    if header.len() < HEADER_LEN || !header.starts_with(SQLITE_MAGIC) {
        return not_ours("it is not a SQLite database".into());
    }
    let at = APPLICATION_ID_OFFSET;
    let application_id = i32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]]);
    if application_id != APPLICATION_ID {
        return not_ours(another_program(application_id));
    }
    let size = file.metadata().map_err(read_error)?.len();
    Ok(Found::Store { size })
}

/// Checks an existing store through a read-only connection, which sees the
/// commits still in a write-ahead log without ever writing the log back
/// into the main file: its identity and version, and for a store of up to
/// [`INTEGRITY_CHECK_LIMIT`] bytes every page. A store refused here is left
/// byte for byte as it was.
fn verify(path: &Path, size: u64) -> Result<(), StoreError> {
    // Read-only, with SQLite's locking: another process may be creating or
    // writing the store right now. (Reading it as immutable would skip the
    // locks and could see a page half written.) Where no log was there, an
    // empty one and its index are left beside a store we refuse: no page of
    // the store or of its log is written.
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).at(path)?;
    wait_for_locks(&conn, path)?;
    let identity = identify(&conn).at(path)?;
    check_identity(&identity, path)?;
    if size <= INTEGRITY_CHECK_LIMIT {
        let problems: Vec<String> = conn
            .prepare("PRAGMA quick_check(5)")
            .and_then(|mut check| check.query_map([], |row| row.get(0))?.collect())
            .at(path)?;
        if problems != ["ok"] {
            return Err(StoreError::Corrupt {
                path: path.to_owned(),
                detail: format!("SQLite's integrity check found: {}", problems.join("; ")),
            });
        }
    }
    Ok(())
}

fn another_program(application_id: i32) -> String {
    if application_id == 0 {
        "it is a SQLite database of another program".into()
    } else {
        format!("it is a SQLite database of another program, application id {application_id:#010x}")
    }
}

/// Reads the identity through SQLite, which also sees commits still in the
/// write-ahead log.
fn identify(conn: &Connection) -> rusqlite::Result<Identity> {
    Ok(Identity {
        application_id: conn.pragma_query_value(None, "application_id", |row| row.get(0))?,
        user_version: conn.pragma_query_value(None, "user_version", |row| row.get(0))?,
        schema_objects: conn.query_row(include_str!("migrations/schema_objects.sql"), [], |row| {
            row.get(0)
        })?,
    })
}

/// Ours at a version this build reads, or a blank database to make ours.
fn check_identity(identity: &Identity, path: &Path) -> Result<(), StoreError> {
    let Identity {
        application_id,
        user_version,
        schema_objects,
    } = *identity;
    if application_id == 0 && user_version == 0 && schema_objects == 0 {
        return Ok(());
    }
    if application_id != APPLICATION_ID {
        return Err(StoreError::NotAidquiz {
            path: path.to_owned(),
            reason: another_program(application_id),
        });
    }
    if user_version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found: user_version,
            supported: SCHEMA_VERSION,
        });
    }
    if user_version < 0 {
        return Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail: format!("its schema version is {user_version}, which no aidquiz writes"),
        });
    }
    // Our id and the schema are written in one transaction with version 1.
    if user_version == 0 && schema_objects > 0 {
        return Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail: "it has tables but no schema version".into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
