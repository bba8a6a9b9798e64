//! The `learners` table: one spelling per learner. A name is matched
//! ignoring case and runs of spaces ([`learner_key`]); records are kept
//! under the spelling first given, so `history --learner ana` finds Ana's
//! attempts, and "ana pereira" on a sheet is Ana Pereira who took quizzes.
//! The store applies it to every name it reads or writes, so no front end
//! (terminal, sheet, browser) can split a learner in two.

use std::collections::HashMap;

use super::db::{Result, Statement, Tx, owned_row, params, sql};
use super::error::At;
use super::value::Json;
use super::{Store, StoreError};
use crate::record::learner_key;

impl Store {
    /// The spelling records of `name` are kept under: the first one given
    /// for that learner, or `name` itself (trimmed) for a new learner.
    pub fn learner_name(&self, name: &str) -> Result<String, StoreError> {
        self.read(|tx, path| spelling(tx, name).at(path))
    }
}

/// See [`Store::learner_name`].
pub(super) fn spelling(tx: &mut Tx<'_>, name: &str) -> Result<String> {
    let known: Option<String> =
        tx.query_optional(sql!("spelling.sql"), params![learner_key(name)], |row| row.get(0))?;
    Ok(known.unwrap_or_else(|| name.trim().to_owned()))
}

/// The spelling to record `name` under, registering a new learner's.
pub(super) fn register(tx: &mut Tx<'_>, name: &str) -> Result<String> {
    let name = spelling(tx, name)?;
    tx.execute(sql!("register.sql"), params![learner_key(&name), name])?;
    Ok(name)
}

/// [`register`] for many names at once, in two statements whatever their
/// number: each name's spelling, in order. A learner named twice (in any
/// case) is registered under the first spelling given.
pub(super) fn register_all(tx: &mut Tx<'_>, names: &[&str]) -> Result<Vec<String>> {
    let keys: Vec<String> = names.iter().map(|name| learner_key(name)).collect();
    let mut known = spellings(tx, &keys)?;
    let mut new_rows = Vec::new();
    let mut spellings = Vec::with_capacity(names.len());
    for (key, name) in keys.into_iter().zip(names) {
        let spelling = match known.get(&key) {
            Some(spelling) => spelling.clone(),
            None => {
                let spelling = name.trim().to_owned();
                new_rows.push(owned_row(params![key, spelling])?);
                known.insert(key, spelling.clone());
                spelling
            }
        };
        spellings.push(spelling);
    }
    tx.insert_rows(sql!("register.sql"), &new_rows)?;
    Ok(spellings)
}

/// The spellings kept for the learners of `keys` ([`learner_key`]s) who
/// have one, by key, in one statement.
pub(super) fn spellings(tx: &mut Tx<'_>, keys: &[String]) -> Result<HashMap<String, String>> {
    let mut known: HashMap<String, String> = HashMap::with_capacity(keys.len());
    tx.for_each_planned_now(
        sql!("spellings.sql", pg = "spellings.pg.sql"),
        params![Json(keys)],
        |row| {
            known.insert(row.get(0)?, row.get(1)?);
            Ok(())
        },
    )?;
    Ok(known)
}

/// Migration 8's fill step: registers every name already recorded, oldest
/// first, and moves records under a later spelling to the first.
pub(super) fn backfill(conn: &rusqlite::Connection) -> Result<()> {
    let tx = &mut Tx::Sqlite(conn);
    let names: Vec<String> = tx.query_all(sql!("recorded.sql"), params![], |row| row.get(0))?;
    for name in names {
        let first = register(tx, &name)?;
        if first != name {
            let moves = include_str!("move.sql").split_inclusive(';');
            for text in moves.filter(|text| !text.trim().is_empty()) {
                let statement = Statement {
                    sqlite: text,
                    postgres: text,
                };
                tx.execute(&statement, params![first, name])?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
