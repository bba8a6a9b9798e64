//! Grading a sheet in batches: each learner whole or not at all, a rerun
//! completing an interrupted one, names matched ignoring case.

use super::{SHEET_BATCH, SheetOutcome};
use crate::record::GradedAttempt;
use crate::store::Store;
use crate::store::testing::{at, exam_graded};

fn reviews(store: &Store) -> i64 {
    store
        .db
        .sqlite()
        .query_row("SELECT count(*) FROM reviews", [], |row| row.get(0))
        .unwrap()
}

fn outcomes(store: &mut Store, rows: &[GradedAttempt]) -> Vec<SheetOutcome> {
    let rows: Vec<&GradedAttempt> = rows.iter().collect();
    store
        .grade_sheet("ex-1", &rows, at(100), &mut |_| {})
        .unwrap()
        .into_iter()
        .map(|(_, outcome)| outcome)
        .collect()
}

/// A run killed after its first batch leaves those learners graded with
/// their reviews and the rest untouched; running again grades the rest,
/// once, and counts no review twice.
#[test]
fn a_rerun_completes_an_interrupted_grading_without_counting_a_review_twice() {
    let mut store = Store::open_in_memory().unwrap();
    let rows: Vec<GradedAttempt> = (0..=SHEET_BATCH)
        .map(|n| exam_graded(&format!("learner {n}"), at(0)))
        .collect();
    // Each graded attempt answers three questions: three reviews.
    let first = outcomes(&mut store, &rows[..SHEET_BATCH]);
    assert!(first.iter().all(|o| *o == SheetOutcome::New));
    assert_eq!(reviews(&store), 3 * SHEET_BATCH as i64);

    let again = outcomes(&mut store, &rows);
    assert_eq!(
        again.iter().filter(|o| **o == SheetOutcome::Unchanged).count(),
        SHEET_BATCH
    );
    assert_eq!(again[SHEET_BATCH], SheetOutcome::New);
    assert_eq!(reviews(&store), 3 * (SHEET_BATCH as i64 + 1));
}

#[test]
fn a_learner_is_matched_ignoring_case_and_keeps_the_first_spelling() {
    let mut store = Store::open_in_memory().unwrap();
    outcomes(&mut store, &[exam_graded("Ana Pereira", at(0))]);
    let mut corrected = exam_graded("ana pereira", at(0));
    corrected.answers.pop();
    assert_eq!(outcomes(&mut store, &[corrected]), [SheetOutcome::Regraded]);
    let attempts = store.attempts_for_learner("ana pereira").unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].learner, "Ana Pereira");
    assert_eq!(attempts[0].earlier_grades.len(), 1);
}

/// New learners of a batch are written together; one named again in the
/// same batch (a corrected row further down the sheet) is the same learner,
/// regraded, not a second attempt.
#[test]
fn a_learner_named_twice_in_one_batch_is_graded_then_regraded() {
    let mut store = Store::open_in_memory().unwrap();
    let mut corrected = exam_graded("CLEO", at(0));
    corrected.answers.pop();
    let sheet = [
        exam_graded("cleo", at(0)),
        exam_graded("dee", at(0)),
        corrected,
        exam_graded("eli", at(0)),
    ];
    assert_eq!(
        outcomes(&mut store, &sheet),
        [
            SheetOutcome::New,
            SheetOutcome::New,
            SheetOutcome::Regraded,
            SheetOutcome::New
        ]
    );
    let cleo = store.attempts_for_learner("Cleo").unwrap();
    assert_eq!(cleo.len(), 1);
    assert_eq!(
        (cleo[0].learner.as_str(), cleo[0].earlier_grades.len()),
        ("cleo", 1)
    );
    // Ids follow the sheet's order, as when each was saved in turn.
    let ids: Vec<i64> = ["cleo", "dee", "eli"]
        .iter()
        .map(|name| store.attempts_for_learner(name).unwrap()[0].id.0)
        .collect();
    assert!(ids.is_sorted(), "{ids:?}");
    // The first grade's three reviews; the correction counts none.
    assert_eq!(reviews(&store), 9);
}

/// A learner who studied before builds on that memory: the sheet's answer
/// is one more review of the question, not a first one.
#[test]
fn a_sheet_builds_on_the_memory_a_learner_already_has() {
    let mut store = Store::open_in_memory().unwrap();
    let studied = crate::study::review(None, crate::study::Rating::Good, at(50), 1);
    let review = crate::store::NewReview {
        learner: "Ana",
        question_id: "cpr-000",
        topic: "cpr",
        attempt_id: None,
        rating: crate::study::Rating::Good,
        credit: 1.0,
        reviewed_at: at(50),
    };
    store.record_review(&review, &studied).unwrap();
    outcomes(
        &mut store,
        &[exam_graded("ana", at(90)), exam_graded("ben", at(90))],
    );
    let memory = |learner: &str, question: &str| {
        store
            .memory_states(learner)
            .unwrap()
            .into_iter()
            .find(|(id, _)| id == question)
            .map(|(_, state)| state)
    };
    let ana = memory("ana", "cpr-000").unwrap();
    assert_eq!(ana.reps, studied.reps + 1);
    assert_eq!(
        ana,
        crate::study::review(Some(&studied), crate::study::Rating::Good, at(100), 1)
    );
    // Questions new to her, and Ben's, start afresh.
    assert_eq!(memory("ben", "cpr-000").unwrap().reps, 1);
    assert_eq!(memory("ana", "cpr-003").unwrap().reps, 1);
}
