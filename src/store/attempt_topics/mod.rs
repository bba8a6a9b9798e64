//! The `attempt_topics` table: each attempt's points per topic, the sums of
//! its rows in `responses`, kept so the attempts report need not read every
//! response. Every write path calls these after writing responses.

use rusqlite::Connection;

use crate::record::AttemptId;

/// Sets the attempt's sums from its responses, replacing any it had.
pub(super) fn refresh(conn: &Connection, id: AttemptId) -> rusqlite::Result<()> {
    conn.prepare_cached(include_str!("delete_for_attempt.sql"))?
        .execute([id])?;
    conn.prepare_cached(include_str!("refresh.sql"))?.execute([id])?;
    Ok(())
}

/// Brings the sum of the topic of the question at `position` up to date
/// after its answer changed.
pub(super) fn rescore(conn: &Connection, id: AttemptId, position: usize) -> rusqlite::Result<()> {
    conn.prepare_cached(include_str!("rescore.sql"))?
        .execute(rusqlite::params![id, position])?;
    Ok(())
}

#[cfg(test)]
mod tests;
