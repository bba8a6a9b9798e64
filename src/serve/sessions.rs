//! Browser sessions and forms: the session cookie (the only state the
//! browser holds), the CSRF token every form posts back, and size-checked
//! form parsing.

use std::sync::Arc;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use sha2::{Digest, Sha256};

use super::app::App;
use super::layout::WebError;
use crate::text::{hex, strip_controls};

/// The cookie holding the session id.
pub const SESSION_COOKIE: &str = "aidquiz_session";
/// Before signing in: the token the start form must post back (a
/// double-submit token, since there is no session to keep it in yet).
pub const START_COOKIE: &str = "aidquiz_start";
/// How long a sign-in lasts, in seconds: a course day.
const SESSION_SECONDS: u32 = 12 * 60 * 60;
/// The longest field a form may send (a short answer, a name).
pub const FIELD_LIMIT: usize = 2000;
pub use crate::text::NAME_LIMIT;

/// 128 random bits from the thread's generator (ChaCha, seeded from the
/// operating system), in hex.
pub fn random_token() -> String {
    format!("{:032x}", rand::random::<u128>())
}

/// What the store keeps instead of the session id.
pub fn id_hash(id: &str) -> String {
    hex(&Sha256::digest(id.as_bytes()))
}

/// `Set-Cookie` for a cookie only this site's own pages send back, never
/// readable by script.
pub fn cookie(name: &str, value: &str, max_age: u32) -> String {
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}")
}

pub fn session_cookie(id: &str) -> String {
    cookie(SESSION_COOKIE, id, SESSION_SECONDS)
}

pub fn read_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// Compares two tokens in time that does not depend on where they differ.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// The signed-in learner of a request.
#[derive(Debug, Clone)]
pub struct Learner {
    pub name: String,
    pub session_hash: String,
    pub csrf: String,
}

impl Learner {
    /// Refuses a form without this session's CSRF token.
    pub fn check(&self, form: &Form) -> Result<(), WebError> {
        match form.get("csrf") {
            Some(token) if same_token(token, &self.csrf) => Ok(()),
            _ => Err(WebError::csrf()),
        }
    }
}

/// A learner who may not be signed in yet.
pub struct MaybeLearner(pub Option<Learner>);

impl FromRequestParts<Arc<App>> for MaybeLearner {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        let Some(id) = read_cookie(&parts.headers, SESSION_COOKIE).filter(|id| id.len() == 32) else {
            return Ok(MaybeLearner(None));
        };
        let session_hash = id_hash(id);
        let lookup = session_hash.clone();
        let session = app
            .with_store(move |_, store| Ok(store.web_session(&lookup)?))
            .await?
            // The cookie's Max-Age ends a sign-in in the browser; this ends
            // it for a copied cookie too.
            .filter(|session| {
                app.now() - session.created_at < chrono::Duration::seconds(i64::from(SESSION_SECONDS))
            });
        Ok(MaybeLearner(session.map(|session| Learner {
            name: session.learner,
            session_hash,
            csrf: session.csrf,
        })))
    }
}

/// Pages past the start page need a signed-in learner; others go to `/`.
impl FromRequestParts<Arc<App>> for Learner {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        match MaybeLearner::from_request_parts(parts, app).await {
            Ok(MaybeLearner(Some(learner))) => Ok(learner),
            Ok(MaybeLearner(None)) => Err(Redirect::to("/").into_response()),
            Err(error) => Err(error.into_response()),
        }
    }
}

/// A urlencoded form body, with repeated fields kept (checkboxes, steps).
#[derive(Debug, Default)]
pub struct Form(pub Vec<(String, String)>);

impl Form {
    /// The learner's name from the `name` field, as the command line takes
    /// one: control characters dropped (they would reach terminals, reports
    /// and PostgreSQL, which holds no NUL in text), then trimmed.
    pub fn learner_name(&self) -> Result<String, WebError> {
        let name = strip_controls(self.get("name").unwrap_or(""));
        if name.is_empty() || name.chars().count() > NAME_LIMIT {
            return Err(WebError::bad_request(format!(
                "Give a name of 1 to {NAME_LIMIT} characters."
            )));
        }
        Ok(name)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.0
            .iter()
            .filter(move |(key, _)| key == name)
            .map(|(_, v)| v.as_str())
    }
}

impl<S: Send + Sync> FromRequest<S> for Form {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        // The body limit layer has already refused a body that is too large.
        let bytes = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let fields: Vec<(String, String)> = form_urlencoded::parse(&bytes).into_owned().collect();
        if let Some((name, _)) = fields.iter().find(|(_, value)| value.len() > FIELD_LIMIT) {
            return Err(WebError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Too much text",
                format!("The field `{name}` is longer than {FIELD_LIMIT} characters."),
            )
            .into_response());
        }
        Ok(Form(fields))
    }
}
