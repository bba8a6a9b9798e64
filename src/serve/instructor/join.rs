//! A learner joins a room with its code and a name: a new quiz from the
//! room's plan, or, for a name already in the room, the same quiz with the
//! same deadline (from any browser).

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::ClientAddress;
use super::plan::Plan;
use super::room::CODE_LENGTH;
use crate::record::AttemptId;
use crate::serve::app::App;
use crate::serve::layout::WebError;
use crate::serve::sessions::{
    Form, MaybeLearner, NAME_LIMIT, START_COOKIE, cookie, id_hash, random_token, read_cookie, same_token,
    session_cookie,
};
use crate::session::Session;
use crate::store::{RoomLearner, Store, WebAttemptKind};

/// The start page's form to join a room (`name` filled in for a learner
/// already signed in).
pub fn join_form(csrf: &str, name: Option<&str>) -> Markup {
    html! {
        form.card method="post" action="/join" {
            h2 { "Join your instructor's room" }
            input type="hidden" name="csrf" value=(csrf);
            label.field for="join-name" { "Name for the room" }
            input #join-name type="text" name="name" required maxlength=(NAME_LIMIT) autocomplete="name" value=[name];
            label.field for="room-code" { "Room code" }
            input #room-code type="text" name="code" required maxlength="12" autocomplete="off" autocapitalize="characters" spellcheck="false";
            div.buttons { button type="submit" { "Join the room" } }
        }
    }
}

/// What a join came to.
enum Joined {
    /// The learner's attempt (new or resumed), held by the new session.
    In { attempt: AttemptId, session_id: String },
    /// No open room has that code.
    NoRoom,
}

pub async fn join(
    State(app): State<Arc<App>>,
    ClientAddress(address): ClientAddress,
    MaybeLearner(learner): MaybeLearner,
    headers: HeaderMap,
    form: Form,
) -> Result<Response, WebError> {
    // The start page's token, or the signed-in learner's.
    let expected = learner
        .map(|learner| learner.csrf)
        .or_else(|| read_cookie(&headers, START_COOKIE).map(str::to_owned))
        .unwrap_or_default();
    match form.get("csrf") {
        Some(token) if !expected.is_empty() && same_token(token, &expected) => {}
        _ => return Err(WebError::csrf()),
    }
    let name = form.learner_name()?;
    if let Some(wait) = app.live.wait(address, &app) {
        return Ok(super::too_many(wait));
    }
    let code = normalise(form.get("code").unwrap_or(""));
    let shown = code.clone();
    let joined = app
        .with_store(move |app, store| enter(app, store, &code, &name))
        .await?;
    match joined {
        Joined::NoRoom => {
            app.live.failed(address, &app);
            Err(WebError::new(
                StatusCode::NOT_FOUND,
                "No such room",
                format!(
                    "No open room has the code “{shown}”. Check the code with your instructor (it is {CODE_LENGTH} letters and digits)."
                ),
            ))
        }
        Joined::In { attempt, session_id } => Ok((
            AppendHeaders([
                (header::SET_COOKIE, session_cookie(&session_id)),
                (header::SET_COOKIE, cookie(START_COOKIE, "", 0)),
            ]),
            Redirect::to(&format!("/quiz/{attempt}")),
        )
            .into_response()),
    }
}

/// Room codes as people type them: any case, with spaces or dashes.
fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .take(2 * CODE_LENGTH)
        .collect::<String>()
        .to_uppercase()
}

/// Signs `name` in with a new session holding their attempt in the room:
/// the one they have, or a new one from the room's plan.
fn enter(app: &App, store: &mut Store, code: &str, name: &str) -> Result<Joined, WebError> {
    let Some(room) = store.room(code)?.filter(|room| room.closed_at.is_none()) else {
        return Ok(Joined::NoRoom);
    };
    let session_id = random_token();
    let hash = id_hash(&session_id);
    let now = app.now();
    if let Some(joined) = store.room_learner(code, name)? {
        // Signed in under the name as first given, which the attempt carries.
        store.create_web_session(&hash, &joined.learner, &random_token(), now)?;
        store.move_web_attempt(joined.attempt, &hash)?;
        return Ok(Joined::In {
            attempt: joined.attempt,
            session_id,
        });
    }
    if store.exam_attempt_of(&room.exam_id, name)?.is_some() {
        return Err(WebError::new(
            StatusCode::CONFLICT,
            "This name has already taken this exam",
            format!(
                "There is already an attempt by “{name}” at exam {} (on paper or in another room), and a learner has one attempt per exam. If that is someone else, join with your full name; otherwise ask your instructor.",
                room.exam_id
            ),
        ));
    }
    let plan: Plan = serde_json::from_value(room.plan)
        .map_err(|e| WebError::internal(format!("the room {code}'s plan cannot be read: {e}")))?;
    let already = store.room_learners(code)?.len();
    let handout = plan
        .handout(already, &app.pool_refs(), rand::random::<u64>() >> 11)
        .map_err(WebError::bad_request)?;
    let session = Session::start(handout.quiz, handout.settings, now);
    let banks = handout.banks.unwrap_or_else(|| app.bank_refs.clone());
    let mut new = session.new_attempt(name, handout.selection, banks);
    new.exam_id = Some(room.exam_id.clone());
    store.create_web_session(&hash, name, &random_token(), now)?;
    let attempt = app.begin(store, &new, &hash, WebAttemptKind::Quiz)?;
    store.add_room_learner(
        code,
        &RoomLearner {
            learner: name.to_owned(),
            attempt,
            version: handout.version,
            joined_at: now,
        },
    )?;
    Ok(Joined::In { attempt, session_id })
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn codes_are_read_as_typed_in_any_case_with_spaces_or_dashes() {
        assert_eq!(normalise(" k7q-x2m "), "K7QX2M");
        assert_eq!(normalise("abc def"), "ABCDEF");
        assert_eq!(normalise(&"x".repeat(100)).len(), 12);
    }
}
