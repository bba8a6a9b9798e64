//! A room: opening one (from an exam folder or quiz options), the live
//! board of who is where, extra time for one learner, closing it.

use std::path::Path as FilePath;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::plan::{Plan, check_exam};
use super::{Instructor, instructor_page};
use crate::record::{AttemptId, Mode, Status};
use crate::serve::app::App;
use crate::serve::layout::WebError;
use crate::serve::sessions::Form;
use crate::session::render::clock_time;
use crate::store::{Room, Store};

/// Letters and digits that cannot be mistaken for one another when read
/// aloud or off a board (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
pub const CODE_LENGTH: usize = 6;
/// The most extra time given at once, in minutes.
const EXTRA_MINUTES_LIMIT: u64 = 240;
/// Seconds between refreshes of the room page without JavaScript.
const REFRESH_SECS: u32 = 10;

/// The instructor's home: the rooms, and the forms to open one.
pub async fn home(
    app: &Arc<App>,
    instructor: &Instructor,
    problem: Option<&str>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let rooms = app
        .with_store(|_, store| {
            store
                .rooms()?
                .into_iter()
                .map(|room| Ok((store.room_learners(&room.code)?.len(), room)))
                .collect::<Result<Vec<_>, WebError>>()
        })
        .await?;
    let body = html! {
        h1 { "Rooms" }
        @if let Some(problem) = problem {
            p.error role="alert" { (problem) }
        }
        @if rooms.is_empty() {
            p { "No room yet. Open one below; learners join it from the start page with its code." }
        } @else {
            table {
                thead { tr { th scope="col" { "Code" } th scope="col" { "Title" } th scope="col" { "Learners" } th scope="col" { "State" } } }
                tbody {
                    @for (joined, room) in &rooms {
                        tr {
                            td { a.room-code href={ "/instructor/rooms/" (room.code) } { (room.code) } }
                            td { (room.title) }
                            td { (joined) }
                            td { @if room.closed_at.is_some() { "Closed" } @else { "Open" } }
                        }
                    }
                }
            }
        }
        h2 { "Open a room from an exam" }
        form.card method="post" action="/instructor/rooms" {
            input type="hidden" name="csrf" value=(instructor.csrf);
            input type="hidden" name="source" value="exam";
            label.field for="exam-folder" { "Exam folder (written by " code { "aidquiz exam generate" } ", on this server)" }
            input #exam-folder type="text" name="folder" required maxlength="500";
            label.field for="exam-time-limit" { "Time limit (such as 30m; empty: the exam's own)" }
            input #exam-time-limit type="text" name="time-limit" maxlength="10";
            div.buttons { button type="submit" { "Open the exam room" } }
        }
        h2 { "Open a room from quiz options" }
        form.card method="post" action="/instructor/rooms" {
            input type="hidden" name="csrf" value=(instructor.csrf);
            input type="hidden" name="source" value="quiz";
            label.field for="title" { "Title" }
            input #title type="text" name="title" value="Quiz" maxlength="120" required;
            (crate::serve::quiz::quiz_option_fields(app, "room-topic-", Mode::Exam))
            div.buttons { button type="submit" { "Open the quiz room" } }
        }
    };
    Ok((status, instructor_page("Rooms", html! {}, body)).into_response())
}

/// Opens a room with a fresh code and shows it.
pub async fn open(
    State(app): State<Arc<App>>,
    instructor: Instructor,
    form: Form,
) -> Result<Response, WebError> {
    instructor.check(&form)?;
    let opened = app
        .with_store(move |app, store| Ok(open_room(app, store, &form)))
        .await?;
    match opened {
        Ok(code) => Ok(Redirect::to(&format!("/instructor/rooms/{code}")).into_response()),
        Err(problem) => {
            home(
                &app,
                &instructor,
                Some(&problem),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// The room as the form describes it, saved; its code, or what is wrong.
fn open_room(app: &App, store: &mut Store, form: &Form) -> Result<String, String> {
    let time_limit = match form.get("time-limit").map(str::trim).unwrap_or("") {
        "" => None,
        text => Some(crate::cli::parse_duration(text)?.as_secs()).filter(|&secs| secs > 0),
    };
    let (plan, exam_id, title) = match form.get("source") {
        Some("exam") => {
            let folder = form.get("folder").unwrap_or("").trim();
            if folder.is_empty() {
                return Err("Give the exam's folder.".to_owned());
            }
            // An edited manifest's problems go on the page, below the error.
            let mut problems = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
            let manifest = crate::commands::exam::read_manifest(FilePath::new(folder), &mut problems)
                .map_err(|e| format!("{e}\n{}", String::from_utf8_lossy(&problems.into_inner())))?;
            check_exam(&manifest, |id| app.question(id).map(|(_, q, _)| q))?;
            let exam_id = manifest.exam_id.clone();
            let title = manifest.title.clone();
            let plan = Plan::Exam {
                time_limit_secs: time_limit.or(manifest.time_limit_secs),
                manifest: Box::new(manifest),
            };
            (plan, Some(exam_id), title)
        }
        _ => {
            let count: usize = form
                .get("count")
                .unwrap_or("")
                .trim()
                .parse()
                .ok()
                .filter(|&count| count > 0)
                .ok_or("The number of questions must be a whole number, such as 10.")?;
            let plan = Plan::Quiz {
                topics: form.all("topic").map(str::to_owned).collect(),
                count,
                mode: if form.get("mode") == Some("study") {
                    Mode::Study
                } else {
                    Mode::Exam
                },
                time_limit_secs: time_limit,
                pass_mark: 80.0,
            };
            let title = form
                .get("title")
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .unwrap_or("Quiz");
            (plan, None, title.to_owned())
        }
    };
    // A quiz that cannot be drawn is refused now, not at the first join.
    plan.handout(0, &app.pool_refs(), 0)?;
    let code = loop {
        let code = new_code();
        if store.room(&code).map_err(|e| e.to_string())?.is_none() {
            break code;
        }
    };
    let room = Room {
        exam_id: exam_id.unwrap_or_else(|| format!("room-{code}")),
        code: code.clone(),
        title,
        plan: serde_json::to_value(&plan).map_err(|e| e.to_string())?,
        opened_at: app.now(),
        closed_at: None,
    };
    store.open_room(&room).map_err(|e| e.to_string())?;
    Ok(code)
}

fn new_code() -> String {
    (0..CODE_LENGTH)
        .map(|_| char::from(CODE_ALPHABET[rand::random_range(0..CODE_ALPHABET.len())]))
        .collect()
}

/// One learner's line on the board.
struct Line {
    learner: String,
    version: Option<String>,
    attempt: AttemptId,
    /// The question (1-based) the learner is on, while the quiz is open.
    on: Option<usize>,
    answered: usize,
    count: usize,
    time_left: Option<Duration>,
    extra_secs: u64,
    status: Option<Status>,
}

struct Board {
    room: Room,
    plan: Plan,
    lines: Vec<Line>,
}

/// The room and each learner's attempt, read through the same session the
/// learner's pages use (so a quiz past its deadline is ended here too).
fn read_board(app: &App, store: &mut Store, code: &str) -> Result<Board, WebError> {
    let room = store.room(code)?.ok_or_else(no_room)?;
    let plan: Plan = serde_json::from_value(room.plan.clone())
        .map_err(|e| WebError::internal(format!("the room {code}'s plan cannot be read: {e}")))?;
    let now = app.now();
    let mut lines = Vec::new();
    for joined in store.room_learners(code)? {
        let Some(web) = store.web_attempt(joined.attempt)? else {
            continue;
        };
        let loaded = app.load(store, &web.session_hash, joined.attempt)?;
        let given = loaded.session.given();
        let status = loaded.session.status();
        let on = status.is_none().then(|| {
            app.live
                .viewing(joined.attempt)
                .unwrap_or_else(|| given.iter().position(Option::is_none).unwrap_or(0) + 1)
        });
        lines.push(Line {
            learner: joined.learner,
            version: joined.version,
            attempt: joined.attempt,
            on,
            answered: given.iter().flatten().count(),
            count: given.len(),
            time_left: status.is_none().then(|| loaded.session.time_left(now)).flatten(),
            extra_secs: loaded
                .attempt
                .time_limit_secs
                .unwrap_or(0)
                .saturating_sub(plan.time_limit_secs().unwrap_or(0)),
            status,
        });
    }
    Ok(Board { room, plan, lines })
}

fn no_room() -> WebError {
    WebError::new(
        StatusCode::NOT_FOUND,
        "No such room",
        "There is no room with this code.",
    )
}

/// The live room page.
pub async fn page(
    State(app): State<Arc<App>>,
    instructor: Instructor,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let board = app
        .with_store(move |app, store| read_board(app, store, &code))
        .await?;
    let room = &board.room;
    let code = &room.code;
    let open = room.closed_at.is_none();
    let head = html! {
        @if open {
            noscript { meta http-equiv="refresh" content=(REFRESH_SECS); }
            script src="/static/room.js" defer {}
        }
    };
    let body = html! {
        h1 { "Room " span.room-code { (code) } ": " (room.title) }
        @if open {
            p.notice { "Open. Learners join from the start page with the code " strong.room-code { (code) } " and their name; the same name and code resume a quiz." }
        } @else {
            p.notice { "Closed at " (room.closed_at.map(|t| t.format("%H:%M UTC").to_string()).unwrap_or_default()) "; quizzes still open then ended as timed out." }
        }
        p {
            (match &board.plan {
                Plan::Exam { manifest, .. } => format!("Exam {} ({} version(s), {} questions)", manifest.exam_id, manifest.versions.len(), manifest.count),
                Plan::Quiz { count, mode, .. } => format!("{count} questions from the banks, {mode} mode"),
            })
            ", "
            (board.plan.time_limit_secs().map_or("no time limit".to_owned(), |s| format!("{} time limit", clock_time(Duration::from_secs(s)))))
            ". Attempts are recorded under exam id " code { (room.exam_id) } "."
        }
        h2 { "Learners" }
        (board_table(&board))
        @if open {
            p.updated #board-updated aria-live="off" { "This page refreshes itself." }
            @if board.plan.time_limit_secs().is_some() {
                h2 { "Extra time" }
                form.inline-form method="post" action={ "/instructor/rooms/" (code) "/extra" } {
                    input type="hidden" name="csrf" value=(instructor.csrf);
                    div {
                        label.field for="extra-learner" { "Learner" }
                        (learner_select(&board))
                    }
                    div {
                        label.field for="extra-minutes" { "Extra minutes" }
                        input #extra-minutes type="number" name="minutes" min="1" max=(EXTRA_MINUTES_LIMIT) value="5" required;
                    }
                    button type="submit" { "Give extra time" }
                }
            }
            h2 { "Close the room" }
            form method="post" action={ "/instructor/rooms/" (code) "/close" } {
                input type="hidden" name="csrf" value=(instructor.csrf);
                p { "No one can join once it is closed; quizzes still open end now as timed out, with the answers given." }
                button.danger type="submit" { "Close the room" }
            }
        }
        h2 { "Reports" }
        ul {
            @for (kind, name) in [("attempts", "Attempts"), ("learners", "Learners"), ("items", "Item analysis")] {
                li {
                    a href={ "/instructor/rooms/" (code) "/reports/" (kind) } { (name) }
                    " ("
                    a href={ "/instructor/rooms/" (code) "/reports/" (kind) ".csv" } { (name) " as CSV" }
                    ")"
                }
            }
        }
    };
    Ok(instructor_page(&format!("Room {code}"), head, body))
}

/// The board alone, for the script's refresh.
pub async fn board(
    State(app): State<Arc<App>>,
    _instructor: Instructor,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let board = app
        .with_store(move |app, store| read_board(app, store, &code))
        .await?;
    Ok(crate::serve::quiz::html_page(html! {
        (board_table(&board))
        (learner_select(&board))
    }))
}

/// Who can be given extra time: the learners whose quiz is still open.
fn learner_select(board: &Board) -> Markup {
    let in_progress: Vec<&Line> = board.lines.iter().filter(|l| l.status.is_none()).collect();
    html! {
        select #extra-learner name="learner" {
            @for line in &in_progress { option value=(line.learner) { (line.learner) } }
            @if in_progress.is_empty() { option value="" { "(no one is taking the quiz)" } }
        }
    }
}

fn board_table(board: &Board) -> Markup {
    html! {
        div.board-wrap #board data-board-url={ "/instructor/rooms/" (board.room.code) "/board" } {
            @if board.lines.is_empty() {
                p { "No one has joined yet." }
            } @else {
                table.board {
                    caption.visually-hidden { "Learners in the room" }
                    thead {
                        tr {
                            th scope="col" { "Learner" }
                            @if matches!(board.plan, Plan::Exam { .. }) { th scope="col" { "Version" } }
                            th scope="col" { "On question" }
                            th scope="col" { "Answered" }
                            th scope="col" { "Time left" }
                            th scope="col" { "Status" }
                        }
                    }
                    tbody {
                        @for line in &board.lines {
                            tr data-attempt=(line.attempt) {
                                th scope="row" { (line.learner) }
                                @if matches!(board.plan, Plan::Exam { .. }) { td { (line.version.as_deref().unwrap_or("–")) } }
                                td { @if let Some(on) = line.on { (on) " of " (line.count) } @else { "–" } }
                                td { (line.answered) " of " (line.count) }
                                td {
                                    @match line.time_left {
                                        Some(left) => (clock_time(left)),
                                        None => "–",
                                    }
                                    @if line.extra_secs > 0 { " (+" (clock_time(Duration::from_secs(line.extra_secs))) " extra)" }
                                }
                                td.status-over[line.status.is_some()] {
                                    (match line.status {
                                        None => "In progress",
                                        Some(Status::Completed) => "Submitted",
                                        Some(Status::TimedOut) => "Timed out",
                                        Some(Status::Abandoned) => "Abandoned",
                                    })
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Gives one learner more time, at once: the attempt's own limit grows,
/// and the server's deadline with it.
pub async fn extra_time(
    State(app): State<Arc<App>>,
    instructor: Instructor,
    Path(code): Path<String>,
    form: Form,
) -> Result<Response, WebError> {
    instructor.check(&form)?;
    let learner = form.get("learner").unwrap_or("").to_owned();
    let minutes: u64 = form
        .get("minutes")
        .unwrap_or("")
        .trim()
        .parse()
        .ok()
        .filter(|m| (1..=EXTRA_MINUTES_LIMIT).contains(m))
        .ok_or_else(|| {
            WebError::bad_request(format!(
                "Give the extra time as a whole number of minutes from 1 to {EXTRA_MINUTES_LIMIT}."
            ))
        })?;
    let room_code = code.clone();
    app.with_store(move |app, store| {
        let joined = store
            .room_learner(&room_code, &learner)?
            .ok_or_else(|| WebError::bad_request(format!("No one called “{learner}” joined room {room_code}.")))?;
        let web = store.web_attempt(joined.attempt)?.ok_or_else(no_room)?;
        // Loading ends a quiz already past its deadline: that one stays over.
        let loaded = app.load(store, &web.session_hash, joined.attempt)?;
        let over = || {
            WebError::new(
                StatusCode::CONFLICT,
                "This quiz is over",
                format!("{learner}'s quiz has already ended (submitted, timed out or closed), so it cannot be given more time."),
            )
        };
        if loaded.session.status().is_some() {
            return Err(over());
        }
        if !store.extend_time_limit(joined.attempt, minutes * 60)? {
            return Err(WebError::bad_request(format!("{learner}'s quiz has no time limit.")));
        }
        Ok(())
    })
    .await?;
    Ok(Redirect::to(&format!("/instructor/rooms/{code}")).into_response())
}

/// Closes the room: nobody else joins, open quizzes end as timed out.
pub async fn close(
    State(app): State<Arc<App>>,
    instructor: Instructor,
    Path(code): Path<String>,
    form: Form,
) -> Result<Response, WebError> {
    instructor.check(&form)?;
    let room_code = code.clone();
    app.with_store(move |app, store| {
        store.room(&room_code)?.ok_or_else(no_room)?;
        let now = app.now();
        for joined in store.room_learners(&room_code)? {
            let Some(web) = store.web_attempt(joined.attempt)? else {
                continue;
            };
            let mut loaded = app.load(store, &web.session_hash, joined.attempt)?;
            if loaded.session.status().is_none() {
                loaded.session.close(now);
                app.record_end(store, &mut loaded)?;
            }
        }
        Ok(store.close_room(&room_code, now)?)
    })
    .await?;
    Ok(Redirect::to(&format!("/instructor/rooms/{code}")).into_response())
}
