//! Every write path keeps `attempt_topics` equal to a GROUP BY over
//! `responses`, and the migration fills it for stores written before it.

use rusqlite::Connection;

use crate::record::AttemptId;
use crate::store::testing::{
    UNDO_SINCE_7, answer, at, exam_graded, graded, new_attempt, on_topic, upgraded_store,
};
use crate::store::{ExamGrade, Store};

type Sums = Vec<(i64, String, f64, f64)>;

fn read(conn: &Connection, sql: &str) -> Sums {
    let mut statement = conn.prepare(sql).unwrap();
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// The table's rows, and the sums a GROUP BY over `responses` gives.
fn kept_and_expected(conn: &Connection) -> (Sums, Sums) {
    (
        read(
            conn,
            "SELECT attempt_id, topic, score, max_score FROM attempt_topics ORDER BY 1, 2",
        ),
        read(
            conn,
            "SELECT attempt_id, topic, sum(points), sum(max_points) FROM responses
             GROUP BY attempt_id, topic ORDER BY 1, 2",
        ),
    )
}

fn assert_in_step(store: &Store) -> Sums {
    let (kept, expected) = kept_and_expected(&store.db.sqlite());
    assert_eq!(kept, expected);
    kept
}

#[test]
fn a_begun_attempt_has_zero_sums_that_follow_its_answers() {
    let mut store = Store::open_in_memory().unwrap();
    let started = at(0);
    let id = store.begin_attempt(&new_attempt("ana", started, 5)).unwrap();
    // Questions 0, 2, 4 are cpr (2 + 1 + 1 points), 1 and 3 bleeding (1 + 2).
    assert_eq!(
        assert_in_step(&store),
        [
            (id.0, "bleeding".to_owned(), 0.0, 3.0),
            (id.0, "cpr".to_owned(), 0.0, 4.0)
        ]
    );
    store.record_answer(id, &answer(0, 2.0, started, 10)).unwrap();
    store.record_answer(id, &answer(3, 1.5, started, 20)).unwrap();
    assert_in_step(&store);
    // A replaced answer replaces its points in the sum.
    store.record_answer(id, &answer(0, 0.5, started, 30)).unwrap();
    assert_eq!(
        assert_in_step(&store),
        [
            (id.0, "bleeding".to_owned(), 1.5, 3.0),
            (id.0, "cpr".to_owned(), 0.5, 4.0)
        ]
    );
    // An answer past the last question changes nothing.
    assert!(store.record_answer(id, &answer(9, 1.0, started, 40)).is_err());
    assert_in_step(&store);
}

#[test]
fn saved_attempts_come_with_their_sums() {
    let mut store = Store::open_in_memory().unwrap();
    let ids = store
        .save_attempts(&[graded("ana", at(0)), graded("ben", at(5))])
        .unwrap();
    let kept = assert_in_step(&store);
    assert_eq!(kept.len(), 4);
    assert!(kept.iter().all(|(id, ..)| ids.contains(&AttemptId(*id))));
}

#[test]
fn exam_grades_new_and_regraded_keep_the_sums() {
    let mut store = Store::open_in_memory().unwrap();
    let first = exam_graded("cleo", at(0));
    store
        .save_exam_grades(&[ExamGrade::New(first.clone())], at(10))
        .unwrap();
    assert_in_step(&store);
    // The corrected sheet is of another version, on other topics, so the
    // old topics' rows must go.
    let previous = store.exam_attempts("ex-1").unwrap().remove(0);
    store
        .save_exam_grades(
            &[
                ExamGrade::Regrade {
                    previous,
                    graded: on_topic(first, "burns"),
                },
                ExamGrade::New(exam_graded("dan", at(1))),
            ],
            at(20),
        )
        .unwrap();
    let kept = assert_in_step(&store);
    assert_eq!(kept.len(), 3);
    assert_eq!(kept[0].1, "burns");
    assert_eq!((kept[0].2, kept[0].3), (3.5, 6.0));
}

#[test]
fn the_migration_fills_the_sums_of_an_older_store() {
    // Back to the schema before the table, as a store of an older build.
    let (_dir, store) = upgraded_store(&format!(
        "{UNDO_SINCE_7} DROP TABLE attempt_topics; DROP TABLE attempt_items; DROP TABLE question_keys;
         PRAGMA user_version = 4;"
    ));
    assert_eq!(assert_in_step(&store).len(), 6);
}
