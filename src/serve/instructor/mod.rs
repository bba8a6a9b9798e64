//! The instructor's side of `aidquiz serve`: signing in with the password,
//! opening rooms, the live room page, extra time, closing a room and its
//! reports; and the learner's way into a room with its code.

mod join;
mod limiter;
mod plan;
mod reports;
mod room;

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::{Markup, html};
use sha2::{Digest, Sha256};

use self::limiter::Limiter;
use super::app::App;
use super::layout::{WebError, frame};
use super::quiz::html_page;
use super::sessions::{Form, cookie, id_hash, random_token, read_cookie, same_token};
use crate::record::AttemptId;
use crate::text::hex;

pub use self::join::join_form;

/// The cookie holding the instructor's session id.
const INSTRUCTOR_COOKIE: &str = "aidquiz_instructor";
/// Before signing in: the token the password form posts back.
const LOGIN_COOKIE: &str = "aidquiz_instructor_login";
/// How long an instructor's sign-in lasts, in seconds: a course day.
const SESSION_SECONDS: u32 = 12 * 60 * 60;

/// What the instructor's pages keep in memory: guesses per address, and
/// which question each learner last opened (for the room page only; the
/// store holds everything that counts).
#[derive(Debug, Default)]
pub struct Live {
    limiter: Mutex<Limiter>,
    views: Mutex<HashMap<AttemptId, usize>>,
}

impl Live {
    /// How long `who` must wait before another guess, if it must.
    fn wait(&self, who: IpAddr, app: &App) -> Option<Duration> {
        self.limiter
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .wait(who, app.now())
    }

    fn failed(&self, who: IpAddr, app: &App) {
        self.limiter
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .failed(who, app.now());
    }

    /// The question (1-based) the learner of `attempt` last opened.
    fn viewing(&self, attempt: AttemptId) -> Option<usize> {
        self.views
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&attempt)
            .copied()
    }
}

/// The instructor's routes, all under `/instructor`.
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/instructor", get(home))
        .route("/instructor/", get(home))
        .route("/instructor/login", get(login_page).post(login))
        .route("/instructor/rooms", post(room::open))
        .route("/instructor/rooms/{code}", get(room::page))
        .route("/instructor/rooms/{code}/board", get(room::board))
        .route("/instructor/rooms/{code}/extra", post(room::extra_time))
        .route("/instructor/rooms/{code}/close", post(room::close))
        .route("/instructor/rooms/{code}/reports/{file}", get(reports::report))
        .route("/join", post(join::join))
}

/// Notes which question a learner opened (`GET /quiz/ID/N` served), for
/// the room page's "on question" column.
pub async fn note_view(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let viewed = if request.method() == Method::GET {
        question_path(request.uri().path())
    } else {
        None
    };
    let response = next.run(request).await;
    if let Some((attempt, number)) = viewed
        && response.status() == StatusCode::OK
    {
        app.live
            .views
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(attempt, number);
    }
    response
}

/// `/quiz/12/3` → attempt 12, question 3.
fn question_path(path: &str) -> Option<(AttemptId, usize)> {
    let (id, number) = path.strip_prefix("/quiz/")?.split_once('/')?;
    Some((AttemptId(id.parse().ok()?), number.parse().ok()?))
}

/// The signed-in instructor of a request.
pub struct Instructor {
    csrf: String,
}

impl Instructor {
    /// Refuses a form without this sign-in's CSRF token.
    fn check(&self, form: &Form) -> Result<(), WebError> {
        match form.get("csrf") {
            Some(token) if same_token(token, &self.csrf) => Ok(()),
            _ => Err(WebError::csrf()),
        }
    }
}

/// Instructor pages need the password's sign-in: a page asks for it, a
/// form post without it is refused. With no password set they are off.
impl FromRequestParts<Arc<App>> for Instructor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        if app.instructor_password.is_none() {
            return Err(off().into_response());
        }
        let signed_in = match read_cookie(&parts.headers, INSTRUCTOR_COOKIE).filter(|id| id.len() == 32) {
            Some(id) => {
                let hash = id_hash(id);
                app.with_store(move |_, store| Ok(store.instructor_session(&hash)?))
                    .await
                    .map_err(IntoResponse::into_response)?
            }
            None => None,
        };
        // A sign-in ends on the server when its cookie does.
        let lasts = chrono::Duration::seconds(i64::from(SESSION_SECONDS));
        match signed_in.filter(|(_, created_at)| app.now() - *created_at < lasts) {
            Some((csrf, _)) => Ok(Instructor { csrf }),
            None if parts.method == Method::GET => Err(Redirect::to("/instructor/login").into_response()),
            None => Err(WebError::new(
                StatusCode::FORBIDDEN,
                "Sign in as the instructor",
                "This needs the instructor's sign-in. Go to /instructor/login and sign in with the instructor's password.",
            )
            .into_response()),
        }
    }
}

/// The client's address, for the guess limit (unknown behind a test
/// harness that gives none: all such clients then share one count).
pub struct ClientAddress(IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let address = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
        Ok(ClientAddress(address))
    }
}

fn off() -> WebError {
    WebError::new(
        StatusCode::NOT_FOUND,
        "Instructor pages are off",
        "Start the server with the instructor's password to turn them on: \
         `aidquiz serve --instructor-password-file FILE` (the file holds the password on its first line), \
         or set AIDQUIZ_INSTRUCTOR_PASSWORD.",
    )
}

/// The 429 page for an address that guessed wrong too often.
fn too_many(wait: Duration) -> Response {
    let seconds = wait.as_secs().max(1);
    let error = WebError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "Too many tries",
        format!(
            "Too many wrong room codes or passwords came from your address. Wait {} and try again; check the code with your instructor.",
            if seconds >= 60 {
                format!("{} minute(s)", seconds.div_ceil(60))
            } else {
                format!("{seconds} second(s)")
            }
        ),
    );
    ([(header::RETRY_AFTER, seconds.to_string())], error).into_response()
}

/// An instructor page: the room stylesheet and the instructor's navigation.
fn instructor_page(title: &str, head: Markup, body: Markup) -> Response {
    let head = html! {
        link rel="stylesheet" href="/static/room.css";
        (head)
    };
    let nav = html! {
        nav aria-label="Instructor" {
            ul { li { a href="/instructor/" { "Rooms" } } }
        }
        p.who { "Instructor" }
    };
    html_page(frame(title, head, nav, body))
}

async fn home(State(app): State<Arc<App>>, instructor: Instructor) -> Result<Response, WebError> {
    room::home(&app, &instructor, None, StatusCode::OK).await
}

async fn login_page(State(app): State<Arc<App>>) -> Result<Response, WebError> {
    if app.instructor_password.is_none() {
        return Err(off());
    }
    let token = random_token();
    let body = html! {
        h1 { "Instructor sign-in" }
        form.card method="post" action="/instructor/login" {
            input type="hidden" name="csrf" value=(token);
            label.field for="password" { "Instructor password" }
            input #password type="password" name="password" required autocomplete="current-password";
            div.buttons { button type="submit" { "Sign in" } }
        }
    };
    let set = cookie(LOGIN_COOKIE, &token, 3600);
    Ok((
        [(header::SET_COOKIE, set)],
        instructor_page("Instructor sign-in", html! {}, body),
    )
        .into_response())
}

/// Checks the password (in constant time, by hash: the length is not
/// given away either) and signs the instructor in.
async fn login(
    State(app): State<Arc<App>>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    form: Form,
) -> Result<Response, WebError> {
    let Some(password) = app.instructor_password.as_deref() else {
        return Err(off());
    };
    let expected = read_cookie(&headers, LOGIN_COOKIE).unwrap_or("");
    match form.get("csrf") {
        Some(token) if !expected.is_empty() && same_token(token, expected) => {}
        _ => return Err(WebError::csrf()),
    }
    if let Some(wait) = app.live.wait(address, &app) {
        return Ok(too_many(wait));
    }
    let given = hex(&Sha256::digest(form.get("password").unwrap_or("").as_bytes()));
    if !same_token(&given, &hex(&Sha256::digest(password.as_bytes()))) {
        app.live.failed(address, &app);
        return Err(WebError::new(
            StatusCode::FORBIDDEN,
            "Wrong password",
            "That is not the instructor's password. Go back and try again.",
        ));
    }
    let id = random_token();
    let hash = id_hash(&id);
    app.with_store(move |app, store| {
        Ok(store.create_instructor_session(&hash, &random_token(), app.now())?)
    })
    .await?;
    Ok((
        AppendHeaders([
            (
                header::SET_COOKIE,
                cookie(INSTRUCTOR_COOKIE, &id, SESSION_SECONDS),
            ),
            (header::SET_COOKIE, cookie(LOGIN_COOKIE, "", 0)),
        ]),
        Redirect::to("/instructor/"),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::question_path;
    use crate::record::AttemptId;

    #[test]
    fn only_a_question_page_counts_as_a_view() {
        assert_eq!(question_path("/quiz/12/3"), Some((AttemptId(12), 3)));
        assert_eq!(question_path("/quiz/12/finish"), None);
        assert_eq!(question_path("/quiz/12"), None);
        assert_eq!(question_path("/quiz/12/3/rate"), None);
    }
}
