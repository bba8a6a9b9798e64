//! Diagnostics about bank files: what is wrong, where, and how to fix it.
//!
//! Rendered rustc-style through codespan-reporting for people, or as a JSON
//! array for tools.

use std::collections::HashMap;
use std::io;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::{self, Files};
use codespan_reporting::term::{self, termcolor::WriteColor};
use serde::Serialize;

/// Source lines longer than this (in bytes) are shown as an excerpt.
const LONG_LINE: usize = 200;
/// Diagnostics shown for one line before the rest are counted instead.
const MAX_PER_LINE: usize = 5;

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
    files: SourceFiles,
}

/// The files of a [`SourceMap`], as codespan-reporting reads them.
#[derive(Default)]
struct SourceFiles(Vec<SourceFile>);

struct SourceFile {
    name: String,
    text: String,
    /// The byte offset of each line's start, the first line's (0) first.
    line_starts: Vec<usize>,
}

impl SourceFiles {
    fn get(&self, file: FileId) -> Result<&SourceFile, files::Error> {
        self.0.get(file).ok_or(files::Error::FileMissing)
    }
}

impl SourceFile {
    fn line_start(&self, line: usize) -> Result<usize, files::Error> {
        match line.cmp(&self.line_starts.len()) {
            std::cmp::Ordering::Less => Ok(self.line_starts[line]),
            std::cmp::Ordering::Equal => Ok(self.text.len()),
            std::cmp::Ordering::Greater => Err(files::Error::LineTooLarge {
                given: line,
                max: self.line_starts.len() - 1,
            }),
        }
    }
}

impl<'a> Files<'a> for SourceFiles {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, file: FileId) -> Result<&'a str, files::Error> {
        Ok(&self.get(file)?.name)
    }

    fn source(&'a self, file: FileId) -> Result<&'a str, files::Error> {
        Ok(&self.get(file)?.text)
    }

    fn line_index(&'a self, file: FileId, byte_index: usize) -> Result<usize, files::Error> {
        let starts = &self.get(file)?.line_starts;
        Ok(starts
            .binary_search(&byte_index)
            .unwrap_or_else(|next_line| next_line - 1))
    }

    fn line_range(&'a self, file: FileId, line_index: usize) -> Result<Range<usize>, files::Error> {
        let file = self.get(file)?;
        Ok(file.line_start(line_index)?..file.line_start(line_index + 1)?)
    }
}

impl SourceMap {
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let text = text.into();
        // Where each line starts: what codespan-reporting's `SimpleFiles`
        // keeps, found with `memchr` (it looks a character at a time, and
        // a large import waits for this before it reads a question).
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1))
            .collect();
        self.files.0.push(SourceFile {
            name: name.into(),
            text,
            line_starts,
        });
        self.files.0.len() - 1
    }

    pub fn name(&self, file: FileId) -> &str {
        self.files.0.get(file).map_or("<unknown>", |f| f.name.as_str())
    }

    pub fn text(&self, file: FileId) -> &str {
        self.files.0.get(file).map_or("", |f| f.text.as_str())
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
        let mut out = Visible(out);
        for diagnostic in diagnostics {
            let report = self.report(diagnostic);
            term::emit_to_write_style(&mut out, &config, &self.files, &report)
                .map_err(|e| io::Error::other(e.to_string()))?;
        }
        Ok(())
    }

    fn report(&self, diagnostic: &Diagnostic) -> Report<FileId> {
        let report = match diagnostic.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        };
        let mut labels = Vec::new();
        let mut notes = Vec::new();
        let places = std::iter::once((&diagnostic.location, diagnostic.label.as_deref(), true)).chain(
            diagnostic
                .related
                .iter()
                .map(|(location, note)| (location, Some(note.as_str()), false)),
        );
        for (location, message, primary) in places {
            match self.long_line_excerpt(location) {
                // Shown as a note: codespan would print the whole line, and a
                // hostile bank's one line can be megabytes long.
                Some(excerpt) => {
                    let (line, column) = self.line_column(location);
                    let name = self.name(location.file);
                    let message = message.map(|m| format!(": {m}")).unwrap_or_default();
                    notes.push(format!("at {name}:{line}:{column}{message}\n{excerpt}"));
                }
                None => {
                    let span = self.clamp(location);
                    let label = if primary {
                        Label::primary(location.file, span)
                    } else {
                        Label::secondary(location.file, span)
                    };
                    labels.push(match message {
                        Some(message) => label.with_message(message),
                        None => label,
                    });
                }
            }
        }
        notes.extend(diagnostic.hint.iter().map(|hint| format!("help: {hint}")));
        report
            .with_code(diagnostic.code)
            .with_message(&diagnostic.message)
            .with_labels(labels)
            .with_notes(notes)
    }

    /// Up to [`LONG_LINE`] bytes around `location`, if its line is longer
    /// than that; `None` for a line short enough to show whole.
    fn long_line_excerpt(&self, location: &Location) -> Option<String> {
        let text = self.text(location.file);
        let span = self.clamp(location);
        let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[span.start..]
            .find('\n')
            .map_or(text.len(), |i| span.start + i);
        if line_end - line_start <= LONG_LINE {
            return None;
        }
        let floor = |mut i: usize| {
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(span.start.saturating_sub(LONG_LINE / 4).max(line_start));
        let end = floor((start + LONG_LINE).min(line_end));
        let before = if start > line_start { "…" } else { "" };
        let after = if end < line_end { "…" } else { "" };
        Some(format!("  {before}{}{after}", &text[start..end]))
    }

    /// Keeps at most [`MAX_PER_LINE`] diagnostics for each line and says
    /// how many more there were: 2,000 identical choices on one line once
    /// printed 2,000 diagnostics, each with the whole line (30 MB).
    pub fn cap_per_line(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        // The line alone: its column would count the characters before it,
        // which on one long line makes this quadratic.
        let line_of = |d: &Diagnostic| {
            let index = self.files.line_index(d.location.file, d.location.span.start);
            (d.location.file, index.map_or(1, |i| i + 1))
        };
        // Nearly always no line has too many: that is found by sorting the
        // lines, which is cheaper than hashing each of them.
        let mut lines: Vec<(FileId, usize)> = diagnostics.iter().map(line_of).collect();
        lines.sort_unstable();
        if lines
            .chunk_by(|a, b| a == b)
            .all(|same| same.len() <= MAX_PER_LINE)
        {
            return diagnostics;
        }
        let mut total: HashMap<(FileId, usize), usize> = HashMap::new();
        for line in lines {
            *total.entry(line).or_default() += 1;
        }
        let mut shown: HashMap<(FileId, usize), usize> = HashMap::new();
        let mut kept = Vec::with_capacity(diagnostics.len().min(total.len() * (MAX_PER_LINE + 1)));
        for diagnostic in diagnostics {
            let line = line_of(&diagnostic);
            let count = shown.entry(line).or_default();
            *count += 1;
            if *count <= MAX_PER_LINE {
                kept.push(diagnostic);
            } else if *count == MAX_PER_LINE + 1 {
                let more = total[&line] - MAX_PER_LINE;
                let s = if more == 1 { "" } else { "s" };
                let location = Location {
                    file: diagnostic.location.file,
                    span: diagnostic.location.span.start..diagnostic.location.span.start,
                };
                kept.push(Diagnostic {
                    severity: diagnostic.severity,
                    ..Diagnostic::error(
                        "more-on-line",
                        format!(
                            "{more} more problem{s} on line {} (not shown), the next a `{}`",
                            line.1, diagnostic.code
                        ),
                        location,
                    )
                    .with_hint("fix the problems shown and check again")
                });
            }
        }
        kept
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

/// Diagnostics quote bank lines and bank text, which may hold an ESC or a
/// BEL: written raw they would restyle or ring the terminal. Every control
/// byte but tab and line breaks is shown as U+FFFD instead. Colours pass,
/// as they go through `set_color`, not `write`.
struct Visible<'a>(&'a mut dyn WriteColor);

impl io::Write for Visible<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let hostile = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f;
        // C1 controls are two bytes in UTF-8: 0xC2 then 0x80 to 0x9F.
        let c1 = |pair: &[u8]| pair[0] == 0xc2 && (0x80..0xa0).contains(&pair[1]);
        if !bytes.iter().any(|&b| hostile(b)) && !bytes.windows(2).any(c1) {
            self.0.write_all(bytes)?;
            return Ok(bytes.len());
        }
        let mut shown = Vec::with_capacity(bytes.len() + 8);
        let mut i = 0;
        while i < bytes.len() {
            if hostile(bytes[i]) {
                shown.extend_from_slice("\u{FFFD}".as_bytes());
                i += 1;
            } else if i + 1 < bytes.len() && c1(&bytes[i..i + 2]) {
                shown.extend_from_slice("\u{FFFD}".as_bytes());
                i += 2;
            } else {
                shown.push(bytes[i]);
                i += 1;
            }
        }
        self.0.write_all(&shown)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl WriteColor for Visible<'_> {
    fn supports_color(&self) -> bool {
        self.0.supports_color()
    }

    fn set_color(&mut self, spec: &codespan_reporting::term::termcolor::ColorSpec) -> io::Result<()> {
        self.0.set_color(spec)
    }

    fn reset(&mut self) -> io::Result<()> {
        self.0.reset()
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

#[cfg(test)]
mod tests {
    use super::{Diagnostic, Location, SourceMap};

    #[test]
    fn diagnostics_past_five_on_a_line_are_counted_not_shown() {
        let mut sources = SourceMap::default();
        let file = sources.add("bank.toml", "choices = [\"a\", \"a\"]\nanswer = \"a\"\n");
        let at = |start| Location {
            file,
            span: start..start + 1,
        };
        let mut diagnostics: Vec<Diagnostic> = (0..8)
            .map(|n| Diagnostic::error("duplicate-choice", format!("repeat {n}"), at(11)))
            .collect();
        diagnostics.push(Diagnostic::error("unknown-choice", "no such choice", at(23)));
        let kept = sources.cap_per_line(diagnostics);
        let messages: Vec<&str> = kept.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "repeat 0",
                "repeat 1",
                "repeat 2",
                "repeat 3",
                "repeat 4",
                "3 more problems on line 1 (not shown), the next a `duplicate-choice`",
                "no such choice"
            ]
        );
    }

    #[test]
    fn a_long_line_is_shown_as_an_excerpt_and_control_bytes_never_raw() {
        let mut sources = SourceMap::default();
        let line = format!("choices = [{}\"\u{1b}[2J\"]", "\"a\", ".repeat(100));
        let file = sources.add("bank.toml", line.clone());
        let start = line.find('\u{1b}').unwrap();
        let diagnostic = Diagnostic::error(
            "control-character",
            "this text holds \u{7} U+001B",
            Location {
                file,
                span: start..start + 1,
            },
        );
        let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
        sources.emit(&mut out, [&diagnostic]).unwrap();
        let shown = String::from_utf8(out.into_inner()).unwrap();
        assert!(shown.contains("at bank.toml:1:"), "{shown}");
        assert!(shown.contains('…'), "{shown}");
        assert!(shown.len() < line.len(), "{shown}");
        assert!(!shown.contains(['\u{1b}', '\u{7}']), "{shown:?}");
    }
}
