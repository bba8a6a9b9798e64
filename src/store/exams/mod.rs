//! Exam attempts graded from a response sheet, and the `regrades` table
//! that keeps an attempt's earlier grades when its sheet is corrected.

use std::collections::{HashMap, HashSet};

use super::attempt_items::{self, ItemWriter};
use super::attempts::{answers_by_position, critical_missed, exam_fields, insert_graded_all};
use super::db::{Result, Row, Tx, params, sql};
use super::error::At;
use super::reviews::{self, NewReview};
use super::value::{Json, Timestamp};
use super::{Store, StoreError, attempt_topics, learners, memory, responses};
use crate::record::{AnswerRecord, AttemptId, EarlierGrade, GradedAttempt, learner_key, total};
use crate::study::{self, MemoryState};
use chrono::{DateTime, Utc};

/// Learners graded in one transaction by [`Store::grade_sheet`]: the write
/// lock is given up between batches, so learners taking quizzes on the same
/// store save their answers while a large sheet is graded (a batch of 200
/// learners × 50 questions holds the lock for a few tens of milliseconds).
pub const SHEET_BATCH: usize = 200;

/// The pause between two batches of [`Store::grade_sheet`] on SQLite: 500
/// batches for 100,000 learners add 2.5 s.
const BETWEEN_BATCHES: std::time::Duration = std::time::Duration::from_millis(5);

/// What grading a sheet did to one learner's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetOutcome {
    New,
    Regraded,
    Unchanged,
}

/// An exam attempt already in the store, as regrading needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredExamAttempt {
    pub id: AttemptId,
    pub learner: String,
    pub score: f64,
    pub max_score: f64,
    /// By position; `None` where unanswered.
    pub responses: Vec<Option<String>>,
    /// The questions, by position.
    pub question_ids: Vec<String>,
}

/// What grading a sheet does to one learner's record.
#[derive(Debug, Clone, PartialEq)]
pub enum ExamGrade {
    /// The learner's first grade for this exam.
    New(GradedAttempt),
    /// The sheet changed: the stored grade moves to `regrades`, the new one replaces it.
    Regrade {
        previous: StoredExamAttempt,
        graded: GradedAttempt,
    },
}

impl Store {
    /// Every stored attempt at the exam, each with its responses.
    pub fn exam_attempts(&self, exam_id: &str) -> Result<Vec<StoredExamAttempt>, StoreError> {
        self.read(|tx, path| {
            let mut attempts: Vec<StoredExamAttempt> = Vec::new();
            tx.for_each(sql!("attempts.sql"), params![exam_id], |row| {
                let id: AttemptId = row.get(0)?;
                if attempts.last().is_none_or(|a| a.id != id) {
                    attempts.push(StoredExamAttempt {
                        id,
                        learner: row.get(1)?,
                        score: row.get(2)?,
                        max_score: row.get(3)?,
                        responses: Vec::new(),
                        question_ids: Vec::new(),
                    });
                }
                if let Some(attempt) = attempts.last_mut() {
                    attempt.responses.push(row.get(4)?);
                    attempt.question_ids.push(row.get(5)?);
                }
                Ok(())
            })
            .at(path)?;
            Ok(attempts)
        })
    }

    /// Saves a graded sheet, `SHEET_BATCH` learners per transaction. Who is
    /// new, who is regraded and who is unchanged is decided inside each
    /// transaction, so two gradings of one exam at once never both add a
    /// learner: the second finds the first's attempt and regrades it (or
    /// leaves it). A learner's first grade and the reviews it counts as are
    /// saved together, so a run killed part way leaves every learner either
    /// whole or not graded, and running it again completes it. Learners are
    /// matched ignoring case; the spelling first saved is kept. `done` is
    /// told how many rows are saved after each batch.
    pub fn grade_sheet(
        &mut self,
        exam_id: &str,
        rows: &[&GradedAttempt],
        now: DateTime<Utc>,
        done: &mut dyn FnMut(usize),
    ) -> Result<Vec<(AttemptId, SheetOutcome)>, StoreError> {
        let mut outcomes = Vec::with_capacity(rows.len());
        for batch in rows.chunks(SHEET_BATCH) {
            // What the batch adds is kept apart until it is committed: a
            // batch PostgreSQL runs again after a conflict starts afresh.
            let batch_outcomes = self.write(|tx, path| {
                // Who is graded already, by an earlier batch, an earlier
                // run or another process, is read inside the transaction.
                let known = graded_already(tx, exam_id, batch).at(path)?;
                let ids: Vec<AttemptId> = known.values().copied().collect();
                let mut stored = stored_attempts(tx, &ids).at(path)?;
                let mut added: HashMap<String, AttemptId> = HashMap::new();
                let mut batch_outcomes = Vec::with_capacity(batch.len());
                let mut answer_at: Vec<Option<&AnswerRecord>> = Vec::new();
                let mut items = ItemWriter::default();
                // New learners are written together (see `NewLearners`);
                // one named again in the batch is written first.
                let mut new = NewLearners::default();
                for &graded in batch {
                    let name = learner_key(&graded.attempt.learner);
                    if new.keys.contains(&name) {
                        new.write(tx, path, now, &mut items, &mut added, &mut batch_outcomes)?;
                    }
                    let outcome = match added.get(&name).or_else(|| known.get(&name)) {
                        None => {
                            new.add(batch_outcomes.len(), graded, name);
                            // The id is filled in when it is written.
                            (AttemptId(0), SheetOutcome::New)
                        }
                        Some(&id) => {
                            // Read again when the batch has changed it.
                            let previous = match stored.remove(&id) {
                                Some(previous) => previous,
                                None => stored_attempt(tx, id).at(path)?,
                            };
                            if same_grade(&previous, graded) {
                                (id, SheetOutcome::Unchanged)
                            } else {
                                // The attempt keeps its learner as first spelt.
                                replace_grade(tx, path, &previous, graded, now, &mut answer_at, &mut items)?;
                                (id, SheetOutcome::Regraded)
                            }
                        }
                    };
                    batch_outcomes.push(outcome);
                }
                new.write(tx, path, now, &mut items, &mut added, &mut batch_outcomes)?;
                Ok(batch_outcomes)
            })?;
            outcomes.extend(batch_outcomes);
            done(outcomes.len());
            // A moment without the lock, for SQLite writers waiting on it
            // (they try every millisecond): a learner's answer goes in
            // here. PostgreSQL hands the lock to those queued for it first.
            if !self.db.is_postgres() {
                std::thread::sleep(BETWEEN_BATCHES);
            }
        }
        Ok(outcomes)
    }

    /// Saves grades the caller sorted into new and regraded, in one
    /// transaction: all of them, or on any error none. Returns each grade's
    /// attempt id, in order. [`Store::grade_sheet`] is what `exam grade`
    /// uses: it decides inside its transactions and records reviews too.
    pub fn save_exam_grades(
        &mut self,
        grades: &[ExamGrade],
        now: DateTime<Utc>,
    ) -> Result<Vec<AttemptId>, StoreError> {
        self.write(|tx, path| {
            let mut answer_at: Vec<Option<&AnswerRecord>> = Vec::new();
            let mut items = ItemWriter::default();
            let mut ids = Vec::with_capacity(grades.len());
            for grade in grades {
                match grade {
                    ExamGrade::New(graded) => {
                        let saved = insert_graded_all(tx, path, &[graded], &mut items)?;
                        ids.extend(saved.into_iter().map(|(id, _)| id));
                    }
                    ExamGrade::Regrade { previous, graded } => {
                        ids.push(previous.id);
                        replace_grade(tx, path, previous, graded, now, &mut answer_at, &mut items)?;
                    }
                }
            }
            Ok(ids)
        })
    }
}

/// The attempts at the exam of the learners in `batch`, by
/// [`learner_key`]: two statements whatever the exam's size (reading the
/// exam's attempts saved since the last batch read all of them each time,
/// so a sheet of 100,000 learners took 500 reads of 50,000 on average).
fn graded_already(
    tx: &mut Tx<'_>,
    exam_id: &str,
    batch: &[&GradedAttempt],
) -> Result<HashMap<String, AttemptId>> {
    let keys: Vec<String> = batch
        .iter()
        .map(|graded| learner_key(&graded.attempt.learner))
        .collect();
    let spellings: Vec<String> = learners::spellings(tx, &keys)?.into_values().collect();
    let mut known = HashMap::with_capacity(spellings.len());
    if spellings.is_empty() {
        return Ok(known);
    }
    tx.for_each_planned_now(
        sql!("of_learners.sql", pg = "of_learners.pg.sql"),
        params![exam_id, Json(&spellings)],
        |row| {
            let id: AttemptId = row.get(0)?;
            let learner: String = row.get(1)?;
            known.insert(learner_key(&learner), id);
            Ok(())
        },
    )?;
    Ok(known)
}

/// The learners of a batch graded for the first time, gathered to be
/// written together: each table takes them in a few statements, where
/// writing each in turn took a dozen round trips to PostgreSQL a learner.
#[derive(Default)]
struct NewLearners<'a> {
    /// Each learner's grade and its place among the batch's outcomes.
    grades: Vec<(usize, &'a GradedAttempt)>,
    /// Their [`learner_key`]s.
    keys: HashSet<String>,
}

impl<'a> NewLearners<'a> {
    fn add(&mut self, outcome_at: usize, graded: &'a GradedAttempt, key: String) {
        self.grades.push((outcome_at, graded));
        self.keys.insert(key);
    }

    /// Writes the learners gathered, and the reviews their grades count
    /// as; fills in their ids in `outcomes` and adds them to `added`.
    fn write(
        &mut self,
        tx: &mut Tx<'_>,
        path: &std::path::Path,
        now: DateTime<Utc>,
        items: &mut ItemWriter,
        added: &mut HashMap<String, AttemptId>,
        outcomes: &mut [(AttemptId, SheetOutcome)],
    ) -> Result<(), StoreError> {
        if self.grades.is_empty() {
            return Ok(());
        }
        let grades: Vec<&GradedAttempt> = self.grades.iter().map(|&(_, graded)| graded).collect();
        let saved = insert_graded_all(tx, path, &grades, items)?;
        first_grade_reviews(tx, &grades, &saved, now).at(path)?;
        for (&(outcome_at, graded), (id, _)) in self.grades.iter().zip(&saved) {
            if let Some(outcome) = outcomes.get_mut(outcome_at) {
                outcome.0 = *id;
            }
            added.insert(learner_key(&graded.attempt.learner), *id);
        }
        self.grades.clear();
        self.keys.clear();
        Ok(())
    }
}

/// Stored exam attempts with their responses, by id, in one statement.
fn stored_attempts(tx: &mut Tx<'_>, ids: &[AttemptId]) -> Result<HashMap<AttemptId, StoredExamAttempt>> {
    let mut attempts: HashMap<AttemptId, StoredExamAttempt> = HashMap::with_capacity(ids.len());
    if ids.is_empty() {
        return Ok(attempts);
    }
    tx.for_each_planned_now(
        sql!("of_ids.sql", pg = "of_ids.pg.sql"),
        params![Json(ids)],
        |row| {
            let id: AttemptId = row.get(0)?;
            attempts
                .entry(id)
                .or_insert_with(|| StoredExamAttempt::empty(id))
                .add_row(row)
        },
    )?;
    Ok(attempts)
}

/// One stored exam attempt with its responses.
fn stored_attempt(tx: &mut Tx<'_>, id: AttemptId) -> Result<StoredExamAttempt> {
    let mut attempt = StoredExamAttempt::empty(id);
    tx.for_each(sql!("one.sql"), params![id], |row| attempt.add_row(row))?;
    Ok(attempt)
}

impl StoredExamAttempt {
    fn empty(id: AttemptId) -> StoredExamAttempt {
        StoredExamAttempt {
            id,
            learner: String::new(),
            score: 0.0,
            max_score: 0.0,
            responses: Vec::new(),
            question_ids: Vec::new(),
        }
    }

    /// Takes one row of `one.sql` or `of_ids.sql` (id, learner, score,
    /// max score, then one question's response and id, in position order).
    fn add_row(&mut self, row: &Row<'_>) -> Result<()> {
        self.learner = row.get(1)?;
        self.score = row.get(2)?;
        self.max_score = row.get(3)?;
        self.responses.push(row.get(4)?);
        self.question_ids.push(row.get(5)?);
        Ok(())
    }
}

/// The sheet gives the same responses to the same questions as the stored
/// grade: a corrected version letter changes the questions even where the
/// letters stay the same.
fn same_grade(previous: &StoredExamAttempt, graded: &GradedAttempt) -> bool {
    let mut responses = vec![None; graded.attempt.questions.len()];
    for answer in &graded.answers {
        if let Some(response) = responses.get_mut(answer.position) {
            *response = Some(answer.response.as_str());
        }
    }
    previous.responses.iter().map(Option::as_deref).eq(responses)
        && previous
            .question_ids
            .iter()
            .eq(graded.attempt.questions.iter().map(|q| &q.question_id))
}

/// Moves the stored grade to `regrades` and writes the new one in its place.
fn replace_grade<'a>(
    tx: &mut Tx<'_>,
    path: &std::path::Path,
    previous: &StoredExamAttempt,
    graded: &'a GradedAttempt,
    now: DateTime<Utc>,
    answer_at: &mut Vec<Option<&'a AnswerRecord>>,
    items: &mut ItemWriter,
) -> Result<(), StoreError> {
    regrade(tx, previous, now).at(path)?;
    // The rows are replaced, not patched: a corrected sheet may also
    // correct the version, and so every question.
    tx.execute(sql!("../responses/delete_for_attempt.sql"), params![previous.id])
        .at(path)?;
    attempt_topics::delete(tx, previous.id).at(path)?;
    attempt_items::delete(tx, previous.id).at(path)?;
    answers_by_position(path, graded, answer_at)?;
    let questions = &graded.attempt.questions;
    responses::insert_all(tx, previous.id, questions, answer_at).at(path)?;
    attempt_topics::insert(tx, previous.id, questions, answer_at).at(path)?;
    items
        .insert(tx, previous.id, graded.attempt.started_at, questions, answer_at)
        .at(path)?;
    let score = total(answer_at.iter().flatten().map(|answer| answer.points));
    let max_score = total(questions.iter().map(|slot| slot.max_points));
    let (exam_title, exam_version) =
        exam_fields(graded.attempt.exam_id.as_deref(), &graded.attempt.selection);
    tx.execute(
        sql!("regraded.sql"),
        params![
            previous.id,
            score,
            max_score,
            graded.status,
            graded.finished_at.map(Timestamp),
            Json(&graded.attempt.selection),
            Json(&critical_missed(questions, answer_at)),
            exam_title,
            exam_version,
        ],
    )
    .at(path)?;
    Ok(())
}

/// A learner's first grade for an exam counts as a review of each question
/// answered (a corrected sheet does not count twice). Exam sheets carry no
/// answer times, so right answers rate Good, not Easy. `saved` is each
/// grade's attempt and learner as the store spells them.
fn first_grade_reviews(
    tx: &mut Tx<'_>,
    grades: &[&GradedAttempt],
    saved: &[(AttemptId, String)],
    now: DateTime<Utc>,
) -> Result<()> {
    // Every learner's memory is read once: a later answer to the same
    // question builds on the earlier one, as saving each in turn would.
    let learners: Vec<&str> = saved.iter().map(|(_, learner)| learner.as_str()).collect();
    let mut memory_of = memory::all_of(tx, &learners)?;
    let mut reviewed = Vec::new();
    // States replaced, and states new: on PostgreSQL these go in one COPY
    // (the write lock keeps anyone from adding one meanwhile).
    let mut replaced = Vec::new();
    let mut added = Vec::new();
    for (graded, (id, learner)) in grades.iter().zip(saved) {
        // Her states before the sheet, and those it has changed so far.
        let had = memory_of.remove(learner).unwrap_or_default();
        let mut states: HashMap<&str, MemoryState> = HashMap::new();
        let first = reviewed.len();
        for answer in &graded.answers {
            let Some(slot) = graded.attempt.questions.get(answer.position) else {
                continue;
            };
            let credit = if slot.max_points > 0.0 {
                answer.points / slot.max_points
            } else {
                0.0
            };
            let rating = study::rating_for(credit, None);
            let question = slot.question_id.as_str();
            let before = states.get(question).or_else(|| had.get(question));
            let after = study::review(before, rating, now, slot.revision);
            let review = NewReview {
                learner,
                question_id: &slot.question_id,
                topic: &slot.topic,
                attempt_id: Some(*id),
                rating,
                credit,
                reviewed_at: now,
            };
            states.insert(question, after.clone());
            reviewed.push((review, after));
        }
        // One row per question, with its last state: a statement may not
        // change one row twice.
        let mut last: Vec<(&str, &MemoryState)> = Vec::new();
        for (review, after) in reviewed[first..].iter().rev() {
            if !last.iter().any(|(question, _)| *question == review.question_id) {
                last.push((review.question_id, after));
            }
        }
        for (question, state) in last.into_iter().rev() {
            let rows = if had.contains_key(question) {
                &mut replaced
            } else {
                &mut added
            };
            rows.push(memory::row(learner, question, state)?);
        }
    }
    reviews::insert_all(tx, &reviewed)?;
    tx.insert_rows(memory::UPSERT, &replaced)?;
    tx.insert_rows(memory::INSERT, &added)
}

/// The grades an attempt had before it was graded again, oldest first.
pub(super) fn earlier_grades(tx: &mut Tx<'_>, id: AttemptId) -> Result<Vec<EarlierGrade>> {
    tx.query_all(sql!("earlier_grades.sql"), params![id], |row| {
        Ok(EarlierGrade {
            replaced_at: row.get::<_, Timestamp>(0)?.0,
            score: row.get(1)?,
            max_score: row.get(2)?,
        })
    })
}

fn regrade(tx: &mut Tx<'_>, previous: &StoredExamAttempt, now: DateTime<Utc>) -> Result<()> {
    tx.execute(
        sql!("regrade.sql"),
        params![
            previous.id,
            Timestamp(now),
            previous.score,
            previous.max_score,
            Json(&previous.responses),
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests;
