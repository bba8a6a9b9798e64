//! `aidquiz lint`: findings about badly written questions, rustc-style or
//! as JSON. Banks are checked first; a bank with `check` errors reports
//! those and is not linted, since its questions may not be what was meant.

use std::collections::HashSet;

use serde::Serialize;

use crate::bank::{BankPaths, Catalog, QuestionId, load_banks};
use crate::cli::DiagnosticFormat;
use crate::diagnostic::{Diagnostic, FileId, Severity};
use crate::error::Error;
use crate::lint::lint_bank;

use super::Output;

/// A finding (or a `check` problem) with the question it is about.
#[derive(Debug)]
pub struct Record<'a> {
    pub diagnostic: Diagnostic,
    /// `None` for findings about a bank as a whole, and for `check` problems.
    pub question_id: Option<&'a QuestionId>,
}

/// What `aidquiz lint` reports about the loaded banks: every `check`
/// diagnostic, then the lint findings of each bank without `check` errors,
/// in the order they appear in its file.
pub fn lint_catalog(catalog: &Catalog) -> Vec<Record<'_>> {
    let unchecked = files_with_errors(catalog);
    let mut records: Vec<Record<'_>> = catalog
        .diagnostics
        .iter()
        .map(|diagnostic| Record {
            diagnostic: diagnostic.clone(),
            question_id: None,
        })
        .collect();
    for loaded in catalog
        .banks
        .iter()
        .filter(|loaded| !unchecked.contains(&loaded.file))
    {
        let first = records.len();
        for finding in lint_bank(&loaded.bank) {
            let question = finding
                .question
                .and_then(|index| Some((index, loaded.bank.questions.get(index)?)));
            let location = match question {
                Some((index, _)) => loaded.question_location(index, &finding.field),
                None => loaded.header_location(&finding.field),
            };
            let diagnostic = Diagnostic {
                severity: finding.severity(),
                ..Diagnostic::error(finding.rule.name, finding.message, location).with_hint(finding.hint)
            };
            let question_id = question.map(|(_, question)| &question.meta.id);
            records.push(Record {
                diagnostic: match question_id {
                    Some(id) => diagnostic.with_label(format!("in question `{id}`")),
                    None => diagnostic,
                },
                question_id,
            });
        }
        records[first..].sort_by_key(|record| record.diagnostic.location.span.start);
    }
    records
}

fn files_with_errors(catalog: &Catalog) -> HashSet<FileId> {
    catalog
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.location.file)
        .collect()
}

/// One finding as `aidquiz lint --format json` prints it.
#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub question_id: Option<&'a str>,
    pub rule: &'static str,
    pub severity: Severity,
    pub message: &'a str,
    pub hint: Option<&'a str>,
}

/// Lints the banks `paths` names and prints the findings. Fails when any
/// finding is of the `deny` severity or worse.
pub fn run(
    paths: &BankPaths,
    format: DiagnosticFormat,
    deny: Severity,
    output: &mut Output<'_>,
) -> Result<(), Error> {
    let catalog = load_banks(paths);
    let records = lint_catalog(&catalog);
    match format {
        DiagnosticFormat::Json => {
            let json: Vec<JsonFinding<'_>> = records
                .iter()
                .map(|record| {
                    let d = &record.diagnostic;
                    let (line, column) = catalog.sources.line_column(&d.location);
                    JsonFinding {
                        file: catalog.sources.name(d.location.file),
                        line,
                        column,
                        question_id: record.question_id.map(|id| id.0.as_str()),
                        rule: d.code,
                        severity: d.severity,
                        message: &d.message,
                        hint: d.hint.as_deref(),
                    }
                })
                .collect();
            serde_json::to_writer_pretty(&mut *output.out, &json).map_err(std::io::Error::from)?;
            writeln!(output.out)?;
        }
        DiagnosticFormat::Text => {
            catalog
                .sources
                .emit(output.diagnostics, records.iter().map(|r| &r.diagnostic))?;
            writeln!(output.out, "{}", summary(&catalog, &records))?;
        }
    }
    let denied = records.iter().filter(|r| r.diagnostic.severity >= deny).count();
    if denied > 0 {
        return Err(Error::Findings { count: denied, deny });
    }
    Ok(())
}

/// "linted 6 banks, 132 questions: no findings", with the banks that were
/// not linted and the findings counted by severity.
fn summary(catalog: &Catalog, records: &[Record<'_>]) -> String {
    let unchecked = files_with_errors(catalog);
    let linted: Vec<_> = catalog
        .banks
        .iter()
        .filter(|loaded| !unchecked.contains(&loaded.file))
        .collect();
    let questions: usize = linted.iter().map(|loaded| loaded.bank.questions.len()).sum();
    let count = |severity| {
        records
            .iter()
            .filter(|r| r.diagnostic.severity == severity)
            .count()
    };
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let mut line = format!(
        "linted {}, {}: ",
        plural(linted.len(), "bank"),
        plural(questions, "question")
    );
    line += &match (errors, warnings) {
        (0, 0) => "no findings".to_owned(),
        (0, w) => plural(w, "warning"),
        (e, 0) => plural(e, "error"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    };
    if !unchecked.is_empty() {
        line += &format!(
            " ({} with `check` errors not linted; run `aidquiz check`)",
            plural(unchecked.len(), "file")
        );
    }
    line
}
