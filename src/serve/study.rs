//! Study in the browser: the FSRS session (answer, feedback, a rating with
//! the suggested one preselected, what comes due next) and the progress page.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use maud::{Markup, html};

use crate::record::{AttemptId, Mode};
use crate::session::{Session, Settings};
use crate::store::WebAttemptKind;
use crate::study::Rating;
use crate::study::pick::session_quiz;
use crate::study::progress::{BankQuestion, coming_due, progress};

use super::app::{App, credit, record_review};
use super::layout::{WebError, page};
use super::quiz::html_page;
use super::sessions::{Form, Learner};

/// A session takes at most this many new questions, and this many in all (as `study`).
const NEW_LIMIT: usize = 10;
const LIMIT: usize = 30;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/study", get(study_page).post(start_study))
        .route("/progress", get(progress_page))
}

async fn study_page(State(app): State<Arc<App>>, learner: Learner) -> Result<Response, WebError> {
    let name = learner.name.clone();
    let (due, new, tomorrow, week) = app
        .with_store(move |app, store| {
            let now = app.now();
            let states = store.memory_states(&name)?;
            let due = store.due_questions(&name, now)?;
            let (plan, _) = session_quiz(&app.pool_refs(), &states, due, NEW_LIMIT, LIMIT, 0);
            let (tomorrow, week) = coming_due(&states, now);
            Ok((plan.due.len(), plan.new.len(), tomorrow, week))
        })
        .await?;
    let body = html! {
        h1 { "Study" }
        @if due + new == 0 {
            p { "Nothing to study now: no question is due, and every question has been seen." }
            p { "Next: " (tomorrow) " due by the end of tomorrow, " (week) " within a week." }
        } @else {
            p { (due) " questions are due for review and " (new) " are new. After each answer you see the right answer and why, then rate how well you knew it; that rating decides when the question comes back." }
            form method="post" action="/study" {
                input type="hidden" name="csrf" value=(learner.csrf);
                button type="submit" { "Start studying" }
            }
        }
    };
    Ok(html_page(page("Study", Some(&learner.name), body)))
}

async fn start_study(
    State(app): State<Arc<App>>,
    learner: Learner,
    form: Form,
) -> Result<Response, WebError> {
    learner.check(&form)?;
    let seed = rand::random::<u64>() >> 11;
    let id = app
        .with_store(move |app, store| {
            let now = app.now();
            let states = store.memory_states(&learner.name)?;
            let due = store.due_questions(&learner.name, now)?;
            let (plan, quiz) = session_quiz(&app.pool_refs(), &states, due, NEW_LIMIT, LIMIT, seed);
            if plan.is_empty() {
                return Ok(None);
            }
            let settings = Settings {
                mode: Mode::Study,
                time_limit: None,
                pass_mark: 80.0,
            };
            let session = Session::start(quiz, settings, now);
            let selection = serde_json::json!({ "study": { "due": plan.due.len(), "new": plan.new.len(), "topics": [] } });
            let new = session.new_attempt(&learner.name, selection, app.bank_refs.clone());
            app.begin(store, &new, &learner.session_hash, WebAttemptKind::Study)
                .map(Some)
        })
        .await?;
    Ok(match id {
        Some(id) => Redirect::to(&format!("/quiz/{id}/1")),
        None => Redirect::to("/study"),
    }
    .into_response())
}

/// The rating buttons under a study answer's feedback, the suggested one
/// preselected; once rated, the way on.
pub fn rating_form(
    learner: &Learner,
    id: AttemptId,
    position: usize,
    rated: &[usize],
    suggested: Rating,
) -> Markup {
    html! {
        @if rated.contains(&position) {
            p { "Rated." }
            a.button href={ "/quiz/" (id) } { "Continue" }
        } @else {
            form method="post" action={ "/quiz/" (id) "/" (position + 1) "/rate" } {
                input type="hidden" name="csrf" value=(learner.csrf);
                fieldset.ratings {
                    legend { "How well did you know it?" }
                    @for rating in Rating::ALL {
                        div.choice {
                            input type="radio" name="rating" id={ "rating-" (rating.as_str()) } value=(rating.as_str()) checked[rating == suggested];
                            label for={ "rating-" (rating.as_str()) } {
                                (rating_name(rating))
                                @if rating == suggested { " (suggested)" }
                            }
                        }
                    }
                }
                button type="submit" { "Save rating and continue" }
            }
        }
    }
}

fn rating_name(rating: Rating) -> &'static str {
    match rating {
        Rating::Again => "Again: I did not know it",
        Rating::Hard => "Hard: with effort",
        Rating::Good => "Good: I knew it",
        Rating::Easy => "Easy: at once",
    }
}

/// Records the review with the learner's rating; the session ends when
/// every question is answered and rated.
pub async fn rate(
    State(app): State<Arc<App>>,
    learner: Learner,
    Path((id, number)): Path<(i64, usize)>,
    form: Form,
) -> Result<Response, WebError> {
    learner.check(&form)?;
    let rating = form
        .get("rating")
        .and_then(Rating::from_name)
        .ok_or_else(|| WebError::bad_request("Choose one of the ratings: Again, Hard, Good or Easy."))?;
    let hash = learner.session_hash.clone();
    app.with_store(move |app, store| {
        let mut loaded = app.load(store, &hash, AttemptId(id))?;
        let position = number.checked_sub(1).unwrap_or(usize::MAX);
        let (Some(item), Some(Some(given))) = (
            loaded.session.quiz().items.get(position),
            loaded.session.given().get(position),
        ) else {
            return Err(WebError::new(
                StatusCode::CONFLICT,
                "Answer first",
                "Answer the question before rating it.",
            ));
        };
        if loaded.web.kind != WebAttemptKind::Study || loaded.web.rated.contains(&position) {
            return Ok(());
        }
        let learner_name = loaded.attempt.learner.clone();
        let credit = credit(item, given.points);
        record_review(
            store,
            &learner_name,
            item,
            loaded.attempt.id,
            rating,
            credit,
            app.now(),
        )?;
        app.rated(store, &mut loaded, position)
    })
    .await?;
    Ok(Redirect::to(&format!("/quiz/{id}")).into_response())
}

/// Per topic seen, mastery and accuracy; what is due; the weakest questions
/// with their text.
async fn progress_page(State(app): State<Arc<App>>, learner: Learner) -> Result<Response, WebError> {
    let name = learner.name.clone();
    let progress = app
        .with_store(move |app, store| {
            let bank: BTreeMap<String, BankQuestion> = app
                .pool
                .iter()
                .map(|(_, q, _)| {
                    let question = BankQuestion {
                        topic: q.meta.topic.clone(),
                        prompt: q.meta.prompt.clone(),
                    };
                    (q.meta.id.0.clone(), question)
                })
                .collect();
            let states = store.memory_states(&name)?;
            let reviews = store.reviews(&name)?;
            Ok(progress(&name, &bank, &states, &reviews, app.now()))
        })
        .await?;
    let body = html! {
        h1 { "Your progress" }
        table {
            thead { tr {
                th scope="col" { "Topic" } th scope="col" { "Seen" } th scope="col" { "Recall now" } th scope="col" { "Recent accuracy" }
            } }
            tbody {
                @for topic in &progress.topics {
                    tr {
                        th scope="row" { (topic.topic) }
                        td { (topic.seen) " of " (topic.questions) }
                        td { (format!("{:.0}%", topic.recall * 100.0)) }
                        td { (topic.recent_accuracy.map_or_else(|| "none yet".to_owned(), |a| format!("{:.0}%", a * 100.0))) }
                    }
                }
            }
        }
        p { "Due today: " (progress.due_today) ". Due this week: " (progress.due_this_week) ". Days studied in a row: " (progress.streak_days) "." }
        @if !progress.weakest.is_empty() {
            h2 { "Your weakest questions" }
            p { "The last answer was not right, or it was forgotten since." }
            ul.weakest {
                @for weak in &progress.weakest {
                    li {
                        (weak.prompt) " (" (weak.topic) "): "
                        @if weak.last_credit <= 0.0 {
                            "last answer wrong"
                        } @else if weak.last_credit < 1.0 - 1e-9 {
                            "last answer " (format!("{:.0}%", weak.last_credit * 100.0)) " right"
                        } @else {
                            "last answer right"
                        }
                        @match weak.lapses {
                            0 => {},
                            1 => ", forgotten once",
                            n => { ", forgotten " (n) " times" },
                        }
                    }
                }
            }
        }
        p { a.button href="/study" { "Study now" } }
    };
    Ok(html_page(page("Progress", Some(&learner.name), body)))
}
