//! Exam attempts graded from a response sheet, and the `regrades` table
//! that keeps an attempt's earlier grades when its sheet is corrected.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior, params};

use super::attempt_items::{self, ItemWriter};
use super::attempts::{answers_by_position, critical_missed, insert_graded};
use super::error::At;
use super::value::{Json, Timestamp};
use super::{Store, StoreError, attempt_topics, responses};
use crate::record::{AnswerRecord, AttemptId, EarlierGrade, GradedAttempt, total};

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
        let path = self.path.as_path();
        let mut statement = self.conn.prepare_cached(include_str!("attempts.sql")).at(path)?;
        let mut rows = statement.query([exam_id]).at(path)?;
        let mut attempts: Vec<StoredExamAttempt> = Vec::new();
        while let Some(row) = rows.next().at(path)? {
            let id: AttemptId = row.get(0).at(path)?;
            if attempts.last().is_none_or(|a| a.id != id) {
                attempts.push(StoredExamAttempt {
                    id,
                    learner: row.get(1).at(path)?,
                    score: row.get(2).at(path)?,
                    max_score: row.get(3).at(path)?,
                    responses: Vec::new(),
                    question_ids: Vec::new(),
                });
            }
            if let Some(attempt) = attempts.last_mut() {
                attempt.responses.push(row.get(4).at(path)?);
                attempt.question_ids.push(row.get(5).at(path)?);
            }
        }
        Ok(attempts)
    }

    /// Saves a graded sheet in one transaction: all of it, or on any error
    /// none of it. Returns each grade's attempt id, in order.
    pub fn save_exam_grades(
        &mut self,
        grades: &[ExamGrade],
        now: DateTime<Utc>,
    ) -> Result<Vec<AttemptId>, StoreError> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(&path)?;
        let mut answer_at: Vec<Option<&AnswerRecord>> = Vec::new();
        let mut items = ItemWriter::default();
        let mut ids = Vec::with_capacity(grades.len());
        for grade in grades {
            match grade {
                ExamGrade::New(graded) => {
                    ids.push(insert_graded(&tx, &path, graded, &mut answer_at, &mut items)?);
                }
                ExamGrade::Regrade { previous, graded } => {
                    ids.push(previous.id);
                    regrade(&tx, previous, now).at(&path)?;
                    // The rows are replaced, not patched: a corrected sheet may
                    // also correct the version, and so every question.
                    tx.prepare_cached(include_str!("../responses/delete_for_attempt.sql"))
                        .and_then(|mut delete| delete.execute([previous.id]))
                        .at(&path)?;
                    attempt_topics::delete(&tx, previous.id).at(&path)?;
                    attempt_items::delete(&tx, previous.id).at(&path)?;
                    answers_by_position(&path, graded, &mut answer_at)?;
                    let questions = &graded.attempt.questions;
                    for (position, (slot, answer)) in questions.iter().zip(answer_at.iter()).enumerate() {
                        responses::insert(&tx, previous.id, position, slot, *answer).at(&path)?;
                    }
                    attempt_topics::insert(&tx, previous.id, questions, &answer_at).at(&path)?;
                    items
                        .insert(&tx, previous.id, graded.attempt.started_at, questions, &answer_at)
                        .at(&path)?;
                    let score = total(answer_at.iter().flatten().map(|answer| answer.points));
                    let max_score = total(questions.iter().map(|slot| slot.max_points));
                    tx.prepare_cached(include_str!("regraded.sql"))
                        .and_then(|mut update| {
                            update.execute(params![
                                previous.id,
                                score,
                                max_score,
                                graded.status,
                                graded.finished_at.map(Timestamp),
                                Json(&critical_missed(questions, &answer_at)),
                            ])
                        })
                        .at(&path)?;
                }
            }
        }
        tx.commit().at(&path)?;
        Ok(ids)
    }
}

/// The grades an attempt had before it was graded again, oldest first.
pub(super) fn earlier_grades(conn: &Connection, id: AttemptId) -> rusqlite::Result<Vec<EarlierGrade>> {
    conn.prepare_cached(include_str!("earlier_grades.sql"))?
        .query_map([id], |row| {
            Ok(EarlierGrade {
                replaced_at: row.get::<_, Timestamp>(0)?.0,
                score: row.get(1)?,
                max_score: row.get(2)?,
            })
        })?
        .collect()
}

fn regrade(conn: &Connection, previous: &StoredExamAttempt, now: DateTime<Utc>) -> rusqlite::Result<()> {
    conn.prepare_cached(include_str!("regrade.sql"))?
        .execute(params![
            previous.id,
            Timestamp(now),
            previous.score,
            previous.max_score,
            Json(&previous.responses),
        ])?;
    Ok(())
}
