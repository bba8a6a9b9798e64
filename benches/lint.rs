//! Linting a 10,000-question bank against checking the same bank: issue #9
//! asks for `aidquiz lint` within 2× the time of `aidquiz check`. Both are
//! measured as whole commands (read the file, load, check or lint, print)
//! on two banks: the generated one `load` uses, and the bundled course
//! banks' questions repeated to the same size, so the rules also meet real
//! course wording.
//!
//! Run: `cargo bench --bench lint`. Results go in BENCHMARKS.md.

use std::hint::black_box;
use std::io;
use std::path::Path;

use aidquiz::bank::BankPaths;
use aidquiz::bank::load::load_file;
use aidquiz::bank::model::{Bank, QuestionId};
use aidquiz::bank::source::EMBEDDED_BANKS;
use aidquiz::cli::DiagnosticFormat;
use aidquiz::commands::{self, Output};
use aidquiz::diagnostic::Severity;
use codespan_reporting::term::termcolor::NoColor;
use criterion::{Criterion, criterion_group, criterion_main};

mod common;

/// The bundled banks' questions, repeated under new ids up to `count`, in
/// one bank that lists the article's headings as the bundled ones do.
fn course_bank(count: usize) -> String {
    let banks: Vec<Bank> = EMBEDDED_BANKS
        .iter()
        .map(|(name, text)| {
            let mut diagnostics = Vec::new();
            let loaded = load_file(0, text, &mut diagnostics).unwrap_or_else(|| panic!("{name} loads"));
            loaded.bank
        })
        .collect();
    let questions = banks.iter().flat_map(|bank| &bank.questions);
    let mut bank = banks[0].clone();
    bank.meta.id = "course".into();
    bank.questions = questions
        .cycle()
        .take(count)
        .enumerate()
        .map(|(copy, question)| {
            let mut question = question.clone();
            question.meta.id = QuestionId(format!("{}-{copy}", question.meta.id));
            question
        })
        .collect();
    toml::to_string(&bank).expect("a bank serializes")
}

/// Runs a command on the bank at `path` as `aidquiz` would, printing into
/// the void; returns whether it succeeded.
fn run(command: &str, path: &Path) -> bool {
    let paths = BankPaths::Given(vec![path.to_owned()]);
    let mut out = io::sink();
    let mut diagnostics = NoColor::new(io::sink());
    let mut output = Output {
        out: &mut out,
        diagnostics: &mut diagnostics,
    };
    let result = match command {
        "check" => commands::check::run(&paths, DiagnosticFormat::Text, &mut output),
        _ => commands::lint::run(&paths, DiagnosticFormat::Text, Severity::Warning, &mut output),
    };
    result.is_ok()
}

fn lint(c: &mut Criterion) {
    // AIDQUIZ_BENCH_WRITE_BANKS=<folder> keeps the two banks there, to time
    // the release binary on them (see BENCHMARKS.md).
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let dir =
        std::env::var_os("AIDQUIZ_BENCH_WRITE_BANKS").map_or_else(|| scratch.path().to_owned(), Into::into);
    let banks = [
        ("generated", common::generated_bank(common::BANK_QUESTIONS)),
        ("course text", course_bank(common::BANK_QUESTIONS)),
    ];
    let mut group = c.benchmark_group("lint-10k");
    group.sample_size(20);
    for (name, text) in banks {
        let path = dir.join(format!("{}.toml", name.replace(' ', "-")));
        std::fs::write(&path, text).expect("the scratch folder is writable");
        // Both banks are clean, so both commands do all their work and succeed.
        assert!(run("check", &path) && run("lint", &path), "{name}: not clean");
        for command in ["check", "lint"] {
            group.bench_function(format!("aidquiz {command}, {name} bank"), |b| {
                b.iter(|| black_box(run(command, black_box(&path))));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, lint);
criterion_main!(benches);
