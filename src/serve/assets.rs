//! The stylesheet and the script, built into the binary: no files are read
//! at run time, so no request path can reach the file system.

use std::sync::Arc;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use super::app::App;

const CSS: &str = include_str!("assets/app.css");
const JS: &str = include_str!("assets/app.js");
const ROOM_CSS: &str = include_str!("assets/room.css");
const ROOM_JS: &str = include_str!("assets/room.js");

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route(
            "/static/app.css",
            get(|| async { asset("text/css; charset=utf-8", CSS) }),
        )
        .route(
            "/static/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", JS) }),
        )
        .route(
            "/static/room.css",
            get(|| async { asset("text/css; charset=utf-8", ROOM_CSS) }),
        )
        .route(
            "/static/room.js",
            get(|| async { asset("text/javascript; charset=utf-8", ROOM_JS) }),
        )
}

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}
