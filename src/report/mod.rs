//! Score reports and item analysis: a model computed once from the attempts
//! a filter selects (`model`), rendered as CSV, JSON, Markdown or a
//! self-contained HTML page, each renderer writing into any `Write`.
//!
//! The attempts report in CSV is also written row by row as the store
//! streams attempts, in memory that does not grow with their number.

pub mod attempts;
pub mod csv;
pub mod html;
pub mod items;
pub mod json;
pub mod learners;
pub mod md;
pub mod stats;
pub mod summary;
pub mod svg;

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use crate::text::{UtcForm, push_padded, push_utc};

use self::attempts::{AttemptRow, TopicColumns};
use self::items::{ItemAnalysis, ItemTally, QuestionTexts};
use self::learners::{LearnerRow, LearnerTally};
use self::summary::{Summary, SummaryTally};
use crate::store::{
    AttemptFilter, AttemptStart, QuestionCatalog, ReportAttempt, ReportQuestion, Store, StoreError,
};

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Attempts,
    Learners,
    Items,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Attempts => "attempts",
            Kind::Learners => "learners",
            Kind::Items => "items",
        }
    }
}

/// The filters as given, for the report's heading.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub learner: Option<String>,
    pub exam_id: Option<String>,
    pub topic: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
}

impl Filters {
    /// `("learner", "ana")`, … for the filters given.
    pub fn given(&self) -> Vec<(&'static str, &str)> {
        [
            ("learner", &self.learner),
            ("exam", &self.exam_id),
            ("topic", &self.topic),
            ("since", &self.since),
            ("until", &self.until),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.as_deref().map(|value| (name, value)))
        .collect()
    }
}

/// A whole report, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub kind: Kind,
    pub filters: Filters,
    /// The topics of the attempts covered, in order; the per-topic columns.
    pub topics: Vec<String>,
    /// With `--exam`: the exam's title, when its attempts recorded one.
    pub exam_title: Option<String>,
    pub summary: Summary,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Attempts(Vec<AttemptRow>),
    Learners(Vec<LearnerRow>),
    Items(ItemAnalysis),
}

/// Builds a [`Report`] from attempts as they stream by with their questions.
pub struct ReportBuilder {
    kind: Kind,
    filters: Filters,
    topics: Vec<String>,
    summary: SummaryTally,
    attempts: Vec<AttemptRow>,
    learners: LearnerTally,
    items: ItemTally,
    question_texts: QuestionTexts,
    columns: TopicColumns,
    exam_title: Option<String>,
}

impl ReportBuilder {
    /// `topics` sorted, as [`crate::store::Store::report_topics`] gives them.
    pub fn new(kind: Kind, filters: Filters, topics: Vec<String>) -> ReportBuilder {
        ReportBuilder {
            kind,
            summary: SummaryTally::new(topics.len(), filters.learner.is_some()),
            filters,
            topics,
            attempts: Vec::new(),
            learners: LearnerTally::default(),
            items: ItemTally::default(),
            question_texts: QuestionTexts::new(),
            columns: TopicColumns::default(),
            exam_title: None,
        }
    }

    /// The banks' texts of the questions, for item analysis to show.
    pub fn question_texts(&mut self, texts: QuestionTexts) {
        self.question_texts = texts;
    }

    /// An attempt with its questions ([`crate::store::Store::for_each_attempt`]).
    pub fn add_questions(
        &mut self,
        attempt: ReportAttempt,
        questions: &[ReportQuestion],
        catalog: &QuestionCatalog,
    ) {
        let points = self.columns.points(questions, catalog, &self.topics);
        if self.kind == Kind::Items {
            self.items.add(AttemptStart::of(&attempt), questions, catalog);
        }
        self.add(attempt, &points);
    }

    fn add(&mut self, attempt: ReportAttempt, points: &[(f64, f64)]) {
        if self.filters.exam_id.is_some() && self.exam_title.is_none() {
            self.exam_title.clone_from(&attempt.exam_title);
        }
        let passed = attempts::passed(&attempt);
        self.summary.add(&attempt, points, passed);
        match self.kind {
            Kind::Attempts => self.attempts.push(AttemptRow::new(attempt, points)),
            Kind::Learners => self.learners.add(&attempt, points, passed),
            Kind::Items => {}
        }
    }

    pub fn finish(self) -> Report {
        let body = match self.kind {
            Kind::Attempts => Body::Attempts(self.attempts),
            Kind::Learners => Body::Learners(self.learners.rows()),
            Kind::Items => Body::Items(
                self.items
                    .finish(self.filters.exam_id.is_some(), &self.question_texts),
            ),
        };
        Report {
            kind: self.kind,
            filters: self.filters,
            topics: self.topics,
            exam_title: self.exam_title,
            summary: self.summary.finish(),
            body,
        }
    }
}

/// A whole report over the attempts `filter` selects, read in this thread:
/// for the few hundred attempts of a room (`aidquiz serve`); the `report`
/// command reads big stores on a second thread.
pub fn from_store(
    store: &Store,
    kind: Kind,
    filter: &AttemptFilter,
    filters: Filters,
) -> Result<Report, StoreError> {
    let topics = match &filter.topic {
        Some(topic) => vec![topic.clone()],
        None => store.report_topics(filter)?,
    };
    let mut builder = ReportBuilder::new(kind, filters, topics);
    store.for_each_attempt::<StoreError>(filter, |attempt, questions, catalog| {
        builder.add_questions(attempt, questions, catalog);
        Ok(())
    })?;
    Ok(builder.finish())
}

/// A number for a table people read, or a dash where there is none.
pub fn number_or_dash(value: Option<f64>, places: usize) -> String {
    value.map_or_else(|| "–".to_owned(), |v| number(v, places))
}

/// Numbers as reports print them: at most `places` decimals, no trailing
/// zeros, never `-0`.
pub fn number(value: f64, places: usize) -> String {
    let mut text = String::new();
    push_number(&mut text, value, places);
    text
}

/// [`number`], appended to `out`: a report of a million rows writes
/// millions of numbers, and an allocation each was a tenth of its time.
pub fn push_number(out: &mut String, value: f64, places: usize) {
    // Rounded first, then written shortest: the shortest form of the
    // rounded value is its decimal, and much faster than `{:.N}` formatting.
    let scale = 10f64.powi(i32::try_from(places).unwrap_or(6));
    let scaled = (value * scale).round();
    // Below 2^52 the rounded value's shortest form is exactly the integer
    // `scaled` with the point moved `places` left (any other decimal of as
    // few digits is further than a unit in the last place), which integer
    // formatting writes several times faster than float formatting.
    if places <= 15 && scaled.abs() < 4_503_599_627_370_496.0 {
        push_decimal(out, scaled as i64, places);
        return;
    }
    let rounded = scaled / scale;
    if rounded == 0.0 {
        out.push('0');
    } else {
        // Infallible: writing to a String.
        let _ = write!(out, "{rounded}");
    }
}

/// `units` ten-to-the-`places`ths, without trailing zeros, never `-0`.
fn push_decimal(out: &mut String, units: i64, places: usize) {
    if units == 0 {
        out.push('0');
        return;
    }
    if units < 0 {
        out.push('-');
    }
    let units = units.unsigned_abs();
    let one = 10u64.pow(places as u32);
    let (whole, mut fraction) = (units / one, units % one);
    let _ = write!(out, "{whole}");
    if fraction == 0 {
        return;
    }
    let mut digits = places;
    while fraction % 10 == 0 {
        fraction /= 10;
        digits -= 1;
    }
    out.push('.');
    push_padded(out, fraction, digits);
}

/// `value` in at least `width` digits, zeros in front.
/// Timestamps in reports: ISO 8601 to the second, with the offset written out.
pub fn timestamp(time: DateTime<Utc>) -> String {
    let mut text = String::new();
    push_timestamp(&mut text, time);
    text
}

/// [`timestamp`], appended to `out` (see [`push_utc`]).
pub fn push_timestamp(out: &mut String, time: DateTime<Utc>) {
    push_utc(out, time, UtcForm::Seconds);
}

#[cfg(test)]
mod tests {
    use chrono::{SecondsFormat, Utc};

    use super::{number, timestamp};

    #[test]
    fn numbers_are_rounded_without_trailing_zeros() {
        assert_eq!(number(66.666_666, 1), "66.7");
        assert_eq!(number(80.0, 1), "80");
        assert_eq!(number(-0.001, 2), "0");
        assert_eq!(number(0.125, 2), "0.13");
        assert_eq!(number(-0.3333, 3), "-0.333");
        assert_eq!(number(1234.5, 0), "1235");
        assert_eq!(number(1e21, 1), "1000000000000000000000");
        assert_eq!(number(-12.05, 1), "-12.1");
        assert_eq!(number(0.04, 1), "0");
        assert_eq!(number(-0.5, 0), "-1");
        assert_eq!(number(7.000_01, 3), "7");
    }

    #[test]
    fn timestamps_are_written_as_chrono_writes_them() {
        use chrono::{Duration, TimeZone};
        let times = [
            Utc.with_ymd_and_hms(2026, 11, 30, 9, 5, 7).unwrap() + Duration::nanoseconds(999_999_999),
            Utc.with_ymd_and_hms(1, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(10000, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(-44, 3, 15, 12, 0, 0).unwrap(),
            // A leap second.
            chrono::NaiveDate::from_ymd_opt(2016, 12, 31)
                .unwrap()
                .and_hms_nano_opt(23, 59, 59, 1_500_000_000)
                .unwrap()
                .and_utc(),
        ];
        for time in times {
            assert_eq!(timestamp(time), time.to_rfc3339_opts(SecondsFormat::Secs, false));
        }
    }

    #[test]
    fn the_integer_path_writes_what_float_formatting_would() {
        for places in [0, 1, 2, 3] {
            let scale = 10f64.powi(places as i32);
            for i in -20_000..20_000 {
                let value = f64::from(i) * 0.013_7 + 0.000_5;
                let rounded = (value * scale).round() / scale;
                let expected = if rounded == 0.0 {
                    "0".to_owned()
                } else {
                    rounded.to_string()
                };
                assert_eq!(number(value, places), expected, "{value} to {places}");
            }
        }
    }
}
