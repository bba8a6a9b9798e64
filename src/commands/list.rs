//! `aidquiz list`: what the banks hold, as a table or one JSON object per question.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use crate::bank::{BankPaths, Catalog, Difficulty, QuestionType};
use crate::cli::ListFormat;
use crate::error::Error;

use super::{Output, load_clean_banks};

/// One question as `aidquiz list --format json` prints it.
#[derive(Debug, Serialize)]
pub struct QuestionRow<'a> {
    pub bank: &'a str,
    pub id: &'a str,
    pub topic: &'a str,
    #[serde(rename = "type")]
    pub question_type: &'static str,
    pub difficulty: &'static str,
    pub section: &'a str,
    pub points: f64,
    /// A must-pass question.
    pub critical: bool,
    /// The id of the bank's scenario it asks about; `null` when none.
    pub scenario: Option<&'a str>,
    pub revision: u32,
}

/// How much of the table to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// Fits 80 columns: short headings, difficulties in one column, bank
    /// ids without their files, long names cut.
    Narrow,
    /// Every column in full, with each bank's file.
    Wide,
}

/// The narrow table's budget, the width of a classic terminal.
const NARROW_COLUMNS: usize = 80;

pub fn run(
    paths: &BankPaths,
    format: ListFormat,
    width: Width,
    output: &mut Output<'_>,
) -> Result<(), Error> {
    let catalog = load_clean_banks(paths, output)?;
    match format {
        ListFormat::Json => {
            let rows: Vec<QuestionRow<'_>> = catalog
                .questions()
                .map(|(bank, q)| QuestionRow {
                    bank: &bank.meta.id,
                    id: &q.meta.id.0,
                    topic: &q.meta.topic,
                    question_type: q.answer.question_type().as_str(),
                    difficulty: q.meta.difficulty.as_str(),
                    section: &q.meta.section,
                    points: q.meta.points,
                    critical: q.meta.critical,
                    scenario: q.meta.scenario.as_deref(),
                    revision: q.meta.revision,
                })
                .collect();
            serde_json::to_writer_pretty(&mut *output.out, &rows).map_err(std::io::Error::from)?;
            writeln!(output.out)?;
        }
        ListFormat::Table => write_tables(&catalog, width, output.out)?,
    }
    Ok(())
}

/// Question counts for one row of the table.
#[derive(Default)]
struct Counts {
    total: usize,
    by_type: BTreeMap<QuestionType, usize>,
    by_difficulty: BTreeMap<Difficulty, usize>,
}

impl Counts {
    fn add(&mut self, question_type: QuestionType, difficulty: Difficulty) {
        self.total += 1;
        *self.by_type.entry(question_type).or_default() += 1;
        *self.by_difficulty.entry(difficulty).or_default() += 1;
    }

    fn cells(&self, width: Width) -> Vec<String> {
        let mut cells = vec![self.total.to_string()];
        cells.extend(QuestionType::ALL.iter().map(|t| count_cell(self.by_type.get(t))));
        let by_difficulty = Difficulty::ALL
            .iter()
            .map(|d| count_cell(self.by_difficulty.get(d)));
        match width {
            Width::Wide => cells.extend(by_difficulty),
            Width::Narrow => cells.push(by_difficulty.collect::<Vec<_>>().join("/")),
        }
        cells
    }
}

fn count_cell(count: Option<&usize>) -> String {
    count.map_or_else(|| "-".to_owned(), ToString::to_string)
}

fn header(width: Width) -> Vec<String> {
    match width {
        Width::Wide => {
            let mut header = vec!["questions".to_owned()];
            header.extend(QuestionType::ALL.iter().map(|t| t.as_str().to_owned()));
            header.extend(Difficulty::ALL.iter().map(|d| d.as_str().to_owned()));
            header
        }
        Width::Narrow => {
            let mut header = vec!["total".to_owned()];
            header.extend(QuestionType::ALL.iter().map(|t| short_type(*t).to_owned()));
            header.push("e/m/h".to_owned());
            header
        }
    }
}

fn short_type(question_type: QuestionType) -> &'static str {
    match question_type {
        QuestionType::Multiple => "multi",
        QuestionType::TrueFalse => "t/f",
        QuestionType::Numeric => "num",
        other => other.as_str(),
    }
}

fn write_tables(catalog: &Catalog, width: Width, out: &mut dyn Write) -> std::io::Result<()> {
    let header = header(width);
    let mut by_bank: Vec<(String, Counts)> = Vec::new();
    let mut by_topic: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut all = Counts::default();
    for loaded in &catalog.banks {
        let mut counts = Counts::default();
        for q in &loaded.bank.questions {
            let (t, d) = (q.answer.question_type(), q.meta.difficulty);
            counts.add(t, d);
            by_topic.entry(&q.meta.topic).or_default().add(t, d);
            all.add(t, d);
        }
        let name = match width {
            Width::Wide => format!("{} ({})", loaded.bank.meta.id, catalog.sources.name(loaded.file)),
            Width::Narrow => loaded.bank.meta.id.clone(),
        };
        by_bank.push((name, counts));
    }

    let bank_rows: Vec<(String, Vec<String>)> =
        by_bank.iter().map(|(n, c)| (n.clone(), c.cells(width))).collect();
    write_table(out, width, "bank", &header, &bank_rows, &all.cells(width))?;
    writeln!(out)?;
    let topic_rows: Vec<(String, Vec<String>)> = by_topic
        .iter()
        .map(|(n, c)| ((*n).to_owned(), c.cells(width)))
        .collect();
    write_table(out, width, "topic", &header, &topic_rows, &all.cells(width))?;
    if width == Width::Narrow {
        writeln!(out)?;
        writeln!(
            out,
            "multi: select all; t/f: true-false; num: numeric; e/m/h: easy/medium/hard."
        )?;
        writeln!(out, "--wide shows every column in full, with each bank's file.")?;
    }
    Ok(())
}

fn write_table(
    out: &mut dyn Write,
    width: Width,
    first: &str,
    header: &[String],
    rows: &[(String, Vec<String>)],
    total: &[String],
) -> std::io::Result<()> {
    let widths: Vec<usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            rows.iter()
                .map(|(_, cells)| &cells[i])
                .chain([&total[i]])
                .map(|c| c.chars().count())
                .chain([h.len(), 3])
                .max()
                .unwrap_or(3)
        })
        .collect();
    let longest = rows
        .iter()
        .map(|(n, _)| n.chars().count())
        .chain([first.len(), 5])
        .max()
        .unwrap_or(0);
    let name_width = match width {
        Width::Wide => longest,
        Width::Narrow => {
            let numbers: usize = widths.iter().map(|w| w + 2).sum();
            longest.min(NARROW_COLUMNS.saturating_sub(numbers).max(8))
        }
    };
    let line = |out: &mut dyn Write, name: &str, cells: &[String]| -> std::io::Result<()> {
        write!(out, "{:<name_width$}", cut(name, name_width))?;
        for (cell, width) in cells.iter().zip(&widths) {
            write!(out, "  {cell:>width$}")?;
        }
        writeln!(out)
    };
    line(out, first, header)?;
    for (name, cells) in rows {
        line(out, name, cells)?;
    }
    line(out, "total", total)
}

/// `name` in at most `width` characters, cut with `…` when longer.
fn cut(name: &str, width: usize) -> String {
    if name.chars().count() <= width {
        return name.to_owned();
    }
    let mut cut: String = name.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}
