//! Diagnostics about bank files: what is wrong, where, and how to fix it.
//!
//! Rendered rustc-style through codespan-reporting for people, or as a JSON
//! array for tools.

use std::io;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::{Files, SimpleFiles};
use codespan_reporting::term::{self, termcolor::WriteColor};
use serde::Serialize;

/// Index of a file in a [`SourceMap`].
pub type FileId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A place in a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: FileId,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable kebab-case name for the problem, such as `unknown-key`.
    pub code: &'static str,
    pub message: String,
    pub location: Location,
    /// A note at the primary span, such as the question it is in.
    pub label: Option<String>,
    /// Other places that explain the problem, such as an id's first definition.
    pub related: Vec<(Location, String)>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>, location: Location) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location,
            label: None,
            related: Vec::new(),
            hint: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>, location: Location) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, location)
        }
    }

    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    #[must_use]
    pub fn with_related(mut self, location: Location, note: impl Into<String>) -> Self {
        self.related.push((location, note.into()));
        self
    }
}

/// The text of every file that diagnostics may point into.
#[derive(Default)]
pub struct SourceMap {
    files: SimpleFiles<String, String>,
}

impl SourceMap {
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.add(name.into(), text.into())
    }

    pub fn name(&self, file: FileId) -> &str {
        self.files.get(file).map_or("<unknown>", |f| f.name().as_str())
    }

    pub fn text(&self, file: FileId) -> &str {
        self.files.get(file).map_or("", |f| f.source().as_str())
    }

    /// One-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, location: &Location) -> (usize, usize) {
        self.files
            .location(location.file, location.span.start)
            .map_or((1, 1), |l| (l.line_number, l.column_number))
    }

    /// Writes the diagnostics rustc-style: header, `file:line:column`, the
    /// source line with the span marked, and the hint.
    pub fn emit<'d>(
        &self,
        out: &mut dyn WriteColor,
        diagnostics: impl IntoIterator<Item = &'d Diagnostic>,
    ) -> io::Result<()> {
        let config = term::Config::default();
        for diagnostic in diagnostics {
            let report = self.report(diagnostic);
            term::emit_to_write_style(out, &config, &self.files, &report)
                .map_err(|e| io::Error::other(e.to_string()))?;
        }
        Ok(())
    }

    fn report(&self, diagnostic: &Diagnostic) -> Report<FileId> {
        let report = match diagnostic.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        };
        let span = self.clamp(&diagnostic.location);
        let mut primary = Label::primary(diagnostic.location.file, span);
        if let Some(label) = &diagnostic.label {
            primary = primary.with_message(label);
        }
        let mut labels = vec![primary];
        for (location, note) in &diagnostic.related {
            labels.push(Label::secondary(location.file, self.clamp(location)).with_message(note));
        }
        report
            .with_code(diagnostic.code)
            .with_message(&diagnostic.message)
            .with_labels(labels)
            .with_notes(
                diagnostic
                    .hint
                    .iter()
                    .map(|hint| format!("help: {hint}"))
                    .collect(),
            )
    }

    // A span past the end of its file (say, an empty file) would make the
    // renderer fail; point at the end instead.
    fn clamp(&self, location: &Location) -> Range<usize> {
        let len = self.text(location.file).len();
        location.span.start.min(len)..location.span.end.min(len)
    }

    /// The diagnostics as the JSON records `aidquiz check --format json` prints.
    pub fn json_records(&self, diagnostics: &[Diagnostic]) -> Vec<JsonDiagnostic> {
        diagnostics
            .iter()
            .map(|d| {
                let (line, column) = self.line_column(&d.location);
                JsonDiagnostic {
                    file: self.name(d.location.file).to_owned(),
                    line,
                    column,
                    severity: d.severity,
                    code: d.code,
                    message: d.message.clone(),
                    hint: d.hint.clone(),
                }
            })
            .collect()
    }
}

#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}
