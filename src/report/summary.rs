//! What every report's charts and headline show: the spread of scores, the
//! pass mark, mastery per topic and, for one learner, their scores over time.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use super::number;
use super::stats::Moments;
use crate::record::percent;
use crate::store::ReportAttempt;

/// Score bands of the histogram: 0–10%, 10–20%, …, 90–100% (100 included).
pub const BINS: usize = 10;

#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub attempts: u64,
    pub learners: u64,
    pub passed: u64,
    pub mean_percent: f64,
    pub sd_percent: f64,
    /// Attempts per score band.
    pub histogram: [u64; BINS],
    /// The pass mark most attempts had (a report can mix quizzes).
    pub pass_mark: Option<f64>,
    /// Per topic of the report: points earned over points available, in
    /// percent, across every attempt.
    pub topic_mastery: Vec<Option<f64>>,
    /// (started, percent) of each attempt in start order, when the report is
    /// about one learner.
    pub learner_scores: Vec<(DateTime<Utc>, f64)>,
}

impl Summary {
    /// The headline the Markdown and HTML reports open with: "120 attempt(s)
    /// by 30 learner(s); 90 passed (75%); mean 81.2% (SD 9.4); pass mark 80%".
    pub fn headline(&self) -> String {
        let pass_rate = if self.attempts > 0 {
            100.0 * self.passed as f64 / self.attempts as f64
        } else {
            0.0
        };
        format!(
            "{} attempt(s) by {} learner(s); {} passed ({}%); mean {}% (SD {}){}",
            self.attempts,
            self.learners,
            self.passed,
            number(pass_rate, 0),
            number(self.mean_percent, 1),
            number(self.sd_percent, 1),
            self.pass_mark
                .map(|mark| format!("; pass mark {}%", number(mark, 1)))
                .unwrap_or_default()
        )
    }
}

#[derive(Debug, Default)]
pub struct SummaryTally {
    attempts: u64,
    learners: BTreeSet<String>,
    passed: u64,
    percents: Moments,
    histogram: [u64; BINS],
    /// Pass mark (in hundredths of a percent) → attempts.
    pass_marks: BTreeMap<i64, u64>,
    topics: Vec<(f64, f64)>,
    one_learner: bool,
    learner_scores: Vec<(DateTime<Utc>, f64)>,
}

impl SummaryTally {
    pub fn new(topics: usize, one_learner: bool) -> SummaryTally {
        SummaryTally {
            topics: vec![(0.0, 0.0); topics],
            one_learner,
            ..SummaryTally::default()
        }
    }

    /// `points`: (earned, available) per topic of the report, in its order.
    pub fn add(&mut self, attempt: &ReportAttempt, points: &[(f64, f64)], passed: bool) {
        let score = percent(attempt.score, attempt.max_score);
        self.attempts += 1;
        if !self.learners.contains(&attempt.learner) {
            self.learners.insert(attempt.learner.clone());
        }
        self.passed += u64::from(passed);
        self.percents.add(score);
        self.histogram[bin(score)] += 1;
        *self
            .pass_marks
            .entry((attempt.pass_mark * 100.0).round() as i64)
            .or_default() += 1;
        for (sum, &(earned, available)) in self.topics.iter_mut().zip(points) {
            sum.0 += earned;
            sum.1 += available;
        }
        if self.one_learner {
            self.learner_scores.push((attempt.started_at, score));
        }
    }

    pub fn finish(mut self) -> Summary {
        self.learner_scores.sort_by_key(|(started, _)| *started);
        Summary {
            attempts: self.attempts,
            learners: self.learners.len() as u64,
            passed: self.passed,
            mean_percent: self.percents.mean().unwrap_or(0.0),
            sd_percent: self.percents.sd().unwrap_or(0.0),
            histogram: self.histogram,
            // The most common; of equals, the lowest.
            pass_mark: self
                .pass_marks
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(mark, _)| *mark as f64 / 100.0),
            topic_mastery: self
                .topics
                .iter()
                .map(|&(earned, available)| (available > 0.0).then(|| percent(earned, available)))
                .collect(),
            learner_scores: self.learner_scores,
        }
    }
}

/// The histogram band of a percent; 100% goes in the top band.
pub fn bin(percent: f64) -> usize {
    ((percent / 10.0).floor().max(0.0) as usize).min(BINS - 1)
}
