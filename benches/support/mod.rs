//! The generated progress stores the benchmarks share: a steady stream of
//! 20-question exams, and stores of it built once and kept under `target/`.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use aidquiz::record::{AnswerRecord, BankRef, GradedAttempt, Mode, NewAttempt, QuestionSlot, Status};
use aidquiz::response::Response;
use aidquiz::store::Store;
use chrono::{TimeZone, Utc};
use serde_json::json;

pub const QUESTIONS: usize = 20;
pub const LEARNERS: usize = 1_000;
pub const HISTORY_STORE: usize = 1_000_000;

pub const TOPICS: [&str; 5] = ["cpr-adult", "choking", "bleeding", "burns", "recovery-position"];

/// Attempt `i` of a steady stream of exams: one a minute, learners in turn,
/// so each learner's history is spread over the whole file as in real use.
pub fn graded_attempt(i: usize) -> GradedAttempt {
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
            critical: false,
            revision: 1,
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
            paper: false,
            questions,
        },
        answers,
        status: Status::Completed,
        finished_at: Some(started_at + chrono::Duration::minutes(11)),
    }
}

/// The million-attempt store.
pub fn history_store() -> PathBuf {
    stream_store(HISTORY_STORE, "bench-store-1m.sqlite3")
}

/// A store of the first `attempts` attempts of the stream, built on first
/// use with `save_attempts` in chunks and renamed into place only when
/// complete.
pub fn stream_store(attempts: usize, name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join(name);
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
    for first in (0..attempts).step_by(CHUNK) {
        let chunk: Vec<GradedAttempt> = (first..(first + CHUNK).min(attempts))
            .map(graded_attempt)
            .collect();
        store.save_attempts(&chunk).unwrap();
    }
    // Closing checkpoints the write-ahead log into the file and removes it.
    drop(store);
    fs::rename(&partial, &path).unwrap();
    eprintln!("built in {:.0?}", start.elapsed());
    path
}
