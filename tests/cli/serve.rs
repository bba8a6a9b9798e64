//! `aidquiz serve` over HTTP: the real binary on a free port, driven by a
//! small client that keeps cookies and does not follow redirects.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::{fixture, history, root};

/// A running server; stopped when dropped.
pub struct Server {
    child: Child,
    pub base: String,
    pub store: PathBuf,
    _dir: Option<tempfile::TempDir>,
}

impl Server {
    /// A server over `banks` with a fresh store.
    pub fn start(banks: &[PathBuf]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("progress.sqlite3");
        let mut server = Server::on_store(banks, &store);
        server._dir = Some(dir);
        server
    }

    /// A server over `banks` on an existing store path (for restarts).
    pub fn on_store(banks: &[PathBuf], store: &Path) -> Server {
        Server::spawn(banks, store, None)
    }

    /// A server with the instructor's pages on, its password from
    /// `AIDQUIZ_INSTRUCTOR_PASSWORD`.
    pub fn with_instructor(banks: &[PathBuf], password: &str) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("progress.sqlite3");
        let mut server = Server::spawn(banks, &store, Some(password));
        server._dir = Some(dir);
        server
    }

    fn spawn(banks: &[PathBuf], store: &Path, password: Option<&str>) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_aidquiz"));
        command
            .current_dir(root())
            .env_remove("AIDQUIZ_STORE")
            .env_remove("AIDQUIZ_INSTRUCTOR_PASSWORD");
        if let Some(password) = password {
            command.env("AIDQUIZ_INSTRUCTOR_PASSWORD", password);
        }
        let mut child = command
            .args(["serve", "--listen", "127.0.0.1:0", "--store"])
            .arg(store)
            .args(banks)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("aidquiz starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .trim()
            .strip_prefix("Listening on ")
            .unwrap_or_else(|| panic!("first line `{line}`"))
            .trim_end_matches('/')
            .to_owned();
        Server {
            child,
            base,
            store: store.to_owned(),
            _dir: None,
        }
    }

    /// Stops the server as Ctrl-C would and returns whether it exited cleanly.
    pub fn interrupt(mut self) -> bool {
        let id = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &id]).status().unwrap();
        assert!(sent.success());
        self.child.wait().unwrap().success()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response, read whole.
pub struct Page {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Page {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn location(&self) -> &str {
        self.header("location").unwrap_or("")
    }

    /// The value of the first hidden `csrf` field.
    pub fn csrf(&self) -> String {
        let at = self
            .body
            .find("name=\"csrf\" value=\"")
            .expect("a form with a token")
            + 19;
        self.body[at..at + 32].to_owned()
    }
}

/// One browser: its cookies.
pub struct Client {
    base: String,
    agent: ureq::Agent,
    cookies: BTreeMap<String, String>,
}

impl Client {
    pub fn new(server: &Server) -> Client {
        // A connection per request: after the server refuses a body and
        // closes the connection, a pooled one would be reused dead (a
        // broken pipe, seen under load), which is ureq's doing, not ours.
        let agent = ureq::Agent::config_builder()
            .max_redirects(0)
            .max_idle_connections(0)
            .http_status_as_error(false)
            .build()
            .into();
        Client {
            base: server.base.clone(),
            agent,
            cookies: BTreeMap::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep(&mut self, response: ureq::http::Response<ureq::Body>) -> Page {
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
            .collect();
        for (_, cookie) in headers.iter().filter(|(n, _)| n == "set-cookie") {
            let pair = cookie.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let body = response.into_body().read_to_string().unwrap_or_default();
        Page {
            status,
            headers,
            body,
        }
    }

    pub fn get(&mut self, path: &str) -> Page {
        let response = self
            .agent
            .get(format!("{}{path}", self.base))
            .header("Cookie", self.cookie_header())
            .call()
            .unwrap();
        self.keep(response)
    }

    pub fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let response = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Cookie", self.cookie_header())
            .send_form(form.iter().copied())
            .unwrap();
        self.keep(response)
    }

    /// Posts a body as it is; `None` when the server closed the connection
    /// before the body was all sent (as it may after refusing it).
    pub fn post_raw(&mut self, path: &str, body: &str) -> Option<Page> {
        let response = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Cookie", self.cookie_header())
            .content_type("application/x-www-form-urlencoded")
            .send(body)
            .ok()?;
        Some(self.keep(response))
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.get(name).cloned()
    }

    pub fn set_cookie(&mut self, name: &str, value: &str) {
        self.cookies.insert(name.to_owned(), value.to_owned());
    }

    /// Signs in on the start page.
    pub fn sign_in(&mut self, name: &str) -> Page {
        let start = self.get("/");
        let page = self.post("/start", &[("csrf", &start.csrf()), ("name", name)]);
        assert_eq!(page.status, 303, "{}", page.body);
        self.get("/")
    }

    /// Starts a quiz; returns the attempt's path (`/quiz/N`) and the token.
    pub fn start_quiz(&mut self, count: &str, time_limit: &str, mode: &str) -> (String, String) {
        let csrf = self.get("/quiz/new").csrf();
        let page = self.post(
            "/quiz",
            &[
                ("csrf", &csrf),
                ("count", count),
                ("time-limit", time_limit),
                ("mode", mode),
            ],
        );
        assert_eq!(page.status, 303, "{}", page.body);
        let path = page.location().strip_suffix("/1").unwrap().to_owned();
        (path, csrf)
    }
}

pub fn seven() -> Vec<PathBuf> {
    vec![fixture("serve/seven.toml")]
}

/// The answers recorded for the learner's only attempt.
fn answers(store: &Path, learner: &str) -> Vec<serde_json::Value> {
    let attempts = history(store, learner);
    assert_eq!(attempts.len(), 1);
    attempts[0]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| !q["response"].is_null())
        .cloned()
        .collect()
}

/// The question's type on a question page.
fn question_type(page: &Page) -> String {
    assert!(page.body.contains("data-question-id"), "{}", page.body);
    page.body
        .split("data-question-type=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned()
}

/// The steps of an ordering question as shown (their letters).
fn steps(page: &Page) -> Vec<String> {
    page.body
        .match_indices("name=\"order\" value=\"")
        .map(|(at, _)| page.body[at + 20..at + 21].to_owned())
        .collect()
}

/// Some valid answer to the question on the page, as form fields.
pub fn some_answer(page: &Page) -> Vec<(&'static str, String)> {
    let one = |name: &'static str, value: &str| vec![(name, value.to_owned())];
    match question_type(page).as_str() {
        "true-false" => one("answer", "T"),
        "short" => one("answer", "nerve"),
        "numeric" => one("answer", "5"),
        "match" => one("pair1", "A"),
        "order" => {
            let mut form = one("order-touched", "1");
            form.extend(steps(page).into_iter().map(|s| ("order", s)));
            form
        }
        _ => one("answer", "A"),
    }
}

/// Posts the page's form with `fields` and the token.
pub fn answer(client: &mut Client, path: &str, csrf: &str, fields: &[(&'static str, String)]) -> Page {
    let mut form: Vec<(&str, &str)> = vec![("csrf", csrf)];
    form.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
    client.post(path, &form)
}

#[test]
fn the_first_line_gives_the_address_and_every_page_carries_the_security_headers() {
    let server = Server::start(&seven());
    assert!(server.base.starts_with("http://127.0.0.1:"), "{}", server.base);
    let mut client = Client::new(&server);
    let page = client.get("/");
    assert_eq!(page.status, 200);
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert!(!page.body.contains("<script>"), "no inline script");
    client.sign_in("Ana");
    let home = client.get("/");
    assert!(home.body.contains("Welcome, Ana"), "{}", home.body);
    let cookie = client.get("/").header("set-cookie").map(str::to_owned);
    assert!(cookie.is_none(), "the session cookie is set once, at sign-in");
    let not_found = client.get("/static/../Cargo.toml");
    assert_eq!(not_found.status, 404);
    let script = client.get("/static/app.js");
    assert_eq!(script.status, 200);
    assert!(script.header("content-security-policy").is_some());
}

#[test]
fn the_session_cookie_is_http_only_and_same_site_strict_with_128_random_bits() {
    let server = Server::start(&seven());
    let mut client = Client::new(&server);
    let start = client.get("/");
    let page = client.post("/start", &[("csrf", &start.csrf()), ("name", "Ana")]);
    let cookie = page
        .headers
        .iter()
        .find(|(n, v)| n == "set-cookie" && v.starts_with("aidquiz_session="))
        .map(|(_, v)| v.clone())
        .expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    let id = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("aidquiz_session=");
    assert_eq!(id.len(), 32, "128 bits in hex: {id}");
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
}

#[test]
fn a_post_without_or_with_a_wrong_csrf_token_is_refused_and_nothing_is_saved() {
    let server = Server::start(&seven());
    let mut client = Client::new(&server);
    // Signing in needs the start page's token too.
    let refused = client.post("/start", &[("name", "Ana")]);
    assert_eq!(refused.status, 403, "{}", refused.body);
    client.sign_in("Ana");
    let (quiz, csrf) = client.start_quiz("3", "", "exam");
    let page = client.get(&format!("{quiz}/1"));
    let fields = some_answer(&page);
    let missing = answer(&mut client, &format!("{quiz}/1"), "", &fields[..]);
    assert_eq!(missing.status, 403);
    assert!(missing.body.contains("The form has expired"), "{}", missing.body);
    let wrong = answer(
        &mut client,
        &format!("{quiz}/1"),
        "0123456789abcdef0123456789abcdef",
        &fields,
    );
    assert_eq!(wrong.status, 403);
    let no_quiz = client.post("/quiz", &[("count", "3")]);
    assert_eq!(no_quiz.status, 403);
    assert!(answers(&server.store, "Ana").is_empty(), "nothing saved");
    assert_eq!(history(&server.store, "Ana").len(), 1, "no second quiz started");
    let right = answer(&mut client, &format!("{quiz}/1"), &csrf, &fields);
    assert_eq!(right.status, 303, "{}", right.body);
    assert_eq!(answers(&server.store, "Ana").len(), 1);
}

#[test]
fn an_answer_after_the_deadline_is_refused_with_a_clear_page_and_not_saved() {
    let server = Server::start(&seven());
    let mut client = Client::new(&server);
    client.sign_in("Ana");
    let (quiz, csrf) = client.start_quiz("3", "2s", "exam");
    let page = client.get(&format!("{quiz}/1"));
    let saved = answer(&mut client, &format!("{quiz}/1"), &csrf, &some_answer(&page));
    assert_eq!(saved.status, 303, "{}", saved.body);
    // Wait until the server's deadline has passed (no assertion on time).
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let page2 = client.get(&format!("{quiz}/2"));
    assert_eq!(page2.status, 303, "the quiz is over: to the review");
    let late = answer(
        &mut client,
        &format!("{quiz}/2"),
        &csrf,
        &[("answer", "T".into()), ("pair1", "A".into())],
    );
    assert_eq!(late.status, 409, "{}", late.body);
    assert!(late.body.contains("not saved"), "{}", late.body);
    let recorded = answers(&server.store, "Ana");
    assert_eq!(recorded.len(), 1, "only the answer in time: {recorded:?}");
    assert_eq!(history(&server.store, "Ana")[0]["status"], "timed-out");
    let review = client.get(&format!("{quiz}/review"));
    assert!(review.body.contains("Time ran out"), "{}", review.body);
}

#[test]
fn an_answer_to_another_learners_attempt_is_refused() {
    let server = Server::start(&seven());
    let mut ana = Client::new(&server);
    ana.sign_in("Ana");
    let (quiz, _) = ana.start_quiz("3", "", "exam");
    let mut ben = Client::new(&server);
    ben.sign_in("Ben");
    let (_, ben_csrf) = ben.start_quiz("3", "", "exam");
    let seen = ben.get(&format!("{quiz}/1"));
    assert_eq!(seen.status, 404);
    assert!(!seen.body.contains("data-question-id"));
    let posted = ben.post(&format!("{quiz}/1"), &[("csrf", &ben_csrf), ("answer", "A")]);
    assert_eq!(posted.status, 404, "{}", posted.body);
    let submitted = ben.post(&format!("{quiz}/finish"), &[("csrf", &ben_csrf)]);
    assert_eq!(submitted.status, 404);
    assert!(answers(&server.store, "Ana").is_empty());
    assert_eq!(
        history(&server.store, "Ana")[0]["status"],
        "abandoned",
        "still open"
    );
}

#[test]
fn an_oversized_body_or_field_is_refused() {
    let server = Server::start(&seven());
    let mut client = Client::new(&server);
    client.sign_in("Ana");
    let (quiz, csrf) = client.start_quiz("3", "", "exam");
    let long = "x".repeat(3000);
    let page = client.post(&format!("{quiz}/1"), &[("csrf", &csrf), ("answer", &long)]);
    assert_eq!(page.status, 413, "{}", page.body);
    let huge = format!("csrf={csrf}&answer={}", "A".repeat(100_000));
    // Refused: a 413, or the connection closed while the body was still
    // being sent.
    if let Some(page) = client.post_raw(&format!("{quiz}/1"), &huge) {
        assert_eq!(page.status, 413);
    }
    let name = "n".repeat(81);
    let mut other = Client::new(&server);
    let start = other.get("/");
    let page = other.post("/start", &[("csrf", &start.csrf()), ("name", &name)]);
    assert_eq!(page.status, 400);
    assert!(answers(&server.store, "Ana").is_empty());
}

#[test]
fn markup_in_a_learner_name_and_in_bank_text_is_shown_as_text() {
    let server = Server::start(&[fixture("serve/markup.toml")]);
    let mut client = Client::new(&server);
    let home = client.sign_in("<script>alert(1)</script>");
    assert!(
        home.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        home.body
    );
    assert!(!home.body.contains("<script>alert"));
    let (quiz, _) = client.start_quiz("1", "", "exam");
    let page = client.get(&format!("{quiz}/1"));
    assert!(
        page.body.contains("&lt;img src=x onerror=alert(2)&gt;"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<img src=x"));
    assert!(!page.body.contains("<b>"));
}

/// Control characters in a name are dropped, as the command line drops
/// them (they would reach terminals and reports, and PostgreSQL holds no
/// NUL in text); an answer holding one is refused and nothing is saved.
#[test]
fn control_characters_are_dropped_from_names_and_refused_in_answers() {
    let server = Server::start(&seven());
    let mut client = Client::new(&server);
    let home = client.sign_in("\u{1b}An\u{0}a\u{7}");
    assert!(home.body.contains("Ana"), "{}", home.body);
    let (quiz, csrf) = client.start_quiz("7", "", "exam");
    let typed = (1..=7)
        .map(|n| format!("{quiz}/{n}"))
        .find(|path| {
            let page = client.get(path);
            ["single", "true-false", "short", "numeric"].contains(&question_type(&page).as_str())
        })
        .expect("seven.toml has a question answered in one field");
    let refused = client.post(&typed, &[("csrf", &csrf), ("answer", "T\u{0}")]);
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("the answer holds a control character (U+0000)"),
        "{}",
        refused.body
    );
    let attempts = history(&server.store, "Ana");
    assert_eq!(
        attempts.len(),
        1,
        "the name is kept without its control characters"
    );
    assert!(
        attempts[0]["questions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|q| q["response"].is_null())
    );
}

/// A question about a case shows the case above it, and a must-pass
/// question says so in words, as the terminal and the papers do.
#[test]
fn a_case_is_shown_above_its_questions_and_must_pass_questions_say_so() {
    let server = Server::start(&[fixture("cert/cert.toml")]);
    let mut client = Client::new(&server);
    client.sign_in("Ana");
    let (quiz, csrf) = client.start_quiz("8", "", "exam");
    let pages: Vec<String> = (1..=8).map(|n| client.get(&format!("{quiz}/{n}")).body).collect();
    let with_case = |text: &str| pages.iter().filter(|page| page.contains(text)).count();
    // Maria's case has three questions, Sam's two.
    assert_eq!(with_case("Maria, 45, lifted heavy boxes yesterday."), 3);
    assert_eq!(
        with_case("Since yesterday he has had tingling down his left leg"),
        2
    );
    assert_eq!(with_case("◆ must-pass"), 2, "the two critical questions");
    // Submitting with nothing answered misses both: the results name them.
    client.post(&format!("{quiz}/finish"), &[("csrf", &csrf)]);
    let review = client.get(&format!("{quiz}/review")).body;
    assert!(review.contains("Must-pass questions missed"), "{review}");
    assert_eq!(review.matches("◆ must-pass").count(), 2, "{review}");
}

#[test]
fn an_exam_page_and_its_script_hold_no_key_or_explanation() {
    let server = Server::start(&seven());
    let bank = std::fs::read_to_string(fixture("serve/seven.toml")).unwrap();
    let secrets: Vec<String> = bank
        .lines()
        .filter_map(|line| {
            line.strip_prefix("explanation = \"")
                .or_else(|| line.strip_prefix("accept = [\""))
        })
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        // A word the prompt or the question's id (`data-question-id`) uses gives nothing away.
        .filter(|secret| {
            !bank.lines().any(|line| {
                (line.starts_with("prompt") || line.starts_with("id")) && line.contains(secret.as_str())
            })
        })
        .collect();
    assert!(secrets.len() >= 7, "{secrets:?}");
    let mut client = Client::new(&server);
    client.sign_in("Ana");
    let (quiz, csrf) = client.start_quiz("7", "10m", "exam");
    let script = client.get("/static/app.js").body;
    for number in 1..=7 {
        let path = format!("{quiz}/{number}");
        let page = client.get(&path);
        assert_eq!(page.status, 200);
        // Answering shows no feedback in exam mode either.
        let saved = answer(&mut client, &path, &csrf, &some_answer(&page));
        assert_eq!(saved.status, 303, "{}", saved.body);
        let after = client.get(&path).body;
        for secret in &secrets {
            assert!(
                !page.body.contains(secret.as_str()),
                "page {number} holds `{secret}`: {}",
                page.body
            );
            assert!(
                !after.contains(secret.as_str()),
                "page {number} holds `{secret}` after answering"
            );
            assert!(!script.contains(secret.as_str()));
        }
    }
    let finish = client.get(&format!("{quiz}/finish")).body;
    assert!(secrets.iter().all(|s| !finish.contains(s.as_str())));
    client.post(&format!("{quiz}/finish"), &[("csrf", &csrf)]);
    let review = client.get(&format!("{quiz}/review")).body;
    assert!(
        secrets.iter().any(|s| review.contains(s.as_str())),
        "the review explains what was missed"
    );
}

#[test]
fn every_question_type_answered_by_plain_form_posts_is_an_ordinary_attempt() {
    let server = Server::start(&seven());
    let mut client = Client::new(&server);
    client.sign_in("Ana");
    let (quiz, csrf) = client.start_quiz("7", "", "exam");
    for number in 1..=7 {
        let path = format!("{quiz}/{number}");
        let page = client.get(&path);
        let kind = question_type(&page);
        let posted = match kind.as_str() {
            "single" => client.post(&path, &[("csrf", &csrf), ("answer", "B"), ("go", "next")]),
            "multiple" => client.post(
                &path,
                &[("csrf", &csrf), ("answer", "A"), ("answer", "C"), ("go", "next")],
            ),
            "true-false" => client.post(&path, &[("csrf", &csrf), ("answer", "T"), ("go", "next")]),
            "short" => client.post(&path, &[("csrf", &csrf), ("answer", "sciatic"), ("go", "next")]),
            "numeric" => {
                assert!(page.body.contains("(in %)"), "the unit is shown");
                client.post(&path, &[("csrf", &csrf), ("answer", "75"), ("go", "next")])
            }
            "order" => {
                // Without JavaScript a move button posts the form and saves.
                let shown = steps(&page);
                let mut form = vec![("csrf", csrf.as_str())];
                form.extend(shown.iter().map(|s| ("order", s.as_str())));
                form.push(("move", "down-0"));
                let moved = client.post(&path, &form);
                assert_eq!(moved.status, 303, "{}", moved.body);
                let again = client.get(&path);
                let order = steps(&again);
                assert_eq!(order[0], shown[1], "the first two steps swapped");
                assert_eq!(order[1], shown[0]);
                client.post(&path, &[("csrf", &csrf), ("go", "next")])
            }
            "match" => client.post(
                &path,
                &[("csrf", &csrf), ("pair1", "A"), ("pair2", "B"), ("go", "next")],
            ),
            other => panic!("unexpected type {other}"),
        };
        assert_eq!(posted.status, 303, "{kind}: {}", posted.body);
    }
    let finish = client.post(&format!("{quiz}/finish"), &[("csrf", &csrf)]);
    assert_eq!(finish.location(), format!("{quiz}/review"));
    let attempts = history(&server.store, "Ana");
    assert_eq!(attempts[0]["status"], "completed");
    assert_eq!(attempts[0]["mode"], "exam");
    let recorded = answers(&server.store, "Ana");
    assert_eq!(recorded.len(), 7, "{recorded:?}");
    let notations: Vec<&str> = recorded.iter().map(|q| q["response"].as_str().unwrap()).collect();
    assert!(notations.contains(&"A,C"), "{notations:?}");
    assert!(notations.contains(&"1A 2B"), "{notations:?}");
    assert!(notations.contains(&"sciatic"), "{notations:?}");
    assert!(notations.contains(&"75"), "{notations:?}");
    // The answers count as reviews, as a terminal quiz's do.
    let progress = crate::progress(
        &server.store,
        "Ana",
        &[fixture("serve/seven.toml").to_str().unwrap()],
    );
    let seen: u64 = progress["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["seen"].as_u64().unwrap())
        .sum();
    assert_eq!(seen, 7);
}

#[test]
fn a_quiz_survives_a_server_restart_with_its_answers_and_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("progress.sqlite3");
    let server = Server::on_store(&seven(), &store);
    let mut client = Client::new(&server);
    client.sign_in("Ana");
    let (quiz, csrf) = client.start_quiz("3", "30m", "exam");
    let page = client.get(&format!("{quiz}/1"));
    let mut fields = some_answer(&page);
    fields.push(("flag", "on".into()));
    let saved = answer(&mut client, &format!("{quiz}/1"), &csrf, &fields);
    assert_eq!(saved.status, 303);
    assert!(server.interrupt(), "SIGTERM stops the server cleanly");
    assert_eq!(history(&store, "Ana")[0]["status"], "abandoned", "still open");

    let server = Server::on_store(&seven(), &store);
    let mut again = Client {
        base: server.base.clone(),
        ..client
    };
    let resumed = again.get(&quiz);
    assert_eq!(
        resumed.location(),
        format!("{quiz}/2"),
        "on to the first unanswered"
    );
    let page = again.get(&format!("{quiz}/1"));
    assert_eq!(page.status, 200);
    assert!(!history(&store, "Ana")[0]["questions"][0]["response"].is_null());
    assert!(page.body.contains("Answer saved."), "the answer is still there");
    assert!(page.body.contains("Remove flag"), "and the flag");
    let left: u64 = page
        .body
        .split("data-seconds-left=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(left <= 30 * 60, "the same deadline, not a new one: {left}");
}

#[test]
fn a_quiz_whose_time_runs_out_with_no_page_open_ends_as_timed_out_with_its_answers() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("progress.sqlite3");
    let server = Server::on_store(&seven(), &store);
    let mut client = Client::new(&server);
    client.sign_in("Ana");
    let (quiz, csrf) = client.start_quiz("3", "1s", "exam");
    let page = client.get(&format!("{quiz}/1"));
    let saved = answer(&mut client, &format!("{quiz}/1"), &csrf, &some_answer(&page));
    assert_eq!(saved.status, 303);
    assert!(server.interrupt());
    // Past the deadline while no server runs; the next one ends the
    // attempt on its own, without the learner coming back.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let _server = Server::on_store(&seven(), &store);
    let mut status = String::new();
    for _ in 0..100 {
        status = history(&store, "Ana")[0]["status"].as_str().unwrap().to_owned();
        if status != "abandoned" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(status, "timed-out");
    assert_eq!(
        answers(&store, "Ana").len(),
        1,
        "the answer given in time is kept"
    );
}

#[test]
fn an_address_already_in_use_is_an_error_naming_it() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let output = crate::aidquiz()
        .args(["serve", "--listen", &address, "--store"])
        .arg(dir.path().join("s.sqlite3"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = crate::stderr_of(&output);
    assert!(
        stderr.contains(&format!("cannot listen on {address}")),
        "{stderr}"
    );
    let output = crate::aidquiz()
        .args(["serve", "--listen", "nowhere"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(crate::stderr_of(&output).contains("is not an address to listen on"));
}

#[test]
fn in_study_mode_each_answer_gets_its_feedback_and_then_stands() {
    let server = Server::start(&seven());
    let mut client = Client::new(&server);
    client.sign_in("Ana");
    let (quiz, csrf) = client.start_quiz("7", "", "study");
    let path = format!("{quiz}/1");
    let page = client.get(&path);
    assert!(!page.body.contains("The answer:"), "no feedback before answering");
    let mut fields = some_answer(&page);
    fields.push(("go", "check".into()));
    let checked = answer(&mut client, &path, &csrf, &fields);
    assert_eq!(checked.status, 303, "{}", checked.body);
    let feedback = client.get(&path);
    assert!(feedback.body.contains("The answer:"), "{}", feedback.body);
    assert!(feedback.body.contains("class=\"explanation\""));
    let first = answers(&server.store, "Ana")[0]["response"].clone();
    // Another answer to the same question changes nothing once explained.
    let again = answer(
        &mut client,
        &path,
        &csrf,
        &[("answer", "B".into()), ("pair1", "B".into())],
    );
    assert_eq!(again.status, 303);
    assert_eq!(answers(&server.store, "Ana")[0]["response"], first);
    // Checking with no answer says so instead of moving on.
    let blank = client.post(&format!("{quiz}/2"), &[("csrf", &csrf), ("go", "check")]);
    assert_eq!(blank.status, 422);
    assert!(
        blank.body.contains("Choose or type an answer first"),
        "{}",
        blank.body
    );
}
