//! The learner's quiz: the start page, quiz options as `take` has them,
//! one question per page with a navigator, saving each answer as it is
//! given, submitting, and the review page.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::{Markup, html};

use crate::assemble::{Selection, assemble};
use crate::record::{AttemptId, Mode, Status};
use crate::session::render::clock_time;
use crate::session::{Feedback, Session, Settings, Verdict};
use crate::store::WebAttemptKind;
use crate::study;

use super::app::{App, Loaded, Posted, Taken, credit};
use super::layout::{WebError, page};
use super::question;
use super::sessions::{
    Form, Learner, MaybeLearner, NAME_LIMIT, START_COOKIE, cookie, id_hash, random_token, read_cookie,
    same_token, session_cookie,
};

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/", get(home))
        .route("/start", post(start))
        .route("/quiz/new", get(options_page))
        .route("/quiz", post(new_quiz))
        .route("/quiz/{id}", get(resume))
        .route("/quiz/{id}/{number}", get(question_page).post(answer))
        .route("/quiz/{id}/{number}/rate", post(super::study::rate))
        .route("/quiz/{id}/finish", get(finish_page).post(finish))
        .route("/quiz/{id}/review", get(review))
}

/// Header the script sends with a background save: it wants a status, not a page.
const SCRIPT_HEADER: &str = "x-aidquiz-script";

pub fn html_page(markup: Markup) -> Response {
    Html(markup.into_string()).into_response()
}

/// The start page: a name to sign in with, or the learner's quizzes.
async fn home(
    State(app): State<Arc<App>>,
    MaybeLearner(learner): MaybeLearner,
) -> Result<Response, WebError> {
    let Some(learner) = learner else {
        let token = random_token();
        let body = html! {
            h1 { "First-aid quizzes" }
            p { "Practise for your CPR and first-aid course: timed quizzes, feedback that explains, and study that brings back what you are about to forget." }
            form.card method="post" action="/start" {
                input type="hidden" name="csrf" value=(token);
                label.field for="name" { "Your name" }
                input #name type="text" name="name" required maxlength=(NAME_LIMIT) autocomplete="name";
                button type="submit" { "Start" }
            }
            (super::instructor::join_form(&token, None))
        };
        let set = cookie(START_COOKIE, &token, 3600);
        return Ok(([(header::SET_COOKIE, set)], html_page(page("Start", None, body))).into_response());
    };
    let hash = learner.session_hash.clone();
    // Loading each through the session also ends one whose time ran out.
    let attempts = app
        .with_store(move |app, store| {
            let mut attempts = Vec::new();
            for web in store.web_attempts_for_session(&hash)?.into_iter().take(20) {
                match app.load(store, &hash, web.attempt) {
                    Ok(loaded) => attempts.push(loaded),
                    // Its questions left the banks: nothing to resume or show.
                    Err(error) if error.status == StatusCode::CONFLICT => {}
                    Err(error) => return Err(error),
                }
            }
            Ok(attempts)
        })
        .await?;
    let body = html! {
        h1 { "Welcome, " (learner.name) }
        ul.actions {
            li { a.button href="/quiz/new" { "Take a quiz" } }
            li { a.button href="/study" { "Study what is due" } }
            li { a.button href="/progress" { "See your progress" } }
        }
        (super::instructor::join_form(&learner.csrf, Some(&learner.name)))
        @if !attempts.is_empty() {
            h2 { "Your quizzes" }
            ul.attempts {
                @for loaded in &attempts {
                    @let attempt = &loaded.attempt;
                    li {
                        (if loaded.web.kind == WebAttemptKind::Study { "Study session" } else { "Quiz" })
                        " of " (attempt.questions.len()) " questions, " (attempt.mode) " mode, started "
                        (attempt.started_at.format("%Y-%m-%d %H:%M UTC")) ": "
                        // Each link names its attempt, so a list of them reads well by links alone.
                        @if loaded.session.status().is_none() {
                            a href={ "/quiz/" (attempt.id) } { "Resume" span.visually-hidden { " attempt " (attempt.id) } }
                        } @else {
                            a href={ "/quiz/" (attempt.id) "/review" } {
                                "Results" span.visually-hidden { " of attempt " (attempt.id) } " (" (format!("{:.0}", loaded.session.report().percent)) "%)"
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(html_page(page("Home", Some(&learner.name), body)))
}

/// Signs in with a name: a new session, its id in a cookie.
async fn start(State(app): State<Arc<App>>, headers: HeaderMap, form: Form) -> Result<Response, WebError> {
    let expected = read_cookie(&headers, START_COOKIE).unwrap_or("");
    match form.get("csrf") {
        Some(token) if !expected.is_empty() && same_token(token, expected) => {}
        _ => return Err(WebError::csrf()),
    }
    let name = form.learner_name()?;
    let id = random_token();
    let hash = id_hash(&id);
    app.with_store(move |app, store| {
        Ok(store.create_web_session(&hash, &name, &random_token(), app.now())?)
    })
    .await?;
    Ok((
        AppendHeaders([
            (header::SET_COOKIE, session_cookie(&id)),
            (header::SET_COOKIE, cookie(START_COOKIE, "", 0)),
        ]),
        Redirect::to("/"),
    )
        .into_response())
}

async fn options_page(State(app): State<Arc<App>>, learner: Learner) -> Response {
    html_page(options_form(&app, &learner, None))
}

/// The options `take` has (topics, count, time limit, mode), as form
/// fields: a learner's own quiz and an instructor's quiz room ask the same.
pub fn quiz_option_fields(app: &App, topic_id: &str, mode: Mode) -> Markup {
    html! {
        fieldset {
            legend { "Topics (none ticked: all)" }
            @for (k, topic) in app.topics.iter().enumerate() {
                div.choice {
                    input type="checkbox" name="topic" id={ (topic_id) (k) } value=(topic);
                    label for={ (topic_id) (k) } { (topic) }
                }
            }
        }
        label.field for="count" { "Number of questions" }
        input #count type="number" name="count" value="10" min="1" max=(app.pool.len()) required;
        label.field for="time-limit" { "Time limit (such as 10m or 90s; empty for none)" }
        input #time-limit type="text" name="time-limit" value="10m" maxlength="10";
        fieldset {
            legend { "Mode" }
            div.choice {
                input #mode-study type="radio" name="mode" value="study" checked[mode == Mode::Study];
                label for="mode-study" { "Study: feedback after each answer" }
            }
            div.choice {
                input #mode-exam type="radio" name="mode" value="exam" checked[mode == Mode::Exam];
                label for="mode-exam" { "Exam: results only at the end" }
            }
        }
    }
}

fn options_form(app: &App, learner: &Learner, problem: Option<&str>) -> Markup {
    let body = html! {
        h1 { "A new quiz" }
        @if let Some(problem) = problem {
            p.error role="alert" { (problem) }
        }
        form.card method="post" action="/quiz" {
            input type="hidden" name="csrf" value=(learner.csrf);
            (quiz_option_fields(app, "topic-", Mode::Study))
            button type="submit" { "Start the quiz" }
        }
    };
    page("New quiz", Some(&learner.name), body)
}

/// Assembles a quiz as `take` does, saves the attempt and shows question 1.
async fn new_quiz(State(app): State<Arc<App>>, learner: Learner, form: Form) -> Result<Response, WebError> {
    learner.check(&form)?;
    let options = match quiz_options(&form) {
        Ok(options) => options,
        Err(problem) => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                html_page(options_form(&app, &learner, Some(&problem))),
            )
                .into_response());
        }
    };
    let (selection, settings) = options;
    let seed = rand::random::<u64>() >> 11;
    let quiz = match assemble(&app.pool_refs(), &selection, seed) {
        Ok(quiz) => quiz,
        Err(problem) => {
            let problem = problem.to_string();
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                html_page(options_form(&app, &learner, Some(&problem))),
            )
                .into_response());
        }
    };
    let session = Session::start(quiz, settings, app.now());
    let id = app
        .with_store(move |app, store| {
            let selection = serde_json::to_value(&selection).unwrap_or_default();
            let new = session.new_attempt(&learner.name, selection, app.bank_refs.clone());
            app.begin(store, &new, &learner.session_hash, WebAttemptKind::Quiz)
        })
        .await?;
    Ok(Redirect::to(&format!("/quiz/{id}/1")).into_response())
}

fn quiz_options(form: &Form) -> Result<(Selection, Settings), String> {
    let count: usize = form
        .get("count")
        .unwrap_or("10")
        .trim()
        .parse()
        .map_err(|_| "The number of questions must be a whole number, such as 10.".to_owned())?;
    let time_limit = match form.get("time-limit").map(str::trim).unwrap_or("") {
        "" => None,
        text => Some(crate::cli::parse_duration(text)?).filter(|limit| !limit.is_zero()),
    };
    let mode = match form.get("mode") {
        Some("exam") => Mode::Exam,
        _ => Mode::Study,
    };
    let selection = Selection {
        topics: form.all("topic").map(str::to_owned).collect(),
        tags: Vec::new(),
        difficulties: Vec::new(),
        count,
    };
    let settings = Settings {
        mode,
        time_limit,
        pass_mark: 80.0,
    };
    Ok((selection, settings))
}

/// Loads the learner's attempt `id` on a blocking thread.
pub async fn load(app: &Arc<App>, learner: &Learner, id: i64) -> Result<Loaded, WebError> {
    let hash = learner.session_hash.clone();
    app.with_store(move |app, store| app.load(store, &hash, AttemptId(id)))
        .await
}

/// The first unanswered question (or the review once over).
async fn resume(
    State(app): State<Arc<App>>,
    learner: Learner,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let loaded = load(&app, &learner, id).await?;
    Ok(Redirect::to(&next_page(&loaded)).into_response())
}

/// Where the learner goes next: the first question still to do, else the
/// submit page, else the review.
fn next_page(loaded: &Loaded) -> String {
    let id = loaded.attempt.id;
    if loaded.session.status().is_some() {
        return format!("/quiz/{id}/review");
    }
    // A study session moves on once a question is rated (an answer, or a
    // "don't know"); a quiz once it is answered.
    let todo = loaded
        .session
        .given()
        .iter()
        .enumerate()
        .position(|(position, given)| match loaded.web.kind {
            WebAttemptKind::Study => !loaded.web.rated.contains(&position),
            WebAttemptKind::Quiz => given.is_none(),
        });
    match todo {
        Some(position) => format!("/quiz/{id}/{}", position + 1),
        None => format!("/quiz/{id}/finish"),
    }
}

async fn question_page(
    State(app): State<Arc<App>>,
    learner: Learner,
    Path((id, number)): Path<(i64, usize)>,
) -> Result<Response, WebError> {
    let loaded = load(&app, &learner, id).await?;
    if loaded.session.status().is_some() {
        return Ok(Redirect::to(&format!("/quiz/{id}/review")).into_response());
    }
    let position = position_of(&loaded, number)?;
    Ok(html_page(question_view(
        &app, &learner, &loaded, position, None, None,
    )))
}

fn position_of(loaded: &Loaded, number: usize) -> Result<usize, WebError> {
    let count = loaded.session.quiz().items.len();
    number.checked_sub(1).filter(|&p| p < count).ok_or_else(|| {
        WebError::new(
            StatusCode::NOT_FOUND,
            "No such question",
            format!("This quiz has questions 1 to {count}."),
        )
    })
}

/// The question page: navigator, time left, the question, buttons; in
/// study mode the feedback on the answer given.
pub fn question_view(
    app: &App,
    learner: &Learner,
    loaded: &Loaded,
    position: usize,
    problem: Option<&str>,
    draft: Option<&crate::response::Response>,
) -> Markup {
    let session = &loaded.session;
    let id = loaded.attempt.id;
    let items = &session.quiz().items;
    let count = items.len();
    let item = &items[position];
    let given = session.given()[position].as_ref();
    let study_mode = session.settings().mode == Mode::Study;
    let is_study_session = loaded.web.kind == WebAttemptKind::Study;
    let dont_know = is_study_session && given.is_none() && loaded.web.rated.contains(&position);
    let feedback = match given {
        Some(given) if study_mode => Some(feedback_of(item, given)),
        None if dont_know => Some(crate::session::state::skipped_feedback(item)),
        _ => None,
    };
    let flagged = session.flagged()[position];
    let time_left = session.time_left(app.now());
    let body = html! {
        div.quiz-bar {
            @if let Some(left) = time_left {
                p.timer {
                    "Time left: "
                    strong #time-left data-seconds-left=(left.as_secs()) data-review-url={ "/quiz/" (id) "/review" } { (clock_time(left)) }
                }
            }
            div #time-announce .visually-hidden aria-live="polite" {}
        }
        @if !is_study_session {
            (navigator(loaded, position))
        }
        @if let Some(problem) = problem {
            p.error role="alert" { (problem) }
        }
        form #question-form method="post" action={ "/quiz/" (id) "/" (position + 1) }
            data-autosave=(if study_mode { "" } else { "1" }) {
            input type="hidden" name="csrf" value=(learner.csrf);
            (question::fieldset(item, position + 1, count, given.map(|g| &g.response).or(draft)))
            @if feedback.is_none() {
                div.buttons {
                    @if study_mode {
                        button type="submit" name="go" value="check" { "Check answer" }
                        @if is_study_session {
                            button.secondary type="submit" name="go" value="dont-know" { "I don't know: show the answer" }
                        }
                    } @else {
                        button type="submit" name="go" value="next" {
                            @if position + 1 == count { "Save and finish" } @else { "Save and next" }
                        }
                        @if position > 0 {
                            button.secondary type="submit" name="go" value="prev" { "Save and previous" }
                        }
                        button.secondary type="submit" name="flag" value=(if flagged { "off" } else { "on" }) aria-pressed=(flagged) {
                            @if flagged { "Remove flag" } @else { "Flag for review" }
                        }
                    }
                }
                p.saved #save-status role="status" {
                    @if given.is_some() && !study_mode { "Answer saved." }
                }
            }
        }
        @if let Some(feedback) = &feedback {
            (feedback_view(feedback, given.map(|g| g.notation.as_str())))
            @if is_study_session {
                @let suggested = study::rating_for(given.map_or(0.0, |g| credit(item, g.points)), None);
                (super::study::rating_form(learner, id, position, &loaded.web.rated, suggested))
            } @else {
                div.buttons {
                    @if position + 1 < count {
                        a.button href={ "/quiz/" (id) "/" (position + 2) } { "Next question" }
                    } @else {
                        a.button href={ "/quiz/" (id) "/finish" } { "Finish" }
                    }
                }
            }
        }
    };
    page(
        &format!("Question {} of {count}", position + 1),
        Some(&learner.name),
        body,
    )
}

fn feedback_of(item: &crate::assemble::QuizItem, given: &crate::session::Given) -> Feedback {
    // The session computes the feedback when an answer is taken; a reload
    // shows the same from the stored answer.
    crate::session::state::feedback(item, &given.response, given.points)
}

fn feedback_view(feedback: &Feedback, yours: Option<&str>) -> Markup {
    html! {
        section.feedback aria-labelledby="feedback-title" {
            h2 #feedback-title {
                @match feedback.verdict {
                    Verdict::Right => "✓ Right",
                    Verdict::Partly => "◐ Partly right",
                    Verdict::Wrong => "✗ Not right",
                    Verdict::Skipped => "Not answered",
                }
            }
            @if let Some(spelling) = &feedback.spelling {
                p { "Counted as right despite the spelling: it is spelt " strong { (spelling) } "." }
            }
            @if let Some(yours) = yours {
                p { "Your answer: " strong { (yours) } }
            }
            p { "The answer: " strong { (feedback.right_answer) } }
            @for note in &feedback.on_choices { p { (note) } }
            p.explanation { (feedback.explanation) }
        }
    }
}

/// The list of questions with their state in words and symbols (not colour alone).
fn navigator(loaded: &Loaded, current: usize) -> Markup {
    let id = loaded.attempt.id;
    html! {
        nav.navigator aria-label="Questions" {
            ol {
                @for (position, given) in loaded.session.given().iter().enumerate() {
                    @let flagged = loaded.session.flagged()[position];
                    li {
                        a href={ "/quiz/" (id) "/" (position + 1) }
                            class={ (if given.is_some() { "answered" } else { "unanswered" }) (if flagged { " flagged" } else { "" }) }
                            aria-current=[(position == current).then_some("page")]
                            data-position=(position) {
                            span.num { (position + 1) }
                            span.state {
                                @if given.is_some() { "✓" span.visually-hidden { " answered" } } @else { span.visually-hidden { " not answered" } }
                                @if flagged { " ⚑" span.visually-hidden { " flagged" } }
                            }
                        }
                    }
                }
            }
            p { a href={ "/quiz/" (id) "/finish" } { "Review and submit" } }
        }
    }
}

/// Saves the answer in the form (and a flag or a step moved), then moves on.
async fn answer(
    State(app): State<Arc<App>>,
    learner: Learner,
    headers: HeaderMap,
    Path((id, number)): Path<(i64, usize)>,
    form: Form,
) -> Result<Response, WebError> {
    learner.check(&form)?;
    let from_script = headers.contains_key(SCRIPT_HEADER);
    let who = learner.clone();
    let go = form.get("go").unwrap_or("stay").to_owned();
    let (loaded, taken) = app
        .with_store(move |app, store| {
            let mut loaded = app.load(store, &who.session_hash, AttemptId(id))?;
            let position = position_of(&loaded, number)?;
            let posted = posted(&loaded, position, &form);
            let taken = app.take_answer(store, &mut loaded, position, posted)?;
            Ok((loaded, taken))
        })
        .await?;
    let count = loaded.session.quiz().items.len();
    let position = number - 1;
    match taken {
        Taken::Saved if from_script => Ok(StatusCode::NO_CONTENT.into_response()),
        Taken::Saved => match navigate(position, &go) {
            target if target >= count => Ok(Redirect::to(&format!("/quiz/{id}/finish")).into_response()),
            target => Ok(Redirect::to(&format!("/quiz/{id}/{}", target + 1)).into_response()),
        },
        Taken::Shown(draft) => Ok(html_page(question_view(
            &app,
            &learner,
            &loaded,
            position,
            None,
            draft.as_ref(),
        ))),
        Taken::Unreadable(problem) => {
            if from_script {
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, problem).into_response());
            }
            let page = question_view(&app, &learner, &loaded, position, Some(&problem), None);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html_page(page)).into_response())
        }
        Taken::Late => Err(late(id)),
        Taken::Over => Err(over(id)),
    }
}

/// What the form says about the question at `position`.
fn posted(loaded: &Loaded, position: usize, form: &Form) -> Posted {
    let item = &loaded.session.quiz().items[position];
    let moving = form.get("move").is_some_and(|m| m != "keep");
    Posted {
        answer: question::notation(item, form),
        flag: form.get("flag").map(|flag| flag == "on"),
        // In study mode an answer is final once checked, so moving a step
        // only shows the new order until "Check answer".
        only_shown: moving && loaded.session.settings().mode == Mode::Study,
        required: form.get("go") == Some("check"),
        dont_know: form.get("go") == Some("dont-know"),
    }
}

fn late(id: i64) -> WebError {
    WebError::new(
        StatusCode::CONFLICT,
        "Time is up",
        format!(
            "This answer came after the time limit, so it was not saved. The answers you gave in time count. See your results at /quiz/{id}/review."
        ),
    )
}

fn over(id: i64) -> WebError {
    WebError::new(
        StatusCode::CONFLICT,
        "This quiz is over",
        format!(
            "This quiz has already been submitted or ran out of time, so the answer was not saved. See your results at /quiz/{id}/review."
        ),
    )
}

/// The position to show after a save: `next`, `prev` or the same one.
fn navigate(position: usize, go: &str) -> usize {
    match go {
        "next" => position + 1,
        "prev" => position.saturating_sub(1),
        _ => position,
    }
}

/// Before submitting: what is answered, unanswered and flagged.
async fn finish_page(
    State(app): State<Arc<App>>,
    learner: Learner,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let loaded = load(&app, &learner, id).await?;
    if loaded.session.status().is_some() {
        return Ok(Redirect::to(&format!("/quiz/{id}/review")).into_response());
    }
    let given = loaded.session.given();
    let unanswered: Vec<usize> = (0..given.len()).filter(|&p| given[p].is_none()).collect();
    let flagged: Vec<usize> = (0..given.len())
        .filter(|&p| loaded.session.flagged()[p])
        .collect();
    let body = html! {
        h1 { "Submit your answers" }
        (navigator(&loaded, usize::MAX))
        p { (given.len() - unanswered.len()) " of " (given.len()) " questions answered." }
        @if !unanswered.is_empty() {
            p { "Not answered: " (numbers(&unanswered)) ". They score nothing if you submit now." }
        }
        @if !flagged.is_empty() {
            p { "Flagged for review: " (numbers(&flagged)) "." }
        }
        form method="post" action={ "/quiz/" (id) "/finish" } {
            input type="hidden" name="csrf" value=(learner.csrf);
            button type="submit" { "Submit the quiz" }
        }
    };
    Ok(html_page(page("Submit", Some(&learner.name), body)))
}

fn numbers(positions: &[usize]) -> String {
    positions
        .iter()
        .map(|p| (p + 1).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

async fn finish(
    State(app): State<Arc<App>>,
    learner: Learner,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, WebError> {
    learner.check(&form)?;
    let hash = learner.session_hash.clone();
    app.with_store(move |app, store| {
        let mut loaded = app.load(store, &hash, AttemptId(id))?;
        app.submit(store, &mut loaded)
    })
    .await?;
    Ok(Redirect::to(&format!("/quiz/{id}/review")).into_response())
}

/// The review: score, pass or not, per topic, each missed question with
/// the right answer and its explanation. Only once the attempt is over.
async fn review(
    State(app): State<Arc<App>>,
    learner: Learner,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let loaded = load(&app, &learner, id).await?;
    if loaded.session.status().is_none() {
        return Ok(Redirect::to(&next_page(&loaded)).into_response());
    }
    let report = loaded.session.report();
    let status = loaded.session.status().unwrap_or(Status::Abandoned);
    let coming = if loaded.web.kind == WebAttemptKind::Study {
        let name = learner.name.clone();
        let now = app.now();
        Some(
            app.with_store(move |_, store| {
                Ok(crate::study::progress::coming_due(
                    &store.memory_states(&name)?,
                    now,
                ))
            })
            .await?,
        )
    } else {
        None
    };
    let body = html! {
        h1 { "Your results" }
        @if status == Status::TimedOut {
            p.notice role="status" { "Time ran out: the answers given in time were counted." }
        }
        p.score {
            "Score: " strong { (round(report.score)) " of " (round(report.max_score)) " (" (format!("{:.0}", report.percent)) "%)" }
            ". "
            @if report.passed() { strong.pass { "✓ Passed" } } @else { strong.fail { "✗ Not passed" } }
            " (pass mark " (round(report.pass_mark)) "%). Time taken: " (clock_time(report.duration)) "."
        }
        @if !report.critical_missed.is_empty() {
            p.fail role="status" {
                "Must-pass questions missed, which fail the quiz whatever the score: "
                @for (n, (number, _)) in report.critical_missed.iter().enumerate() {
                    @if n > 0 { ", " }
                    "◆ question " (number)
                }
                "."
            }
        }
        @if let Some((tomorrow, week)) = coming {
            p { "Coming up: " (tomorrow) " due by the end of tomorrow, " (week) " within a week." }
        }
        h2 { "By topic" }
        table {
            thead { tr { th scope="col" { "Topic" } th scope="col" { "Score" } } }
            tbody {
                @for (topic, (score, max)) in &report.by_topic {
                    tr { th scope="row" { (topic) } td { (round(*score)) " of " (round(*max)) } }
                }
            }
        }
        @if report.missed.is_empty() {
            p { "Every question right." }
        } @else {
            h2 { "Questions to look at again" }
            ol.missed {
                @for missed in &report.missed {
                    li {
                        h3 {
                            "Question " (missed.number)
                            @if missed.critical { " ◆ must-pass" }
                            ": " (missed.prompt)
                        }
                        p { "Your answer: " strong { (missed.your_answer.as_deref().unwrap_or("none")) } " (" (round(missed.points)) " of " (round(missed.max_points)) ")" }
                        p { "The answer: " strong { (missed.right_answer) } }
                        p.explanation { (missed.explanation) }
                    }
                }
            }
        }
        p { a.button href="/" { "Back to the start page" } }
    };
    Ok(html_page(page("Results", Some(&learner.name), body)))
}

fn round(value: f64) -> String {
    crate::session::render::round(value)
}

#[cfg(test)]
mod tests {
    use super::navigate;

    #[test]
    fn navigation_stays_at_the_first_question() {
        assert_eq!(navigate(0, "prev"), 0);
        assert_eq!(navigate(2, "next"), 3);
        assert_eq!(navigate(2, "stay"), 2);
    }
}
