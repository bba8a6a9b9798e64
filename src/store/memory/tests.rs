//! The order of due questions comes from the store's query, not the caller.

use chrono::{DateTime, Duration, Utc};

use crate::store::Store;
use crate::store::reviews::NewReview;
use crate::store::testing::at;
use crate::study::{MemoryState, Phase, Rating};

fn due_at(due: DateTime<Utc>) -> MemoryState {
    MemoryState {
        stability: 2.5,
        difficulty: 5.0,
        due,
        last_review: at(-3 * 24 * 60),
        reps: 1,
        lapses: 0,
        phase: Phase::Review,
        elapsed_days: 0,
        scheduled_days: 2,
        revision: 1,
    }
}

fn review<'a>(learner: &'a str, question_id: &'a str) -> NewReview<'a> {
    NewReview {
        learner,
        question_id,
        topic: "cpr",
        attempt_id: None,
        rating: Rating::Good,
        credit: 1.0,
        reviewed_at: at(-3 * 24 * 60),
    }
}

#[test]
fn due_questions_come_most_overdue_first_whatever_order_they_were_saved_in() {
    let now = at(0);
    let hours = |h: i64| now - Duration::hours(h);
    let mut store = Store::open_in_memory().unwrap();
    // Saved neither in due order nor in id order; `b-tie` and `a-tie` are
    // due at the same moment, `later` is not due yet, and ben's question is
    // not ana's.
    store
        .record_reviews(&[
            (review("ana", "mid"), due_at(hours(5))),
            (review("ana", "later"), due_at(now + Duration::minutes(1))),
            (review("ana", "b-tie"), due_at(hours(30))),
            (review("ana", "just-now"), due_at(now)),
            (review("ben", "bens"), due_at(hours(100))),
            (review("ana", "oldest"), due_at(hours(48))),
            (review("ana", "a-tie"), due_at(hours(30))),
        ])
        .unwrap();
    let due = store.due_questions("ana", now).unwrap();
    assert_eq!(
        due,
        [
            ("oldest".to_owned(), hours(48)),
            ("a-tie".to_owned(), hours(30)),
            ("b-tie".to_owned(), hours(30)),
            ("mid".to_owned(), hours(5)),
            ("just-now".to_owned(), now),
        ]
    );
}
