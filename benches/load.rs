//! Loading and checking a 10,000-question bank, against the floor of parsing
//! the same text with the toml crate alone.
//!
//! Run: `cargo bench --bench load`. Results go in BENCHMARKS.md.

use std::hint::black_box;

use aidquiz::bank::load::load_file;
use aidquiz::bank::model::Bank;
use criterion::{Criterion, criterion_group, criterion_main};

mod common;

fn load(c: &mut Criterion) {
    let text = common::generated_bank(common::BANK_QUESTIONS);
    if let Ok(path) = std::env::var("AIDQUIZ_BENCH_WRITE_BANK") {
        std::fs::write(path, &text).expect("the bank file is writable");
    }
    let mut diagnostics = Vec::new();
    assert!(load_file(0, &text, &mut diagnostics).is_some() && diagnostics.is_empty());

    let mut group = c.benchmark_group("bank-10k");
    group.sample_size(20);
    group.bench_function("floor: toml parse to toml::Table", |b| {
        b.iter(|| black_box(toml::from_str::<toml::Table>(black_box(&text)).unwrap()));
    });
    group.bench_function("toml parse into the Bank model", |b| {
        b.iter(|| black_box(toml::from_str::<Bank>(black_box(&text)).unwrap()));
    });
    group.bench_function("aidquiz load + check", |b| {
        b.iter(|| {
            let mut diagnostics = Vec::new();
            black_box(load_file(0, black_box(&text), &mut diagnostics))
        });
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
