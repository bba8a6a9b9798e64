//! Import diagnostics a person can read: repeated warnings of one kind are
//! shown once with a count and the first few places, rendered into one
//! buffer and written at once.

use std::collections::HashMap;
use std::io::{self, Write};

use codespan_reporting::term::termcolor::{Buffer, WriteColor};

use crate::diagnostic::{Diagnostic, Severity, SourceMap};

/// How many further places a summarised kind lists after its first warning.
const PLACES_SHOWN: usize = 5;

/// Writes `diagnostics` to `out`. Errors, and warnings whose code `always`
/// accepts (skipped questions), are each written in full; other warnings are
/// grouped by code and message (less the question's id), the first of a
/// group written in full and the rest counted with their first places,
/// unless `verbose`.
pub fn emit(
    sources: &SourceMap,
    out: &mut dyn WriteColor,
    diagnostics: &[Diagnostic],
    verbose: bool,
    always: &dyn Fn(&Diagnostic) -> bool,
) -> io::Result<()> {
    // A 10,000-question import can print thousands of lines: one buffer,
    // one write, instead of a system call per fragment.
    let mut buffer = if out.supports_color() {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    if verbose {
        sources.emit(&mut buffer, diagnostics)?;
    } else {
        let mut groups: Vec<Vec<&Diagnostic>> = Vec::new();
        let mut index: HashMap<(&str, &str), usize> = HashMap::new();
        // Warnings of a kind come in runs (a category's questions): the
        // last group is tried before the index.
        let mut last: Option<((&str, &str), usize)> = None;
        for diagnostic in diagnostics {
            if diagnostic.severity == Severity::Error || always(diagnostic) {
                groups.push(vec![diagnostic]);
                continue;
            }
            let key = (diagnostic.code, kind(&diagnostic.message));
            let at = match last {
                Some((previous, at)) if previous == key => Some(at),
                _ => index.get(&key).copied(),
            };
            match at {
                Some(at) => {
                    groups[at].push(diagnostic);
                    last = Some((key, at));
                }
                None => {
                    index.insert(key, groups.len());
                    last = Some((key, groups.len()));
                    groups.push(vec![diagnostic]);
                }
            }
        }
        for group in groups {
            sources.emit(&mut buffer, group[..1].iter().copied())?;
            if group.len() > 1 {
                summarise(sources, &mut buffer, &group[1..])?;
            }
        }
    }
    out.write_all(buffer.as_slice())?;
    out.flush()
}

/// What a warning says, without what differs from question to question:
/// the leading "question `id`: " and the particulars after the next ": "
/// (which image, which placeholders).
fn kind(message: &str) -> &str {
    let said = message
        .strip_prefix("question `")
        .and_then(|rest| find(rest, b"`: ").map(|at| &rest[at + 3..]))
        .unwrap_or(message);
    find(said, b": ").map_or(said, |at| &said[..at])
}

/// Where `needle` (ASCII) first is in `text`: `str::find` with a string
/// sets up a searcher each time, which for every one of ten thousand
/// warnings cost more than the search.
fn find(text: &str, needle: &[u8]) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(needle[0], bytes).find(|&at| bytes[at..].starts_with(needle))
}

fn summarise(sources: &SourceMap, out: &mut Buffer, rest: &[&Diagnostic]) -> io::Result<()> {
    let places: Vec<String> = rest
        .iter()
        .take(PLACES_SHOWN)
        .map(|d| {
            let (line, column) = sources.line_column(&d.location);
            format!("{}:{line}:{column}", sources.name(d.location.file))
        })
        .collect();
    let more = rest.len() - places.len();
    writeln!(
        out,
        "  = {} more warning{} of this kind [{}], at {}{}; pass --verbose to list each\n",
        rest.len(),
        if rest.len() == 1 { "" } else { "s" },
        rest[0].code,
        places.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::{emit, kind};
    use crate::diagnostic::{Diagnostic, Location, Severity, SourceMap};
    use codespan_reporting::term::termcolor::NoColor;

    fn warning(code: &'static str, message: &str, span: std::ops::Range<usize>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, Location { file: 0, span })
        }
    }

    #[test]
    fn a_kind_ignores_the_question_id() {
        assert_eq!(kind("question `a-1`: no explanation"), "no explanation");
        assert_eq!(
            kind("question `a-1`: an image was dropped: x.png"),
            "an image was dropped"
        );
        assert_eq!(kind("essay skipped"), "essay skipped");
    }

    #[test]
    fn repeated_warnings_are_counted_with_their_first_places() {
        let mut sources = SourceMap::default();
        let text: String = (0..10).map(|i| format!("q{i}\n")).collect();
        sources.add("a.gift", text);
        let diagnostics: Vec<Diagnostic> = (0..10)
            .map(|i| {
                warning(
                    "import-changed",
                    &format!("question `q{i}`: no explanation"),
                    i * 3..i * 3 + 2,
                )
            })
            .chain([warning("import-skipped", "essay skipped", 0..1)])
            .collect();
        let mut out = NoColor::new(Vec::new());
        emit(&sources, &mut out, &diagnostics, false, &|d| {
            d.code == "import-skipped"
        })
        .unwrap();
        let text = String::from_utf8(out.into_inner()).unwrap();
        assert_eq!(text.matches("no explanation").count(), 1, "{text}");
        assert!(
            text.contains("= 9 more warnings of this kind [import-changed], at a.gift:2:1, a.gift:3:1, a.gift:4:1, a.gift:5:1, a.gift:6:1 and 4 more"),
            "{text}"
        );
        assert!(text.contains("essay skipped"), "{text}");

        let mut out = NoColor::new(Vec::new());
        emit(&sources, &mut out, &diagnostics, true, &|_| false).unwrap();
        let text = String::from_utf8(out.into_inner()).unwrap();
        assert_eq!(text.matches("no explanation").count(), 10, "{text}");
    }
}
