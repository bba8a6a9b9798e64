//! `aidquiz report` over the benchmark stores: the attempts CSV and the item
//! analysis of 1,000,000 attempts × 20 questions (the figures), the
//! item analysis as HTML and the learners report for comparison, each run
//! once through the release binary, with its peak memory, and the attempts
//! CSV again over 100,000 attempts to show its memory does not grow with
//! the store.
//!
//! Run: `cargo bench --bench report` (needs `/usr/bin/time` for peak RSS).
//! Results go in BENCHMARKS.md. The stores are built once and kept under
//! `target/` (see `benches/support`).

mod support;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use support::{history_store, stream_store};

/// Runs the report once and prints its wall time and peak resident memory.
fn run(label: &str, store: &Path, args: &[&str]) {
    let start = Instant::now();
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(env!("CARGO_BIN_EXE_aidquiz"))
        .arg("report")
        .args(args)
        .args(["--out", "/dev/null", "--store"])
        .arg(store)
        .output()
        .expect("/usr/bin/time runs aidquiz");
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{label}: {stderr}");
    let peak_kb = stderr.lines().last().unwrap_or_default().trim();
    println!(
        "{label:<48} {:>8.2} s  peak RSS {peak_kb:>8} KB",
        elapsed.as_secs_f64()
    );
}

fn main() {
    // `cargo test --benches` runs this with `--test`: nothing to time then.
    if std::env::args().any(|arg| arg == "--test") {
        return;
    }
    let small = stream_store(100_000, "bench-store-100k.sqlite3");
    let large = history_store();
    run(
        "attempts CSV, 100k attempts",
        &small,
        &["attempts", "--format", "csv"],
    );
    run(
        "attempts CSV, 1M attempts",
        &large,
        &["attempts", "--format", "csv"],
    );
    run("items CSV, 1M attempts", &large, &["items", "--format", "csv"]);
    run("items HTML, 1M attempts", &large, &["items", "--format", "html"]);
    run(
        "learners CSV, 1M attempts",
        &large,
        &["learners", "--format", "csv"],
    );
    run(
        "attempts CSV, one learner of 1M attempts",
        &large,
        &["--learner", "learner-0421", "--format", "csv"],
    );
}
