//! One learner, however the name is typed.

use crate::store::Store;
use crate::store::testing::{UNDO_SINCE_9, at, graded, new_attempt, upgraded_store};

#[test]
fn a_learner_is_found_and_recorded_under_the_first_spelling() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .begin_attempt(&new_attempt("Ana Pereira", at(0), 2))
        .unwrap();
    store
        .begin_attempt(&new_attempt("ana  pereira ", at(5), 2))
        .unwrap();
    store.save_attempts(&[graded("ANA PEREIRA", at(9))]).unwrap();
    let attempts = store.attempts_for_learner("ana pereira").unwrap();
    assert_eq!(attempts.len(), 3);
    assert!(attempts.iter().all(|a| a.learner == "Ana Pereira"));
    assert_eq!(store.learner_name("ANA pereira").unwrap(), "Ana Pereira");
    // Case folds in every script, not only ASCII.
    store.begin_attempt(&new_attempt("Ødegaard", at(0), 1)).unwrap();
    assert_eq!(store.attempts_for_learner("øDEGAARD").unwrap().len(), 1);
    assert_eq!(store.learner_name("new learner ").unwrap(), "new learner");
}

/// A store from before the learners table holds "ana" and "Ana" apart; the
/// upgrade puts them under the spelling recorded first.
#[test]
fn the_upgrade_joins_the_spellings_of_one_learner() {
    let (_dir, store) = upgraded_store(&format!(
        "{UNDO_SINCE_9} DROP TABLE learners; \
         UPDATE attempts SET learner = 'ANA' WHERE id = 3; \
         PRAGMA user_version = 7;"
    ));
    let attempts = store.attempts_for_learner("Ana").unwrap();
    assert_eq!(attempts.len(), 2, "both of ana's attempts, under one name");
    assert!(attempts.iter().all(|a| a.learner == "ana"));
    assert_eq!(store.learner_name("ANA").unwrap(), "ana");
}
