//! Saving 100,000 graded exams with `Store::save_attempts` against the floor
//! of bare rusqlite inserts of the same rows, and reading one learner's
//! history from a store of 1,000,000 attempts.
//!
//! Run: `cargo bench --bench store`. Results go in BENCHMARKS.md. The
//! million-attempt store is built once (a few minutes) and kept as
//! `target/bench-store-1m.sqlite3`; delete it to rebuild.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use aidquiz::record::GradedAttempt;
use aidquiz::store::Store;
use chrono::{DateTime, SecondsFormat, Utc};
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use rusqlite::{Connection, params};

mod support;

use support::{HISTORY_STORE, LEARNERS, QUESTIONS, graded_attempt, history_store};

const BATCH: usize = 100_000;

/// A fresh file with the store's schema and pragmas, opened with rusqlite
/// alone.
fn bare_store(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
        .unwrap();
    conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    conn.execute_batch(include_str!("../src/store/migrations/0001_attempts.sql"))
        .unwrap();
    conn
}

/// The floor: the same rows inserted with rusqlite alone, in one
/// transaction, each statement prepared once, values converted inline with
/// the same formats (JSON text, RFC 3339 with nanoseconds). It relies on
/// every question being answered in order, which the store cannot assume.
fn insert_bare(conn: &mut Connection, attempts: &[GradedAttempt]) {
    let time = |time: DateTime<Utc>| time.to_rfc3339_opts(SecondsFormat::Nanos, true);
    let tx = conn.transaction().unwrap();
    {
        let mut insert_attempt = tx
            .prepare(
                "INSERT INTO attempts (learner, mode, seed, selection, banks, started_at, finished_at, \
                 time_limit_secs, pass_mark, status, score, max_score) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )
            .unwrap();
        let mut insert_response = tx
            .prepare(
                "INSERT INTO responses (attempt_id, position, question_id, topic, choice_order, response, \
                 selected, points, max_points, answered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .unwrap();
        for graded in attempts {
            let attempt = &graded.attempt;
            let score: f64 = graded.answers.iter().map(|answer| answer.points).sum();
            let max_score: f64 = attempt.questions.iter().map(|slot| slot.max_points).sum();
            insert_attempt
                .execute(params![
                    attempt.learner,
                    attempt.mode.as_str(),
                    attempt.seed.cast_signed(),
                    attempt.selection.to_string(),
                    serde_json::to_string(&attempt.banks).unwrap(),
                    time(attempt.started_at),
                    graded.finished_at.map(time),
                    attempt.time_limit_secs,
                    attempt.pass_mark,
                    graded.status.as_str(),
                    score,
                    max_score,
                ])
                .unwrap();
            let id = tx.last_insert_rowid();
            for (position, (slot, answer)) in attempt.questions.iter().zip(&graded.answers).enumerate() {
                insert_response
                    .execute(params![
                        id,
                        position,
                        slot.question_id,
                        slot.topic,
                        serde_json::to_string(&slot.choice_order).unwrap(),
                        answer.response,
                        serde_json::to_string(&answer.selected).unwrap(),
                        answer.points,
                        slot.max_points,
                        time(answer.answered_at),
                    ])
                    .unwrap();
            }
        }
    }
    tx.commit().unwrap();
}

/// Times `save` on a fresh file per iteration; creating the file and closing
/// it (the final checkpoint) are left out of the time.
fn time_fresh<S>(iters: u64, open: impl Fn(&Path) -> S, save: impl Fn(&mut S)) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir.path().join("progress.sqlite3"));
        let start = Instant::now();
        save(&mut store);
        total += start.elapsed();
        drop(store);
    }
    total
}

fn save(c: &mut Criterion) {
    let attempts: Vec<GradedAttempt> = (0..BATCH).map(graded_attempt).collect();
    let mut group = c.benchmark_group("save-100k-attempts-x20");
    // Seconds per iteration: the same number of iterations in every sample.
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("floor: bare rusqlite prepared inserts", |b| {
        b.iter_custom(|iters| time_fresh(iters, bare_store, |conn| insert_bare(conn, &attempts)));
    });
    group.bench_function("Store::save_attempts", |b| {
        b.iter_custom(|iters| {
            time_fresh(
                iters,
                |path| Store::open(path).unwrap(),
                |store| {
                    store.save_attempts(&attempts).unwrap();
                },
            )
        });
    });
    group.finish();
}

fn history(c: &mut Criterion) {
    let store = Store::open(&history_store()).unwrap();
    let learner = "learner-0421";
    let attempts = store.attempts_for_learner(learner).unwrap();
    assert_eq!(attempts.len(), HISTORY_STORE / LEARNERS);
    assert!(
        attempts
            .iter()
            .all(|attempt| attempt.questions.len() == QUESTIONS)
    );

    let mut group = c.benchmark_group("store-1m-attempts-x20");
    group.bench_function("attempts_for_learner (1,000 attempts)", |b| {
        b.iter(|| black_box(store.attempts_for_learner(black_box(learner)).unwrap()));
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = save, history
}
criterion_main!(benches);
