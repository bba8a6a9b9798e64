//! Picking one learner's due questions in a store of 1,000,000 memory
//! states (1,000 learners × 1,000 questions).
//!
//! Run: `cargo bench --bench study`. The store is built once (about a
//! minute) and kept as `target/bench-study-1m.sqlite3`; delete it to rebuild.

use std::collections::HashSet;
use std::path::PathBuf;

use aidquiz::store::{NewReview, Store};
use aidquiz::study::pick::plan;
use aidquiz::study::{Rating, review};
use chrono::{Duration, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};

const LEARNERS: usize = 1_000;
const QUESTIONS: usize = 1_000;

fn store_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-study-1m.sqlite3")
}

fn question(q: usize) -> String {
    format!("question-{q:04}")
}

/// Every learner reviewed every question once, some time in the last 60
/// days, with ratings spread over all four: about a fifth are due "now".
fn build(path: &std::path::Path) {
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 8, 0, 0).unwrap();
    let mut store = Store::open(path).unwrap();
    let learners: Vec<String> = (0..LEARNERS).map(|l| format!("learner-{l:04}")).collect();
    let questions: Vec<String> = (0..QUESTIONS).map(question).collect();
    for chunk in learners.chunks(50) {
        let mut reviews = Vec::with_capacity(chunk.len() * QUESTIONS);
        for (l, learner) in chunk.iter().enumerate() {
            for (q, id) in questions.iter().enumerate() {
                let at = start + Duration::hours(((l * 7919 + q * 104_729) % (60 * 24)) as i64);
                let rating = Rating::ALL[(l + q) % 4];
                let after = review(None, rating, at, 1);
                let review = NewReview {
                    learner,
                    question_id: id,
                    topic: "cpr",
                    attempt_id: None,
                    rating,
                    credit: if rating == Rating::Again { 0.0 } else { 1.0 },
                    reviewed_at: at,
                };
                reviews.push((review, after));
            }
        }
        store.record_reviews(&reviews).unwrap();
    }
}

fn picking(c: &mut Criterion) {
    let path = store_path();
    if !path.exists() {
        build(&path);
    }
    let store = Store::open(&path).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap();
    let pool: Vec<String> = (0..QUESTIONS + 100).map(question).collect();
    let pool: Vec<&str> = pool.iter().map(String::as_str).collect();
    let due = store.due_questions("learner-0500", now).unwrap();
    assert!(!due.is_empty() && due.len() < QUESTIONS, "{} due", due.len());

    let mut group = c.benchmark_group("study-1m-memory-states");
    // As `aidquiz study` does it: the learner's states (for what is new),
    // the due ones most overdue first, and the plan.
    group.bench_function("one learner's session plan (states + due + plan)", |b| {
        b.iter(|| {
            let states = store.memory_states("learner-0500").unwrap();
            let seen: HashSet<&str> = states.iter().map(|(id, _)| id.as_str()).collect();
            let due = store.due_questions("learner-0500", now).unwrap();
            plan(&due, &pool, &seen, 10, 50).len()
        });
    });
    group.bench_function("due questions alone (indexed query)", |b| {
        b.iter(|| store.due_questions("learner-0500", now).unwrap().len());
    });
    group.finish();
}

criterion_group!(benches, picking);
criterion_main!(benches);
