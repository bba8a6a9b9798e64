//! Reports as CSV (RFC 4180, through the csv crate), one table per report.
//!
//! Text that came from a learner or a bank is neutralised: a cell that
//! starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` in
//! front, so a spreadsheet shows it as text instead of running it as a
//! formula (anyone can type a learner name such as `=HYPERLINK(…)`).
//! Numbers we write ourselves are left alone, so `-0.12` stays a number.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;

use super::attempts::AttemptRow;
use super::items::{ItemRow, prompt_with_picture};
use super::learners::LearnerRow;
use super::{Body, Report, number, push_number, push_timestamp, timestamp};

/// A text cell made safe to open in a spreadsheet.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

fn optional(value: Option<f64>, places: usize) -> String {
    value.map(|v| number(v, places)).unwrap_or_default()
}

/// [`optional`], appended to `cell`.
fn push_optional(cell: &mut String, value: Option<f64>, places: usize) {
    if let Some(value) = value {
        push_number(cell, value, places);
    }
}

/// Writes the field `make` puts in `cell` (emptied first).
fn made<W: Write>(
    writer: &mut csv::Writer<W>,
    cell: &mut String,
    make: impl FnOnce(&mut String),
) -> csv::Result<()> {
    cell.clear();
    make(cell);
    writer.write_field(cell.as_bytes())
}

fn topic_header(topic: &str) -> String {
    neutralise(&format!("topic:{topic}")).into_owned()
}

/// The attempts report, written a row at a time as attempts stream by.
pub struct AttemptsCsv<W: Write> {
    writer: csv::Writer<W>,
    /// A cell being written, reused: a million rows are twenty million
    /// cells, and allocating each was a fifth of the report's time.
    cell: String,
}

impl<W: Write> AttemptsCsv<W> {
    /// Writes the header: the fixed columns, then `topic:NAME` per topic.
    pub fn new(out: W, topics: &[String]) -> csv::Result<AttemptsCsv<W>> {
        let mut writer = csv::Writer::from_writer(out);
        let mut header: Vec<String> = [
            "id",
            "learner",
            "exam_or_quiz",
            "exam_title",
            "version",
            "mode",
            "started_at",
            "finished_at",
            "duration_secs",
            "score",
            "max_score",
            "percent",
            "passed",
            "status",
            "critical_missed",
        ]
        .map(str::to_owned)
        .to_vec();
        header.extend(topics.iter().map(|topic| topic_header(topic)));
        writer.write_record(&header)?;
        Ok(AttemptsCsv {
            writer,
            cell: String::new(),
        })
    }

    pub fn row(&mut self, row: &AttemptRow) -> csv::Result<()> {
        let AttemptsCsv { writer, cell } = self;
        made(writer, cell, |cell| {
            // Infallible: writing to a String.
            let _ = write!(cell, "{}", row.id);
        })?;
        writer.write_field(neutralise(&row.learner).as_bytes())?;
        writer.write_field(
            row.exam_id
                .as_deref()
                .map_or(Cow::Borrowed("quiz"), neutralise)
                .as_bytes(),
        )?;
        writer.write_field(
            row.exam_title
                .as_deref()
                .map_or(Cow::Borrowed(""), neutralise)
                .as_bytes(),
        )?;
        writer.write_field(
            row.exam_version
                .as_deref()
                .map_or(Cow::Borrowed(""), neutralise)
                .as_bytes(),
        )?;
        writer.write_field(row.mode.as_str())?;
        made(writer, cell, |cell| push_timestamp(cell, row.started_at))?;
        made(writer, cell, |cell| {
            row.finished_at
                .into_iter()
                .for_each(|time| push_timestamp(cell, time));
        })?;
        made(writer, cell, |cell| push_optional(cell, row.duration_secs, 0))?;
        made(writer, cell, |cell| push_number(cell, row.score, 2))?;
        made(writer, cell, |cell| push_number(cell, row.max_score, 2))?;
        made(writer, cell, |cell| push_number(cell, row.percent, 1))?;
        writer.write_field(if row.passed { "true" } else { "false" })?;
        writer.write_field(row.status.as_str())?;
        writer.write_field(neutralise(&super::attempts::critical_cell(&row.critical_missed)).as_bytes())?;
        for &percent in &row.topic_percents {
            made(writer, cell, |cell| push_optional(cell, percent, 1))?;
        }
        // Ends the record.
        writer.write_record(None::<&[u8]>)
    }

    pub fn finish(mut self) -> csv::Result<()> {
        self.writer.flush()?;
        Ok(())
    }
}

/// Any report as CSV: its table (test statistics are in the other formats).
pub fn write(out: &mut dyn Write, report: &Report) -> csv::Result<()> {
    match &report.body {
        Body::Attempts(rows) => {
            let mut csv = AttemptsCsv::new(out, &report.topics)?;
            for row in rows {
                csv.row(row)?;
            }
            csv.finish()
        }
        Body::Learners(rows) => write_learners(out, &report.topics, rows),
        Body::Items(analysis) => write_items(out, &analysis.items),
    }
}

fn write_learners(out: &mut dyn Write, topics: &[String], rows: &[LearnerRow]) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<String> = [
        "learner",
        "attempts",
        "passed",
        "best_percent",
        "latest_percent",
        "trend_per_attempt",
        "last_active",
    ]
    .map(str::to_owned)
    .to_vec();
    header.extend(topics.iter().map(|topic| topic_header(topic)));
    writer.write_record(&header)?;
    for row in rows {
        let mut record = vec![
            neutralise(&row.learner).into_owned(),
            row.attempts.to_string(),
            row.passed.to_string(),
            number(row.best_percent, 1),
            number(row.latest_percent, 1),
            optional(row.trend, 2),
            timestamp(row.last_active),
        ];
        record.extend(row.topic_mastery.iter().map(|p| optional(*p, 1)));
        writer.write_record(&record)?;
    }
    writer.flush()?;
    Ok(())
}

/// Item analysis as CSV: a row per question.
pub fn write_items(out: &mut dyn Write, items: &[ItemRow]) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "question_id",
        "revision",
        "critical",
        "topic",
        "prompt",
        "seen",
        "answered",
        "correct",
        "facility",
        "discrimination",
        "upper_lower",
        "upper_facility",
        "lower_facility",
        "mean_answer_secs",
        "choices",
        "picks",
        "picks_upper",
        "picks_lower",
        "flags",
    ])?;
    for item in items {
        let picks = |value: &dyn Fn(&super::items::ChoicePicks) -> String| {
            item.picks
                .iter()
                .map(|pick| format!("{}:{}", pick.choice, value(pick)))
                .collect::<Vec<_>>()
                .join(" ")
        };
        writer.write_record([
            neutralise(&item.question_id).into_owned(),
            item.revision.to_string(),
            item.critical.to_string(),
            neutralise(&item.topic).into_owned(),
            neutralise(&prompt_with_picture(item)).into_owned(),
            item.seen.to_string(),
            item.answered.to_string(),
            item.correct.to_string(),
            optional(item.facility, 3),
            optional(item.discrimination, 3),
            optional(item.upper_lower, 3),
            optional(item.upper_facility, 3),
            optional(item.lower_facility, 3),
            optional(item.mean_answer_secs, 1),
            neutralise(
                &item
                    .picks
                    .iter()
                    .filter_map(|pick| {
                        let key = if pick.key { " (key)" } else { "" };
                        pick.text
                            .as_ref()
                            .map(|text| format!("{}={text}{key}", pick.choice))
                    })
                    .collect::<Vec<_>>()
                    .join(" | "),
            )
            .into_owned(),
            picks(&|pick| pick.count.to_string()),
            picks(&|pick| optional(pick.upper, 3)),
            picks(&|pick| optional(pick.lower, 3)),
            item.flags
                .iter()
                .map(|f| f.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formulas_are_neutralised_and_other_text_left_alone() {
        assert_eq!(
            neutralise(r#"=HYPERLINK("http://x","y")"#),
            r#"'=HYPERLINK("http://x","y")"#
        );
        for start in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(start).starts_with('\''), "{start:?}");
        }
        assert_eq!(neutralise("Ana = 1"), "Ana = 1");
        assert_eq!(neutralise(""), "");
    }
}
