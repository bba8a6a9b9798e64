//! The instructor's side (rooms, the live room page, extra time, reports as
//! pages). Until it is built these pages say whether it is on and how to
//! turn it on.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use maud::html;

use super::app::App;
use super::layout::page;
use super::quiz::html_page;

/// Routes under `/instructor`.
pub fn routes() -> Router<Arc<App>> {
    Router::new().route("/", get(home))
}

async fn home(State(app): State<Arc<App>>) -> Response {
    let body = if app.instructor_password.is_none() {
        html! {
            h1 { "Instructor pages are off" }
            p {
                "Start the server with a password to turn them on: "
                code { "aidquiz serve --instructor-password-file FILE" }
                " (the file holds the password on its first line), or set "
                code { "AIDQUIZ_INSTRUCTOR_PASSWORD" } "."
            }
        }
    } else {
        html! {
            h1 { "Instructor" }
            p { "Rooms and reports come here." }
        }
    };
    html_page(page("Instructor", None, body))
}
