//! A report as one self-contained HTML page: inline CSS and SVG, nothing
//! fetched, readable on screen and printed. Every text from a bank or a
//! learner is escaped. The markup is also well-formed XML (every element
//! closed), which the tests use to parse it.

use std::io::{self, Write};

use chrono::{DateTime, Utc};

use super::items::{ChoicePicks, ItemAnalysis};
use super::{Body, Report, number, number_or_dash, svg, timestamp};
use crate::exam::paper::escape_html as escape;

const STYLE: &str = "
body { font: 15px/1.45 system-ui, sans-serif; color: #1b1b1b; margin: 2em auto; max-width: 62em; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.15em; margin-top: 1.6em; }
p.filters, p.note { color: #555; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.when { white-space: nowrap; }
td.topics { min-width: 10em; }
td.missed { font-size: 0.85em; overflow-wrap: anywhere; min-width: 6em; }
.topic { display: inline-block; white-space: nowrap; margin: 0 0.8em 0.1em 0; font-variant-numeric: tabular-nums; }
.topic b { font-weight: 600; }
small.id { color: #666; }
tr.flagged td { background: #fff4e0; }
.flag { display: inline-block; border: 1px solid #b06000; color: #b06000; border-radius: 3px; padding: 0 0.3em; margin: 0 0.2em 0.2em 0; font-size: 0.85em; }
svg.chart { max-width: 100%; height: auto; display: block; margin: 0.5em 0; }
img.picture { display: block; max-width: 12em; max-height: 8em; height: auto; margin: 0.3em 0; }
svg.chart text { font: 11px system-ui, sans-serif; fill: #333; }
svg.chart .grid { stroke: #e4e4e4; }
svg.chart .bar { fill: #2f6fb0; }
svg.chart .track { fill: #eef2f6; }
svg.chart .pass-mark { stroke: #c0392b; stroke-width: 2; stroke-dasharray: 6 4; }
svg.chart .line { fill: none; stroke: #2f6fb0; stroke-width: 2; }
svg.chart .dot { fill: #2f6fb0; }
@page { margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; padding: 0; }
  table { font-size: 0.85em; }
  th, td { padding: 0.2em 0.3em; }
  section, tr, svg.chart { break-inside: avoid; }
  tr.flagged td { background: none; font-weight: bold; }
}
";

fn header_row(out: &mut dyn Write, cells: &[(&str, bool)]) -> io::Result<()> {
    write!(out, "<thead><tr>")?;
    for (label, numeric) in cells {
        let class = if *numeric { " class=\"n\"" } else { "" };
        write!(out, "<th{class}>{}</th>", escape(label))?;
    }
    writeln!(out, "</tr></thead>")
}

/// Per-topic figures in one cell, each topic and its figure kept together
/// and wrapping as a whole, so a table with many topics still fits the
/// page on screen and in print (a column per topic did not). A topic
/// without a figure (not asked) is left out.
fn td_topics(out: &mut dyn Write, topics: &[String], figures: &[Option<f64>]) -> io::Result<()> {
    write!(out, "<td class=\"topics\">")?;
    for (topic, figure) in topics.iter().zip(figures) {
        if let Some(figure) = figure {
            write!(
                out,
                "<span class=\"topic\">{} <b>{}%</b></span> ",
                escape(topic),
                number(*figure, 0)
            )?;
        }
    }
    write!(out, "</td>")
}

/// A cell of text (escaped here) or a number (right-aligned).
fn td(out: &mut dyn Write, text: &str) -> io::Result<()> {
    write!(out, "<td>{}</td>", escape(text))
}

/// The must-pass questions an attempt missed, one a line, each marked ◆:
/// question ids are long words, and the page must fit 1200 px and paper.
fn td_missed(out: &mut dyn Write, missed: &[String]) -> io::Result<()> {
    write!(out, "<td class=\"missed\">")?;
    for (n, id) in missed.iter().enumerate() {
        let line = if n == 0 { "" } else { "<br>" };
        write!(out, "{line}◆ {}", escape(id))?;
    }
    write!(out, "</td>")
}

/// A date and time to the minute, never broken across lines (the other
/// formats keep the full RFC 3339 time for tools).
fn td_when(out: &mut dyn Write, time: DateTime<Utc>) -> io::Result<()> {
    write!(
        out,
        "<td class=\"when\" title=\"{}\">{}</td>",
        timestamp(time),
        time.format("%Y-%m-%d %H:%M UTC")
    )
}

fn td_n(out: &mut dyn Write, text: &str) -> io::Result<()> {
    write!(out, "<td class=\"n\">{}</td>", escape(text))
}

pub fn write(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let title = match report.kind {
        super::Kind::Attempts => "Attempts",
        super::Kind::Learners => "Learners",
        super::Kind::Items => "Item analysis",
    };
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>")?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
    )?;
    writeln!(out, "<title>aidquiz report: {}</title>", escape(title))?;
    writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>")?;
    writeln!(out, "<h1>{}</h1>", escape(title))?;
    let given = report.filters.given();
    let filters = if given.is_empty() {
        "All attempts in the store.".to_owned()
    } else {
        let parts: Vec<String> = given
            .iter()
            .map(|(name, value)| format!("{name} {value}"))
            .collect();
        format!("Filters: {}.", parts.join(", "))
    };
    writeln!(out, "<p class=\"filters\">{}</p>", escape(&filters))?;
    if let Some(title) = &report.exam_title {
        writeln!(out, "<p class=\"exam\">Exam: {}</p>", escape(title))?;
    }

    let s = &report.summary;
    writeln!(out, "<p>{}.</p>", escape(&s.headline()))?;

    writeln!(out, "<section>\n<h2>Scores</h2>")?;
    writeln!(out, "{}", svg::histogram(&s.histogram, s.pass_mark))?;
    writeln!(out, "</section>\n<section>\n<h2>Mastery per topic</h2>")?;
    let mastery: Vec<(&str, Option<f64>)> = report
        .topics
        .iter()
        .map(String::as_str)
        .zip(s.topic_mastery.iter().copied())
        .collect();
    writeln!(out, "{}", svg::mastery(&mastery))?;
    writeln!(out, "</section>")?;
    if let Some(learner) = &report.filters.learner {
        writeln!(out, "<section>\n<h2>{}: scores over time</h2>", escape(learner))?;
        writeln!(out, "{}", svg::scores_over_time(&s.learner_scores, s.pass_mark))?;
        writeln!(out, "</section>")?;
    }

    writeln!(out, "<section>\n<h2>{}</h2>\n<table>", escape(title))?;
    match &report.body {
        Body::Attempts(rows) => {
            header_row(
                out,
                &[
                    ("id", true),
                    ("learner", false),
                    ("exam or quiz", false),
                    ("version", false),
                    ("mode", false),
                    ("started", false),
                    ("time (s)", true),
                    ("score", true),
                    ("%", true),
                    ("result", false),
                    ("status", false),
                    ("must-pass missed", false),
                    ("by topic", false),
                ],
            )?;
            writeln!(out, "<tbody>")?;
            for r in rows {
                write!(out, "<tr>")?;
                td_n(out, &r.id.to_string())?;
                td(out, &r.learner)?;
                match (&r.exam_title, &r.exam_id) {
                    (Some(title), Some(id)) => write!(
                        out,
                        "<td>{} <small class=\"id\">{}</small></td>",
                        escape(title),
                        escape(id)
                    )?,
                    _ => td(out, &r.exam_or_quiz())?,
                }
                td(out, r.exam_version.as_deref().unwrap_or("–"))?;
                td(out, r.mode.as_str())?;
                td_when(out, r.started_at)?;
                td_n(out, &number_or_dash(r.duration_secs, 0))?;
                td_n(
                    out,
                    &format!("{} / {}", number(r.score, 2), number(r.max_score, 2)),
                )?;
                td_n(out, &number(r.percent, 1))?;
                td(out, if r.passed { "passed" } else { "not passed" })?;
                td(out, r.status.as_str())?;
                td_missed(out, &r.critical_missed)?;
                td_topics(out, &report.topics, &r.topic_percents)?;
                writeln!(out, "</tr>")?;
            }
        }
        Body::Learners(rows) => {
            header_row(
                out,
                &[
                    ("learner", false),
                    ("attempts", true),
                    ("passed", true),
                    ("best %", true),
                    ("latest %", true),
                    ("trend / attempt", true),
                    ("last active", false),
                    ("mastery by topic", false),
                ],
            )?;
            writeln!(out, "<tbody>")?;
            for r in rows {
                write!(out, "<tr>")?;
                td(out, &r.learner)?;
                td_n(out, &r.attempts.to_string())?;
                td_n(out, &r.passed.to_string())?;
                td_n(out, &number(r.best_percent, 1))?;
                td_n(out, &number(r.latest_percent, 1))?;
                td_n(
                    out,
                    &r.trend.map_or_else(|| "–".to_owned(), |t| format!("{t:+.1}")),
                )?;
                td_when(out, r.last_active)?;
                td_topics(out, &report.topics, &r.topic_mastery)?;
                writeln!(out, "</tr>")?;
            }
        }
        Body::Items(ItemAnalysis { items, test }) => {
            header_row(
                out,
                &[
                    ("question", false),
                    ("topic", false),
                    ("seen", true),
                    ("correct", true),
                    ("facility", true),
                    ("discrimination", true),
                    ("upper−lower", true),
                    ("mean time (s)", true),
                    ("picks: count (upper/lower share)", false),
                    ("flags", false),
                ],
            )?;
            writeln!(out, "<tbody>")?;
            for item in items {
                let class = if item.flags.is_empty() {
                    ""
                } else {
                    " class=\"flagged\""
                };
                write!(out, "<tr{class}>")?;
                let shown = item
                    .picture
                    .as_ref()
                    .and_then(|picture| Some((picture.src.as_ref()?, &picture.image.alt)));
                match (&item.prompt, shown) {
                    (Some(prompt), Some((src, alt))) => write!(
                        out,
                        "<td>{}<br><img class=\"picture\" src=\"{}\" alt=\"{}\"></td>",
                        escape(&format!("{}: {prompt}", super::items::label(item))),
                        escape(src),
                        escape(alt)
                    )?,
                    (Some(prompt), None) => td(out, &format!("{}: {prompt}", super::items::label(item)))?,
                    (None, _) => td(out, &super::items::label(item))?,
                }
                td(out, &item.topic)?;
                td_n(out, &item.seen.to_string())?;
                td_n(out, &item.correct.to_string())?;
                td_n(out, &number_or_dash(item.facility, 2))?;
                td_n(out, &number_or_dash(item.discrimination, 2))?;
                td_n(out, &number_or_dash(item.upper_lower, 2))?;
                td_n(out, &number_or_dash(item.mean_answer_secs, 0))?;
                let picks: Vec<String> = item.picks.iter().map(ChoicePicks::describe).collect();
                td(out, &picks.join("; "))?;
                write!(out, "<td>")?;
                for flag in &item.flags {
                    write!(out, "<span class=\"flag\">{}</span>", flag.as_str())?;
                }
                writeln!(out, "</td></tr>")?;
            }
            writeln!(out, "</tbody>\n</table>")?;
            if let Some(test) = test {
                writeln!(
                    out,
                    "<p>Test: {} takers, {} questions; total mean {} (SD {}); reliability ({}) {}.</p>",
                    test.takers,
                    test.items,
                    number(test.mean, 2),
                    number(test.sd, 2),
                    escape(test.method),
                    number_or_dash(test.reliability, 3)
                )?;
            }
            writeln!(
                out,
                "<p class=\"note\">Facility: mean share of the points earned. Discrimination: item–rest correlation. \
                 Upper−lower: facility in the top 27% minus the bottom 27% by total. Choices are numbered as listed in the bank.</p>"
            )?;
            writeln!(out, "</section>\n</body>\n</html>")?;
            return Ok(());
        }
    }
    writeln!(out, "</tbody>\n</table>\n</section>\n</body>\n</html>")
}

/// The must-pass questions an attempt missed, each marked ◆ as papers mark
/// them; empty when none.
pub fn must_pass_mark(missed: &[String]) -> String {
    missed
        .iter()
        .map(|id| format!("◆ {id}"))
        .collect::<Vec<_>>()
        .join(", ")
}
