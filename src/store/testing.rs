//! Records for the store's tests: realistic, and with values that catch lossy
//! storage (a seed above `i64::MAX`, nanosecond times, JSON null answers).

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::json;

use crate::record::{AnswerRecord, BankRef, GradedAttempt, Mode, NewAttempt, QuestionSlot, Status};
use crate::response::Response;

/// `minutes` after a fixed morning, with a nanosecond part.
pub(super) fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, 9, 0, 0).unwrap()
        + Duration::minutes(minutes)
        + Duration::nanoseconds(123_456_789)
}

/// An exam of `questions` questions worth 1 or 2 points each.
pub(super) fn new_attempt(learner: &str, started_at: DateTime<Utc>, questions: usize) -> NewAttempt {
    NewAttempt {
        exam_id: None,
        paper: false,
        learner: learner.into(),
        mode: Mode::Exam,
        seed: u64::MAX - 41,
        selection: json!({ "count": questions, "topics": ["cpr", "bleeding"], "shuffle": true }),
        banks: vec![
            BankRef {
                id: "cpr-adult".into(),
                hash: "sha256:9f2c".into(),
            },
            BankRef {
                id: "bleeding".into(),
                hash: "sha256:41aa".into(),
            },
        ],
        started_at,
        time_limit_secs: Some(900),
        pass_mark: 80.0,
        questions: (0..questions)
            .map(|i| QuestionSlot {
                question_id: format!("cpr-{i:03}"),
                topic: if i % 2 == 0 { "cpr" } else { "bleeding" }.into(),
                choice_order: vec![2, 0, 3, 1],
                max_points: if i % 3 == 0 { 2.0 } else { 1.0 },
                critical: false,
                revision: 1,
            })
            .collect(),
    }
}

/// An answer at `position`, given `seconds` after `started_at`.
pub(super) fn answer(position: usize, points: f64, started_at: DateTime<Utc>, seconds: i64) -> AnswerRecord {
    AnswerRecord {
        position,
        response: "A,C".into(),
        selected: if position == 1 {
            Response::Text("A,C".into())
        } else {
            Response::Choices(vec![0, 2])
        },
        points,
        answered_at: started_at + Duration::seconds(seconds),
    }
}

/// A completed exam of 4 questions with three answered.
pub(super) fn graded(learner: &str, started_at: DateTime<Utc>) -> GradedAttempt {
    GradedAttempt {
        attempt: new_attempt(learner, started_at, 4),
        answers: vec![
            answer(0, 2.0, started_at, 20),
            answer(1, 0.5, started_at, 45),
            answer(3, 1.0, started_at, 70),
        ],
        status: Status::Completed,
        finished_at: Some(started_at + Duration::seconds(90)),
    }
}

/// `graded`, as a sheet of exam `ex-1` grades it.
pub(super) fn exam_graded(learner: &str, started_at: DateTime<Utc>) -> GradedAttempt {
    let mut graded = graded(learner, started_at);
    graded.attempt.exam_id = Some("ex-1".into());
    graded
}

/// The same attempt with every question on `topic`, as a corrected sheet of
/// another version of the exam may grade it.
pub(super) fn on_topic(mut graded: GradedAttempt, topic: &str) -> GradedAttempt {
    let mut questions = graded.attempt.questions.to_vec();
    for slot in &mut questions {
        slot.topic = topic.into();
    }
    graded.attempt.questions = questions.into();
    graded
}

/// Undoes migration 12 (`0012_exam_columns.sql`), back to schema 11.
pub(super) const UNDO_EXAM_COLUMNS: &str = "
    ALTER TABLE attempts DROP COLUMN exam_title;
    ALTER TABLE attempts DROP COLUMN exam_version;
    PRAGMA user_version = 11;
";

/// Undoes migration 11 (`0011_certification.sql`), back to schema 10.
pub(super) const UNDO_CERTIFICATION: &str = "
    ALTER TABLE responses DROP COLUMN critical;
    ALTER TABLE responses DROP COLUMN revision;
    ALTER TABLE attempts DROP COLUMN critical_missed;
    ALTER TABLE memory DROP COLUMN revision;
    ALTER TABLE reviews DROP COLUMN revision;
    CREATE TABLE question_keys_old (
        key INTEGER PRIMARY KEY,
        question_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        UNIQUE (question_id, topic)
    );
    INSERT INTO question_keys_old SELECT key, question_id, topic FROM question_keys;
    DROP TABLE question_keys;
    ALTER TABLE question_keys_old RENAME TO question_keys;
    PRAGMA user_version = 10;
";

/// Undoes migrations 10 and 9 (the browser's tables), for a downgrade.
pub(super) const UNDO_SINCE_9: &str = "DROP TABLE room_learners; DROP TABLE rooms; \
     DROP TABLE instructor_sessions; DROP TABLE web_attempts; DROP TABLE web_sessions;";

/// Undoes migrations 10 to 7 (after [`UNDO_CERTIFICATION`]), for a
/// downgrade to an older schema.
pub(super) const UNDO_SINCE_7: &str = concat!(
    "DROP TABLE room_learners; DROP TABLE rooms; DROP TABLE instructor_sessions; ",
    "DROP TABLE web_attempts; DROP TABLE web_sessions; ",
    "DROP TABLE learners; ALTER TABLE attempts DROP COLUMN paper;"
);

/// A store file of two saved attempts and a begun one with one answer,
/// rolled back by `downgrade` (SQL) to what an older build left, then
/// opened by this build, which upgrades it. The folder goes with the value.
/// `downgrade` undoes the migrations back to the version it sets: start it
/// with [`UNDO_SINCE_7`] to go below 7.
pub(super) fn upgraded_store(downgrade: &str) -> (tempfile::TempDir, super::Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    {
        let mut store = super::Store::open(&path).unwrap();
        store
            .save_attempts(&[graded("ana", at(0)), graded("ben", at(5))])
            .unwrap();
        let id = store.begin_attempt(&new_attempt("ana", at(9), 3)).unwrap();
        store.record_answer(id, &answer(2, 1.0, at(9), 10)).unwrap();
        store.db.sqlite().execute_batch(UNDO_EXAM_COLUMNS).unwrap();
        store.db.sqlite().execute_batch(UNDO_CERTIFICATION).unwrap();
        store.db.sqlite().execute_batch(downgrade).unwrap();
    }
    let store = super::Store::open(&path).unwrap();
    (dir, store)
}
