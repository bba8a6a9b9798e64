//! The `learners` report: a row per learner, from all their attempts.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::stats::slope;
use crate::record::percent;
use crate::store::ReportAttempt;
use crate::text::reading_order;

/// One learner as the report shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnerRow {
    pub learner: String,
    pub attempts: u64,
    pub passed: u64,
    pub best_percent: f64,
    /// Of the attempt started last.
    pub latest_percent: f64,
    /// Per topic of the report: points earned over points available in all
    /// the learner's attempts, in percent; `None` when never asked.
    pub topic_mastery: Vec<Option<f64>>,
    /// Least-squares slope of the attempts' percents in the order started:
    /// percentage points gained per attempt; `None` with one attempt.
    pub trend: Option<f64>,
    /// The latest start or finish of any attempt.
    pub last_active: DateTime<Utc>,
}

/// Sums per learner while attempts stream by.
#[derive(Debug, Default)]
pub struct LearnerTally {
    learners: BTreeMap<String, Tally>,
}

#[derive(Debug)]
struct Tally {
    passed: u64,
    /// (started, percent) of every attempt, for best, latest and trend.
    scores: Vec<(DateTime<Utc>, f64)>,
    topics: Vec<(f64, f64)>,
    last_active: DateTime<Utc>,
}

impl LearnerTally {
    /// `points`: (earned, available) per topic of the report, in its order.
    pub fn add(&mut self, attempt: &ReportAttempt, points: &[(f64, f64)], passed: bool) {
        let tally = self
            .learners
            .entry(attempt.learner.clone())
            .or_insert_with(|| Tally {
                passed: 0,
                scores: Vec::new(),
                topics: vec![(0.0, 0.0); points.len()],
                last_active: attempt.started_at,
            });
        tally.passed += u64::from(passed);
        tally
            .scores
            .push((attempt.started_at, percent(attempt.score, attempt.max_score)));
        for (sum, &(earned, available)) in tally.topics.iter_mut().zip(points) {
            sum.0 += earned;
            sum.1 += available;
        }
        let active = attempt
            .finished_at
            .unwrap_or(attempt.started_at)
            .max(attempt.started_at);
        tally.last_active = tally.last_active.max(active);
    }

    /// Rows in the order people read names: case and accents aside
    /// ("ana", "Ana Pereira", "Élise", "O'Brien, Pat"), see [`reading_order`].
    pub fn rows(self) -> Vec<LearnerRow> {
        let mut rows: Vec<LearnerRow> = self
            .learners
            .into_iter()
            .map(|(learner, mut tally)| {
                tally.scores.sort_by_key(|(started, _)| *started);
                let percents: Vec<f64> = tally.scores.iter().map(|(_, p)| *p).collect();
                LearnerRow {
                    learner,
                    attempts: percents.len() as u64,
                    passed: tally.passed,
                    best_percent: percents.iter().copied().fold(0.0, f64::max),
                    latest_percent: percents.last().copied().unwrap_or(0.0),
                    topic_mastery: tally
                        .topics
                        .iter()
                        .map(|&(earned, available)| (available > 0.0).then(|| percent(earned, available)))
                        .collect(),
                    trend: slope(&percents),
                    last_active: tally.last_active,
                }
            })
            .collect();
        rows.sort_by_cached_key(|row| reading_order(&row.learner));
        rows
    }
}
