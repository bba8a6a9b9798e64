//! The `attempts` report: a row per attempt, with a percent per topic.

use chrono::{DateTime, Utc};

use crate::record::{Mode, Status, percent, total};
use crate::store::{ReportAttempt, ReportQuestion, TopicPoints};

/// One attempt as the report shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptRow {
    pub id: i64,
    pub learner: String,
    pub exam_id: Option<String>,
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
    /// For each topic of the report, in its order: the share of the
    /// topic's points earned, in percent; `None` when no question was on it.
    pub topic_percents: Vec<Option<f64>>,
}

impl AttemptRow {
    /// The row of an attempt, with its points (earned, available) per
    /// topic of the report, in its order.
    pub fn new(attempt: &ReportAttempt, points: &[(f64, f64)]) -> AttemptRow {
        let percent_now = percent(attempt.score, attempt.max_score);
        AttemptRow {
            id: attempt.id.0,
            learner: attempt.learner.clone(),
            exam_id: attempt.exam_id.clone(),
            mode: attempt.mode,
            started_at: attempt.started_at,
            finished_at: attempt.finished_at,
            duration_secs: attempt
                .finished_at
                .map(|end| (end - attempt.started_at).as_seconds_f64()),
            score: attempt.score,
            max_score: attempt.max_score,
            percent: percent_now,
            passed: passed(attempt),
            status: attempt.status,
            topic_percents: points
                .iter()
                .map(|&(earned, available)| (available > 0.0).then(|| percent(earned, available)))
                .collect(),
        }
    }

    /// The row of an attempt streamed with its points per topic
    /// ([`crate::store::Store::for_each_attempt_topics`]).
    pub fn from_topics(attempt: &ReportAttempt, sums: &[TopicPoints], topics: &[String]) -> AttemptRow {
        AttemptRow::new(attempt, &sum_points(sums, topics))
    }
}

/// As `Attempt::passed`: a rounding hair below the mark passes.
pub fn passed(attempt: &ReportAttempt) -> bool {
    percent(attempt.score, attempt.max_score) + 1e-9 >= attempt.pass_mark
}

/// Points earned and available per topic of `topics` (sorted), in its
/// order, from an attempt's sums per topic.
pub fn sum_points(sums: &[TopicPoints], topics: &[String]) -> Vec<(f64, f64)> {
    let mut points = vec![(0.0, 0.0); topics.len()];
    for sum in sums {
        if let Ok(at) = topics.binary_search_by(|topic| topic.as_str().cmp(&sum.topic)) {
            points[at] = (sum.score, sum.max_score);
        }
    }
    points
}

/// The attempt's points over the questions the report covers (all of them,
/// or one topic's).
pub fn covered_points(questions: &[ReportQuestion]) -> (f64, f64) {
    (
        total(questions.iter().map(|q| q.points)),
        total(questions.iter().map(|q| q.max_points)),
    )
}
