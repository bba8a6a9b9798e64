//! What every handler shares: the banks, the one store connection and the
//! clock; and the steps a browser attempt goes through (start, load, answer,
//! finish), each a few calls into the session state machine and the store.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, TryLockError};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::assemble::{Candidate, Quiz, QuizItem};
use crate::bank::{Answer, Catalog, Question, Scenario};
use crate::clock::Clock;
use crate::record::{Attempt, AttemptId, BankRef, NewAttempt, Status};
use crate::response::{self, Response};
use crate::session::{Given, Outcome, Saved, Session, Settings};
use crate::store::{NewReview, Store, StoreError, WebAttempt, WebAttemptKind};
use crate::study;

use super::layout::WebError;

/// The server's shared state.
pub struct App {
    /// Every question loaded, with its bank id and its case, if any.
    pub pool: Vec<(String, Question, Option<Scenario>)>,
    by_id: HashMap<String, usize>,
    pub topics: Vec<String>,
    pub bank_refs: Vec<BankRef>,
    /// The store's connections, used from blocking threads: one for a
    /// SQLite file (one writer at a time anyway), a few for PostgreSQL, so
    /// a slow report does not hold up learners' answers.
    stores: Vec<Mutex<Store>>,
    /// Where the next request waits when every connection is busy.
    next_store: AtomicUsize,
    pub clock: Box<dyn Clock + Send + Sync>,
    pub instructor_password: Option<String>,
    /// The instructor's side kept in memory (guess limits, who is where).
    pub live: super::instructor::Live,
}

/// What a learner posted for one question, read from the form.
pub struct Posted {
    /// The answer in the notation; `None` when the form carries none.
    pub answer: Option<String>,
    /// Flag (or unflag) the question.
    pub flag: Option<bool>,
    /// Show the answer without taking it (a step moved in study mode).
    pub only_shown: bool,
    /// An answer is expected ("Check answer").
    pub required: bool,
    /// "I don't know" in a study session: the answer is shown and the
    /// question counts as a review rated `again`, as a skip on the terminal.
    pub dont_know: bool,
}

/// What became of a posted answer.
pub enum Taken {
    /// Saved, or nothing to save.
    Saved,
    /// Not saved, shown back as posted.
    Shown(Option<Response>),
    /// After the deadline: refused, and the attempt has ended.
    Late,
    /// The attempt had already ended.
    Over,
    /// Not an answer this question takes: why, and what would be.
    Unreadable(String),
}

/// A browser attempt as loaded for one request.
pub struct Loaded {
    pub attempt: Attempt,
    pub web: WebAttempt,
    pub session: Session,
}

impl App {
    pub fn new(
        catalog: &Catalog,
        bank_refs: Vec<BankRef>,
        stores: Vec<Store>,
        clock: Box<dyn Clock + Send + Sync>,
        instructor_password: Option<String>,
    ) -> App {
        let pool: Vec<(String, Question, Option<Scenario>)> = catalog
            .candidates()
            .into_iter()
            .map(|c| (c.bank_id.to_owned(), c.question.clone(), c.scenario.cloned()))
            .collect();
        let by_id = pool
            .iter()
            .enumerate()
            .map(|(i, (_, q, _))| (q.meta.id.0.clone(), i))
            .collect();
        let mut topics: Vec<String> = pool.iter().map(|(_, q, _)| q.meta.topic.clone()).collect();
        topics.sort();
        topics.dedup();
        App {
            pool,
            by_id,
            topics,
            bank_refs,
            stores: stores.into_iter().map(Mutex::new).collect(),
            next_store: AtomicUsize::new(0),
            clock,
            instructor_password,
            live: super::instructor::Live::default(),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn question(&self, id: &str) -> Option<&(String, Question, Option<Scenario>)> {
        self.by_id.get(id).map(|&i| &self.pool[i])
    }

    /// The pool as `assemble` takes it.
    pub fn pool_refs(&self) -> Vec<Candidate<'_>> {
        self.pool
            .iter()
            .map(|(bank, question, scenario)| Candidate {
                bank_id: bank,
                question,
                scenario: scenario.as_ref(),
            })
            .collect()
    }

    /// Runs `work` with the store on a blocking thread: SQLite calls block,
    /// and must not stall the threads that serve other learners.
    pub async fn with_store<T, F>(self: &Arc<Self>, work: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&App, &mut Store) -> Result<T, WebError> + Send + 'static,
    {
        let app = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let mut store = app.free_store();
            work(&app, &mut store)
        })
        .await
        .map_err(|_| WebError::internal("the request stopped before it finished"))?
    }

    /// A connection no other request is using, else one in turn to wait
    /// for. A panic while holding one leaves it usable: every write is a
    /// transaction that rolled back.
    fn free_store(&self) -> MutexGuard<'_, Store> {
        for store in &self.stores {
            match store.try_lock() {
                Ok(free) => return free,
                Err(TryLockError::Poisoned(poisoned)) => return poisoned.into_inner(),
                Err(TryLockError::WouldBlock) => {}
            }
        }
        let turn = self.next_store.fetch_add(1, Ordering::Relaxed) % self.stores.len();
        self.stores[turn].lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Saves a new attempt for the session and ties it to the session.
    pub fn begin(
        &self,
        store: &mut Store,
        new: &NewAttempt,
        session_hash: &str,
        kind: WebAttemptKind,
    ) -> Result<AttemptId, WebError> {
        let id = retry_busy(|| store.begin_attempt(new))?;
        retry_busy(|| store.link_web_attempt(id, session_hash, kind))?;
        Ok(id)
    }

    /// The attempt `id` if it belongs to this browser session, with its
    /// session rebuilt from the store. An attempt whose deadline has passed
    /// is ended here, as timed out, with what was answered in time.
    pub fn load(&self, store: &mut Store, session_hash: &str, id: AttemptId) -> Result<Loaded, WebError> {
        let web = store
            .web_attempt(id)?
            .filter(|web| web.session_hash == session_hash)
            .ok_or_else(WebError::not_yours)?;
        let attempt = store.attempt(id)?.ok_or_else(WebError::not_yours)?;
        let quiz = self.rebuild_quiz(&attempt)?;
        let settings = Settings {
            mode: attempt.mode,
            time_limit: attempt.time_limit_secs.map(Duration::from_secs),
            pass_mark: attempt.pass_mark,
        };
        let mut flagged = vec![false; attempt.questions.len()];
        for &position in &web.flagged {
            if let Some(flag) = flagged.get_mut(position) {
                *flag = true;
            }
        }
        let saved = Saved {
            started_at: attempt.started_at,
            given: attempt.questions.iter().map(given).collect(),
            flagged,
            ended: attempt.finished_at.map(|at| (attempt.status, at)),
        };
        let mut loaded = Loaded {
            session: Session::restore(quiz, settings, saved),
            attempt,
            web,
        };
        if loaded.session.expire_if_due(self.now()) {
            self.record_end(store, &mut loaded)?;
        }
        Ok(loaded)
    }

    /// Takes what the learner posted for the question at `position`: the
    /// flag, then the answer through the session, saved the moment the
    /// session accepts it.
    pub fn take_answer(
        &self,
        store: &mut Store,
        loaded: &mut Loaded,
        position: usize,
        posted: Posted,
    ) -> Result<Taken, WebError> {
        if loaded.session.status().is_some() {
            return Ok(Taken::Over);
        }
        if let Some(flag) = posted.flag {
            loaded.session.set_flag(position, flag);
            let flagged: Vec<usize> = (0..loaded.session.flagged().len())
                .filter(|&p| loaded.session.flagged()[p])
                .collect();
            retry_busy(|| store.set_web_flagged(loaded.attempt.id, &flagged))?;
        }
        if posted.dont_know {
            return self.dont_know(store, loaded, position).map(|()| Taken::Saved);
        }
        let Some(text) = posted.answer else {
            return Ok(if posted.required {
                Taken::Unreadable("Choose or type an answer first, then check it.".into())
            } else {
                Taken::Saved
            });
        };
        if posted.only_shown {
            let item = &loaded.session.quiz().items[position];
            return Ok(Taken::Shown(response::parse(item, &text).ok().flatten()));
        }
        Ok(match loaded.session.answer(position, &text, self.now()) {
            Ok(Outcome::Answered { record, .. }) => {
                retry_busy(|| store.record_answer(loaded.attempt.id, &record))?;
                Taken::Saved
            }
            Ok(Outcome::Skipped { .. } | Outcome::Locked) => Taken::Saved,
            Ok(Outcome::TimeUp) => {
                self.record_end(store, loaded)?;
                Taken::Late
            }
            Err(problem) => Taken::Unreadable(format!("{}: {}.", problem.message, problem.hint)),
        })
    }

    /// A study session's "don't know": nothing is saved to the attempt,
    /// where the question stays unanswered; the schedule gets a review
    /// rated `again`, and the question counts as rated.
    fn dont_know(&self, store: &mut Store, loaded: &mut Loaded, position: usize) -> Result<(), WebError> {
        let answered = loaded.session.given().get(position).is_some_and(Option::is_some);
        if loaded.web.kind != WebAttemptKind::Study || answered || loaded.web.rated.contains(&position) {
            return Ok(());
        }
        let learner = loaded.attempt.learner.clone();
        let item = &loaded.session.quiz().items[position];
        record_review(
            store,
            &learner,
            item,
            loaded.attempt.id,
            study::Rating::Again,
            0.0,
            self.now(),
        )?;
        self.rated(store, loaded, position)
    }

    /// Marks a study session's question as rated; the session ends with its last one.
    pub fn rated(&self, store: &mut Store, loaded: &mut Loaded, position: usize) -> Result<(), WebError> {
        loaded.web.rated.push(position);
        retry_busy(|| store.set_web_rated(loaded.attempt.id, &loaded.web.rated))?;
        if loaded.web.rated.len() >= loaded.session.quiz().items.len() {
            self.submit(store, loaded)?;
        }
        Ok(())
    }

    /// Ends, as timed out, every browser attempt whose deadline has passed
    /// with no page open, so `history` and reports show how it ended
    /// without waiting for the learner to come back. Returns how many.
    pub fn end_overdue(&self, store: &mut Store) -> Result<usize, WebError> {
        let mut ended = 0;
        for (id, session_hash) in store.open_timed_web_attempts()? {
            // Loading ends it if due. One that cannot be loaded (its
            // questions left the banks) stays as it is.
            let loaded = self.load(store, &session_hash, id);
            if loaded.is_ok_and(|loaded| loaded.session.status().is_some()) {
                ended += 1;
            }
        }
        Ok(ended)
    }

    /// The learner submits: the attempt ends now (or at its deadline).
    pub fn submit(&self, store: &mut Store, loaded: &mut Loaded) -> Result<(), WebError> {
        if loaded.attempt.finished_at.is_some() {
            return Ok(());
        }
        loaded.session.finish(self.now());
        self.record_end(store, loaded)
    }

    /// Saves how the attempt ended; a quiz's answers then count as reviews
    /// for the learner's schedule, as `take`'s do (a study session records
    /// each review when its rating is chosen).
    pub fn record_end(&self, store: &mut Store, loaded: &mut Loaded) -> Result<(), WebError> {
        let status = loaded.session.status().unwrap_or(Status::Abandoned);
        let finished_at = loaded.session.finished_at().unwrap_or_else(|| self.now());
        retry_busy(|| store.finish_attempt(loaded.attempt.id, status, finished_at))?;
        loaded.attempt.status = status;
        loaded.attempt.finished_at = Some(finished_at);
        if loaded.web.kind == WebAttemptKind::Quiz {
            let learner = loaded.attempt.learner.clone();
            for (item, given) in loaded.session.quiz().items.iter().zip(loaded.session.given()) {
                if let Some(given) = given {
                    let credit = credit(item, given.points);
                    record_review(
                        store,
                        &learner,
                        item,
                        loaded.attempt.id,
                        study::rating_for(credit, None),
                        credit,
                        given.answered_at,
                    )?;
                }
            }
        }
        Ok(())
    }

    /// The quiz as it was shown: each stored question slot with its
    /// question from the banks, in the stored choice order.
    fn rebuild_quiz(&self, attempt: &Attempt) -> Result<Quiz, WebError> {
        let items = attempt
            .questions
            .iter()
            .map(|slot| {
                let (bank_id, question, scenario) = self
                    .question(&slot.question_id)
                    .filter(|(_, q, _)| order_fits(q, &slot.choice_order))
                    .ok_or_else(|| WebError::banks_changed(&slot.question_id))?;
                Ok(QuizItem {
                    bank_id: bank_id.clone(),
                    question: question.clone(),
                    order: slot.choice_order.clone(),
                    scenario: scenario.clone(),
                })
            })
            .collect::<Result<_, WebError>>()?;
        Ok(Quiz {
            seed: attempt.seed,
            items,
        })
    }
}

/// Whether a stored choice order still fits the question (the banks may
/// have changed since): a permutation of its list.
fn order_fits(question: &Question, order: &[usize]) -> bool {
    let len = match &question.answer {
        Answer::Single(q) => q.choices.len(),
        Answer::Multiple(q) => q.choices.len(),
        Answer::Order(q) => q.steps.len(),
        Answer::Match(q) => q.options().len(),
        Answer::TrueFalse(_) | Answer::Short(_) | Answer::Numeric(_) => 0,
    };
    let mut seen = vec![false; len];
    order.len() == len
        && order
            .iter()
            .all(|&i| i < len && !std::mem::replace(&mut seen[i], true))
}

fn given(record: &crate::record::QuestionRecord) -> Option<Given> {
    Some(Given {
        response: record.selected.clone()?,
        notation: record.response.clone()?,
        points: record.points,
        answered_at: record.answered_at?,
    })
}

pub fn credit(item: &QuizItem, points: f64) -> f64 {
    let max = item.question.meta.points;
    if max > 0.0 { points / max } else { 0.0 }
}

/// Records one review and the memory state it leads to.
pub fn record_review(
    store: &mut Store,
    learner: &str,
    item: &QuizItem,
    attempt: AttemptId,
    rating: study::Rating,
    credit: f64,
    at: DateTime<Utc>,
) -> Result<(), WebError> {
    let meta = &item.question.meta;
    let before = store.memory_state(learner, &meta.id.0)?;
    let after = study::review(before.as_ref(), rating, at, meta.revision);
    let review = NewReview {
        learner,
        question_id: &meta.id.0,
        topic: &meta.topic,
        attempt_id: Some(attempt),
        rating,
        credit,
        reviewed_at: at,
    };
    retry_busy(|| store.record_review(&review, &after))?;
    Ok(())
}

/// Runs a write again while another process holds the store's write lock
/// past SQLite's own wait: an answer being saved is not given up lightly.
pub fn retry_busy<T>(mut write: impl FnMut() -> Result<T, StoreError>) -> Result<T, StoreError> {
    let mut tries = 0;
    loop {
        match write() {
            Err(StoreError::Busy { .. } | StoreError::Conflict { .. }) if tries < 3 => tries += 1,
            result => return result,
        }
    }
}
