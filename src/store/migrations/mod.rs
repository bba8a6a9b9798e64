//! Numbered schema upgrades, applied in order, one transaction each;
//! `PRAGMA user_version` records the last one applied.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

pub(super) mod postgres;

use super::error::At;
use super::{APPLICATION_ID, StoreError, check_identity, identify};

/// One schema upgrade: SQL, then for some a step in Rust that fills a new
/// table from the old ones (in the same transaction).
struct Migration {
    sql: &'static str,
    fill: Option<fn(&Connection) -> super::db::Result<()>>,
}

const fn sql(sql: &'static str) -> Migration {
    Migration { sql, fill: None }
}

/// Upgrade `n` (1-based) is `MIGRATIONS[n - 1]`. Append only: a published
/// upgrade never changes, since stores in the field have already run it.
const MIGRATIONS: &[Migration] = &[
    sql(include_str!("0001_attempts.sql")),
    sql(include_str!("0002_exams.sql")),
    sql(include_str!("0003_study.sql")),
    sql(include_str!("0004_report_topics.sql")),
    sql(include_str!("0005_attempt_topics.sql")),
    Migration {
        sql: include_str!("0006_attempt_items.sql"),
        fill: Some(super::attempt_items::backfill),
    },
    sql(include_str!("0007_paper_attempts.sql")),
    Migration {
        sql: include_str!("0008_learners.sql"),
        fill: Some(super::learners::backfill),
    },
    sql(include_str!("0009_web.sql")),
    sql(include_str!("0010_rooms.sql")),
    sql(include_str!("0011_certification.sql")),
    sql(include_str!("0012_exam_columns.sql")),
];

/// The schema version this build writes and the newest it can read.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies the upgrades after `from`.
pub(super) fn upgrade(conn: &mut Connection, path: &Path, from: i64) -> Result<(), StoreError> {
    for (version, migration) in (1..).zip(MIGRATIONS).skip_while(|(version, _)| *version <= from) {
        // Immediate: take the write lock before reading the version, so two
        // processes opening a new store at once upgrade it once, in turn.
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(path)?;
        let identity = identify(&tx).at(path)?;
        check_identity(&identity, path)?;
        if identity.user_version >= version {
            continue;
        }
        if identity.application_id == 0 {
            tx.pragma_update(None, "application_id", APPLICATION_ID)
                .at(path)?;
        }
        tx.execute_batch(migration.sql).at(path)?;
        if let Some(fill) = migration.fill {
            fill(&tx).at(path)?;
        }
        tx.pragma_update(None, "user_version", version).at(path)?;
        tx.commit().at(path)?;
    }
    Ok(())
}
