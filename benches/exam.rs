//! Grading a response sheet of 100,000 learners on a 50-question exam,
//! against the floor of the csv crate parsing the same sheet.
//!
//! Run: `cargo bench --bench exam`. Results go in BENCHMARKS.md.

use std::hint::black_box;
use std::path::PathBuf;

use aidquiz::assemble::Selection;
use aidquiz::bank::{BankPaths, load_banks};
use aidquiz::exam::batch::grade_sheet;
use aidquiz::exam::paper::key_notation;
use aidquiz::exam::{ExamSpec, Manifest, generate};
use aidquiz::store::{ExamGrade, Store};
use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};

const LEARNERS: usize = 100_000;
const QUESTIONS: usize = 50;

fn exam() -> Manifest {
    let catalog = load_banks(&BankPaths::Given(vec![
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("quizzes"),
    ]));
    let pool = catalog.candidates();
    let spec = ExamSpec {
        title: "Benchmark".into(),
        selection: Selection {
            topics: vec![],
            tags: vec![],
            difficulties: vec![],
            count: QUESTIONS,
        },
        seed: 1,
        versions: 3,
        distinct: false,
        time_limit_secs: None,
        pass_mark: 80.0,
        date: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
    };
    generate(&pool, vec![], &spec).unwrap()
}

/// Every learner answers from the key, leaving one question in seven blank
/// and answering three in thirty-five with the key another version has for
/// the same question (valid notation, letters mostly wrong here).
fn sheet(manifest: &Manifest) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["learner".to_owned(), "version".to_owned()];
    header.extend((1..=QUESTIONS).map(|n| n.to_string()));
    writer.write_record(&header).unwrap();
    let keys: Vec<Vec<String>> = manifest
        .versions
        .iter()
        .map(|v| {
            v.questions
                .iter()
                .map(|q| key_notation(q).split("..").next().unwrap().to_owned())
                .collect()
        })
        .collect();
    for learner in 0..LEARNERS {
        let version = learner % keys.len();
        let mut row = vec![
            format!("learner-{learner:06}"),
            manifest.versions[version].name.clone(),
        ];
        for q in 0..QUESTIONS {
            let cell = match (learner + q) % 35 {
                0 | 7 | 14 | 21 | 28 => String::new(),
                5 | 12 | 19 => {
                    let other = (version + 1) % keys.len();
                    let id = &manifest.versions[version].questions[q].question.meta.id;
                    let at = manifest.versions[other]
                        .questions
                        .iter()
                        .position(|x| &x.question.meta.id == id)
                        .unwrap();
                    keys[other][at].clone()
                }
                _ => keys[version][q].clone(),
            };
            row.push(cell);
        }
        writer.write_record(&row).unwrap();
    }
    writer.into_inner().unwrap()
}

fn grading(c: &mut Criterion) {
    let manifest = exam();
    let sheet = sheet(&manifest);
    let now = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
    let graded = grade_sheet(&sheet[..], &manifest, now, &mut |_| {}).unwrap();
    assert_eq!((graded.rows.len(), graded.bad.len()), (LEARNERS, 0));

    let mut group = c.benchmark_group("sheet-100k-x-50");
    group.sample_size(10);
    group.bench_function("floor: csv parse", |b| {
        b.iter(|| {
            let mut reader = csv::Reader::from_reader(black_box(&sheet[..]));
            let mut record = csv::ByteRecord::new();
            let mut fields = 0;
            while reader.read_byte_record(&mut record).unwrap() {
                fields += record.len();
            }
            black_box(fields)
        });
    });
    group.bench_function("aidquiz grade_sheet (parse, check, grade to records)", |b| {
        // The graded rows are dropped outside the timing, as the command
        // keeps them until it has saved them.
        b.iter_with_large_drop(|| grade_sheet(black_box(&sheet[..]), &manifest, now, &mut |_| {}).unwrap());
    });
    group.finish();

    // Saving 5,000,000 response rows is SQLite's work, timed once per sample.
    let mut group = c.benchmark_group("sheet-100k-x-50-store");
    group.sample_size(10);
    group.bench_function("save graded sheet to a new store", |b| {
        b.iter_custom(|iters| {
            let mut total = std::time::Duration::ZERO;
            for _ in 0..iters {
                let dir = tempfile::tempdir().unwrap();
                let mut store = Store::open(&dir.path().join("s.sqlite3")).unwrap();
                let grades: Vec<ExamGrade> = graded
                    .rows
                    .iter()
                    .map(|r| ExamGrade::New(r.attempt.clone()))
                    .collect();
                let start = std::time::Instant::now();
                store.save_exam_grades(&grades, now).unwrap();
                total += start.elapsed();
            }
            total
        });
    });
    group.finish();
}

criterion_group!(benches, grading);
criterion_main!(benches);
