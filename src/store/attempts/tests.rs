//! Writing attempts and reading them back.

use chrono::Duration;
use serde_json::json;

use crate::record::{AnswerRecord, Attempt, AttemptId, BankRef, GradedAttempt, Mode, QuestionRecord, Status};
use crate::response::Response;
use crate::store::testing::{answer, at, graded, new_attempt};
use crate::store::{Store, StoreError};

/// The attempt `attempts_for_learner` should give back for a graded one.
fn expected(id: AttemptId, graded: &GradedAttempt) -> Attempt {
    let new = &graded.attempt;
    let questions: Vec<QuestionRecord> = new
        .questions
        .iter()
        .enumerate()
        .map(|(position, slot)| {
            let answer = graded
                .answers
                .iter()
                .rev()
                .find(|answer| answer.position == position);
            QuestionRecord {
                position,
                question_id: slot.question_id.clone(),
                topic: slot.topic.clone(),
                choice_order: slot.choice_order.clone(),
                response: answer.map(|answer| answer.response.clone()),
                selected: answer.map(|answer| answer.selected.clone()),
                points: answer.map_or(0.0, |answer| answer.points),
                max_points: slot.max_points,
                answered_at: answer.map(|answer| answer.answered_at),
                critical: slot.critical,
                revision: slot.revision,
            }
        })
        .collect();
    Attempt {
        id,
        learner: new.learner.clone(),
        exam_id: new.exam_id.clone(),
        paper: new.paper,
        earlier_grades: Vec::new(),
        mode: new.mode,
        seed: new.seed,
        selection: new.selection.clone(),
        banks: new.banks.clone(),
        started_at: new.started_at,
        finished_at: graded.finished_at,
        time_limit_secs: new.time_limit_secs,
        pass_mark: new.pass_mark,
        status: graded.status,
        score: questions.iter().map(|question| question.points).sum(),
        max_score: questions.iter().map(|question| question.max_points).sum(),
        questions,
    }
}

#[test]
fn begin_answer_finish_reads_back_exactly() {
    let mut store = Store::open_in_memory().unwrap();
    let started = at(0);
    let id = store.begin_attempt(&new_attempt("ana", started, 3)).unwrap();
    store.record_answer(id, &answer(0, 2.0, started, 30)).unwrap();
    store.record_answer(id, &answer(1, 0.5, started, 75)).unwrap();
    store
        .finish_attempt(id, Status::TimedOut, started + Duration::minutes(15))
        .unwrap();

    let attempts = store.attempts_for_learner("ana").unwrap();

    let question = |position: usize, topic: &str, max_points: f64| QuestionRecord {
        position,
        question_id: format!("cpr-{position:03}"),
        topic: topic.into(),
        choice_order: vec![2, 0, 3, 1],
        response: None,
        selected: None,
        points: 0.0,
        max_points,
        answered_at: None,
        critical: false,
        revision: 1,
    };
    let want = Attempt {
        id,
        learner: "ana".into(),
        exam_id: None,
        paper: false,
        earlier_grades: Vec::new(),
        mode: Mode::Exam,
        seed: u64::MAX - 41,
        selection: json!({ "count": 3, "topics": ["cpr", "bleeding"], "shuffle": true }),
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
        started_at: started,
        finished_at: Some(started + Duration::minutes(15)),
        time_limit_secs: Some(900),
        pass_mark: 80.0,
        status: Status::TimedOut,
        score: 2.5,
        max_score: 4.0,
        questions: vec![
            QuestionRecord {
                response: Some("A,C".into()),
                selected: Some(Response::Choices(vec![0, 2])),
                points: 2.0,
                answered_at: Some(started + Duration::seconds(30)),
                ..question(0, "cpr", 2.0)
            },
            QuestionRecord {
                response: Some("A,C".into()),
                selected: Some(Response::Text("A,C".into())),
                points: 0.5,
                answered_at: Some(started + Duration::seconds(75)),
                ..question(1, "bleeding", 1.0)
            },
            question(2, "cpr", 1.0),
        ],
    };
    assert_eq!(attempts, vec![want]);
}

#[test]
fn a_begun_attempt_is_abandoned_with_nothing_scored() {
    let mut store = Store::open_in_memory().unwrap();
    let new = new_attempt("ana", at(0), 4);
    let id = store.begin_attempt(&new).unwrap();

    let attempts = store.attempts_for_learner("ana").unwrap();

    let unanswered = GradedAttempt {
        attempt: new,
        answers: vec![],
        status: Status::Abandoned,
        finished_at: None,
    };
    assert_eq!(attempts, vec![expected(id, &unanswered)]);
    assert_eq!(attempts[0].max_score, 6.0);
}

#[test]
fn score_is_the_sum_of_points_and_a_new_answer_replaces_the_old() {
    let mut store = Store::open_in_memory().unwrap();
    let started = at(0);
    let id = store.begin_attempt(&new_attempt("ana", started, 4)).unwrap();
    let score = |store: &Store| store.attempts_for_learner("ana").unwrap()[0].score;

    store.record_answer(id, &answer(3, 1.0, started, 10)).unwrap();
    assert_eq!(score(&store), 1.0);
    store.record_answer(id, &answer(0, 1.5, started, 20)).unwrap();
    assert_eq!(score(&store), 2.5);
    store.record_answer(id, &answer(0, 0.25, started, 30)).unwrap();
    assert_eq!(score(&store), 1.25);

    let attempt = &store.attempts_for_learner("ana").unwrap()[0];
    assert_eq!(
        attempt.questions[0].answered_at,
        Some(started + Duration::seconds(30))
    );
    let points: f64 = attempt.questions.iter().map(|question| question.points).sum();
    assert_eq!(attempt.score, points);
}

#[test]
fn history_is_newest_first_and_only_the_learners() {
    let mut store = Store::open_in_memory().unwrap();
    let middle = store.begin_attempt(&new_attempt("ana", at(60), 2)).unwrap();
    let newest = store.begin_attempt(&new_attempt("ana", at(120), 2)).unwrap();
    store.begin_attempt(&new_attempt("ben", at(90), 2)).unwrap();
    let oldest = store.begin_attempt(&new_attempt("ana", at(0), 2)).unwrap();
    // Same start: the later stored comes first.
    let tied = store.begin_attempt(&new_attempt("ana", at(60), 2)).unwrap();
    store.begin_attempt(&new_attempt("anabel", at(200), 2)).unwrap();

    let ids: Vec<AttemptId> = store
        .attempts_for_learner("ana")
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();

    assert_eq!(ids, vec![newest, tied, middle, oldest]);
    assert!(store.attempts_for_learner("nobody").unwrap().is_empty());
}

#[test]
fn save_attempts_reads_back_exactly_in_order() {
    let mut store = Store::open_in_memory().unwrap();
    let mut unanswered = graded("ana", at(10));
    unanswered.answers.clear();
    unanswered.status = Status::Abandoned;
    unanswered.finished_at = None;
    let mut study = graded("ana", at(20));
    study.attempt.mode = Mode::Study;
    study.attempt.time_limit_secs = None;
    study.attempt.seed = 7;
    let batch = vec![graded("ana", at(0)), graded("ben", at(5)), unanswered, study];

    let ids = store.save_attempts(&batch).unwrap();

    assert_eq!(ids.len(), 4);
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]));
    let ana = store.attempts_for_learner("ana").unwrap();
    let want: Vec<Attempt> = [3, 2, 0].iter().map(|&i| expected(ids[i], &batch[i])).collect();
    assert_eq!(ana, want);
    assert_eq!(ana[2].score, 3.5);
    assert_eq!(
        store.attempts_for_learner("ben").unwrap(),
        vec![expected(ids[1], &batch[1])]
    );
}

#[test]
fn save_attempts_takes_the_last_answer_to_a_question() {
    let mut store = Store::open_in_memory().unwrap();
    let mut twice = graded("ana", at(0));
    twice.answers.push(answer(0, 0.5, at(0), 80));

    let ids = store.save_attempts(std::slice::from_ref(&twice)).unwrap();

    let attempt = &store.attempts_for_learner("ana").unwrap()[0];
    assert_eq!(attempt, &expected(ids[0], &twice));
    assert_eq!(attempt.score, 2.0);
}

#[test]
fn save_attempts_with_an_answer_past_the_last_question_saves_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let mut bad = graded("ben", at(5));
    bad.answers.push(AnswerRecord {
        position: 4,
        ..answer(0, 1.0, at(5), 10)
    });

    let error = store.save_attempts(&[graded("ana", at(0)), bad]).unwrap_err();

    assert!(
        matches!(
            error,
            StoreError::AnswerOutOfRange {
                position: 4,
                questions: 4,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "the attempt of ben started 2025-03-14 09:05:00 UTC has 4 questions, but an answer is for \
         position 4 (positions start at 0); nothing of this batch was saved to :memory:"
    );
    assert!(store.attempts_for_learner("ana").unwrap().is_empty());
}

#[test]
fn answers_and_endings_for_missing_attempts_or_questions_are_refused() {
    let mut store = Store::open_in_memory().unwrap();
    let id = store.begin_attempt(&new_attempt("ana", at(0), 2)).unwrap();
    let missing = AttemptId(id.0 + 1);

    let error = store
        .record_answer(missing, &answer(0, 1.0, at(0), 5))
        .unwrap_err();
    assert!(
        matches!(error, StoreError::UnknownAttempt { id, .. } if id == missing),
        "{error:?}"
    );
    assert_eq!(error.to_string(), format!(":memory: has no attempt {missing}"));

    let error = store.record_answer(id, &answer(2, 1.0, at(0), 5)).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "attempt {id} in :memory: has 2 questions, so no question at position 2 (positions start at 0)"
        )
    );

    let error = store
        .finish_attempt(missing, Status::Completed, at(1))
        .unwrap_err();
    assert!(matches!(error, StoreError::UnknownAttempt { .. }), "{error:?}");

    // Nothing changed by the refusals.
    let attempt = &store.attempts_for_learner("ana").unwrap()[0];
    assert_eq!((attempt.status, attempt.score), (Status::Abandoned, 0.0));
}

/// The history of one learner must stay fast in a store of a million
/// attempts: both reads go through an index, and the order needs no sort.
#[test]
fn a_learners_history_is_read_through_indexes_without_sorting() {
    let store = Store::open_in_memory().unwrap();
    let plan = |sql: &str| -> String {
        let conn = store.db.sqlite();
        let mut explain = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let details = explain.query_map([1], |row| row.get::<_, String>(3)).unwrap();
        details.collect::<Result<Vec<_>, _>>().unwrap().join("; ")
    };

    let attempts = plan(include_str!("for_learner.sql"));
    let responses = plan(include_str!("../responses/for_attempt.sql"));

    assert_eq!(
        attempts,
        "SEARCH attempts USING INDEX attempts_learner_started (learner=?)"
    );
    assert_eq!(
        responses,
        "SEARCH responses USING INDEX sqlite_autoindex_responses_1 (attempt_id=?)"
    );
}
