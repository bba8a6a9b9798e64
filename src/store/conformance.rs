//! The store's conformance suite: the same work on SQLite and on
//! PostgreSQL must read back the same, and leave the same rows, byte for
//! byte, in every table. PostgreSQL comes from `AIDQUIZ_TEST_POSTGRES` (the
//! URL of a database whose role may create databases; `.ci/run` starts
//! one): each test makes a database of its own and drops it after. Without
//! it the PostgreSQL half is skipped with a note, except in CI, where it
//! fails.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use chrono::Duration;

use super::testing::{answer, at, exam_graded, graded, new_attempt, on_topic};
use super::{AttemptFilter, NewReview, Room, RoomLearner, SheetOutcome, Store, StoreError, WebAttemptKind};
use crate::record::{GradedAttempt, Status};
use crate::study::{self, Rating};

/// A database made for one test, dropped with the value.
pub(super) struct TestDatabase {
    admin: String,
    name: String,
    pub url: String,
}

impl TestDatabase {
    /// A new empty database, or `None` (with a note) where no server is
    /// given and this is not CI.
    pub fn create(label: &str) -> Option<TestDatabase> {
        let Ok(admin) = std::env::var("AIDQUIZ_TEST_POSTGRES") else {
            assert!(
                std::env::var_os("CI").is_none(),
                "AIDQUIZ_TEST_POSTGRES is not set: CI must run the store's tests on PostgreSQL (.ci/run starts one)"
            );
            eprintln!(
                "skipping the PostgreSQL half of `{label}`: set AIDQUIZ_TEST_POSTGRES to a server's URL"
            );
            return None;
        };
        static MADE: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "aidquiz_test_{}_{}_{}",
            std::process::id(),
            MADE.fetch_add(1, Ordering::Relaxed),
            label.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
        );
        let name: String = name.chars().take(63).collect();
        let mut client =
            postgres::Client::connect(&admin, postgres::NoTls).expect("connect to AIDQUIZ_TEST_POSTGRES");
        client
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .expect("create a test database");
        let url = with_database(&admin, &name);
        Some(TestDatabase { admin, name, url })
    }

    pub fn open(&self) -> Store {
        Store::open(std::path::Path::new(&self.url)).expect("open the PostgreSQL store")
    }

    /// A connection of its own, to look at or damage the database beneath the store.
    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).expect("connect to the test database")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name));
        }
    }
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a postgres:// URL");
    let (before_query, query) = rest.split_once('?').map_or((rest, None), |(a, q)| (a, Some(q)));
    let authority = before_query
        .split_once('/')
        .map_or(before_query, |(authority, _)| authority);
    let mut made = format!("{scheme}://{authority}/{name}");
    if let Some(query) = query {
        made.push('?');
        made.push_str(query);
    }
    made
}

/// Everything a store reads back after [`workload`], as text to compare.
fn observe(store: &Store) -> String {
    let mut seen = Vec::new();
    for learner in ["ana", "Ben", "cleo", "dee", "nobody"] {
        seen.push(format!(
            "{learner}: {:?}",
            store.attempts_for_learner(learner).unwrap()
        ));
        seen.push(format!(
            "{learner} memory: {:?}",
            store.memory_states(learner).unwrap()
        ));
        seen.push(format!(
            "{learner} reviews: {:?}",
            store.reviews(learner).unwrap()
        ));
        seen.push(format!(
            "{learner} due: {:?}",
            store.due_questions(learner, at(60 * 24 * 30)).unwrap()
        ));
        seen.push(format!(
            "{learner} spelt: {:?}",
            store.learner_name(learner).unwrap()
        ));
    }
    seen.push(format!("exam: {:?}", store.exam_attempts("ex-1").unwrap()));
    for filter in [
        AttemptFilter::default(),
        AttemptFilter {
            learner: Some("ANA".into()),
            ..AttemptFilter::default()
        },
        AttemptFilter {
            exam_id: Some("ex-1".into()),
            topic: Some("cpr".into()),
            ..AttemptFilter::default()
        },
        AttemptFilter {
            since: Some(at(4)),
            before: Some(at(200)),
            ..AttemptFilter::default()
        },
        AttemptFilter {
            learner: Some("nobody".into()),
            ..AttemptFilter::default()
        },
    ] {
        let count = store.count_attempts(&filter).unwrap();
        assert_eq!(store.has_attempts(&filter).unwrap(), count > 0, "{filter:?}");
        seen.push(format!(
            "{filter:?}: {count} attempts, topics {:?}",
            store.report_topics(&filter).unwrap()
        ));
        store
            .for_each_attempt::<StoreError>(&filter, |attempt, questions, catalog| {
                seen.push(format!("  {attempt:?} {questions:?}"));
                for question in questions {
                    seen.push(format!("    {:?}", catalog.get(question.key)));
                }
                Ok(())
            })
            .unwrap();
        store
            .for_each_attempt_start::<StoreError>(&filter, |start, questions, _| {
                seen.push(format!("  {start:?} {questions:?}"));
                Ok(())
            })
            .unwrap();
    }
    seen.push(format!("rooms: {:?}", store.rooms().unwrap()));
    seen.push(format!(
        "room learners: {:?}",
        store.room_learners("K7QX2M").unwrap()
    ));
    seen.push(format!("web: {:?}", store.web_session("hash-1").unwrap()));
    seen.push(format!(
        "web attempts: {:?}",
        store.web_attempts_for_session("hash-1").unwrap()
    ));
    seen.push(format!(
        "open timed: {:?}",
        store.open_timed_web_attempts().unwrap()
    ));
    seen.push(format!(
        "instructor: {:?}",
        store.instructor_session("inst-1").unwrap()
    ));
    seen.join("\n")
}

/// Every kind of write the store has, in an order that exercises its
/// decisions: a quiz answered and changed, whole attempts, an exam sheet
/// graded, regraded and left unchanged, reviews and their rerating, a
/// room, a browser session.
fn workload(store: &mut Store) {
    store
        .save_attempts(&[graded("ana", at(0)), graded("Ben", at(5))])
        .unwrap();
    let mut quiz = new_attempt("Ana ", at(9), 3);
    quiz.time_limit_secs = Some(600);
    let id = store.begin_attempt(&quiz).unwrap();
    store.record_answer(id, &answer(2, 1.0, at(9), 10)).unwrap();
    store.record_answer(id, &answer(2, 0.0, at(9), 20)).unwrap();
    store.record_answer(id, &answer(0, 2.0, at(9), 30)).unwrap();
    assert!(matches!(
        store.record_answer(id, &answer(7, 1.0, at(9), 40)),
        Err(StoreError::NoSuchQuestion { .. })
    ));
    store
        .create_web_session("hash-1", "ana", "csrf-1", at(8))
        .unwrap();
    store
        .link_web_attempt(id, "hash-1", WebAttemptKind::Quiz)
        .unwrap();
    store.set_web_flagged(id, &[2, 0]).unwrap();
    store.set_web_rated(id, &[1]).unwrap();
    assert!(store.extend_time_limit(id, 300).unwrap());

    // Cleo's sheet is version A of "Final", then corrected to version B:
    // a regrade changes the version the reports show.
    let versioned = |mut graded: GradedAttempt, version: &str| {
        graded.attempt.selection = serde_json::json!({"exam": {"title": "Final", "version": version}});
        graded
    };
    let sheet = [
        versioned(exam_graded("cleo", at(100)), "A"),
        exam_graded("ana", at(100)),
    ];
    let rows: Vec<_> = sheet.iter().collect();
    let first = store.grade_sheet("ex-1", &rows, at(101), &mut |_| {}).unwrap();
    assert!(first.iter().all(|(_, outcome)| *outcome == SheetOutcome::New));
    // A corrected sheet: Cleo's first answer read again (and her questions
    // on another topic), Ana's the same.
    let mut cleo = versioned(on_topic(exam_graded("CLEO", at(100)), "bleeding"), "B");
    cleo.answers[0].response = "B".into();
    cleo.answers[0].points = 0.0;
    let corrected = [cleo, exam_graded("ana", at(100))];
    let rows: Vec<_> = corrected.iter().collect();
    let second = store.grade_sheet("ex-1", &rows, at(102), &mut |_| {}).unwrap();
    assert_eq!(
        second.iter().map(|(_, outcome)| *outcome).collect::<Vec<_>>(),
        [SheetOutcome::Regraded, SheetOutcome::Unchanged]
    );

    let after = study::review(None, Rating::Good, at(200), 1);
    let review = NewReview {
        learner: "ana",
        question_id: "cpr-001",
        topic: "cpr",
        attempt_id: Some(id),
        rating: Rating::Good,
        credit: 1.0,
        reviewed_at: at(200),
    };
    let review_id = store.record_review(&review, &after).unwrap();
    let rerated = study::review(None, Rating::Again, at(200), 1);
    store
        .rerate_review(review_id, "ANA", "cpr-001", Rating::Again, &rerated)
        .unwrap();
    let later = study::review(Some(&rerated), Rating::Easy, at(300), 1);
    store
        .record_reviews(&[(
            NewReview {
                reviewed_at: at(300),
                ..review
            },
            later,
        )])
        .unwrap();

    // A second exam after those reviews: Ana's grade builds on her memory
    // (replaced rows), Dee's are new (added rows), and Dee named again
    // further down is regraded within the batch.
    let mut second_exam = [
        exam_graded("ANA", at(310)),
        exam_graded("dee", at(310)),
        exam_graded("Dee", at(310)),
    ];
    for graded in &mut second_exam {
        graded.attempt.exam_id = Some("ex-2".into());
    }
    second_exam[2].answers.pop();
    let rows: Vec<_> = second_exam.iter().collect();
    let outcomes = store.grade_sheet("ex-2", &rows, at(320), &mut |_| {}).unwrap();
    assert_eq!(
        outcomes.iter().map(|(_, outcome)| *outcome).collect::<Vec<_>>(),
        [SheetOutcome::New, SheetOutcome::New, SheetOutcome::Regraded]
    );

    store
        .open_room(&Room {
            code: "K7QX2M".into(),
            exam_id: "room-K7QX2M".into(),
            title: "Saturday course — Élise's group".into(),
            plan: serde_json::json!({"options": {"count": 2}}),
            opened_at: at(400),
            closed_at: None,
        })
        .unwrap();
    let mut joined = new_attempt("Zoë", at(401), 2);
    joined.exam_id = Some("room-K7QX2M".into());
    let joined_id = store.begin_attempt(&joined).unwrap();
    store
        .add_room_learner(
            "K7QX2M",
            &RoomLearner {
                learner: "Zoë".into(),
                attempt: joined_id,
                version: Some("B".into()),
                joined_at: at(401),
            },
        )
        .unwrap();
    store.move_web_attempt(joined_id, "hash-1").unwrap();
    store.close_room("K7QX2M", at(430)).unwrap();
    store
        .finish_attempt(joined_id, Status::TimedOut, at(430))
        .unwrap();
    store.create_instructor_session("inst-1", "tok", at(399)).unwrap();
    store
        .finish_attempt(id, Status::Completed, at(9) + Duration::minutes(3))
        .unwrap();
}

#[test]
fn the_same_work_reads_back_the_same_and_leaves_the_same_rows_on_both() {
    let mut sqlite = Store::open_in_memory().unwrap();
    workload(&mut sqlite);
    let expected = observe(&sqlite);
    // Checks that hold on either database, so the comparison cannot pass
    // by both being wrong the same way.
    assert!(expected.contains("learner: \"ana\""), "{expected}");
    assert!(expected.contains("spelt: \"Ben\""), "{expected}");
    assert!(
        expected.contains(r#"learner: "cleo", exam_id: Some("ex-1")"#)
            && expected.contains(r#"exam_title: Some("Final"), exam_version: Some("B")"#)
            && !expected.contains(r#"exam_version: Some("A")"#),
        "{expected}"
    );
    assert_eq!(sqlite.exam_attempts("ex-1").unwrap().len(), 2);
    assert_eq!(sqlite.count_attempts(&AttemptFilter::default()).unwrap(), 8);
    let Some(database) = TestDatabase::create("same_work") else {
        return;
    };
    let mut postgres = database.open();
    assert!(postgres.is_postgres());
    workload(&mut postgres);
    let seen = observe(&postgres);
    for (line, (want, got)) in expected.lines().zip(seen.lines()).enumerate() {
        assert_eq!(got, want, "line {line} of what the stores read back");
    }
    assert_eq!(seen.lines().count(), expected.lines().count());
    assert_eq!(
        postgres.table_checksums().unwrap(),
        sqlite.table_checksums().unwrap(),
        "the tables' rows differ"
    );
}

#[test]
fn a_copy_both_ways_keeps_every_row_and_a_second_copy_adds_none() {
    let mut sqlite = Store::open_in_memory().unwrap();
    workload(&mut sqlite);
    // Enough rows that tables are added a hundred rows per statement, with
    // a remainder added one by one.
    let bulk: Vec<_> = (0..250)
        .map(|n| graded(&format!("bulk {n}"), at(1000 + n)))
        .collect();
    sqlite.save_attempts(&bulk).unwrap();
    let Some(database) = TestDatabase::create("copy") else {
        return;
    };
    let mut postgres = database.open();
    let there = sqlite.copy_to(&mut postgres, &mut |_| {}).unwrap();
    assert!(there.iter().all(super::TableCopy::matches), "{there:?}");
    assert!(there.iter().map(|copy| copy.added).sum::<u64>() > 30, "{there:?}");
    let again = sqlite.copy_to(&mut postgres, &mut |_| {}).unwrap();
    assert!(
        again.iter().all(|copy| copy.added == 0 && copy.matches()),
        "{again:?}"
    );
    // New rows in the copy are numbered after the copied ones.
    let next = postgres.begin_attempt(&new_attempt("dan", at(500), 1)).unwrap();
    assert_eq!(next.0, 259);
    let mut back = Store::open_in_memory().unwrap();
    let back_copy = postgres.copy_to(&mut back, &mut |_| {}).unwrap();
    assert!(back_copy.iter().all(super::TableCopy::matches), "{back_copy:?}");
    assert_eq!(observe(&back), observe(&postgres));
}

#[test]
fn a_copy_into_a_store_with_other_records_says_which_tables_differ() {
    let mut sqlite = Store::open_in_memory().unwrap();
    sqlite.save_attempts(&[graded("ana", at(0))]).unwrap();
    let mut other = Store::open_in_memory().unwrap();
    other.save_attempts(&[graded("ben", at(0))]).unwrap();
    let copies = sqlite.copy_to(&mut other, &mut |_| {}).unwrap();
    let differ: Vec<&str> = copies.iter().filter(|c| !c.matches()).map(|c| c.table).collect();
    assert!(
        differ.contains(&"attempts") && differ.contains(&"learners"),
        "{differ:?}"
    );
}

#[test]
fn another_programs_database_is_refused_and_left_untouched() {
    let Some(database) = TestDatabase::create("foreign") else {
        return;
    };
    let mut client = database.client();
    client
        .batch_execute("CREATE TABLE invoices (id BIGINT PRIMARY KEY)")
        .unwrap();
    let error = Store::open(std::path::Path::new(&database.url)).err().unwrap();
    assert!(matches!(error, StoreError::NotAidquiz { .. }), "{error}");
    assert!(
        error.to_string().contains("not an aidquiz progress store"),
        "{error}"
    );
    let tables: i64 = client
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 1);
}

#[test]
fn a_newer_schema_is_refused_and_an_empty_database_is_not_created_by_a_reader() {
    let Some(database) = TestDatabase::create("newer") else {
        return;
    };
    let url = std::path::Path::new(&database.url);
    assert!(Store::open_existing(url, &mut |_, _| {}).unwrap().is_none());
    let mut client = database.client();
    let tables = |client: &mut postgres::Client| -> i64 {
        client
            .query_one(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
                &[],
            )
            .unwrap()
            .get(0)
    };
    assert_eq!(tables(&mut client), 0, "a reader made tables");
    drop(Store::open(url).unwrap());
    client
        .batch_execute("UPDATE aidquiz_schema SET version = 99")
        .unwrap();
    let error = Store::open(url).err().unwrap();
    assert!(matches!(error, StoreError::TooNew { found: 99, .. }), "{error}");
}

/// Schema 1 to 2 (the exam's title and version as columns): filled from
/// the selections, one that is not JSON left without them rather than
/// stopping the upgrade (as SQLite's, in reports/tests.rs).
#[test]
fn an_upgrade_from_schema_1_fills_the_exam_columns_and_skips_a_selection_that_is_not_json() {
    let Some(database) = TestDatabase::create("exam_columns") else {
        return;
    };
    let mut store = database.open();
    let versioned = |learner: &str, version: &str| {
        let mut graded = exam_graded(learner, at(0));
        graded.attempt.selection = serde_json::json!({"exam": {"title": "Final", "version": version}});
        graded
    };
    store
        .save_attempts(&[
            versioned("ana", "A"),
            versioned("ben", "B"),
            graded("cleo", at(1)),
        ])
        .unwrap();
    drop(store);
    database
        .client()
        .batch_execute(
            "ALTER TABLE attempts DROP COLUMN exam_title, DROP COLUMN exam_version; \
             UPDATE attempts SET selection = 'not json' WHERE learner = 'ben'; \
             UPDATE aidquiz_schema SET version = 1",
        )
        .unwrap();
    let store = database.open();
    let mut seen = Vec::new();
    store
        .for_each_attempt::<StoreError>(&AttemptFilter::default(), |attempt, _, _| {
            seen.push((attempt.learner, attempt.exam_title, attempt.exam_version));
            Ok(())
        })
        .unwrap();
    let text = |value: &str| Some(value.to_owned());
    assert_eq!(
        seen,
        [
            ("ana".to_owned(), text("Final"), text("A")),
            ("ben".to_owned(), None, None),
            ("cleo".to_owned(), None, None),
        ]
    );
}

#[test]
fn two_processes_grading_one_exam_at_once_make_one_attempt_per_learner() {
    let Some(database) = TestDatabase::create("two_graders") else {
        return;
    };
    // Made first, so the two graders do not also race to create the schema
    // (they may: that is the next test's subject).
    drop(database.open());
    let sheet: Vec<_> = (0..300)
        .map(|n| exam_graded(&format!("learner {n}"), at(n)))
        .collect();
    let graders: Vec<_> = (0..2)
        .map(|_| {
            let url = database.url.clone();
            let sheet = sheet.clone();
            thread::spawn(move || {
                let mut store = Store::open(std::path::Path::new(&url)).unwrap();
                let rows: Vec<_> = sheet.iter().collect();
                store.grade_sheet("ex-1", &rows, at(1000), &mut |_| {}).unwrap()
            })
        })
        .collect();
    let outcomes: Vec<_> = graders.into_iter().map(|g| g.join().unwrap()).collect();
    let store = database.open();
    assert_eq!(store.exam_attempts("ex-1").unwrap().len(), 300);
    let new = outcomes
        .iter()
        .flatten()
        .filter(|(_, outcome)| *outcome == SheetOutcome::New)
        .count();
    assert_eq!(new, 300, "each learner is new to exactly one grader");
    // Reviews were counted once per learner and question answered.
    assert_eq!(store.reviews("learner 7").unwrap().len(), 3);
}

#[test]
fn processes_opening_a_new_database_at_once_make_its_schema_once() {
    let Some(database) = TestDatabase::create("schema_race") else {
        return;
    };
    let openers: Vec<_> = (0..4)
        .map(|n| {
            let url = database.url.clone();
            thread::spawn(move || {
                let mut store = Store::open(std::path::Path::new(&url)).unwrap();
                store.save_attempts(&[graded(&format!("l{n}"), at(n))]).unwrap();
            })
        })
        .collect();
    for opener in openers {
        opener.join().unwrap();
    }
    assert_eq!(
        database.open().count_attempts(&AttemptFilter::default()).unwrap(),
        4
    );
}

#[test]
fn a_server_that_cannot_be_reached_is_a_clear_error_without_the_password() {
    // A closed loopback port: nothing listens on port 1.
    let url = "postgres://ann:s3cret@127.0.0.1:1/aidquiz?connect_timeout=2";
    let error = Store::open(std::path::Path::new(url)).err().unwrap();
    let message = error.to_string();
    assert!(matches!(error, StoreError::Unreachable { .. }), "{message}");
    assert!(
        message.contains("postgres://ann@127.0.0.1:1/aidquiz"),
        "{message}"
    );
    assert!(!message.contains("s3cret"), "{message}");
}

/// TLS as `psql` reads the URL's `sslmode`: `.ci/postgres` serves TLS on
/// 127.0.0.1 with a certificate of its own authority's, and lets nothing in
/// on TCP without TLS and the role's password.
#[test]
fn tls_connections_follow_sslmode_as_psql_does() {
    let Some(database) = TestDatabase::create("tls") else {
        return;
    };
    let (Ok(tls), Ok(authority)) = (
        std::env::var("AIDQUIZ_TEST_POSTGRES_TLS"),
        std::env::var("AIDQUIZ_TEST_POSTGRES_CA"),
    ) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "AIDQUIZ_TEST_POSTGRES_TLS and AIDQUIZ_TEST_POSTGRES_CA are required in CI (.ci/run sets them)"
        );
        eprintln!(
            "skipping the TLS test: set AIDQUIZ_TEST_POSTGRES_TLS and AIDQUIZ_TEST_POSTGRES_CA (.ci/postgres tls-url)"
        );
        return;
    };
    let password = tls
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once('@'))
        .and_then(|(user, _)| user.split_once(':'))
        .map(|(_, password)| password.to_owned())
        .expect("a password in AIDQUIZ_TEST_POSTGRES_TLS");
    let over_tcp = with_database(&tls, &database.name);
    let open = |query: &str| Store::open(std::path::Path::new(&format!("{over_tcp}?{query}")));
    let checked = format!("sslmode=verify-full&sslrootcert={authority}");
    let authority_only = format!("sslmode=verify-ca&sslrootcert={authority}");
    for query in [
        "sslmode=require",
        "sslmode=prefer",
        checked.as_str(),
        authority_only.as_str(),
    ] {
        let mut store = open(query).unwrap_or_else(|error| panic!("{query}: {error}"));
        store.save_attempts(&[graded("ana", at(0))]).unwrap();
        // The server says this store's connection is encrypted.
        let encrypted: bool = database
            .client()
            .query_one(
                "SELECT COALESCE(bool_and(ssl), false) FROM pg_stat_ssl \
                 JOIN pg_stat_activity USING (pid) \
                 WHERE datname = $1 AND application_name = 'aidquiz'",
                &[&database.name],
            )
            .unwrap()
            .get(0);
        assert!(encrypted, "{query}");
    }
    // A role the server lets in by its client certificate alone.
    let by_certificate = over_tcp.replacen(&format!("aidquiz:{password}@"), "aidquiz_cert@", 1);
    let files = std::path::Path::new(&authority).with_file_name("client.crt");
    let (certificate, key) = (files.display(), files.with_extension("key"));
    let with_certificate = format!(
        "{by_certificate}?sslmode=verify-full&sslrootcert={authority}&sslcert={certificate}&sslkey={}",
        key.display()
    );
    let mut store =
        Store::open(std::path::Path::new(&with_certificate)).unwrap_or_else(|error| panic!("{error}"));
    store.save_attempts(&[graded("ben", at(0))]).unwrap();
    let without = Store::open(std::path::Path::new(&format!("{by_certificate}?sslmode=require")))
        .err()
        .unwrap()
        .to_string();
    assert!(without.contains("certificate"), "{without}");
    let key_only = format!("{by_certificate}?sslmode=require&sslkey={}", key.display());
    let error = Store::open(std::path::Path::new(&key_only))
        .err()
        .unwrap()
        .to_string();
    assert!(
        error.contains("`sslkey` is given without its `sslcert`"),
        "{error}"
    );

    // The system's authorities do not know the test's own: checking fails,
    // saying why, without the password.
    let error = open("sslmode=verify-full").err().unwrap();
    let message = error.to_string();
    assert!(matches!(error, StoreError::Unreachable { .. }), "{message}");
    assert!(message.contains("certificate"), "{message}");
    assert!(!message.contains(&password), "{message}");
    // Without TLS the server lets no one in on TCP.
    let message = open("sslmode=disable").err().unwrap().to_string();
    assert!(message.contains("no encryption"), "{message}");
    assert!(!message.contains(&password), "{message}");
    // A mode psql does not know, and an authority file that is not there.
    let error = open("sslmode=always").err().unwrap();
    assert!(matches!(error, StoreError::BadUrl { .. }), "{error}");
    let error = open("sslmode=verify-full&sslrootcert=/nonexistent/authority.pem")
        .err()
        .unwrap();
    let message = error.to_string();
    assert!(
        message.contains("cannot read `sslrootcert` /nonexistent/authority.pem"),
        "{message}"
    );
    assert!(!message.contains(&password), "{message}");
}

/// A failure PostgreSQL explains in its DETAIL line (here the key already
/// taken) carries that line into the message.
#[test]
fn a_postgresql_error_says_what_the_server_detailed() {
    let Some(database) = TestDatabase::create("detail") else {
        return;
    };
    use super::error::At;
    let mut store = database.open();
    static ADD: super::db::Statement = super::db::Statement {
        sqlite: "INSERT INTO learners (key, name) VALUES ('ana', 'Ana')",
        postgres: "INSERT INTO learners (key, name) VALUES ('ana', 'Ana')",
    };
    let mut add = || store.write(|tx, path| tx.execute(&ADD, &[]).at(path));
    add().unwrap();
    let message = add().unwrap_err().to_string();
    assert!(
        message.contains("duplicate key value violates unique constraint \"learners_pkey\""),
        "{message}"
    );
    assert!(message.contains("(Key (key)=(ana) already exists.)"), "{message}");
}

#[test]
fn test_database_urls_keep_their_host_options() {
    assert_eq!(
        with_database("postgres://aidquiz@/aidquiz?host=/tmp/pg", "t1"),
        "postgres://aidquiz@/t1?host=/tmp/pg"
    );
    assert_eq!(
        with_database("postgres://u@h:5432/db", "t2"),
        "postgres://u@h:5432/t2"
    );
}

#[test]
fn answers_saved_at_once_from_several_connections_are_all_kept() {
    let Some(database) = TestDatabase::create("answers_at_once") else {
        return;
    };
    let mut store = database.open();
    // Two attempts of 12 questions; four connections answer them at once,
    // each a share of both, so answers to one attempt race each other (its
    // items value is read, changed and written back by each answer) and
    // answers to the two attempts run side by side.
    let ids: Vec<_> = ["ana", "ben"]
        .iter()
        .map(|learner| store.begin_attempt(&new_attempt(learner, at(0), 12)).unwrap())
        .collect();
    let writers: Vec<_> = (0..4)
        .map(|writer| {
            let (url, ids) = (database.url.clone(), ids.clone());
            thread::spawn(move || {
                let mut store = Store::open(std::path::Path::new(&url)).unwrap();
                for position in (writer..12).step_by(4) {
                    for &id in &ids {
                        store
                            .record_answer(id, &answer(position, 1.0, at(0), 10))
                            .unwrap();
                    }
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    for &id in &ids {
        let attempt = store.attempt(id).unwrap().unwrap();
        assert!(
            attempt.questions.iter().all(|q| q.response.is_some()),
            "{attempt:?}"
        );
        assert_eq!(attempt.score, 12.0);
    }
    // What reports read (one value per attempt, rewritten by every answer)
    // lost none of them either.
    let mut answered = 0;
    store
        .for_each_attempt::<StoreError>(&AttemptFilter::default(), |_, questions, _| {
            answered += questions.iter().filter(|q| q.answered).count();
            Ok(())
        })
        .unwrap();
    assert_eq!(answered, 24);
}
