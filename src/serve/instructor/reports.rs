//! The room's reports (attempts, learners, item analysis) as the `report`
//! command renders them, as a page or a CSV download: the room's attempts
//! are those with its exam id.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::Instructor;
use crate::report::{self, Filters, Kind};
use crate::serve::app::App;
use crate::serve::layout::WebError;
use crate::store::AttemptFilter;

/// The report pages carry their own stylesheet inline (they are also
/// written as files), so their policy allows inline style, and still no
/// script at all.
const REPORT_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; \
     form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

pub async fn report(
    State(app): State<Arc<App>>,
    _instructor: Instructor,
    Path((code, file)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (name, csv) = match file.strip_suffix(".csv") {
        Some(name) => (name, true),
        None => (file.as_str(), false),
    };
    let kind = match name {
        "attempts" => Kind::Attempts,
        "learners" => Kind::Learners,
        "items" => Kind::Items,
        _ => {
            return Err(WebError::new(
                StatusCode::NOT_FOUND,
                "No such report",
                "The reports are attempts, learners and items.",
            ));
        }
    };
    let room_code = code.clone();
    let built = app
        .with_store(move |_, store| {
            let room = store.room(&room_code)?.ok_or_else(|| {
                WebError::new(
                    StatusCode::NOT_FOUND,
                    "No such room",
                    "There is no room with this code.",
                )
            })?;
            let filter = AttemptFilter {
                exam_id: Some(room.exam_id.clone()),
                ..AttemptFilter::default()
            };
            if store.count_attempts(&filter)? == 0 {
                return Ok(None);
            }
            let filters = Filters {
                exam_id: Some(room.exam_id),
                ..Filters::default()
            };
            Ok(Some(report::from_store(store, kind, &filter, filters)?))
        })
        .await?;
    let Some(built) = built else {
        return Err(WebError::new(
            StatusCode::NOT_FOUND,
            "No attempts yet",
            format!("No one has joined room {code} yet, so there is nothing to report."),
        ));
    };
    let mut out = Vec::new();
    if csv {
        report::csv::write(&mut out, &built)
            .map_err(|e| WebError::internal(format!("the report could not be written: {e}")))?;
        let disposition = format!("attachment; filename=\"room-{code}-{name}.csv\"");
        return Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            out,
        )
            .into_response());
    }
    report::html::write(&mut out, &built)
        .map_err(|e| WebError::internal(format!("the report could not be written: {e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, REPORT_POLICY),
        ],
        out,
    )
        .into_response())
}
