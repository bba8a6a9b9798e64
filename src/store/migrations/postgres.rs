//! PostgreSQL's own numbered schema upgrades. Its series starts at today's
//! schema (version 1 here is SQLite's version 11), and the table
//! `aidquiz_schema` marks a database as an aidquiz store and holds its
//! version: a database with tables but without it is another program's.

use std::path::Path;

use crate::store::StoreError;
use crate::store::db::{PgConn, Result, sql};
use crate::store::error::At;

/// Upgrade `n` (1-based) is `MIGRATIONS[n - 1]`. Append only.
const MIGRATIONS: &[&str] = &[
    include_str!("postgres/0001_schema.sql"),
    include_str!("postgres/0002_exam_columns.sql"),
];

/// The PostgreSQL schema version this build writes and the newest it reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// What a database holds before we write to it.
struct Identity {
    /// `aidquiz_schema`'s version, `None` where there is no such table.
    version: Option<i64>,
    /// Tables in the connection's schema (`public` unless the URL says).
    tables: i64,
}

fn identify(conn: &mut PgConn) -> Result<Identity> {
    let row = conn.query_one(sql!("postgres/identify.sql"))?;
    Ok(Identity {
        version: row.get(0)?,
        tables: row.get(1)?,
    })
}

/// Checks whose database it is, then brings an aidquiz one up to date in one
/// transaction. Returns `false` for an empty database when `create` is
/// false (a command that only reads), which is left as it was.
pub(in crate::store) fn upgrade(
    conn: &mut PgConn,
    path: &Path,
    upgrading: &mut dyn FnMut(i64, i64),
    create: bool,
) -> Result<bool, StoreError> {
    let identity = identify(conn).at(path)?;
    check(&identity, path)?;
    let found = identity.version.unwrap_or(0);
    if found == SCHEMA_VERSION {
        return Ok(true);
    }
    if found == 0 && !create {
        return Ok(false);
    }
    if found > 0 {
        upgrading(found, SCHEMA_VERSION);
    }
    let path_owned = path.to_owned();
    conn.transaction(path, crate::store::db::Access::Write, |conn| {
        // Another process may have created or upgraded it while this one
        // waited for the write lock: look again under the lock.
        let identity = identify(conn).at(&path_owned)?;
        check(&identity, &path_owned)?;
        let from = identity.version.unwrap_or(0);
        for (version, migration) in (1..).zip(MIGRATIONS).skip_while(|(version, _)| *version <= from) {
            conn.batch(migration).at(&path_owned)?;
            conn.batch(&format!("UPDATE aidquiz_schema SET version = {version}"))
                .at(&path_owned)?;
        }
        Ok(())
    })?;
    Ok(true)
}

/// Ours at a version this build reads, or an empty database to make ours.
fn check(identity: &Identity, path: &Path) -> Result<(), StoreError> {
    match identity.version {
        None if identity.tables > 0 => Err(StoreError::NotAidquiz {
            path: path.to_owned(),
            reason: format!(
                "it holds {} of another program and no aidquiz schema marker (`aidquiz_schema`)",
                if identity.tables == 1 {
                    "a table".to_owned()
                } else {
                    format!("{} tables", identity.tables)
                }
            ),
        }),
        Some(found) if found > SCHEMA_VERSION => Err(StoreError::TooNew {
            path: path.to_owned(),
            found,
            supported: SCHEMA_VERSION,
        }),
        Some(found) if found < 1 => Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail: format!("its schema version is {found}, which no aidquiz writes"),
        }),
        _ => Ok(()),
    }
}
