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
