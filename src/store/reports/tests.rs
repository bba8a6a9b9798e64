//! Streaming attempts for reports: filters, order, topics, query plans.

use chrono::Duration;

use super::AttemptFilter;
use crate::record::AttemptId;
use crate::store::testing::{at, exam_graded, graded, upgraded_store};
use crate::store::{ReportQuestion, Store, StoreError, UnixNanos};

/// ana at 0 and 60 minutes, ben at 30, cleo's exam at 90.
fn store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    store
        .save_attempts(&[
            graded("ana", at(0)),
            graded("ben", at(30)),
            graded("ana", at(60)),
            exam_graded("cleo", at(90)),
        ])
        .unwrap();
    store
}

fn streamed(store: &Store, filter: &AttemptFilter) -> Vec<(AttemptId, String, usize)> {
    let mut seen = Vec::new();
    store
        .for_each_attempt::<crate::store::StoreError>(filter, |attempt, questions, _| {
            seen.push((attempt.id, attempt.learner.clone(), questions.len()));
            Ok(())
        })
        .unwrap();
    seen
}

#[test]
fn every_attempt_comes_whole_in_the_order_recorded() {
    let store = store();
    let seen = streamed(&store, &AttemptFilter::default());
    let learners: Vec<&str> = seen.iter().map(|(_, learner, _)| learner.as_str()).collect();
    assert_eq!(learners, ["ana", "ben", "ana", "cleo"]);
    assert!(seen.iter().all(|(_, _, questions)| *questions == 4));
    assert!(seen.windows(2).all(|pair| pair[0].0 < pair[1].0));
    assert_eq!(store.count_attempts(&AttemptFilter::default()).unwrap(), 4);
}

#[test]
fn filters_combine() {
    let store = store();
    let ana = AttemptFilter {
        learner: Some("ana".into()),
        ..AttemptFilter::default()
    };
    assert_eq!(streamed(&store, &ana).len(), 2);
    let ana_later = AttemptFilter {
        since: Some(at(30)),
        ..ana.clone()
    };
    assert_eq!(streamed(&store, &ana_later).len(), 1);
    assert_eq!(store.count_attempts(&ana_later).unwrap(), 1);
    let before = AttemptFilter {
        before: Some(at(30)),
        ..AttemptFilter::default()
    };
    assert_eq!(streamed(&store, &before).len(), 1);
    let exam = AttemptFilter {
        exam_id: Some("ex-1".into()),
        ..AttemptFilter::default()
    };
    assert_eq!(streamed(&store, &exam)[0].1, "cleo");
    let nobody = AttemptFilter {
        learner: Some("ana".into()),
        exam_id: Some("ex-1".into()),
        ..AttemptFilter::default()
    };
    assert!(streamed(&store, &nobody).is_empty());
    assert_eq!(store.count_attempts(&nobody).unwrap(), 0);
}

#[test]
fn a_topic_filter_keeps_only_that_topics_questions() {
    let store = store();
    let cpr = AttemptFilter {
        topic: Some("cpr".into()),
        ..AttemptFilter::default()
    };
    let seen = streamed(&store, &cpr);
    assert_eq!(seen.len(), 4);
    assert!(seen.iter().all(|(_, _, questions)| *questions == 2));
    assert_eq!(store.report_topics(&cpr).unwrap(), ["cpr"]);
    assert_eq!(
        store.report_topics(&AttemptFilter::default()).unwrap(),
        ["bleeding", "cpr"]
    );
    let none = AttemptFilter {
        topic: Some("burns".into()),
        ..AttemptFilter::default()
    };
    assert!(store.report_topics(&none).unwrap().is_empty());
    assert_eq!(store.count_attempts(&none).unwrap(), 0);
}

#[test]
fn questions_come_with_their_answers_and_the_catalog_names_them() {
    let store = store();
    let mut first = None;
    store
        .for_each_attempt::<crate::store::StoreError>(
            &AttemptFilter::default(),
            |attempt, questions, catalog| {
                first.get_or_insert_with(|| (attempt.clone(), questions.to_vec(), catalog.clone()));
                Ok(())
            },
        )
        .unwrap();
    let (attempt, questions, catalog) = first.unwrap();
    assert_eq!(attempt.finished_at, Some(at(0) + Duration::seconds(90)));
    let named: Vec<(&str, &str)> = questions
        .iter()
        .map(|q| {
            let entry = catalog.get(q.key).unwrap();
            (entry.question_id.as_str(), entry.topic.as_str())
        })
        .collect();
    assert_eq!(
        named,
        [
            ("cpr-000", "cpr"),
            ("cpr-001", "bleeding"),
            ("cpr-002", "cpr"),
            ("cpr-003", "bleeding")
        ]
    );
    let question = &questions[0];
    assert_eq!((question.points, question.max_points), (2.0, 2.0));
    assert!(question.answered && !question.true_false);
    assert_eq!(question.picks.iter().collect::<Vec<_>>(), [0, 2]);
    assert_eq!(question.answered_at, UnixNanos::of(at(0) + Duration::seconds(20)));
    // A written answer picks no choice.
    assert!(questions[1].answered && questions[1].picks.is_empty());
    // Position 2 was not answered.
    assert!(!questions[2].answered);
    assert_eq!(questions[2].answered_at, None);
}

#[test]
fn the_topic_list_seeks_the_index_instead_of_reading_every_response() {
    let store = store();
    let plan: Vec<String> = store
        .db
        .sqlite()
        .prepare(&format!("EXPLAIN QUERY PLAN {}", include_str!("topics.sql")))
        .unwrap()
        .query_map([], |row| row.get(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let plan = plan.join("\n");
    assert!(plan.contains("responses_topic"), "{plan}");
    assert!(
        !plan.contains("SCAN r\n") && !plan.contains("SCAN responses\n"),
        "{plan}"
    );
}

#[test]
fn a_learner_or_an_exam_is_found_by_index() {
    let store = store();
    let plan = |filter: &AttemptFilter| -> String {
        let sql = super::narrowed(crate::store::db::sql!("stream_items.sql"), filter).sqlite;
        let conn = store.db.sqlite();
        let mut statement = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let params = filter.params();
        let params: Vec<&dyn rusqlite::ToSql> = params.iter().map(|p| p as &dyn rusqlite::ToSql).collect();
        statement
            .query_map(params.as_slice(), |row| row.get::<_, String>(3))
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
            .join("\n")
    };
    let learner = AttemptFilter {
        learner: Some("ana".into()),
        ..AttemptFilter::default()
    };
    assert!(
        plan(&learner).contains("attempts_learner_started"),
        "{}",
        plan(&learner)
    );
    let exam = AttemptFilter {
        exam_id: Some("ex-1".into()),
        ..AttemptFilter::default()
    };
    assert!(plan(&exam).contains("attempts_exam_learner"), "{}", plan(&exam));
    for sql in [
        include_str!("count.sql"),
        include_str!("filtered_topics.sql"),
        include_str!("stream_items.sql"),
    ] {
        assert!(
            sql.contains(super::BY_LEARNER.0) && sql.contains(super::BY_EXAM.0),
            "{sql}"
        );
    }
}

/// (id, learner, [(topic, score, max_score)]) per attempt streamed.
type Summed = Vec<(AttemptId, String, Vec<(String, f64, f64)>)>;

/// The same from `responses`, with the filters written out in plain SQL.
fn summed_from_responses(store: &Store, filter: &AttemptFilter) -> Summed {
    let conn = store.db.sqlite();
    let mut statement = conn
        .prepare(
            "SELECT a.id, a.learner, r.topic, sum(r.points), sum(r.max_points)
             FROM attempts AS a JOIN responses AS r ON r.attempt_id = a.id
             WHERE (?1 IS NULL OR a.learner = ?1) AND (?2 IS NULL OR a.exam_id = ?2)
                 AND (?3 IS NULL OR r.topic = ?3)
                 AND (?4 IS NULL OR a.started_at >= ?4) AND (?5 IS NULL OR a.started_at < ?5)
             GROUP BY a.id, r.topic ORDER BY a.id, r.topic",
        )
        .unwrap();
    let params = filter.params();
    let params: Vec<&dyn rusqlite::ToSql> = params.iter().map(|p| p as &dyn rusqlite::ToSql).collect();
    let mut summed: Summed = Vec::new();
    let mut rows = statement.query(params.as_slice()).unwrap();
    while let Some(row) = rows.next().unwrap() {
        let id = AttemptId(row.get(0).unwrap());
        if summed.last().is_none_or(|(last, ..)| *last != id) {
            summed.push((id, row.get(1).unwrap(), Vec::new()));
        }
        let sum = (row.get(2).unwrap(), row.get(3).unwrap(), row.get(4).unwrap());
        summed.last_mut().unwrap().2.push(sum);
    }
    summed
}

#[test]
fn the_stream_covers_what_the_responses_say_under_every_filter() {
    let store = store();
    let filters = [
        AttemptFilter::default(),
        AttemptFilter {
            topic: Some("cpr".into()),
            ..AttemptFilter::default()
        },
        AttemptFilter {
            learner: Some("ana".into()),
            since: Some(at(30)),
            ..AttemptFilter::default()
        },
        AttemptFilter {
            exam_id: Some("ex-1".into()),
            topic: Some("bleeding".into()),
            ..AttemptFilter::default()
        },
        AttemptFilter {
            before: Some(at(60)),
            ..AttemptFilter::default()
        },
    ];
    for filter in &filters {
        let mut from_questions: Summed = Vec::new();
        store
            .for_each_attempt::<crate::store::StoreError>(filter, |attempt, questions, catalog| {
                let topic_of = |q: &ReportQuestion| catalog.get(q.key).unwrap().topic.as_str();
                let mut sums: Vec<(String, f64, f64)> = Vec::new();
                let mut topics: Vec<&str> = questions.iter().map(topic_of).collect();
                topics.sort_unstable();
                topics.dedup();
                for topic in topics {
                    let on = questions.iter().filter(|q| topic_of(q) == topic);
                    let (score, max) = on.fold((0.0, 0.0), |(s, m), q| (s + q.points, m + q.max_points));
                    sums.push((topic.to_owned(), score, max));
                }
                from_questions.push((attempt.id, attempt.learner.clone(), sums));
                Ok(())
            })
            .unwrap();
        let expected = summed_from_responses(&store, filter);
        assert!(!expected.is_empty(), "{filter:?}");
        assert_eq!(from_questions, expected, "{filter:?}");
        assert_eq!(
            store.count_attempts(filter).unwrap(),
            expected.len() as u64,
            "{filter:?}"
        );
    }
}

#[test]
fn a_damaged_value_is_a_clear_error_not_a_panic() {
    let run = |damage: &str| -> String {
        let store = store();
        store.db.sqlite().execute_batch(damage).unwrap();
        let result =
            store.for_each_attempt::<crate::store::StoreError>(&AttemptFilter::default(), |_, _, _| Ok(()));
        match result {
            Err(error @ crate::store::StoreError::Corrupt { .. }) => error.to_string(),
            other => panic!("{other:?}"),
        }
    };
    let cut = run("UPDATE attempt_items SET items = substr(items, 1, 12) WHERE attempt_id = 2");
    assert!(
        cut.contains("the questions of attempt 2 are unreadable: a value cut short at byte 12"),
        "{cut}"
    );
    let unknown = run("DELETE FROM question_keys WHERE question_id = 'cpr-001'");
    assert!(unknown.contains("attempt 1 names question key"), "{unknown}");
    assert!(unknown.contains("left unchanged"), "{unknown}");
}

#[test]
fn an_upgrade_takes_exam_titles_and_versions_from_the_selections_and_skips_one_that_is_not_json() {
    let (_dir, store) = upgraded_store(
        r#"UPDATE attempts SET exam_id = 'ex-9', selection = 'not json' WHERE id = 1;
           UPDATE attempts SET exam_id = 'ex-9',
               selection = '{"exam": {"title": "Final", "version": "B"}, "count": 4}' WHERE id = 2;
           UPDATE attempts SET selection = '{"exam": {"title": "A quiz has none"}}' WHERE id = 3;"#,
    );
    let mut seen = Vec::new();
    store
        .for_each_attempt::<StoreError>(&AttemptFilter::default(), |attempt, _, _| {
            seen.push((attempt.id.0, attempt.exam_title, attempt.exam_version));
            Ok(())
        })
        .unwrap();
    assert_eq!(
        seen,
        [
            (1, None, None),
            (2, Some("Final".to_owned()), Some("B".to_owned())),
            (3, None, None)
        ]
    );
}
