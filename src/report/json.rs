//! Reports as JSON, in the stable schema documented in `docs/reports.md`
//! (`"schema": "aidquiz-report/1"`; fields are only ever added).

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use super::items::{ItemAnalysis, ItemRow};
use super::{Body, Report, timestamp};

pub const SCHEMA: &str = "aidquiz-report/1";

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    kind: &'static str,
    filters: BTreeMap<&'static str, &'a str>,
    topics: &'a [String],
    /// With `--exam`: the exam's title, when recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    exam_title: Option<&'a str>,
    summary: Summary<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attempts: Option<Vec<Attempt<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    learners: Option<Vec<Learner<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<Vec<Item<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    test: Option<Test>,
}

#[derive(Serialize)]
struct Summary<'a> {
    attempts: u64,
    learners: u64,
    passed: u64,
    mean_percent: f64,
    sd_percent: f64,
    pass_mark: Option<f64>,
    histogram: Vec<Band>,
    topic_mastery: BTreeMap<&'a str, Option<f64>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    learner_scores: Vec<Point>,
}

#[derive(Serialize)]
struct Band {
    from_percent: u32,
    to_percent: u32,
    attempts: u64,
}

#[derive(Serialize)]
struct Point {
    started_at: String,
    percent: f64,
}

#[derive(Serialize)]
struct Attempt<'a> {
    id: i64,
    learner: &'a str,
    exam_id: Option<&'a str>,
    exam_title: Option<&'a str>,
    version: Option<&'a str>,
    mode: &'static str,
    started_at: String,
    finished_at: Option<String>,
    duration_secs: Option<f64>,
    score: f64,
    max_score: f64,
    percent: f64,
    passed: bool,
    status: &'static str,
    /// The must-pass questions not earned in full.
    critical_missed: &'a [String],
    topics: BTreeMap<&'a str, Option<f64>>,
}

#[derive(Serialize)]
struct Learner<'a> {
    learner: &'a str,
    attempts: u64,
    passed: u64,
    best_percent: f64,
    latest_percent: f64,
    trend_per_attempt: Option<f64>,
    last_active: String,
    topics: BTreeMap<&'a str, Option<f64>>,
}

#[derive(Serialize)]
struct Item<'a> {
    question_id: &'a str,
    revision: u32,
    critical: bool,
    topic: &'a str,
    prompt: Option<&'a str>,
    /// The question's picture, by its file beside the bank and in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a crate::bank::model::Image>,
    seen: u64,
    answered: u64,
    correct: u64,
    facility: Option<f64>,
    discrimination: Option<f64>,
    upper_lower: Option<f64>,
    upper_facility: Option<f64>,
    lower_facility: Option<f64>,
    mean_answer_secs: Option<f64>,
    picks: Vec<Pick<'a>>,
    flags: Vec<&'static str>,
}

#[derive(Serialize)]
struct Pick<'a> {
    choice: &'a str,
    text: Option<&'a str>,
    key: bool,
    count: u64,
    upper: Option<f64>,
    lower: Option<f64>,
}

#[derive(Serialize)]
struct Test {
    takers: u64,
    items: usize,
    mean: f64,
    sd: f64,
    reliability: Option<f64>,
    method: &'static str,
}

fn by_topic<'a>(topics: &'a [String], values: &[Option<f64>]) -> BTreeMap<&'a str, Option<f64>> {
    topics
        .iter()
        .map(String::as_str)
        .zip(values.iter().copied())
        .collect()
}

pub fn write(out: &mut dyn Write, report: &Report) -> serde_json::Result<()> {
    let topics = &report.topics;
    let summary = &report.summary;
    let mut document = Document {
        schema: SCHEMA,
        kind: report.kind.as_str(),
        filters: report.filters.given().into_iter().collect(),
        topics,
        exam_title: report.exam_title.as_deref(),
        summary: Summary {
            attempts: summary.attempts,
            learners: summary.learners,
            passed: summary.passed,
            mean_percent: summary.mean_percent,
            sd_percent: summary.sd_percent,
            pass_mark: summary.pass_mark,
            histogram: (0u32..)
                .zip(summary.histogram)
                .map(|(band, attempts)| Band {
                    from_percent: band * 10,
                    to_percent: band * 10 + 10,
                    attempts,
                })
                .collect(),
            topic_mastery: by_topic(topics, &summary.topic_mastery),
            learner_scores: summary
                .learner_scores
                .iter()
                .map(|&(started, percent)| Point {
                    started_at: timestamp(started),
                    percent,
                })
                .collect(),
        },
        attempts: None,
        learners: None,
        items: None,
        test: None,
    };
    match &report.body {
        Body::Attempts(rows) => {
            document.attempts = Some(
                rows.iter()
                    .map(|row| Attempt {
                        id: row.id,
                        learner: &row.learner,
                        exam_id: row.exam_id.as_deref(),
                        exam_title: row.exam_title.as_deref(),
                        version: row.exam_version.as_deref(),
                        mode: row.mode.as_str(),
                        started_at: timestamp(row.started_at),
                        finished_at: row.finished_at.map(timestamp),
                        duration_secs: row.duration_secs,
                        score: row.score,
                        max_score: row.max_score,
                        percent: row.percent,
                        passed: row.passed,
                        status: row.status.as_str(),
                        critical_missed: &row.critical_missed,
                        topics: by_topic(topics, &row.topic_percents),
                    })
                    .collect(),
            );
        }
        Body::Learners(rows) => {
            document.learners = Some(
                rows.iter()
                    .map(|row| Learner {
                        learner: &row.learner,
                        attempts: row.attempts,
                        passed: row.passed,
                        best_percent: row.best_percent,
                        latest_percent: row.latest_percent,
                        trend_per_attempt: row.trend,
                        last_active: timestamp(row.last_active),
                        topics: by_topic(topics, &row.topic_mastery),
                    })
                    .collect(),
            );
        }
        Body::Items(ItemAnalysis { items, test }) => {
            document.items = Some(items.iter().map(item).collect());
            document.test = test.as_ref().map(|test| Test {
                takers: test.takers,
                items: test.items,
                mean: test.mean,
                sd: test.sd,
                reliability: test.reliability,
                method: test.method,
            });
        }
    }
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out).map_err(serde_json::Error::io)
}

fn item(row: &ItemRow) -> Item<'_> {
    Item {
        question_id: &row.question_id,
        revision: row.revision,
        critical: row.critical,
        topic: &row.topic,
        prompt: row.prompt.as_deref(),
        image: row.picture.as_ref().map(|picture| &picture.image),
        seen: row.seen,
        answered: row.answered,
        correct: row.correct,
        facility: row.facility,
        discrimination: row.discrimination,
        upper_lower: row.upper_lower,
        upper_facility: row.upper_facility,
        lower_facility: row.lower_facility,
        mean_answer_secs: row.mean_answer_secs,
        picks: row
            .picks
            .iter()
            .map(|pick| Pick {
                choice: &pick.choice,
                text: pick.text.as_deref(),
                key: pick.key,
                count: pick.count,
                upper: pick.upper,
                lower: pick.lower,
            })
            .collect(),
        flags: row.flags.iter().map(|flag| flag.as_str()).collect(),
    }
}
