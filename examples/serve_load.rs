//! Load on `aidquiz serve`: simulated learners over loopback, each taking a
//! timed quiz and answering every half second, as the page's script saves.
//! Prints answers acknowledged and found in the store, the save latency
//! (p50, p99, max), the server's peak memory and the quiz page's weight.
//!
//! cargo build --release && cargo run --release --example serve_load -- [LEARNERS] [QUESTIONS] [room]
//! (defaults 200 and 20; the server is target/release/aidquiz over ./quizzes).
//! With `room`, the learners join an instructor's room instead, while the
//! instructor's page polls the room board every 3 s as its script does; the
//! board's latency is printed too.
//!
//! `AIDQUIZ_LOAD_STORE=postgres://…` puts the records in that PostgreSQL
//! database instead of a new SQLite file, and `AIDQUIZ_LOAD_TAG=NAME` names
//! the learners `NAME 000`, … (default `learner`): two runs at once with
//! two tags are two servers writing to one database, each counting its own.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

const PAUSE: Duration = Duration::from_millis(500);
/// How often the room page's script refreshes the board.
const BOARD_POLL: Duration = Duration::from_secs(3);
const PASSWORD: &str = "load test";

fn main() {
    let mut args = std::env::args().skip(1);
    let learners: usize = args
        .next()
        .map_or(200, |a| a.parse().expect("LEARNERS is a number"));
    let questions: usize = args
        .next()
        .map_or(20, |a| a.parse().expect("QUESTIONS is a number"));
    let in_room = args.next().as_deref() == Some("room");
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = tempfile::tempdir().unwrap();
    let url = std::env::var("AIDQUIZ_LOAD_STORE").ok();
    let store = url
        .clone()
        .map_or_else(|| dir.path().join("progress.sqlite3"), std::path::PathBuf::from);
    let mut server = Command::new(format!("{root}/target/release/aidquiz"))
        .current_dir(root)
        .env_remove("AIDQUIZ_STORE")
        .env("AIDQUIZ_INSTRUCTOR_PASSWORD", PASSWORD)
        .args(["serve", "--listen", "127.0.0.1:0", "--store"])
        .arg(&store)
        .stdout(Stdio::piped())
        .spawn()
        .expect("build the server first: cargo build --release");
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = Arc::new(
        line.trim()
            .trim_start_matches("Listening on ")
            .trim_end_matches('/')
            .to_owned(),
    );

    let room = in_room.then(|| open_room(&base, questions));
    let polling = Arc::new(AtomicBool::new(true));
    let board_latencies = Arc::new(Mutex::new(Vec::new()));
    let poller = room.clone().map(|(instructor, board)| {
        let (polling, board_latencies) = (Arc::clone(&polling), Arc::clone(&board_latencies));
        thread::spawn(move || {
            let mut instructor = instructor;
            while polling.load(Ordering::SeqCst) {
                let sent = Instant::now();
                let (status, _, _) = instructor.get(&board);
                assert_eq!(status, 200, "the board");
                board_latencies.lock().unwrap().push(sent.elapsed());
                thread::sleep(BOARD_POLL);
            }
        })
    });
    let code = room.map(|(_, board)| board.split('/').nth(3).unwrap().to_owned());
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let handles: Vec<_> = (0..learners)
        .map(|n| {
            let (base, acknowledged, failed) =
                (Arc::clone(&base), Arc::clone(&acknowledged), Arc::clone(&failed));
            let code = code.clone();
            thread::spawn(move || {
                // Spread the starts over the first pause, as people arrive.
                thread::sleep(PAUSE * u32::try_from(n).unwrap() / u32::try_from(learners).unwrap());
                learner(&base, n, questions, code.as_deref(), &acknowledged, &failed)
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
    let wall = started.elapsed();
    polling.store(false, Ordering::SeqCst);
    if let Some(poller) = poller {
        poller.join().unwrap();
    }
    let peak_kb = peak_rss_kb(server.id());
    let weight = page_weight(&base);
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let _ = server.wait();

    let counted = "SELECT COUNT(*) FROM responses AS r JOIN attempts AS a ON a.id = r.attempt_id \
         WHERE r.response IS NOT NULL AND a.learner LIKE ";
    let learners_like = format!("'{} %'", tag());
    let saved: i64 = match &url {
        Some(url) => postgres::Client::connect(url, postgres::NoTls)
            .unwrap()
            .query_one(&format!("{counted}{learners_like}"), &[])
            .unwrap()
            .get(0),
        None => rusqlite::Connection::open(&store)
            .unwrap()
            .query_row(&format!("{counted}{learners_like}"), [], |row| row.get(0))
            .unwrap(),
    };
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    println!(
        "learners {learners}, questions each {questions}, wall {:.1} s",
        wall.as_secs_f64()
    );
    println!(
        "answers acknowledged {}, in the store {saved}, failed {}",
        acknowledged.load(Ordering::SeqCst),
        failed.load(Ordering::SeqCst)
    );
    println!(
        "save latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        ms(at(0.50)),
        ms(at(0.99)),
        ms(*latencies.last().unwrap())
    );
    let mut board = board_latencies.lock().unwrap().clone();
    if !board.is_empty() {
        board.sort();
        println!(
            "room board ({learners} learners) latency over {} polls: p50 {:.1} ms, max {:.1} ms",
            board.len(),
            ms(board[board.len() / 2]),
            ms(*board.last().unwrap())
        );
    }
    println!("server peak RSS {:.1} MB", peak_kb as f64 / 1024.0);
    println!(
        "quiz page {} bytes HTML + {} CSS + {} JS = {} bytes",
        weight.0,
        weight.1,
        weight.2,
        weight.0 + weight.1 + weight.2
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The instructor signs in and opens a room of timed exams; the client and
/// the board's path.
fn open_room(base: &str, questions: usize) -> (Client, String) {
    let mut instructor = Client::new(base);
    let token = field(&instructor.get("/instructor/login").1, "name=\"csrf\" value=\"");
    instructor.post("/instructor/login", &[("csrf", &token), ("password", PASSWORD)]);
    let csrf = field(&instructor.get("/instructor/").1, "name=\"csrf\" value=\"");
    let count = questions.to_string();
    let (_, _, room) = instructor.post(
        "/instructor/rooms",
        &[
            ("csrf", &csrf),
            ("source", "quiz"),
            ("count", &count),
            ("time-limit", "30m"),
            ("mode", "exam"),
        ],
    );
    assert!(room.starts_with("/instructor/rooms/"), "the room opens");
    (instructor, format!("{room}/board"))
}

/// One learner: sign in and start a timed exam (or join the room with
/// `code`), then per question load its page, think half a second and save
/// an answer. Returns the save latencies.
/// The first word of the learners' names.
fn tag() -> String {
    std::env::var("AIDQUIZ_LOAD_TAG").unwrap_or_else(|_| "learner".into())
}

fn learner(
    base: &str,
    n: usize,
    questions: usize,
    code: Option<&str>,
    acknowledged: &AtomicUsize,
    failed: &AtomicUsize,
) -> Vec<Duration> {
    let mut client = Client::new(base);
    let start = client.get("/");
    let token = field(&start.1, "name=\"csrf\" value=\"");
    if let Some(code) = code {
        let name = format!("{} {n:03}", tag());
        let (_, _, quiz) = client.post("/join", &[("csrf", &token), ("name", &name), ("code", code)]);
        assert!(quiz.starts_with("/quiz/"), "joined: {quiz}");
        let csrf = field(&client.get(&format!("{quiz}/1")).1, "name=\"csrf\" value=\"");
        return answer_all(&mut client, &quiz, &csrf, questions, acknowledged, failed);
    }
    client.post(
        "/start",
        &[("csrf", &token), ("name", &format!("{} {n:03}", tag()))],
    );
    let csrf = field(&client.get("/quiz/new").1, "name=\"csrf\" value=\"");
    let count = questions.to_string();
    let (_, _, location) = client.post(
        "/quiz",
        &[
            ("csrf", &csrf),
            ("count", &count),
            ("time-limit", "30m"),
            ("mode", "exam"),
        ],
    );
    let quiz = location.strip_suffix("/1").expect("the quiz starts").to_owned();
    answer_all(&mut client, &quiz, &csrf, questions, acknowledged, failed)
}

fn answer_all(
    client: &mut Client,
    quiz: &str,
    csrf: &str,
    questions: usize,
    acknowledged: &AtomicUsize,
    failed: &AtomicUsize,
) -> Vec<Duration> {
    let mut latencies = Vec::with_capacity(questions);
    for number in 1..=questions {
        let path = format!("{quiz}/{number}");
        let (_, page, _) = client.get(&path);
        thread::sleep(PAUSE);
        let mut form = vec![("csrf".to_owned(), csrf.to_owned())];
        form.extend(answer_for(&page));
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let sent = Instant::now();
        let (status, _, _) = client.post_script(&path, &form);
        latencies.push(sent.elapsed());
        if status == 204 {
            acknowledged.fetch_add(1, Ordering::SeqCst);
        } else {
            failed.fetch_add(1, Ordering::SeqCst);
        }
    }
    latencies
}

/// A valid answer to the question on the page.
fn answer_for(page: &str) -> Vec<(String, String)> {
    let kind = field(page, "data-question-type=\"");
    let one = |k: &str, v: &str| vec![(k.to_owned(), v.to_owned())];
    match kind.as_str() {
        "true-false" => one("answer", "T"),
        "short" => one("answer", "rest"),
        "numeric" => one("answer", "20"),
        "match" => one("pair1", "A"),
        "order" => {
            let mut form = one("order-touched", "1");
            for (at, _) in page.match_indices("name=\"order\" value=\"") {
                form.push(("order".into(), page[at + 20..at + 21].to_owned()));
            }
            form
        }
        _ => one("answer", "A"),
    }
}

fn field(page: &str, before: &str) -> String {
    let at = page
        .find(before)
        .unwrap_or_else(|| panic!("`{before}` in {page}"))
        + before.len();
    page[at..].split('"').next().unwrap().to_owned()
}

fn peak_rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The bytes of a question page and the stylesheet and script it loads.
fn page_weight(base: &str) -> (usize, usize, usize) {
    let mut client = Client::new(base);
    let token = field(&client.get("/").1, "name=\"csrf\" value=\"");
    client.post("/start", &[("csrf", &token), ("name", "weigher")]);
    let csrf = field(&client.get("/quiz/new").1, "name=\"csrf\" value=\"");
    let (_, _, location) = client.post(
        "/quiz",
        &[
            ("csrf", &csrf),
            ("count", "20"),
            ("time-limit", "30m"),
            ("mode", "exam"),
        ],
    );
    let html = client.get(&location).1.len();
    (
        html,
        client.get("/static/app.css").1.len(),
        client.get("/static/app.js").1.len(),
    )
}

#[derive(Clone)]
struct Client {
    base: String,
    agent: ureq::Agent,
    cookies: Vec<(String, String)>,
}

impl Client {
    fn new(base: &str) -> Client {
        let agent = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .build()
            .into();
        Client {
            base: base.to_owned(),
            agent,
            cookies: Vec::new(),
        }
    }

    fn cookie(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn read(&mut self, response: ureq::http::Response<ureq::Body>) -> (u16, String, String) {
        let status = response.status().as_u16();
        for value in response.headers().get_all("set-cookie") {
            let pair = value.to_str().unwrap().split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.retain(|(k, _)| k != name);
            if !value.is_empty() {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        (
            status,
            response.into_body().read_to_string().unwrap_or_default(),
            location,
        )
    }

    fn get(&mut self, path: &str) -> (u16, String, String) {
        let response = self
            .agent
            .get(format!("{}{path}", self.base))
            .header("Cookie", self.cookie())
            .call()
            .unwrap();
        self.read(response)
    }

    fn post(&mut self, path: &str, form: &[(&str, &str)]) -> (u16, String, String) {
        let response = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Cookie", self.cookie())
            .send_form(form.iter().copied())
            .unwrap();
        self.read(response)
    }

    /// A save as the page's script sends it: acknowledged with 204.
    fn post_script(&mut self, path: &str, form: &[(&str, &str)]) -> (u16, String, String) {
        let response = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Cookie", self.cookie())
            .header("x-aidquiz-script", "1")
            .send_form(form.iter().copied())
            .unwrap();
        self.read(response)
    }
}
