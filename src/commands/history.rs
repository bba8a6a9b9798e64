//! `aidquiz history`: a learner's attempts, newest first.

use std::io::Write;
use std::path::Path;

use chrono::SecondsFormat;
use serde::Serialize;

use crate::cli::ListFormat;
use crate::error::Error;
use crate::record::Attempt;
use crate::session::render::{clock_time, round};

use super::Output;

/// One attempt as `aidquiz history --format json` prints it.
#[derive(Debug, Serialize)]
pub struct HistoryEntry<'a> {
    pub id: i64,
    pub learner: &'a str,
    pub exam_id: Option<&'a str>,
    pub mode: &'static str,
    pub seed: u64,
    pub started_at: String,
    pub finished_at: Option<String>,
    /// Time taken; null while unfinished and for a paper exam.
    pub duration_secs: Option<u64>,
    /// Graded from a paper response sheet.
    pub paper: bool,
    pub time_limit_secs: Option<u64>,
    pub status: &'static str,
    pub score: f64,
    pub max_score: f64,
    pub percent: f64,
    pub passed: bool,
    /// The must-pass questions not earned in full: any fails the attempt.
    pub critical_missed: Vec<String>,
    pub questions: Vec<HistoryQuestion<'a>>,
    /// Exam grades replaced by a corrected response sheet, oldest first.
    pub earlier_grades: Vec<EarlierGradeEntry>,
}

#[derive(Debug, Serialize)]
pub struct EarlierGradeEntry {
    pub replaced_at: String,
    pub score: f64,
    pub max_score: f64,
}

#[derive(Debug, Serialize)]
pub struct HistoryQuestion<'a> {
    pub id: &'a str,
    pub topic: &'a str,
    pub response: Option<&'a str>,
    pub correct: bool,
    pub points: f64,
    pub max_points: f64,
    pub critical: bool,
    pub revision: u32,
}

impl<'a> HistoryEntry<'a> {
    pub fn new(attempt: &'a Attempt) -> Self {
        let rfc3339 = |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
        HistoryEntry {
            id: attempt.id.0,
            learner: &attempt.learner,
            exam_id: attempt.exam_id.as_deref(),
            mode: attempt.mode.as_str(),
            seed: attempt.seed,
            started_at: rfc3339(attempt.started_at),
            finished_at: attempt.finished_at.map(rfc3339),
            duration_secs: attempt.duration().map(|taken| taken.as_secs()),
            paper: attempt.paper,
            time_limit_secs: attempt.time_limit_secs,
            status: attempt.status.as_str(),
            score: attempt.score,
            max_score: attempt.max_score,
            percent: attempt.percent(),
            passed: attempt.passed(),
            critical_missed: attempt.critical_missed(),
            questions: attempt
                .questions
                .iter()
                .map(|q| HistoryQuestion {
                    id: &q.question_id,
                    topic: &q.topic,
                    response: q.response.as_deref(),
                    correct: q.correct(),
                    points: q.points,
                    max_points: q.max_points,
                    critical: q.critical,
                    revision: q.revision,
                })
                .collect(),
            earlier_grades: attempt
                .earlier_grades
                .iter()
                .map(|g| EarlierGradeEntry {
                    replaced_at: rfc3339(g.replaced_at),
                    score: g.score,
                    max_score: g.max_score,
                })
                .collect(),
        }
    }
}

pub fn run(
    learner: &str,
    format: ListFormat,
    store_path: &Path,
    output: &mut Output<'_>,
) -> Result<(), Error> {
    // Reading must not create a store: no store yet means no attempts yet.
    let attempts = match super::open_existing_store(store_path, output.diagnostics)? {
        Some(store) => store.attempts_for_learner(learner)?,
        None => Vec::new(),
    };
    match format {
        ListFormat::Json => {
            let entries: Vec<HistoryEntry<'_>> = attempts.iter().map(HistoryEntry::new).collect();
            serde_json::to_writer_pretty(&mut *output.out, &entries).map_err(std::io::Error::from)?;
            writeln!(output.out)?;
        }
        ListFormat::Table if attempts.is_empty() => {
            writeln!(
                output.out,
                "No attempts recorded for {learner} in {}.",
                crate::store::display_name(store_path).display()
            )?;
        }
        ListFormat::Table => write_table(&attempts, output.out)?,
    }
    Ok(())
}

fn write_table(attempts: &[Attempt], out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{:>6}  {:<16}  {:<5}  {:<9}  {:>11}  {:>4}  {:<10}  {:>7}  must-pass missed",
        "id", "started (UTC)", "mode", "status", "score", "%", "result", "time"
    )?;
    for attempt in attempts {
        let time = attempt.duration().map_or_else(|| "-".to_owned(), clock_time);
        let missed = attempt.critical_missed();
        writeln!(
            out,
            "{:>6}  {:<16}  {:<5}  {:<9}  {:>11}  {:>4.0}  {:<10}  {:>7}  {}",
            attempt.id.0,
            attempt.started_at.format("%Y-%m-%d %H:%M"),
            attempt.mode.as_str(),
            attempt.status.as_str(),
            format!("{} / {}", round(attempt.score), round(attempt.max_score)),
            attempt.percent(),
            if attempt.passed() { "passed" } else { "not passed" },
            time,
            if missed.is_empty() {
                "-".to_owned()
            } else {
                missed.join(" ")
            },
        )?;
    }
    Ok(())
}
