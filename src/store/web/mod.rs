//! The `web_sessions` and `web_attempts` tables: which browser session a
//! learner holds and which attempts it started (`aidquiz serve`).

use super::db::{Result, Row, Statement, params, sql};
use super::error::At;
use super::value::{Json, Timestamp};
use super::{Store, StoreError};
use crate::record::AttemptId;
use chrono::{DateTime, Utc};

/// A browser session as stored: the learner and the session's CSRF token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebSession {
    pub learner: String,
    pub csrf: String,
    pub created_at: DateTime<Utc>,
}

/// What an attempt started in the browser is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebAttemptKind {
    /// A quiz with options as `take`.
    Quiz,
    /// A spaced-repetition session as `study`.
    Study,
}

impl WebAttemptKind {
    fn as_str(self) -> &'static str {
        match self {
            WebAttemptKind::Quiz => "quiz",
            WebAttemptKind::Study => "study",
        }
    }
}

/// The browser's side of an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebAttempt {
    pub attempt: AttemptId,
    /// SHA-256 of the session that owns it.
    pub session_hash: String,
    pub kind: WebAttemptKind,
    pub flagged: Vec<usize>,
    pub rated: Vec<usize>,
}

impl Store {
    pub fn create_web_session(
        &mut self,
        id_hash: &str,
        learner: &str,
        csrf: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx, path| {
            tx.execute(
                sql!("create_session.sql"),
                params![id_hash, learner, csrf, Timestamp(now)],
            )
            .at(path)?;
            Ok(())
        })
    }

    pub fn web_session(&self, id_hash: &str) -> Result<Option<WebSession>, StoreError> {
        self.read(|tx, path| {
            tx.query_optional(sql!("session.sql"), params![id_hash], |row| {
                Ok(WebSession {
                    learner: row.get(0)?,
                    csrf: row.get(1)?,
                    created_at: row.get::<_, Timestamp>(2)?.0,
                })
            })
            .at(path)
        })
    }

    /// Ties an attempt to the browser session that started it.
    pub fn link_web_attempt(
        &mut self,
        attempt: AttemptId,
        session_hash: &str,
        kind: WebAttemptKind,
    ) -> Result<(), StoreError> {
        self.write(|tx, path| {
            tx.execute(sql!("link.sql"), params![attempt, session_hash, kind.as_str()])
                .at(path)?;
            Ok(())
        })
    }

    pub fn web_attempt(&self, attempt: AttemptId) -> Result<Option<WebAttempt>, StoreError> {
        self.read(|tx, path| {
            tx.query_optional(sql!("attempt.sql"), params![attempt], web_attempt_from_row)
                .at(path)
        })
    }

    /// The attempts a session started, newest first.
    pub fn web_attempts_for_session(&self, session_hash: &str) -> Result<Vec<WebAttempt>, StoreError> {
        self.read(|tx, path| {
            tx.query_all(
                sql!("for_session.sql"),
                params![session_hash],
                web_attempt_from_row,
            )
            .at(path)
        })
    }

    /// Open browser attempts with a time limit, and the session of each.
    pub fn open_timed_web_attempts(&self) -> Result<Vec<(AttemptId, String)>, StoreError> {
        self.read(|tx, path| {
            tx.query_all(sql!("open_timed.sql"), params![], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .at(path)
        })
    }

    pub fn set_web_flagged(&mut self, attempt: AttemptId, flagged: &[usize]) -> Result<(), StoreError> {
        self.update_web_list(sql!("set_flagged.sql"), attempt, flagged)
    }

    pub fn set_web_rated(&mut self, attempt: AttemptId, rated: &[usize]) -> Result<(), StoreError> {
        self.update_web_list(sql!("set_rated.sql"), attempt, rated)
    }

    fn update_web_list(
        &mut self,
        statement: &'static Statement,
        attempt: AttemptId,
        list: &[usize],
    ) -> Result<(), StoreError> {
        self.write_attempt(attempt, |tx, path| {
            tx.execute(statement, params![attempt, Json(list)]).at(path)?;
            Ok(())
        })
    }
}

fn web_attempt_from_row(row: &Row<'_>) -> Result<WebAttempt> {
    let kind = match row.get::<_, String>(2)?.as_str() {
        "study" => WebAttemptKind::Study,
        _ => WebAttemptKind::Quiz,
    };
    Ok(WebAttempt {
        attempt: row.get(0)?,
        session_hash: row.get(1)?,
        kind,
        flagged: row.get::<_, Json<_>>(3)?.0,
        rated: row.get::<_, Json<_>>(4)?.0,
    })
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::WebAttemptKind;
    use crate::store::{Store, testing};

    #[test]
    fn a_session_and_its_attempts_read_back() {
        let mut store = Store::open_in_memory().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
        store.create_web_session("h1", "Ana", "tok", now).unwrap();
        let session = store.web_session("h1").unwrap().unwrap();
        assert_eq!((session.learner.as_str(), session.csrf.as_str()), ("Ana", "tok"));
        assert_eq!(session.created_at, now);
        assert!(store.web_session("h2").unwrap().is_none());
        let id = store
            .begin_attempt(&testing::new_attempt("Ana", testing::at(0), 2))
            .unwrap();
        store.link_web_attempt(id, "h1", WebAttemptKind::Quiz).unwrap();
        store.set_web_flagged(id, &[2, 0]).unwrap();
        let web = store.web_attempt(id).unwrap().unwrap();
        assert_eq!(web.flagged, [2, 0]);
        assert_eq!(web.kind, WebAttemptKind::Quiz);
        assert_eq!(store.web_attempts_for_session("h1").unwrap().len(), 1);
        assert_eq!(store.attempt(id).unwrap().unwrap().questions.len(), 2);
        assert_eq!(store.open_timed_web_attempts().unwrap(), [(id, "h1".to_owned())]);
        store
            .finish_attempt(id, crate::record::Status::TimedOut, testing::at(15))
            .unwrap();
        assert!(store.open_timed_web_attempts().unwrap().is_empty());
    }
}
