//! Grading a class's response sheet against the exam manifest.
//!
//! The sheet is CSV with the header `learner,version,1,2,…,N`; each cell is
//! an answer in the learner notation (case and surrounding space ignored,
//! blank = unanswered). Every problem is reported with its line and column;
//! which rows are saved is the caller's decision.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::io::Read;
use std::rc::Rc;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::manifest::{Manifest, Version};
use crate::assemble::QuizItem;
use crate::grade::grade;
use crate::record::{AnswerRecord, GradedAttempt, Mode, NewAttempt, QuestionSlot, Status, percent, total};
use crate::response;
use crate::text::{NAME_LIMIT, strip_controls};

/// A problem with one row (and, where it lies in one cell, its column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    /// 1-based line in the file.
    pub line: u64,
    /// 1-based column, with its header name.
    pub column: Option<(usize, String)>,
    pub reason: String,
}

impl fmt::Display for BadRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some((number, name)) => {
                write!(f, "line {}, column {number} ({name}): {}", self.line, self.reason)
            }
            None => write!(f, "line {}: {}", self.line, self.reason),
        }
    }
}

/// A problem with the sheet as a whole: nothing in it can be graded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetError(pub String);

impl fmt::Display for SheetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SheetError {}

/// A row that graded cleanly.
#[derive(Debug, Clone, PartialEq)]
pub struct GradedRow {
    pub line: u64,
    pub version: String,
    pub attempt: GradedAttempt,
}

impl GradedRow {
    /// The responses by position as stored (notation), `None` for blanks.
    pub fn responses(&self) -> Vec<Option<&str>> {
        let mut responses = vec![None; self.attempt.attempt.questions.len()];
        for answer in &self.attempt.answers {
            responses[answer.position] = Some(answer.response.as_str());
        }
        responses
    }

    pub fn score(&self) -> f64 {
        total(self.attempt.answers.iter().map(|a| a.points))
    }

    pub fn max_score(&self) -> f64 {
        total(self.attempt.attempt.questions.iter().map(|q| q.max_points))
    }

    /// The must-pass questions this learner did not earn in full.
    pub fn critical_missed(&self) -> Vec<String> {
        let mut points = vec![0.0; self.attempt.attempt.questions.len()];
        for answer in &self.attempt.answers {
            points[answer.position] = answer.points;
        }
        crate::pass::critical_missed(
            self.attempt
                .attempt
                .questions
                .iter()
                .zip(points)
                .map(|(slot, got)| (slot.question_id.as_str(), slot.critical, got, slot.max_points)),
        )
    }

    /// The pass rule of [`crate::pass`].
    pub fn passed(&self, pass_mark: f64) -> bool {
        crate::pass::passed(crate::pass::Outcome {
            status: Some(self.attempt.status),
            score: self.score(),
            max_score: self.max_score(),
            pass_mark,
            critical_missed: self.critical_missed().len(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct GradedSheet {
    pub rows: Vec<GradedRow>,
    pub bad: Vec<BadRow>,
}

impl GradedSheet {
    /// Lines with at least one problem.
    pub fn bad_lines(&self) -> Vec<u64> {
        let mut lines: Vec<u64> = self.bad.iter().map(|b| b.line).collect();
        lines.dedup();
        lines
    }
}

/// A version's questions as quiz items, made once for the whole sheet.
struct VersionKey<'a> {
    version: &'a Version,
    items: Vec<QuizItem>,
    slots: Arc<[QuestionSlot]>,
}

/// The line an editor shows for a byte offset. The csv crate's own line
/// count is one short per row on a sheet with CRLF line ends (spreadsheets
/// write them), so lines are counted here from the bytes read: the offsets
/// of line feeds not yet passed, which stay as few as the reader's buffer.
#[derive(Default)]
struct LineEnds {
    pending: VecDeque<u64>,
    passed: u64,
    /// Where the row being read begins, and whether it ran past
    /// [`MAX_ROW_BYTES`] (the read then failed).
    row_start: u64,
    too_long: bool,
}

/// The longest row a sheet may have: a row of 500 answers of 2,000
/// characters is a quarter of it. A quote left open makes the rest of the
/// file one row, which the CSV reader would hold whole (a 1 GB row took
/// 3.7 GB, 100 MB of line ends in one quoted cell 1.5 GB).
const MAX_ROW_BYTES: u64 = 4 << 20;

impl LineEnds {
    /// Offsets must not decrease from call to call, as records' do. On a
    /// CRLF sheet the csv crate starts a record at the previous line's line
    /// feed (it ends records at the `\r`), so a line feed at the offset
    /// itself is counted as passed.
    fn line_at(&mut self, offset: u64) -> u64 {
        while self.pending.front().is_some_and(|&end| end <= offset) {
            self.pending.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }
}

/// A reader that notes where each line feed is as the bytes go by.
struct CountingLines<R> {
    inner: R,
    read: u64,
    line_ends: Rc<RefCell<LineEnds>>,
}

impl<R: Read> Read for CountingLines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        {
            let mut ends = self.line_ends.borrow_mut();
            if self.read - ends.row_start > MAX_ROW_BYTES {
                ends.too_long = true;
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "a row is too long",
                ));
            }
        }
        let n = self.inner.read(buf)?;
        let mut ends = self.line_ends.borrow_mut();
        for (i, _) in buf[..n].iter().enumerate().filter(|(_, b)| **b == b'\n') {
            ends.pending.push_back(self.read + i as u64);
        }
        self.read += n as u64;
        Ok(n)
    }
}

/// Grades every row of the sheet. `progress` is told how many bytes have
/// been read, for a progress bar on long sheets.
pub fn grade_sheet(
    sheet: impl Read,
    manifest: &Manifest,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u64),
) -> Result<GradedSheet, SheetError> {
    let line_ends = Rc::new(RefCell::new(LineEnds::default()));
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(CountingLines {
            inner: sheet,
            read: 0,
            line_ends: Rc::clone(&line_ends),
        });
    let header = match reader.byte_headers() {
        Ok(header) => header.clone(),
        Err(_) if line_ends.borrow().too_long => return Err(too_long(&line_ends)),
        Err(error) => return Err(SheetError(format!("cannot read the sheet as CSV: {error}"))),
    };
    let columns = check_header(&header, manifest.count)?;

    let keys: Vec<VersionKey<'_>> = manifest
        .versions
        .iter()
        .map(|version| {
            let items: Vec<QuizItem> = version.questions.iter().map(|q| q.item()).collect();
            let slots = items.iter().map(QuizItem::slot).collect();
            VersionKey {
                version,
                items,
                slots,
            }
        })
        .collect();
    let selection = serde_json::to_value(&manifest.selection).unwrap_or_default();

    let mut sheet = GradedSheet::default();
    let mut first_line_of: HashMap<String, u64> = HashMap::new();
    let mut record = csv::ByteRecord::new();
    loop {
        line_ends.borrow_mut().row_start = reader.position().byte();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(_) if line_ends.borrow().too_long => return Err(too_long(&line_ends)),
            Err(error) => {
                let line = error
                    .position()
                    .map_or(0, |p| line_ends.borrow_mut().line_at(p.byte()));
                return Err(SheetError(format!(
                    "line {line}: the sheet is not valid CSV: {error}"
                )));
            }
        }
        let line = record
            .position()
            .map_or(0, |p| line_ends.borrow_mut().line_at(p.byte()));
        progress(record.position().map_or(0, csv::Position::byte));
        let bad_before = sheet.bad.len();
        let bad = |column: Option<usize>, reason: String| BadRow {
            line,
            column: column.map(|c| (c + 1, columns[c].clone())),
            reason,
        };
        if record.len() != columns.len() {
            sheet.bad.push(bad(
                None,
                format!("has {} columns; the header has {}", record.len(), columns.len()),
            ));
            continue;
        }
        let mut cells = Vec::with_capacity(record.len());
        for (column, field) in record.iter().enumerate() {
            match std::str::from_utf8(field) {
                Ok(text) => cells.push(text.trim()),
                Err(_) => {
                    sheet.bad.push(bad(
                        Some(column),
                        "is not valid UTF-8 text; save the sheet as UTF-8".into(),
                    ));
                    cells.push("");
                }
            }
        }
        if sheet.bad.len() > bad_before {
            continue;
        }
        // A control character in a name would reach terminals and reports.
        let learner = &strip_controls(cells[0]);
        let length = learner.chars().count();
        if learner.is_empty() {
            sheet.bad.push(bad(Some(0), "no learner name".into()));
        } else if length > NAME_LIMIT {
            sheet.bad.push(bad(
                Some(0),
                format!(
                    "the learner name is {length} characters long, more than {NAME_LIMIT}: is a quote left open on this line?"
                ),
            ));
        } else if let Some(first) = first_line_of.get(&learner.to_lowercase()) {
            sheet.bad.push(bad(
                Some(0),
                format!("learner `{learner}` is also on line {first}"),
            ));
        } else {
            first_line_of.insert(learner.to_lowercase(), line);
        }
        let Some(key) = keys
            .iter()
            .find(|k| k.version.name.eq_ignore_ascii_case(cells[1]))
        else {
            let names: Vec<&str> = keys.iter().map(|k| k.version.name.as_str()).collect();
            sheet.bad.push(bad(
                Some(1),
                format!(
                    "unknown version `{}`; this exam has version {}",
                    cells[1],
                    names.join(", ")
                ),
            ));
            continue;
        };

        let mut answers = Vec::with_capacity(key.items.len());
        for (position, item) in key.items.iter().enumerate() {
            let cell = cells[2 + position];
            match response::parse(item, cell) {
                Ok(None) => {}
                Ok(Some(response)) => answers.push(AnswerRecord {
                    position,
                    points: grade(&item.question, &response),
                    response: response::notation(item, &response),
                    selected: response,
                    answered_at: now,
                }),
                Err(problem) => {
                    sheet.bad.push(bad(Some(2 + position), problem.to_string()));
                }
            }
        }
        if sheet.bad.len() > bad_before {
            continue;
        }
        sheet.rows.push(GradedRow {
            line,
            version: key.version.name.clone(),
            attempt: GradedAttempt {
                attempt: NewAttempt {
                    learner: learner.to_owned(),
                    exam_id: Some(manifest.exam_id.clone()),
                    mode: Mode::Exam,
                    seed: manifest.seed,
                    selection: exam_selection(&selection, &manifest.title, &key.version.name),
                    banks: manifest.banks.clone(),
                    started_at: now,
                    time_limit_secs: manifest.time_limit_secs,
                    pass_mark: manifest.pass_mark,
                    paper: true,
                    questions: key.slots.clone(),
                },
                answers,
                status: Status::Completed,
                finished_at: Some(now),
            },
        });
    }
    Ok(sheet)
}

/// The row that ran past [`MAX_ROW_BYTES`], by the line it begins on.
fn too_long(line_ends: &RefCell<LineEnds>) -> SheetError {
    let mut ends = line_ends.borrow_mut();
    let start = ends.row_start;
    let line = ends.line_at(start);
    SheetError(format!(
        "line {line}: this row is longer than {} MB, far more than any response sheet's: is a quote left open?",
        MAX_ROW_BYTES >> 20
    ))
}

/// The exam's selection with its title and the learner's version, which
/// reports show beside the exam id (`exam.title`, `exam.version`).
fn exam_selection(selection: &serde_json::Value, title: &str, version: &str) -> serde_json::Value {
    let mut selection = selection.clone();
    if let Some(object) = selection.as_object_mut() {
        object.insert(
            "exam".to_owned(),
            serde_json::json!({ "title": title, "version": version }),
        );
    }
    selection
}

/// The header must be `learner,version,1,…,N`; returns the column names.
fn check_header(header: &csv::ByteRecord, count: usize) -> Result<Vec<String>, SheetError> {
    // UTF-16 (Excel's "Unicode Text") writes a NUL beside every ASCII
    // letter: the header would otherwise be shown as `l e a r n e r`.
    let raw = header.as_slice();
    let nuls = raw.iter().filter(|&&b| b == 0).count();
    if raw.starts_with(&[0xff, 0xfe]) || raw.starts_with(&[0xfe, 0xff]) || (nuls > 0 && nuls * 3 >= raw.len())
    {
        return Err(SheetError(
            "line 1: the sheet is UTF-16 text, not UTF-8; save it as \"CSV UTF-8\"".into(),
        ));
    }
    // Shown in the message below: no control character reaches the terminal.
    let names: Vec<String> = header
        .iter()
        .map(|f| strip_controls(&String::from_utf8_lossy(f)))
        .collect();
    let expected: Vec<String> = ["learner".to_owned(), "version".to_owned()]
        .into_iter()
        .chain((1..=count).map(|n| n.to_string()))
        .collect();
    let matches = names.len() == expected.len()
        && names
            .iter()
            .zip(&expected)
            .all(|(n, e)| n.eq_ignore_ascii_case(e));
    if !matches {
        let shown = if names.len() > 8 {
            format!("{},…", names[..8].join(","))
        } else {
            names.join(",")
        };
        return Err(SheetError(format!(
            "line 1: the header must be learner,version,1,…,{count} (this exam has {count} questions); found `{shown}`"
        )));
    }
    Ok(names)
}

/// The class at a glance.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassSummary {
    pub learners: usize,
    pub mean: f64,
    pub median: f64,
    pub min: f64,
    pub max: f64,
    /// Share of learners who passed (the mark, and every must-pass
    /// question right), 0 to 1.
    pub pass_rate: f64,
    /// The must-pass questions missed: (question id, learners who missed
    /// it), most missed first.
    pub critical_missed: Vec<(String, usize)>,
    /// Learners at or above the pass mark who failed on a must-pass question.
    pub failed_on_critical: usize,
    /// The most-missed questions: (question id, prompt, learners who missed it).
    pub most_missed: Vec<(String, String, usize)>,
}

pub fn summarise(rows: &[GradedRow], manifest: &Manifest) -> Option<ClassSummary> {
    if rows.is_empty() {
        return None;
    }
    let mut percents: Vec<f64> = rows.iter().map(|r| percent(r.score(), r.max_score())).collect();
    percents.sort_by(f64::total_cmp);
    let n = percents.len();
    let median = if n % 2 == 1 {
        percents[n / 2]
    } else {
        f64::midpoint(percents[n / 2 - 1], percents[n / 2])
    };
    let passed = rows.iter().filter(|r| r.passed(manifest.pass_mark)).count();
    let mut critical: HashMap<String, usize> = HashMap::new();
    let mut failed_on_critical = 0;
    for row in rows {
        let missed = row.critical_missed();
        if !missed.is_empty() && percent(row.score(), row.max_score()) + 1e-9 >= manifest.pass_mark {
            failed_on_critical += 1;
        }
        for id in missed {
            *critical.entry(id).or_default() += 1;
        }
    }
    let mut critical_missed: Vec<(String, usize)> = critical.into_iter().collect();
    critical_missed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));

    let mut missed: HashMap<&str, usize> = HashMap::new();
    for row in rows {
        let mut points = vec![0.0; row.attempt.attempt.questions.len()];
        for answer in &row.attempt.answers {
            points[answer.position] = answer.points;
        }
        for (slot, got) in row.attempt.attempt.questions.iter().zip(points) {
            if got + 1e-9 < slot.max_points {
                *missed.entry(slot.question_id.as_str()).or_default() += 1;
            }
        }
    }
    let mut most_missed: Vec<(&str, usize)> = missed.into_iter().collect();
    most_missed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let prompt_of = |id: &str| {
        manifest
            .versions
            .iter()
            .flat_map(|v| &v.questions)
            .find(|q| q.question.meta.id.0 == id)
            .map_or(String::new(), |q| q.question.meta.prompt.clone())
    };
    Some(ClassSummary {
        learners: n,
        mean: total(percents.iter().copied()) / n as f64,
        median,
        min: percents[0],
        max: percents[n - 1],
        pass_rate: passed as f64 / n as f64,
        critical_missed,
        failed_on_critical,
        most_missed: most_missed
            .into_iter()
            .take(3)
            .map(|(id, count)| (id.to_owned(), prompt_of(id), count))
            .collect(),
    })
}
