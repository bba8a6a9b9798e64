//! Progress records: what an attempt at a quiz leaves behind.
//!
//! Plain data shared by the session (which produces it), the store (which
//! keeps it) and the reports (which read it).

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::response::Response;

/// Row id of an attempt in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AttemptId(pub i64);

impl fmt::Display for AttemptId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Study shows feedback after each answer; exam only at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    Study,
    Exam,
}

/// How an attempt ended. An attempt is stored as `Abandoned` from its start
/// and only changed when it ends, so a killed process leaves it abandoned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Completed,
    TimedOut,
    Abandoned,
}

macro_rules! text_enum {
    ($type:ty { $($variant:path => $text:literal),+ $(,)? }) => {
        impl $type {
            pub fn as_str(self) -> &'static str {
                match self { $($variant => $text),+ }
            }
        }
        impl fmt::Display for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl FromStr for $type {
            type Err = String;
            fn from_str(text: &str) -> Result<Self, String> {
                match text {
                    $($text => Ok($variant),)+
                    other => Err(format!("unknown {} `{other}`", stringify!($type).to_lowercase())),
                }
            }
        }
    };
}

text_enum!(Mode { Mode::Study => "study", Mode::Exam => "exam" });
text_enum!(Status {
    Status::Completed => "completed",
    Status::TimedOut => "timed-out",
    Status::Abandoned => "abandoned",
});

/// A bank an attempt drew from, and a hash of its text, so a later reader
/// can tell whether the questions have changed since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankRef {
    pub id: String,
    pub hash: String,
}

/// An attempt as it is started: everything known before the first answer.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAttempt {
    pub learner: String,
    /// The exam this attempt answers, for exams graded from a response sheet.
    pub exam_id: Option<String>,
    pub mode: Mode,
    pub seed: u64,
    /// The selection options the quiz was assembled with, as JSON.
    pub selection: serde_json::Value,
    pub banks: Vec<BankRef>,
    pub started_at: DateTime<Utc>,
    pub time_limit_secs: Option<u64>,
    /// Percent needed to pass, 0 to 100.
    pub pass_mark: f64,
    /// Graded from a paper response sheet: its start and end are the
    /// grading's, so it has no time taken and no answer times.
    pub paper: bool,
    /// Shared: every learner graded from one exam sheet has the same slots.
    pub questions: Arc<[QuestionSlot]>,
}

/// A question of an attempt, before it is answered.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionSlot {
    pub question_id: String,
    pub topic: String,
    /// The order the choices (steps, match options) were shown in, as
    /// indices into the question's own list.
    pub choice_order: Vec<usize>,
    pub max_points: f64,
    /// A must-pass question: missing it fails the attempt.
    pub critical: bool,
    /// The question's revision when it was asked.
    pub revision: u32,
}

/// A learner's answer to the question at `position` (0-based) of an attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerRecord {
    pub position: usize,
    /// What the learner typed, in the answer notation (`A,C`, `T`, `1B 2A`, …).
    pub response: String,
    /// The same answer in terms of the question's own lists, as JSON, so it
    /// can be read without the choice order (item analysis counts choices).
    pub selected: Response,
    pub points: f64,
    pub answered_at: DateTime<Utc>,
}

/// An attempt known whole at once, as batch exam grading produces it: what
/// it started with, the answers given and how it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct GradedAttempt {
    pub attempt: NewAttempt,
    /// Answers by position; a question without one was not answered. A later
    /// answer to the same position replaces an earlier one.
    pub answers: Vec<AnswerRecord>,
    pub status: Status,
    pub finished_at: Option<DateTime<Utc>>,
}

/// A whole attempt as stored and read back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attempt {
    pub id: AttemptId,
    pub learner: String,
    pub exam_id: Option<String>,
    pub mode: Mode,
    pub seed: u64,
    pub selection: serde_json::Value,
    pub banks: Vec<BankRef>,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub time_limit_secs: Option<u64>,
    pub pass_mark: f64,
    pub status: Status,
    pub score: f64,
    pub max_score: f64,
    /// See [`NewAttempt::paper`].
    pub paper: bool,
    pub questions: Vec<QuestionRecord>,
    /// Grades this attempt had before its responses were corrected and
    /// graded again (exams only), oldest first.
    pub earlier_grades: Vec<EarlierGrade>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EarlierGrade {
    pub replaced_at: DateTime<Utc>,
    pub score: f64,
    pub max_score: f64,
}

impl Attempt {
    /// Score as a percentage of the maximum, 0 when there is nothing to score.
    pub fn percent(&self) -> f64 {
        percent(self.score, self.max_score)
    }

    /// The pass rule of [`crate::pass`]: the mark, and every critical question right.
    pub fn passed(&self) -> bool {
        crate::pass::passed(crate::pass::Outcome {
            status: Some(self.status),
            score: self.score,
            max_score: self.max_score,
            pass_mark: self.pass_mark,
            critical_missed: self.critical_missed().len(),
        })
    }

    /// The ids of the critical questions not earned in full, in the order asked.
    pub fn critical_missed(&self) -> Vec<String> {
        crate::pass::critical_missed(
            self.questions
                .iter()
                .map(|q| (q.question_id.as_str(), q.critical, q.points, q.max_points)),
        )
    }

    /// Time taken: `None` while unfinished, and for a paper attempt.
    pub fn duration(&self) -> Option<std::time::Duration> {
        duration(self.paper, self.started_at, self.finished_at)
    }
}

/// Time from start to finish; a paper attempt has none (its times are the
/// grading's), nor has one that has not finished.
pub fn duration(
    paper: bool,
    started_at: DateTime<Utc>,
    finished_at: Option<DateTime<Utc>>,
) -> Option<std::time::Duration> {
    finished_at
        .filter(|_| !paper)
        .map(|end| (end - started_at).to_std().unwrap_or_default())
}

/// What tells two spellings of one learner's name apart, or does not: case
/// (in any script) and runs of spaces are ignored, so "ana  pereira" and
/// "Ana Pereira" are one learner. People expect that of a name typed at a
/// prompt, on a sheet or in a browser.
pub fn learner_key(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sum of points. `Iterator::sum` of no floats is −0.0, which would
/// print as "-0" for an unanswered attempt; a total starts at +0.
pub fn total(points: impl IntoIterator<Item = f64>) -> f64 {
    points.into_iter().fold(0.0, |sum, p| sum + p)
}

pub fn percent(score: f64, max_score: f64) -> f64 {
    if max_score > 0.0 {
        100.0 * score / max_score
    } else {
        0.0
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionRecord {
    pub position: usize,
    pub question_id: String,
    pub topic: String,
    pub choice_order: Vec<usize>,
    /// `None` when the question was not answered (in time).
    pub response: Option<String>,
    pub selected: Option<Response>,
    pub points: f64,
    pub max_points: f64,
    pub answered_at: Option<DateTime<Utc>>,
    /// Whether it was a must-pass question when asked.
    pub critical: bool,
    /// The question's revision when it was asked.
    pub revision: u32,
}

impl QuestionRecord {
    /// Full points: what "correct" means for a question with partial credit.
    pub fn correct(&self) -> bool {
        self.max_points > 0.0 && (self.points - self.max_points).abs() < 1e-9
    }
}
