//! Every write path keeps `attempt_items` saying what `responses` says,
//! and the migration fills it for stores written before it.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::codec;
use crate::record::AnswerRecord;
use crate::response::Response;
use crate::store::reports::catalog;
use crate::store::testing::{
    UNDO_SINCE_7, answer, at, exam_graded, graded, new_attempt, on_topic, upgraded_store,
};
use crate::store::value::response_from_json;
use crate::store::{ExamGrade, Store, UnixNanos};

/// A question as item analysis reads it: attempt, id, topic, points, max
/// points, answered, picks, true/false, answered at.
type Question = (
    i64,
    String,
    String,
    f64,
    f64,
    bool,
    Vec<u32>,
    bool,
    Option<DateTime<Utc>>,
);

/// What `responses` says, in item analysis's terms.
fn expected(conn: &Connection) -> Vec<Question> {
    let mut statement = conn
        .prepare(
            "SELECT attempt_id, question_id, topic, points, max_points, selected, answered_at
             FROM responses ORDER BY attempt_id, position",
        )
        .unwrap();
    statement
        .query_map([], |row| {
            let selected: Option<String> = row.get(5)?;
            let selected = selected.map(|json| response_from_json(&json).unwrap());
            let (picks, true_false) = match &selected {
                Some(Response::Choice(choice)) => (vec![*choice as u32], false),
                Some(Response::Choices(choices)) => (choices.iter().map(|&c| c as u32).collect(), false),
                Some(Response::TrueFalse(value)) => (vec![u32::from(!*value)], true),
                _ => (Vec::new(), false),
            };
            let answered_at: Option<String> = row.get(6)?;
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                selected.is_some(),
                picks,
                true_false,
                answered_at.map(|time| DateTime::parse_from_rfc3339(&time).unwrap().to_utc()),
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// What `attempt_items` says.
fn kept(conn: &Connection) -> Vec<Question> {
    let catalog = catalog(&mut crate::store::db::Tx::Sqlite(conn)).unwrap();
    let mut statement = conn
        .prepare("SELECT attempt_id, items FROM attempt_items ORDER BY attempt_id")
        .unwrap();
    let mut rows = statement.query([]).unwrap();
    let mut kept = Vec::new();
    let mut questions = Vec::new();
    while let Some(row) = rows.next().unwrap() {
        let id: i64 = row.get(0).unwrap();
        let bytes: Vec<u8> = row.get(1).unwrap();
        codec::decode(&bytes, |_| true, &mut questions).unwrap();
        for question in &questions {
            let entry = catalog.get(question.key).expect("every key is in the catalog");
            kept.push((
                id,
                entry.question_id.clone(),
                entry.topic.clone(),
                question.points,
                question.max_points,
                question.answered,
                question.picks.iter().map(|choice| choice as u32).collect(),
                question.true_false,
                question.answered_at.map(UnixNanos::to_datetime),
            ));
        }
    }
    kept
}

fn assert_in_step(store: &Store) -> Vec<Question> {
    let kept = kept(&store.db.sqlite());
    assert_eq!(kept, expected(&store.db.sqlite()));
    kept
}

#[test]
fn a_begun_attempt_follows_its_answers() {
    let mut store = Store::open_in_memory().unwrap();
    let started = at(0);
    let id = store.begin_attempt(&new_attempt("ana", started, 5)).unwrap();
    assert!(assert_in_step(&store).iter().all(|question| !question.5));
    store.record_answer(id, &answer(0, 2.0, started, 10)).unwrap();
    store.record_answer(id, &answer(1, 0.5, started, 20)).unwrap();
    store
        .record_answer(
            id,
            &AnswerRecord {
                position: 4,
                response: "F".into(),
                selected: Response::TrueFalse(false),
                points: 1.0,
                answered_at: started + chrono::Duration::nanoseconds(1),
            },
        )
        .unwrap();
    // A replaced answer replaces everything of the old one.
    store.record_answer(id, &answer(0, 0.0, started, 30)).unwrap();
    let kept = assert_in_step(&store);
    assert_eq!(kept[4].6, [1]);
    assert!(kept[4].7);
    assert!(store.record_answer(id, &answer(9, 1.0, started, 40)).is_err());
    assert_in_step(&store);
}

#[test]
fn saved_attempts_and_regraded_exams_keep_step() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .save_attempts(&[graded("ana", at(0)), graded("ben", at(5))])
        .unwrap();
    assert_eq!(assert_in_step(&store).len(), 8);
    let first = exam_graded("cleo", at(10));
    store
        .save_exam_grades(&[ExamGrade::New(first.clone())], at(20))
        .unwrap();
    assert_in_step(&store);
    // The corrected sheet moves every question to another topic and drops
    // an answer.
    let previous = store.exam_attempts("ex-1").unwrap().remove(0);
    let mut corrected = on_topic(first, "burns");
    corrected.answers.pop();
    store
        .save_exam_grades(
            &[ExamGrade::Regrade {
                previous,
                graded: corrected,
            }],
            at(30),
        )
        .unwrap();
    let kept = assert_in_step(&store);
    assert_eq!(kept.len(), 12);
    assert!(kept[8..].iter().all(|question| question.2 == "burns"));
}

#[test]
fn the_migration_fills_the_items_of_an_older_store() {
    // Back to the schema before the tables, as a store of an older build.
    let (_dir, store) = upgraded_store(&format!(
        "{UNDO_SINCE_7} DROP TABLE attempt_items; DROP TABLE question_keys; PRAGMA user_version = 5;"
    ));
    assert_eq!(assert_in_step(&store).len(), 11);
}
