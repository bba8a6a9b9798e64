//! Saving 100,000 graded exams with `Store::save_attempts` against the floor
//! of bare rusqlite inserts of the same rows, and reading one learner's
//! history from a store of 1,000,000 attempts.
//!
//! Run: `cargo bench --bench store`. Results go in BENCHMARKS.md. The
//! million-attempt store is built once (a few minutes) and kept as
//! `target/bench-store-1m.sqlite3`; delete it to rebuild.

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use aidquiz::record::{AnswerRecord, BankRef, GradedAttempt, Mode, NewAttempt, QuestionSlot, Status};
use aidquiz::response::Response;
use aidquiz::store::Store;
use chrono::{DateTime, SecondsFormat, TimeZone, Utc};
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use rusqlite::{Connection, params};
use serde_json::json;

const QUESTIONS: usize = 20;
const LEARNERS: usize = 1_000;
const BATCH: usize = 100_000;
const HISTORY_STORE: usize = 1_000_000;

const TOPICS: [&str; 5] = ["cpr-adult", "choking", "bleeding", "burns", "recovery-position"];

/// Attempt `i` of a steady stream of exams: one a minute, learners in turn,
/// so each learner's history is spread over the whole file as in real use.
fn graded_attempt(i: usize) -> GradedAttempt {
    let started_at = Utc.with_ymd_and_hms(2024, 1, 8, 8, 0, 0).unwrap()
        + chrono::Duration::minutes(i as i64)
        + chrono::Duration::nanoseconds(250_000_000);
    let questions = (0..QUESTIONS)
        .map(|q| QuestionSlot {
            question_id: format!("cpr-{:04}", (i * 7 + q * 13) % 400),
            topic: TOPICS[q % TOPICS.len()].into(),
            choice_order: [0, 1, 2, 3]
                .into_iter()
                .cycle()
                .skip((i + q) % 4)
                .take(4)
                .collect(),
            max_points: 1.0,
        })
        .collect();
    let answers = (0..QUESTIONS)
        .map(|q| {
            let right = !(i + q).is_multiple_of(5);
            AnswerRecord {
                position: q,
                response: if right { "B" } else { "A,C" }.into(),
                selected: if right {
                    Response::Choices(vec![1])
                } else {
                    Response::Choices(vec![0, 2])
                },
                points: if right { 1.0 } else { 0.0 },
                answered_at: started_at + chrono::Duration::seconds(30 * (q as i64 + 1)),
            }
        })
        .collect();
    GradedAttempt {
        attempt: NewAttempt {
            learner: format!("learner-{:04}", i % LEARNERS),
            exam_id: None,
            mode: Mode::Exam,
            seed: (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
            selection: json!({ "count": QUESTIONS, "topics": TOPICS, "shuffle": true }),
            banks: vec![BankRef {
                id: "cpr-adult".into(),
                hash: "sha256:3b1f9c0e5d2a4b6c8e7f90a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f".into(),
            }],
            started_at,
            time_limit_secs: Some(1_200),
            pass_mark: 80.0,
            questions,
        },
        answers,
        status: Status::Completed,
        finished_at: Some(started_at + chrono::Duration::minutes(11)),
    }
}

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

/// The million-attempt store, built on first use with `save_attempts` in
/// chunks and renamed into place only when complete.
fn history_store() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-store-1m.sqlite3");
    if path.exists() {
        return path;
    }
    let partial = path.with_extension("sqlite3.partial");
    for leftover in ["", "-wal", "-shm", "-journal"] {
        let _ = fs::remove_file(format!("{}{leftover}", partial.display()));
    }
    eprintln!("building {} (once; takes a few minutes)", path.display());
    let start = Instant::now();
    let mut store = Store::open(&partial).unwrap();
    const CHUNK: usize = 10_000;
    for first in (0..HISTORY_STORE).step_by(CHUNK) {
        let chunk: Vec<GradedAttempt> = (first..first + CHUNK).map(graded_attempt).collect();
        store.save_attempts(&chunk).unwrap();
    }
    // Closing checkpoints the write-ahead log into the file and removes it.
    drop(store);
    fs::rename(&partial, &path).unwrap();
    eprintln!("built in {:.0?}", start.elapsed());
    path
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
