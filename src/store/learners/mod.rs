//! The `learners` table: one spelling per learner. A name is matched
//! ignoring case and runs of spaces ([`learner_key`]); records are kept
//! under the spelling first given, so `history --learner ana` finds Ana's
//! attempts, and "ana pereira" on a sheet is Ana Pereira who took quizzes.
//! The store applies it to every name it reads or writes, so no front end
//! (terminal, sheet, browser) can split a learner in two.

use rusqlite::{Connection, OptionalExtension, params};

use super::error::At;
use super::{Store, StoreError};
use crate::record::learner_key;

impl Store {
    /// The spelling records of `name` are kept under: the first one given
    /// for that learner, or `name` itself (trimmed) for a new learner.
    pub fn learner_name(&self, name: &str) -> Result<String, StoreError> {
        spelling(&self.conn, name).at(&self.path)
    }
}

/// See [`Store::learner_name`].
pub(super) fn spelling(conn: &Connection, name: &str) -> rusqlite::Result<String> {
    let known: Option<String> = conn
        .prepare_cached(include_str!("spelling.sql"))?
        .query_row([learner_key(name)], |row| row.get(0))
        .optional()?;
    Ok(known.unwrap_or_else(|| name.trim().to_owned()))
}

/// The spelling to record `name` under, registering a new learner's.
pub(super) fn register(conn: &Connection, name: &str) -> rusqlite::Result<String> {
    let name = spelling(conn, name)?;
    conn.prepare_cached(include_str!("register.sql"))?
        .execute(params![learner_key(&name), name])?;
    Ok(name)
}

/// Migration 8's fill step: registers every name already recorded, oldest
/// first, and moves records under a later spelling to the first.
pub(super) fn backfill(conn: &Connection) -> rusqlite::Result<()> {
    let names: Vec<String> = conn
        .prepare(include_str!("recorded.sql"))?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in names {
        let first = register(conn, &name)?;
        if first != name {
            let mut moves = include_str!("move.sql").split_inclusive(';');
            moves.try_for_each(|statement| {
                if statement.trim().is_empty() {
                    return Ok(());
                }
                conn.execute(statement, params![first, name]).map(drop)
            })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
