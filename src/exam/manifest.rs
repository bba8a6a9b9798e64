//! The exam manifest (`exam.toml`): everything needed to print, key and
//! grade an exam, including a full copy of each question as used, so an
//! exam can be regraded after its banks have changed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::assemble::QuizItem;
use crate::bank::{Difficulty, Question, Scenario};
use crate::record::BankRef;

/// The newest manifest format this build reads.
pub const MANIFEST_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format_version: u32,
    /// Derived from the exam's content and options: the same exam generated
    /// twice has the same id.
    pub exam_id: String,
    pub title: String,
    pub date: NaiveDate,
    /// The seed version A was assembled with (as `aidquiz take --seed`).
    pub seed: u64,
    pub count: usize,
    /// Whether each version draws its own questions.
    pub distinct: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit_secs: Option<u64>,
    pub pass_mark: f64,
    /// The pass rule beyond the mark, when any question is a must-pass
    /// one: every question marked critical must be earned in full.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub must_pass: Option<MustPass>,
    pub selection: SelectionRecord,
    pub banks: Vec<BankRef>,
    pub versions: Vec<Version>,
}

/// The must-pass rule as an exam records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MustPass {
    /// As printed on the papers.
    pub rule: String,
    /// The must-pass questions of every version, by id, sorted.
    pub questions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectionRecord {
    pub topics: Vec<String>,
    pub tags: Vec<String>,
    pub difficulties: Vec<Difficulty>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    /// `A`, `B`, …
    pub name: String,
    pub questions: Vec<ExamQuestion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamQuestion {
    /// 1-based, as printed.
    pub number: usize,
    pub bank: String,
    /// The order the lettered list is printed in (see [`QuizItem::order`]).
    pub order: Vec<usize>,
    pub question: Question,
    /// The case the question asks about, as it was printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<Scenario>,
}

impl ExamQuestion {
    pub fn item(&self) -> QuizItem {
        QuizItem {
            bank_id: self.bank.clone(),
            question: self.question.clone(),
            order: self.order.clone(),
            scenario: self.scenario.clone(),
        }
    }
}
