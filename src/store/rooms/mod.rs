//! The `rooms`, `room_learners` and `instructor_sessions` tables: the
//! instructor's rooms in `aidquiz serve`, who joined each with which
//! attempt, and who is signed in as the instructor.

use super::db::{Result, Row, params, sql};
use super::error::At;
use super::value::{Json, Timestamp};
use super::{Store, StoreError};
use crate::record::AttemptId;
use chrono::{DateTime, Utc};

/// A room as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Room {
    /// The short code learners join with.
    pub code: String,
    /// The exam id every attempt in the room carries.
    pub exam_id: String,
    pub title: String,
    /// What each learner who joins is given (the serve layer's plan, as JSON).
    pub plan: serde_json::Value,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// A learner who joined a room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomLearner {
    pub learner: String,
    pub attempt: AttemptId,
    /// The exam version handed out, for a room opened from an exam.
    pub version: Option<String>,
    pub joined_at: DateTime<Utc>,
}

impl Store {
    pub fn open_room(&mut self, room: &Room) -> Result<(), StoreError> {
        self.write(|tx, path| {
            tx.execute(
                sql!("open.sql"),
                params![
                    room.code,
                    room.exam_id,
                    room.title,
                    Json(&room.plan),
                    Timestamp(room.opened_at)
                ],
            )
            .at(path)?;
            Ok(())
        })
    }

    pub fn room(&self, code: &str) -> Result<Option<Room>, StoreError> {
        self.read(|tx, path| {
            tx.query_optional(sql!("room.sql"), params![code], room_from_row)
                .at(path)
        })
    }

    /// Every room, newest first.
    pub fn rooms(&self) -> Result<Vec<Room>, StoreError> {
        self.read(|tx, path| tx.query_all(sql!("all.sql"), params![], room_from_row).at(path))
    }

    /// Marks the room closed (its attempts are ended by the caller).
    pub fn close_room(&mut self, code: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.write(|tx, path| {
            tx.execute(sql!("close.sql"), params![code, Timestamp(at)])
                .at(path)?;
            Ok(())
        })
    }

    /// The learners of a room, in the order they joined.
    pub fn room_learners(&self, code: &str) -> Result<Vec<RoomLearner>, StoreError> {
        self.read(|tx, path| {
            tx.query_all(sql!("learners.sql"), params![code], learner_from_row)
                .at(path)
        })
    }

    /// The learner of the room called `learner`, however the name is typed
    /// (case and runs of spaces aside).
    pub fn room_learner(&self, code: &str, learner: &str) -> Result<Option<RoomLearner>, StoreError> {
        Ok(self
            .room_learners(code)?
            .into_iter()
            .find(|joined| same_learner(&joined.learner, learner)))
    }

    pub fn add_room_learner(&mut self, code: &str, joined: &RoomLearner) -> Result<(), StoreError> {
        self.write(|tx, path| {
            tx.execute(
                sql!("add_learner.sql"),
                params![
                    code,
                    joined.learner,
                    joined.attempt,
                    joined.version,
                    Timestamp(joined.joined_at)
                ],
            )
            .at(path)?;
            Ok(())
        })
    }

    /// The attempt `learner` already has at exam `exam_id` (there is at most
    /// one), from paper or from a room, however the name is typed.
    pub fn exam_attempt_of(&self, exam_id: &str, learner: &str) -> Result<Option<AttemptId>, StoreError> {
        let attempts: Vec<(AttemptId, String)> = self.read(|tx, path| {
            tx.query_all(sql!("exam_attempt.sql"), params![exam_id], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .at(path)
        })?;
        Ok(attempts
            .into_iter()
            .find(|(_, name)| same_learner(name, learner))
            .map(|(id, _)| id))
    }

    /// Adds `seconds` to an open, timed attempt's time limit; false when the
    /// attempt has ended or has no limit.
    pub fn extend_time_limit(&mut self, attempt: AttemptId, seconds: u64) -> Result<bool, StoreError> {
        let seconds = i64::try_from(seconds).unwrap_or(i64::MAX);
        let changed =
            self.write(|tx, path| tx.execute(sql!("extend.sql"), params![attempt, seconds]).at(path))?;
        Ok(changed == 1)
    }

    /// Hands a browser attempt to another session: the learner resumed it
    /// with name and room code from another browser.
    pub fn move_web_attempt(&mut self, attempt: AttemptId, session_hash: &str) -> Result<(), StoreError> {
        self.write(|tx, path| {
            tx.execute(sql!("move_attempt.sql"), params![attempt, session_hash])
                .at(path)?;
            Ok(())
        })
    }

    pub fn create_instructor_session(
        &mut self,
        id_hash: &str,
        csrf: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx, path| {
            tx.execute(
                sql!("create_instructor_session.sql"),
                params![id_hash, csrf, Timestamp(now)],
            )
            .at(path)?;
            Ok(())
        })
    }

    /// The CSRF token of an instructor sign-in and when it began, if there is one.
    pub fn instructor_session(&self, id_hash: &str) -> Result<Option<(String, DateTime<Utc>)>, StoreError> {
        self.read(|tx, path| {
            tx.query_optional(sql!("instructor_session.sql"), params![id_hash], |row| {
                Ok((row.get(0)?, row.get::<_, Timestamp>(1)?.0))
            })
            .at(path)
        })
    }
}

/// Whether two names are one learner's: case and runs of spaces aside, as
/// people type their name again on another device.
fn same_learner(a: &str, b: &str) -> bool {
    let key = |name: &str| {
        name.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    key(a) == key(b)
}

fn room_from_row(row: &Row<'_>) -> Result<Room> {
    Ok(Room {
        code: row.get(0)?,
        exam_id: row.get(1)?,
        title: row.get(2)?,
        plan: row.get::<_, Json<_>>(3)?.0,
        opened_at: row.get::<_, Timestamp>(4)?.0,
        closed_at: row.get::<_, Option<Timestamp>>(5)?.map(|t| t.0),
    })
}

fn learner_from_row(row: &Row<'_>) -> Result<RoomLearner> {
    Ok(RoomLearner {
        learner: row.get(0)?,
        attempt: row.get(1)?,
        version: row.get(2)?,
        joined_at: row.get::<_, Timestamp>(3)?.0,
    })
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::{Room, RoomLearner};
    use crate::store::{Store, testing};

    fn room(code: &str) -> Room {
        Room {
            code: code.to_owned(),
            exam_id: format!("room-{code}"),
            title: "Saturday course".to_owned(),
            plan: serde_json::json!({"options": {"count": 2}}),
            opened_at: Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap(),
            closed_at: None,
        }
    }

    #[test]
    fn a_room_and_its_learners_read_back_and_close() {
        let mut store = Store::open_in_memory().unwrap();
        store.open_room(&room("K7QX2M")).unwrap();
        assert_eq!(store.room("K7QX2M").unwrap().unwrap(), room("K7QX2M"));
        assert!(store.room("NOPE").unwrap().is_none());
        let mut new = testing::new_attempt("Ana", testing::at(0), 2);
        new.exam_id = Some("room-K7QX2M".to_owned());
        let id = store.begin_attempt(&new).unwrap();
        let joined = RoomLearner {
            learner: "Ana".to_owned(),
            attempt: id,
            version: Some("B".to_owned()),
            joined_at: testing::at(0),
        };
        store.add_room_learner("K7QX2M", &joined).unwrap();
        assert_eq!(
            store.room_learners("K7QX2M").unwrap(),
            std::slice::from_ref(&joined)
        );
        assert_eq!(store.room_learner("K7QX2M", " ana ").unwrap(), Some(joined));
        assert_eq!(store.exam_attempt_of("room-K7QX2M", "ANA").unwrap(), Some(id));
        assert_eq!(store.exam_attempt_of("room-K7QX2M", "Bo").unwrap(), None);
        let closed = room("K7QX2M").opened_at + Duration::minutes(30);
        store.close_room("K7QX2M", closed).unwrap();
        assert_eq!(store.room("K7QX2M").unwrap().unwrap().closed_at, Some(closed));
        assert_eq!(store.rooms().unwrap().len(), 1);
    }

    #[test]
    fn extra_time_moves_only_an_open_timed_attempt() {
        let mut store = Store::open_in_memory().unwrap();
        let mut new = testing::new_attempt("Ana", testing::at(0), 2);
        new.time_limit_secs = Some(600);
        let open = store.begin_attempt(&new).unwrap();
        assert!(store.extend_time_limit(open, 300).unwrap());
        assert_eq!(store.attempt(open).unwrap().unwrap().time_limit_secs, Some(900));
        new.time_limit_secs = None;
        let untimed = store.begin_attempt(&new).unwrap();
        assert!(!store.extend_time_limit(untimed, 300).unwrap());
        store
            .finish_attempt(open, crate::record::Status::Completed, testing::at(60))
            .unwrap();
        assert!(!store.extend_time_limit(open, 300).unwrap());
        assert_eq!(store.attempt(open).unwrap().unwrap().time_limit_secs, Some(900));
    }

    #[test]
    fn instructor_sessions_keep_their_token() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .create_instructor_session("h", "tok", testing::at(0))
            .unwrap();
        assert_eq!(
            store.instructor_session("h").unwrap(),
            Some(("tok".to_owned(), testing::at(0)))
        );
        assert_eq!(store.instructor_session("x").unwrap(), None);
    }
}
