//! The `attempts` report: a row per attempt, with a percent per topic.

use chrono::{DateTime, Utc};

use crate::record::{Mode, Status, duration, percent, total};
use crate::store::{QuestionCatalog, QuestionKey, ReportAttempt, ReportQuestion};

/// One attempt as the report shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptRow {
    pub id: i64,
    pub learner: String,
    pub exam_id: Option<String>,
    /// A graded exam's title and version letter, when recorded.
    pub exam_title: Option<String>,
    pub exam_version: Option<String>,
    pub mode: Mode,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Seconds from start to finish; `None` while unfinished.
    pub duration_secs: Option<f64>,
    pub score: f64,
    pub max_score: f64,
    pub percent: f64,
    pub passed: bool,
    pub status: Status,
    /// The must-pass questions not earned in full (any fails the attempt).
    pub critical_missed: Vec<String>,
    /// For each topic of the report, in its order: the share of the
    /// topic's points earned, in percent; `None` when no question was on it.
    pub topic_percents: Vec<Option<f64>>,
}

impl AttemptRow {
    /// The row of an attempt, with its points (earned, available) per
    /// topic of the report, in its order.
    pub fn new(attempt: ReportAttempt, points: &[(f64, f64)]) -> AttemptRow {
        let percent_now = percent(attempt.score, attempt.max_score);
        let passed = passed(&attempt);
        AttemptRow {
            id: attempt.id.0,
            duration_secs: duration(attempt.paper, attempt.started_at, attempt.finished_at)
                .map(|taken| taken.as_secs_f64()),
            learner: attempt.learner,
            exam_id: attempt.exam_id,
            exam_title: attempt.exam_title,
            exam_version: attempt.exam_version,
            mode: attempt.mode,
            started_at: attempt.started_at,
            finished_at: attempt.finished_at,
            score: attempt.score,
            max_score: attempt.max_score,
            percent: percent_now,
            passed,
            status: attempt.status,
            critical_missed: attempt.critical_missed,
            topic_percents: points
                .iter()
                .map(|&(earned, available)| (available > 0.0).then(|| percent(earned, available)))
                .collect(),
        }
    }
}

impl AttemptRow {
    /// What a person calls the attempt: the exam's title with its id, the
    /// id alone for exams graded before titles were kept, or `quiz`.
    pub fn exam_or_quiz(&self) -> String {
        match (&self.exam_title, &self.exam_id) {
            (Some(title), Some(id)) => format!("{title} ({id})"),
            (None, Some(id)) => id.clone(),
            (_, None) => "quiz".to_owned(),
        }
    }
}

/// The pass rule of [`crate::pass`], as `Attempt::passed` applies it.
pub fn passed(attempt: &ReportAttempt) -> bool {
    crate::pass::passed(crate::pass::Outcome {
        status: Some(attempt.status),
        score: attempt.score,
        max_score: attempt.max_score,
        pass_mark: attempt.pass_mark,
        critical_missed: attempt.critical_missed.len(),
    })
}

/// The must-pass questions missed, as one cell: ids separated by spaces.
pub fn critical_cell(missed: &[String]) -> String {
    missed.join(" ")
}

/// Adds up an attempt's questions per topic of a report, finding each
/// question's topic column from its key once per key rather than by name
/// per question.
#[derive(Debug, Default)]
pub struct TopicColumns {
    /// Per question key, the index of its topic in the report's topics.
    by_key: Vec<Option<usize>>,
}

impl TopicColumns {
    /// Points earned and available per topic of `topics` (sorted), in its
    /// order. `catalog` must be the same for every call.
    pub fn points(
        &mut self,
        questions: &[ReportQuestion],
        catalog: &QuestionCatalog,
        topics: &[String],
    ) -> Vec<(f64, f64)> {
        if self.by_key.len() != catalog.len() {
            self.by_key = (0..catalog.len())
                .map(|key| {
                    let entry = catalog.get(QuestionKey(key as u32))?;
                    topics.binary_search(&entry.topic).ok()
                })
                .collect();
        }
        let mut points = vec![(0.0, 0.0); topics.len()];
        for question in questions {
            if let Some(&Some(at)) = self.by_key.get(question.key.index()) {
                points[at].0 += question.points;
                points[at].1 += question.max_points;
            }
        }
        points
    }
}

/// The attempt's points over the questions the report covers (all of them,
/// or one topic's).
pub fn covered_points(questions: &[ReportQuestion]) -> (f64, f64) {
    (
        total(questions.iter().map(|q| q.points)),
        total(questions.iter().map(|q| q.max_points)),
    )
}
