//! The instructor's room in `aidquiz serve` over HTTP: the password, CSRF,
//! the code guess limit, rooms from quiz options and from an exam folder,
//! extra time and closing, the room's reports; through the real binary.

use std::path::Path;

use crate::serve::{Client, Page, Server, answer, seven, some_answer};
use crate::{aidquiz, fixture, history, stderr_of, stdout_of};

const PASSWORD: &str = "correct horse battery";

/// Signs the client in as the instructor.
fn sign_in_instructor(client: &mut Client) {
    let login = client.get("/instructor/login");
    assert_eq!(login.status, 200, "{}", login.body);
    let page = client.post(
        "/instructor/login",
        &[("csrf", &login.csrf()), ("password", PASSWORD)],
    );
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(page.location(), "/instructor/");
}

/// Opens a room from quiz options; returns its code.
fn open_quiz_room(client: &mut Client, count: &str, time_limit: &str) -> String {
    let home = client.get("/instructor/");
    let page = client.post(
        "/instructor/rooms",
        &[
            ("csrf", &home.csrf()),
            ("source", "quiz"),
            ("title", "Saturday <b>course</b>"),
            ("count", count),
            ("time-limit", time_limit),
            ("mode", "exam"),
        ],
    );
    assert_eq!(page.status, 303, "{}", page.body);
    page.location()
        .strip_prefix("/instructor/rooms/")
        .unwrap()
        .to_owned()
}

/// Joins a room from the start page; the response (a redirect to the quiz).
fn join(client: &mut Client, name: &str, code: &str) -> Page {
    let start = client.get("/");
    client.post(
        "/join",
        &[("csrf", &start.csrf()), ("name", name), ("code", code)],
    )
}

/// The attempt path (`/quiz/N`) a join redirected to.
fn joined(client: &mut Client, name: &str, code: &str) -> String {
    let page = join(client, name, code);
    assert_eq!(page.status, 303, "{}", page.body);
    page.location().to_owned()
}

/// The row of `learner` on the room page, as text without tags.
fn board_row(page: &Page, learner: &str) -> String {
    let at = page
        .body
        .find(&format!("<th scope=\"row\">{learner}</th>"))
        .unwrap_or_else(|| panic!("{learner} on the board: {}", page.body));
    let row = &page.body[at..];
    let row = &row[..row.find("</tr>").unwrap()];
    let mut text = String::new();
    let mut in_tag = false;
    for c in row.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push('|');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[test]
fn without_a_password_the_instructor_pages_are_off_and_say_how_to_turn_them_on() {
    let server = Server::start(&seven());
    let mut client = Client::new(&server);
    for path in ["/instructor/", "/instructor/login", "/instructor/rooms/ABCDEF"] {
        let page = client.get(path);
        assert_eq!(page.status, 404, "{path}");
        assert!(page.body.contains("Instructor pages are off"), "{}", page.body);
        assert!(page.body.contains("--instructor-password-file"), "{}", page.body);
        assert!(page.body.contains("AIDQUIZ_INSTRUCTOR_PASSWORD"), "{}", page.body);
    }
    let page = client.post("/instructor/login", &[("password", "")]);
    assert_eq!(page.status, 404);
}

#[test]
fn a_wrong_password_is_refused_and_the_right_one_signs_in_with_a_strict_http_only_cookie() {
    let server = Server::with_instructor(&seven(), PASSWORD);
    let mut client = Client::new(&server);
    let page = client.get("/instructor/");
    assert_eq!((page.status, page.location()), (303, "/instructor/login"));
    let login = client.get("/instructor/login");
    assert!(login.body.contains("type=\"password\""), "{}", login.body);
    // Without the form's token, even the right password is refused.
    let page = client.post("/instructor/login", &[("password", PASSWORD)]);
    assert_eq!(page.status, 403);
    let wrong = client.post(
        "/instructor/login",
        &[("csrf", &login.csrf()), ("password", "correct horse")],
    );
    assert_eq!(wrong.status, 403, "{}", wrong.body);
    assert!(wrong.body.contains("Wrong password"), "{}", wrong.body);
    assert!(
        !wrong.body.contains("correct horse"),
        "the password is never echoed"
    );
    assert_eq!(client.get("/instructor/").status, 303, "still signed out");
    let login = client.get("/instructor/login");
    let right = client.post(
        "/instructor/login",
        &[("csrf", &login.csrf()), ("password", PASSWORD)],
    );
    assert_eq!(right.status, 303, "{}", right.body);
    let cookie = right
        .headers
        .iter()
        .find(|(n, v)| n == "set-cookie" && v.starts_with("aidquiz_instructor="))
        .map(|(_, v)| v.clone())
        .expect("an instructor cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let home = client.get("/instructor/");
    assert_eq!(home.status, 200);
    assert!(
        home.body.contains("Open a room from quiz options"),
        "{}",
        home.body
    );
}

#[test]
fn instructor_forms_without_the_csrf_token_are_refused_and_change_nothing() {
    let server = Server::with_instructor(&seven(), PASSWORD);
    let mut client = Client::new(&server);
    sign_in_instructor(&mut client);
    let form = [("source", "quiz"), ("count", "3"), ("time-limit", "10m")];
    let page = client.post("/instructor/rooms", &form);
    assert_eq!(page.status, 403, "{}", page.body);
    let mut forged = form.to_vec();
    forged.push(("csrf", "0123456789abcdef0123456789abcdef"));
    assert_eq!(client.post("/instructor/rooms", &forged).status, 403);
    assert!(client.get("/instructor/").body.contains("No room yet"));
    let code = open_quiz_room(&mut client, "3", "10m");
    let close = client.post(&format!("/instructor/rooms/{code}/close"), &[]);
    assert_eq!(close.status, 403);
    let room = client.get(&format!("/instructor/rooms/{code}"));
    assert!(room.body.contains("Open. Learners join"), "{}", room.body);
}

#[test]
fn a_learner_cannot_reach_the_instructor_pages_even_with_their_own_session_as_the_cookie() {
    let server = Server::with_instructor(&seven(), PASSWORD);
    let mut instructor = Client::new(&server);
    sign_in_instructor(&mut instructor);
    let code = open_quiz_room(&mut instructor, "3", "10m");
    let mut learner = Client::new(&server);
    let path = joined(&mut learner, "Ana", &code);
    let csrf = learner.get(&format!("{path}/1")).csrf();
    for page in [
        "/instructor/",
        &format!("/instructor/rooms/{code}"),
        &format!("/instructor/rooms/{code}/reports/attempts.csv"),
    ] {
        let response = learner.get(page);
        assert_eq!(
            (response.status, response.location()),
            (303, "/instructor/login"),
            "{page}"
        );
    }
    let close = learner.post(&format!("/instructor/rooms/{code}/close"), &[("csrf", &csrf)]);
    assert_eq!(close.status, 403, "{}", close.body);
    let session = learner.cookie("aidquiz_session").unwrap();
    learner.set_cookie("aidquiz_instructor", &session);
    assert_eq!(learner.get("/instructor/").status, 303);
    let close = learner.post(&format!("/instructor/rooms/{code}/close"), &[("csrf", &csrf)]);
    assert_eq!(close.status, 403);
    assert!(
        instructor
            .get(&format!("/instructor/rooms/{code}"))
            .body
            .contains("Open. Learners join")
    );
}

#[test]
fn guessing_room_codes_is_held_back_per_address_with_a_clear_429_page() {
    let server = Server::with_instructor(&seven(), PASSWORD);
    let mut instructor = Client::new(&server);
    sign_in_instructor(&mut instructor);
    let code = open_quiz_room(&mut instructor, "3", "");
    let mut guesser = Client::new(&server);
    for n in 0..10 {
        let page = join(&mut guesser, "Eve", &format!("ZZZZ{n:02}"));
        assert_eq!(page.status, 404, "guess {n}: {}", page.body);
        assert!(page.body.contains("No open room has the code"), "{}", page.body);
    }
    // Now even the right code waits.
    let page = join(&mut guesser, "Eve", &code);
    assert_eq!(page.status, 429, "{}", page.body);
    assert!(page.body.contains("Too many tries"), "{}", page.body);
    let wait: u64 = page.header("retry-after").unwrap().parse().unwrap();
    assert!(wait > 0 && wait <= 300, "{wait}");
    assert!(history(&server.store, "Eve").is_empty(), "no attempt was started");
}

#[test]
fn a_quiz_room_with_two_learners_extra_time_for_one_then_closed() {
    let server = Server::with_instructor(&seven(), PASSWORD);
    let mut instructor = Client::new(&server);
    sign_in_instructor(&mut instructor);
    let code = open_quiz_room(&mut instructor, "3", "10m");
    let room = format!("/instructor/rooms/{code}");
    let page = instructor.get(&room);
    assert!(
        page.body.contains("Saturday &lt;b&gt;course&lt;/b&gt;"),
        "the title is escaped"
    );
    assert!(
        page.body.contains("http-equiv=\"refresh\""),
        "refreshes without JavaScript"
    );
    assert!(page.body.contains("No one has joined yet."));

    let mut ana = Client::new(&server);
    // Codes are read in any case, with spaces.
    let ana_path = joined(&mut ana, "Ana", &format!(" {} ", code.to_lowercase()));
    let mut bo = Client::new(&server);
    let bo_path = joined(&mut bo, "Bo", &code);
    assert_ne!(ana_path, bo_path);
    let first = ana.get(&format!("{ana_path}/1"));
    let csrf = first.csrf();
    let saved = answer(&mut ana, &format!("{ana_path}/1"), &csrf, &some_answer(&first));
    assert_eq!(saved.status, 303, "{}", saved.body);
    ana.get(&format!("{ana_path}/2"));

    let board = instructor.get(&room);
    let row = board_row(&board, "Ana");
    assert!(
        row.contains("2 of 3") && row.contains("1 of 3"),
        "on question 2, 1 answered: {row}"
    );
    assert!(row.contains("In progress"), "{row}");
    assert!(board_row(&board, "Bo").contains("0 of 3"));

    // Extra time for Bo only, effective at once on the server's deadline.
    let extra = instructor.post(
        &format!("{room}/extra"),
        &[("csrf", &board.csrf()), ("learner", "Bo"), ("minutes", "5")],
    );
    assert_eq!(extra.status, 303, "{}", extra.body);
    let board = instructor.get(&room);
    assert!(
        board_row(&board, "Bo").contains("(+5:00 extra)"),
        "{}",
        board_row(&board, "Bo")
    );
    assert!(!board_row(&board, "Ana").contains("extra"));
    let bo_page = bo.get(&format!("{bo_path}/1"));
    let left: u64 = bo_page
        .body
        .split("data-seconds-left=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(left > 600, "Bo's page counts down from the new deadline: {left}");
    let bo_attempt = &history(&server.store, "Bo")[0];
    assert_eq!(bo_attempt["time_limit_secs"], 900);
    assert_eq!(history(&server.store, "Ana")[0]["time_limit_secs"], 600);
    let bad = instructor.post(
        &format!("{room}/extra"),
        &[("csrf", &board.csrf()), ("learner", "Bo"), ("minutes", "0")],
    );
    assert_eq!(bad.status, 400);

    // Ana resumes from another browser with her name and the code.
    let mut ana_phone = Client::new(&server);
    assert_eq!(joined(&mut ana_phone, "  ana ", &code), ana_path);
    let resumed = ana_phone.get(&format!("{ana_path}/1"));
    assert_eq!(resumed.status, 200);
    assert!(
        resumed.body.contains("Signed in as <strong>Ana</strong>"),
        "{}",
        resumed.body
    );
    // Ana submits; then the room closes and Bo's quiz ends as timed out.
    let finish = ana_phone.get(&format!("{ana_path}/finish"));
    assert_eq!(
        ana_phone
            .post(&format!("{ana_path}/finish"), &[("csrf", &finish.csrf())])
            .status,
        303
    );
    let close = instructor.post(&format!("{room}/close"), &[("csrf", &board.csrf())]);
    assert_eq!(close.status, 303, "{}", close.body);
    let board = instructor.get(&room);
    assert!(
        board_row(&board, "Ana").contains("Submitted"),
        "{}",
        board_row(&board, "Ana")
    );
    assert!(
        board_row(&board, "Bo").contains("Timed out"),
        "{}",
        board_row(&board, "Bo")
    );
    assert!(
        !board.body.contains("http-equiv=\"refresh\""),
        "a closed room stops refreshing"
    );
    let exam_id = format!("room-{code}");
    for (name, status) in [("Ana", "completed"), ("Bo", "timed-out")] {
        let attempts = history(&server.store, name);
        assert_eq!(attempts.len(), 1);
        assert_eq!(attempts[0]["status"], status, "{name}");
        assert_eq!(attempts[0]["exam_id"], exam_id.as_str());
        assert_eq!(attempts[0]["mode"], "exam");
    }
    assert!(
        !history(&server.store, "Ana")[0]["questions"][0]["response"].is_null(),
        "Ana's answer to question 1 is kept"
    );
    // A closed room takes no one.
    assert_eq!(join(&mut Client::new(&server), "Cy", &code).status, 404);
    // A late answer from Bo is refused.
    let late = answer(
        &mut bo,
        &format!("{bo_path}/2"),
        &bo_page.csrf(),
        &[("answer", "A".to_owned())],
    );
    assert_eq!(late.status, 409, "{}", late.body);

    // The reports, as pages and CSV, and `report --exam` from the terminal.
    let attempts = instructor.get(&format!("{room}/reports/attempts"));
    assert_eq!(attempts.status, 200);
    assert!(attempts.body.contains("Ana") && attempts.body.contains("Bo"));
    assert!(
        !attempts
            .header("content-security-policy")
            .unwrap()
            .contains("script-src")
    );
    for kind in ["attempts", "learners", "items"] {
        let csv = instructor.get(&format!("{room}/reports/{kind}.csv"));
        assert_eq!(csv.status, 200, "{kind}");
        assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
        assert!(
            csv.header("content-disposition")
                .unwrap()
                .contains(&format!("room-{code}-{kind}.csv"))
        );
        assert_eq!(
            instructor.get(&format!("{room}/reports/{kind}")).status,
            200,
            "{kind}"
        );
    }
    let csv = instructor.get(&format!("{room}/reports/attempts.csv"));
    assert_eq!(csv.body.lines().count(), 3, "{}", csv.body);
    let output = aidquiz()
        .args([
            "report", "attempts", "--format", "csv", "--exam", &exam_id, "--store",
        ])
        .arg(&server.store)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        stdout_of(&output),
        csv.body,
        "the page's CSV is the report command's"
    );
}

fn generate_exam(out: &Path, banks: &Path) {
    let output = aidquiz()
        .args(["exam", "generate"])
        .arg(banks)
        .args([
            "--versions",
            "2",
            "--count",
            "3",
            "--time-limit",
            "20m",
            "--date",
            "2026-11-30",
            "--out",
        ])
        .arg(out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn an_exam_room_hands_out_the_versions_in_turn_under_the_exams_id() {
    let dir = tempfile::tempdir().unwrap();
    let exam = dir.path().join("exam");
    generate_exam(&exam, &fixture("serve/seven.toml"));
    let manifest: toml::Value =
        toml::from_str(&std::fs::read_to_string(exam.join("exam.toml")).unwrap()).unwrap();
    let exam_id = manifest["exam_id"].as_str().unwrap().to_owned();
    let server = Server::with_instructor(&seven(), PASSWORD);
    let mut instructor = Client::new(&server);
    sign_in_instructor(&mut instructor);
    let home = instructor.get("/instructor/");
    let folder = exam.to_str().unwrap();
    let page = instructor.post(
        "/instructor/rooms",
        &[
            ("csrf", &home.csrf()),
            ("source", "exam"),
            ("folder", folder),
            ("time-limit", ""),
        ],
    );
    assert_eq!(page.status, 303, "{}", page.body);
    let room = page.location().to_owned();
    let code = room.trim_start_matches("/instructor/rooms/").to_owned();
    for name in ["Ana", "Bo", "Cy"] {
        joined(&mut Client::new(&server), name, &code);
    }
    let board = instructor.get(&room);
    let versions: Vec<bool> = [("Ana", "A"), ("Bo", "B"), ("Cy", "A")]
        .iter()
        .map(|(name, version)| board_row(&board, name).contains(&format!("|{version}|")))
        .collect();
    assert_eq!(versions, [true, true, true], "{}", board.body);
    let ana = &history(&server.store, "Ana")[0];
    assert_eq!(ana["exam_id"], exam_id.as_str());
    assert_eq!(ana["time_limit_secs"], 1200, "the exam's own limit");
    let ids: Vec<&str> = ana["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    let version_a: Vec<&str> = manifest["versions"][0]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["question"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, version_a);

    // One attempt per learner per exam: the same exam in a second room
    // does not give Ana another.
    let page = instructor.post(
        "/instructor/rooms",
        &[("csrf", &home.csrf()), ("source", "exam"), ("folder", folder)],
    );
    let second = page
        .location()
        .trim_start_matches("/instructor/rooms/")
        .to_owned();
    let again = join(&mut Client::new(&server), "Ana", &second);
    assert_eq!(again.status, 409, "{}", again.body);
    assert!(again.body.contains("one attempt per exam"), "{}", again.body);

    // An exam from banks this server does not serve is refused, naming why.
    let other = dir.path().join("other");
    generate_exam(&other, &crate::root().join("quizzes"));
    let page = instructor.post(
        "/instructor/rooms",
        &[
            ("csrf", &home.csrf()),
            ("source", "exam"),
            ("folder", other.to_str().unwrap()),
        ],
    );
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(
        page.body
            .contains("is not in the banks this server was started with"),
        "{}",
        page.body
    );
    let page = instructor.post(
        "/instructor/rooms",
        &[
            ("csrf", &home.csrf()),
            ("source", "exam"),
            ("folder", "/nonexistent"),
        ],
    );
    assert_eq!(page.status, 422);
    assert!(page.body.contains("exam generate"), "{}", page.body);
}

#[test]
fn an_empty_password_file_is_refused_rather_than_leaving_the_pages_off() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("password");
    std::fs::write(&file, "\nsecond line\n").unwrap();
    let output = aidquiz()
        .args(["serve", "--listen", "127.0.0.1:0", "--instructor-password-file"])
        .arg(&file)
        .arg("--store")
        .arg(dir.path().join("progress.sqlite3"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("has no password on its first line"), "{stderr}");
    assert!(stderr.contains(file.to_str().unwrap()), "{stderr}");
    assert!(!stderr.contains("second line"), "the file's text is not shown");
}

#[test]
fn markup_in_a_learners_name_shows_as_text_on_the_board() {
    let server = Server::with_instructor(&seven(), PASSWORD);
    let mut instructor = Client::new(&server);
    sign_in_instructor(&mut instructor);
    let code = open_quiz_room(&mut instructor, "3", "10m");
    joined(&mut Client::new(&server), "<script>alert(1)</script>", &code);
    let board = instructor.get(&format!("/instructor/rooms/{code}/board"));
    assert_eq!(board.status, 200);
    assert!(
        board.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        board.body
    );
    assert!(!board.body.contains("<script>alert"), "{}", board.body);
    let page = instructor.get(&format!("/instructor/rooms/{code}"));
    assert!(!page.body.contains("<script>alert"));
}
