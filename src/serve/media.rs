//! The pictures the loaded banks show, served at `/media/BANK/FILE`. Only
//! a file a loaded bank names is ever read: the request path is looked up
//! in the list made at start-up, never joined onto a folder, so no path
//! (`..`, an absolute one, an encoded one) reaches any other file.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::io::AsyncReadExt;
use tokio_util::io::ReaderStream;

use super::app::App;
use crate::bank::Catalog;
use crate::bank::check::is_bank_relative;

/// Each picture a loaded bank shows, by `BANK/FILE`: the bank's folder,
/// the file in it, and its content type.
#[derive(Debug, Default)]
pub struct Media {
    files: HashMap<String, (PathBuf, String, &'static str)>,
}

impl Media {
    pub fn of(catalog: &Catalog) -> Media {
        let mut files = HashMap::new();
        for loaded in &catalog.banks {
            let Some(folder) = catalog.folder_of(loaded) else {
                continue;
            };
            for (_, image) in loaded.bank.images() {
                // `check` refuses any other; a bank with errors is not served.
                let Some(content_type) = image.content_type().filter(|_| is_bank_relative(&image.file))
                else {
                    continue;
                };
                files.insert(
                    format!("{}/{}", loaded.bank.meta.id, image.file),
                    (folder.clone(), image.file.clone(), content_type),
                );
            }
        }
        Media { files }
    }
}

/// How much of a picture is read at a time while it is sent.
const PIECE: usize = 64 << 10;

pub fn routes() -> Router<Arc<App>> {
    Router::new().route("/media/{*path}", get(picture))
}

async fn picture(State(app): State<Arc<App>>, Path(path): Path<String>) -> Response {
    let Some((folder, file, content_type)) = app.media.files.get(&path).cloned() else {
        return super::layout::not_found().await.into_response();
    };
    // Opened through the same checks as at start-up: a file swapped for a
    // link out of the folder since then is not served.
    let opened = tokio::task::spawn_blocking(move || crate::input::open_picture(&folder, &file)).await;
    match opened {
        // Sent as it is read, a piece at a time: a class loading one large
        // picture over a slow network held a copy per learner (100 at
        // 5 MB, 290 MB).
        Ok(Ok((file, size))) => (
            [
                (header::CONTENT_TYPE, content_type.to_owned()),
                (header::CONTENT_LENGTH, size.to_string()),
                (header::CACHE_CONTROL, "private, max-age=300".to_owned()),
                // An SVG opened on its own runs no script and loads nothing.
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; style-src 'unsafe-inline'; sandbox".to_owned(),
                ),
            ],
            // No more than the length announced, should the file grow; in
            // pieces of 64 KB, each read on a blocking thread.
            Body::from_stream(ReaderStream::with_capacity(
                tokio::fs::File::from_std(file).take(size),
                PIECE,
            )),
        )
            .into_response(),
        // The file went away, became unreadable or became a way out of the
        // folder after start-up.
        _ => (StatusCode::NOT_FOUND, "this picture cannot be read now").into_response(),
    }
}
