//! Streaming attempts for reports: filters, order, topics, query plans.

use chrono::Duration;

use super::{AttemptFilter, Detail};
use crate::record::AttemptId;
use crate::response::Response;
use crate::store::Store;
use crate::store::testing::{at, graded};

/// ana at 0 and 60 minutes, ben at 30, cleo's exam at 90.
fn store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let mut exam = graded("cleo", at(90));
    exam.attempt.exam_id = Some("ex-1".into());
    store
        .save_attempts(&[
            graded("ana", at(0)),
            graded("ben", at(30)),
            graded("ana", at(60)),
            exam,
        ])
        .unwrap();
    store
}

fn streamed(store: &Store, filter: &AttemptFilter, detail: Detail) -> Vec<(AttemptId, String, usize)> {
    let mut seen = Vec::new();
    store
        .for_each_attempt::<crate::store::StoreError>(filter, detail, |attempt| {
            seen.push((attempt.id, attempt.learner.clone(), attempt.questions.len()));
            Ok(())
        })
        .unwrap();
    seen
}

#[test]
fn every_attempt_comes_whole_in_the_order_recorded() {
    let store = store();
    let seen = streamed(&store, &AttemptFilter::default(), Detail::default());
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
    assert_eq!(streamed(&store, &ana, Detail::default()).len(), 2);
    let ana_later = AttemptFilter {
        since: Some(at(30)),
        ..ana.clone()
    };
    assert_eq!(streamed(&store, &ana_later, Detail::default()).len(), 1);
    assert_eq!(store.count_attempts(&ana_later).unwrap(), 1);
    let before = AttemptFilter {
        before: Some(at(30)),
        ..AttemptFilter::default()
    };
    assert_eq!(streamed(&store, &before, Detail::default()).len(), 1);
    let exam = AttemptFilter {
        exam_id: Some("ex-1".into()),
        ..AttemptFilter::default()
    };
    assert_eq!(streamed(&store, &exam, Detail::default())[0].1, "cleo");
    let nobody = AttemptFilter {
        learner: Some("ana".into()),
        exam_id: Some("ex-1".into()),
        ..AttemptFilter::default()
    };
    assert!(streamed(&store, &nobody, Detail::default()).is_empty());
    assert_eq!(store.count_attempts(&nobody).unwrap(), 0);
}

#[test]
fn a_topic_filter_keeps_only_that_topics_questions() {
    let store = store();
    let cpr = AttemptFilter {
        topic: Some("cpr".into()),
        ..AttemptFilter::default()
    };
    let seen = streamed(&store, &cpr, Detail::default());
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
fn answers_are_read_only_when_asked_for() {
    let store = store();
    let mut first = None;
    store
        .for_each_attempt::<crate::store::StoreError>(
            &AttemptFilter::default(),
            Detail { answers: true },
            |attempt| {
                first.get_or_insert_with(|| attempt.clone());
                Ok(())
            },
        )
        .unwrap();
    let attempt = first.unwrap();
    let question = &attempt.questions[0];
    assert_eq!(question.selected, Some(Response::Choices(vec![0, 2])));
    assert_eq!(question.answered_at, Some(at(0) + Duration::seconds(20)));
    // Position 2 was not answered.
    assert_eq!(attempt.questions[2].selected, None);
    assert_eq!(attempt.finished_at, Some(at(0) + Duration::seconds(90)));
    let mut plain = None;
    store
        .for_each_attempt::<crate::store::StoreError>(
            &AttemptFilter::default(),
            Detail::default(),
            |attempt| {
                plain.get_or_insert_with(|| attempt.clone());
                Ok(())
            },
        )
        .unwrap();
    assert_eq!(plain.unwrap().questions[0].selected, None);
}

#[test]
fn the_topic_list_seeks_the_index_instead_of_reading_every_response() {
    let store = store();
    let plan: Vec<String> = store
        .conn
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
        let sql = super::narrowed(include_str!("stream.sql"), filter);
        let mut statement = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let params = filter.params();
        let params: Vec<&dyn rusqlite::ToSql> = params.iter().map(|p| p.as_ref()).collect();
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
        include_str!("stream.sql"),
    ] {
        assert!(
            sql.contains(super::BY_LEARNER.0) && sql.contains(super::BY_EXAM.0),
            "{sql}"
        );
    }
}

/// (id, learner, [(topic, score, max_score)]) per attempt streamed.
type Summed = Vec<(AttemptId, String, Vec<(String, f64, f64)>)>;

#[test]
fn topic_sums_stream_the_attempts_their_questions_would() {
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
            ..AttemptFilter::default()
        },
    ];
    for filter in &filters {
        let mut from_questions: Summed = Vec::new();
        store
            .for_each_attempt::<crate::store::StoreError>(filter, Detail::default(), |attempt| {
                let mut sums: Vec<(String, f64, f64)> = Vec::new();
                let mut topics: Vec<&str> = attempt.questions.iter().map(|q| q.topic.as_str()).collect();
                topics.sort_unstable();
                topics.dedup();
                for topic in topics {
                    let on = attempt.questions.iter().filter(|q| q.topic == topic);
                    let (score, max) = on.fold((0.0, 0.0), |(s, m), q| (s + q.points, m + q.max_points));
                    sums.push((topic.to_owned(), score, max));
                }
                from_questions.push((attempt.id, attempt.learner.clone(), sums));
                Ok(())
            })
            .unwrap();
        let mut from_sums: Summed = Vec::new();
        store
            .for_each_attempt_topics::<crate::store::StoreError>(filter, |attempt, sums| {
                assert!(attempt.questions.is_empty());
                let sums = sums
                    .iter()
                    .map(|sum| (sum.topic.clone(), sum.score, sum.max_score))
                    .collect();
                from_sums.push((attempt.id, attempt.learner.clone(), sums));
                Ok(())
            })
            .unwrap();
        assert!(!from_sums.is_empty(), "{filter:?}");
        assert_eq!(from_sums, from_questions, "{filter:?}");
    }
}
