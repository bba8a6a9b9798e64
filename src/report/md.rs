//! Reports as Markdown tables, for pasting into a course page.

use std::io::{self, Write};

use super::items::{ChoicePicks, ItemAnalysis};
use super::{Body, Report, number, number_or_dash, timestamp};

/// Text made safe for a table cell: pipes and line breaks would break the
/// table, and markup would be rendered by the course page.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '`' | '*' | '_' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{}%", number(v, 0)))
}

/// The header and its rule; columns from `numbers.start` on, up to
/// `numbers.end`, are numbers and aligned right.
fn table(out: &mut dyn Write, header: &[String], numbers: std::ops::Range<usize>) -> io::Result<()> {
    writeln!(out, "| {} |", header.join(" | "))?;
    let rule: Vec<&str> = (0..header.len())
        .map(|i| if numbers.contains(&i) { "---:" } else { "---" })
        .collect();
    writeln!(out, "|{}|", rule.join("|"))
}

fn row(out: &mut dyn Write, cells: &[String]) -> io::Result<()> {
    writeln!(out, "| {} |", cells.join(" | "))
}

pub fn write(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let title = match report.kind {
        super::Kind::Attempts => "Attempts",
        super::Kind::Learners => "Learners",
        super::Kind::Items => "Item analysis",
    };
    writeln!(out, "# {title}\n")?;
    let given = report.filters.given();
    if given.is_empty() {
        writeln!(out, "All attempts in the store.\n")?;
    } else {
        let filters: Vec<String> = given
            .iter()
            .map(|(name, value)| format!("{name} {}", cell(value)))
            .collect();
        writeln!(out, "Filters: {}.\n", filters.join(", "))?;
    }
    if let Some(title) = &report.exam_title {
        writeln!(out, "Exam: {}.\n", cell(title))?;
    }
    writeln!(out, "{}.\n", report.summary.headline())?;
    let topic_headers = report.topics.iter().map(|t| cell(t));
    match &report.body {
        Body::Attempts(rows) => {
            let mut header: Vec<String> = [
                "id",
                "learner",
                "exam or quiz",
                "version",
                "mode",
                "started",
                "time",
                "score",
                "%",
                "result",
                "status",
                "must-pass missed",
            ]
            .map(str::to_owned)
            .to_vec();
            header.extend(topic_headers);
            table(out, &header, 6..header.len())?;
            for r in rows {
                let mut cells = vec![
                    r.id.to_string(),
                    cell(&r.learner),
                    cell(&r.exam_or_quiz()),
                    r.exam_version.as_deref().map_or_else(|| "–".to_owned(), cell),
                    r.mode.as_str().to_owned(),
                    timestamp(r.started_at),
                    r.duration_secs
                        .map_or_else(|| "–".to_owned(), |secs| format!("{}s", number(secs, 0))),
                    format!("{} / {}", number(r.score, 2), number(r.max_score, 2)),
                    number(r.percent, 1),
                    if r.passed { "passed" } else { "not passed" }.to_owned(),
                    r.status.as_str().to_owned(),
                    cell(&super::html::must_pass_mark(&r.critical_missed)),
                ];
                cells.extend(r.topic_percents.iter().map(|p| percent(*p)));
                row(out, &cells)?;
            }
        }
        Body::Learners(rows) => {
            let mut header: Vec<String> = [
                "learner",
                "attempts",
                "passed",
                "best %",
                "latest %",
                "trend / attempt",
                "last active",
            ]
            .map(str::to_owned)
            .to_vec();
            header.extend(topic_headers);
            table(out, &header, 1..header.len())?;
            for r in rows {
                let mut cells = vec![
                    cell(&r.learner),
                    r.attempts.to_string(),
                    r.passed.to_string(),
                    number(r.best_percent, 1),
                    number(r.latest_percent, 1),
                    r.trend.map_or_else(|| "–".to_owned(), |t| format!("{:+.1}", t)),
                    timestamp(r.last_active),
                ];
                cells.extend(r.topic_mastery.iter().map(|p| percent(*p)));
                row(out, &cells)?;
            }
        }
        Body::Items(ItemAnalysis { items, test }) => {
            if let Some(test) = test {
                writeln!(
                    out,
                    "Test: {} takers, {} questions; total mean {} (SD {}); reliability ({}) {}.\n",
                    test.takers,
                    test.items,
                    number(test.mean, 2),
                    number(test.sd, 2),
                    test.method,
                    number_or_dash(test.reliability, 3)
                )?;
            }
            let header: Vec<String> = [
                "question",
                "topic",
                "seen",
                "correct",
                "facility",
                "discrimination",
                "upper−lower",
                "mean time",
                "picks (count, upper/lower share)",
                "flags",
            ]
            .map(str::to_owned)
            .to_vec();
            table(out, &header, 2..8)?;
            for item in items {
                let picks: Vec<String> = item.picks.iter().map(ChoicePicks::describe).collect();
                row(
                    out,
                    &[
                        cell(&super::items::prompt_in_words(item)),
                        cell(&item.topic),
                        item.seen.to_string(),
                        item.correct.to_string(),
                        number_or_dash(item.facility, 2),
                        number_or_dash(item.discrimination, 2),
                        number_or_dash(item.upper_lower, 2),
                        item.mean_answer_secs
                            .map_or_else(|| "–".to_owned(), |secs| format!("{}s", number(secs, 0))),
                        cell(&picks.join("; ")),
                        item.flags
                            .iter()
                            .map(|f| f.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ],
                )?;
            }
        }
    }
    Ok(())
}
