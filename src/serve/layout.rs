//! The page every response is drawn in, and the error pages. Templates are
//! maud's `html!`, checked at compile time and escaping every value.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use crate::store::StoreError;

/// A whole page: skip link, header, main, the stylesheet and the script.
pub fn page(title: &str, learner: Option<&str>, body: Markup) -> Markup {
    let nav = html! {
        @if let Some(learner) = learner {
            nav aria-label="Main" {
                ul {
                    li { a href="/" { "Home" } }
                    li { a href="/quiz/new" { "New quiz" } }
                    li { a href="/study" { "Study" } }
                    li { a href="/progress" { "Progress" } }
                }
            }
            p.who { "Signed in as " strong { (learner) } }
        }
    };
    frame(title, html! {}, nav, body)
}

/// The page around any body: `head` adds to the head (the instructor's
/// pages add their refresh), `nav` is what the header offers.
pub fn frame(title: &str, head: Markup, nav: Markup, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · aidquiz" }
                link rel="stylesheet" href="/static/app.css";
                script src="/static/app.js" defer {}
                (head)
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header.top {
                    a.brand href="/" { "aidquiz" }
                    (nav)
                }
                main #main {
                    (body)
                }
            }
        }
    }
}

/// Why a request could not be served, as a page a learner can act on.
#[derive(Debug)]
pub struct WebError {
    pub status: StatusCode,
    pub title: &'static str,
    pub message: String,
}

impl WebError {
    pub fn new(status: StatusCode, title: &'static str, message: impl Into<String>) -> WebError {
        WebError {
            status,
            title,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> WebError {
        WebError::new(StatusCode::BAD_REQUEST, "This cannot be done", message)
    }

    pub fn internal(message: impl Into<String>) -> WebError {
        WebError::new(StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong", message)
    }

    /// Another learner's attempt, or none: the same answer for both, so
    /// attempt numbers cannot be probed.
    pub fn not_yours() -> WebError {
        WebError::new(
            StatusCode::NOT_FOUND,
            "No such quiz",
            "This quiz is not one you started in this browser. Go to the start page to see yours.",
        )
    }

    pub fn banks_changed(question_id: &str) -> WebError {
        WebError::new(
            StatusCode::CONFLICT,
            "The questions have changed",
            format!(
                "The question `{question_id}` of this quiz is no longer in the banks this server was started with (or its choices changed), so the quiz cannot be shown again. Start a new quiz."
            ),
        )
    }

    pub fn csrf() -> WebError {
        WebError::new(
            StatusCode::FORBIDDEN,
            "The form has expired",
            "This form did not come from this server's page, or it is from an older sign-in. Go back, reload the page and try again.",
        )
    }
}

impl From<StoreError> for WebError {
    fn from(error: StoreError) -> WebError {
        // The learner sees what happened; the operator gets it on stderr.
        eprintln!("aidquiz serve: {error}");
        WebError::internal(format!("The progress store failed: {error}"))
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let body = page(
            self.title,
            None,
            html! {
                h1 { (self.title) }
                p.error { (self.message) }
                p { a href="/" { "Back to the start page" } }
            },
        );
        (self.status, Html(body.into_string())).into_response()
    }
}

pub async fn not_found() -> WebError {
    WebError::new(
        StatusCode::NOT_FOUND,
        "Page not found",
        "There is no page at this address.",
    )
}
