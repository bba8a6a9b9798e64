//! Generating an exam's versions: version A is exactly the quiz `take`
//! assembles with the same options and seed; the others reorder it, or
//! (with `distinct`) draw their own questions with the same spread.

use std::collections::HashSet;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::manifest::{ExamQuestion, MANIFEST_VERSION, Manifest, MustPass, SelectionRecord, Version};
use crate::assemble::{AssembleError, Candidate, Quiz, Selection, assemble, derived_seed, reshuffle};
use crate::bank::QuestionId;
use crate::record::BankRef;
use crate::response::letter;

#[derive(Debug, Clone, PartialEq)]
pub struct ExamSpec {
    pub title: String,
    pub selection: Selection,
    pub seed: u64,
    pub versions: usize,
    pub distinct: bool,
    pub time_limit_secs: Option<u64>,
    pub pass_mark: f64,
    pub date: NaiveDate,
}

/// The most versions an exam can have: they are named A to Z.
pub const MAX_VERSIONS: usize = 26;

pub fn generate(
    pool: &[Candidate<'_>],
    banks: Vec<BankRef>,
    spec: &ExamSpec,
) -> Result<Manifest, AssembleError> {
    // With --distinct every version takes --count questions of its own, so
    // "too few" is about the whole pool, whichever version ran short.
    let too_few = |error: AssembleError, drawn: usize| match error {
        AssembleError::NotEnough {
            available, selection, ..
        } if spec.distinct => {
            let matching = available + drawn;
            AssembleError::NotEnough {
                wanted: spec.selection.count * spec.versions,
                available: matching,
                selection: format!("{selection} (--distinct draws different questions for every version)"),
                most: matching / spec.versions,
            }
        }
        other => other,
    };
    let first = assemble(pool, &spec.selection, spec.seed).map_err(|error| too_few(error, 0))?;
    let mut quizzes = vec![first];
    let mut used: HashSet<QuestionId> = HashSet::new();
    for index in 1..spec.versions {
        let seed = derived_seed(spec.seed, index as u64);
        let quiz = if spec.distinct {
            used.extend(
                quizzes
                    .iter()
                    .flat_map(|q| &q.items)
                    .map(|i| i.question.meta.id.clone()),
            );
            let remaining: Vec<Candidate<'_>> = pool
                .iter()
                .copied()
                .filter(|c| !used.contains(&c.question.meta.id))
                .collect();
            assemble(&remaining, &spec.selection, seed)
                .map_err(|error| too_few(error, spec.selection.count * index))?
        } else {
            reshuffle(&quizzes[0], seed)
        };
        quizzes.push(quiz);
    }
    let versions: Vec<Version> = quizzes
        .iter()
        .enumerate()
        .map(|(index, quiz)| Version {
            name: letter(index).to_string(),
            questions: exam_questions(quiz),
        })
        .collect();
    let selection = SelectionRecord {
        topics: spec.selection.topics.clone(),
        tags: spec.selection.tags.clone(),
        difficulties: spec.selection.difficulties.clone(),
    };
    let exam_id = exam_id(spec, &banks, &versions);
    let mut critical: Vec<String> = versions
        .iter()
        .flat_map(|v| &v.questions)
        .filter(|q| q.question.meta.critical)
        .map(|q| q.question.meta.id.0.clone())
        .collect();
    critical.sort();
    critical.dedup();
    let must_pass = (!critical.is_empty()).then(|| MustPass {
        rule: crate::pass::CRITICAL_RULE.to_owned(),
        questions: critical,
    });
    Ok(Manifest {
        format_version: MANIFEST_VERSION,
        exam_id,
        title: spec.title.clone(),
        date: spec.date,
        seed: spec.seed,
        count: spec.selection.count,
        distinct: spec.distinct,
        time_limit_secs: spec.time_limit_secs,
        pass_mark: spec.pass_mark,
        must_pass,
        selection,
        banks,
        versions,
    })
}

fn exam_questions(quiz: &Quiz) -> Vec<ExamQuestion> {
    quiz.items
        .iter()
        .enumerate()
        .map(|(index, item)| ExamQuestion {
            number: index + 1,
            bank: item.bank_id.clone(),
            order: item.order.clone(),
            question: item.question.clone(),
            scenario: item.scenario.clone(),
        })
        .collect()
}

/// A hash of what makes the exam this exam: title, options, banks and the
/// questions of every version in order. Not the date, so regenerating an
/// exam on another day keeps its id (and its learners' records).
fn exam_id(spec: &ExamSpec, banks: &[BankRef], versions: &[Version]) -> String {
    let mut hasher = Sha256::new();
    let mut feed = |part: &str| {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    };
    feed(&spec.title);
    feed(&spec.seed.to_string());
    feed(&serde_json::to_string(&spec.selection).unwrap_or_default());
    feed(&format!(
        "{}/{:?}/{}",
        spec.distinct, spec.time_limit_secs, spec.pass_mark
    ));
    for bank in banks {
        feed(&bank.id);
        feed(&bank.hash);
    }
    for version in versions {
        for question in &version.questions {
            feed(&question.question.meta.id.0);
            feed(&format!("{:?}", question.order));
        }
    }
    let digest = crate::text::hex(&hasher.finalize());
    format!("exam-{}", &digest[..12])
}
