//! The rules a manifest must follow before it is graded against: an
//! instructor may edit `exam.toml` by hand, and an order index of 99 or a
//! key that is no choice must be refused, not graded (or panic).
//!
//! Pure: a manifest in, the problems with where they are out; the command
//! turns each place into a line and column.

use std::collections::HashSet;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::manifest::{ExamQuestion, Manifest};
use crate::bank::Answer;
use crate::bank::check::{Field, SLUG_LIMIT, check_question, is_slug};

/// Where in the manifest a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A top-level key.
    Key(&'static str),
    /// The version at this index in `versions`, as a whole or one of its keys.
    Version(usize, Option<&'static str>),
    /// A question of a version: its `order`, `number`, …
    Question {
        version: usize,
        question: usize,
        key: &'static str,
    },
    /// A field of a question's copy of the bank question.
    Content {
        version: usize,
        question: usize,
        field: Field,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ManifestProblem {
    pub code: &'static str,
    pub message: String,
    pub place: Place,
}

/// Every problem in `manifest`, in file order.
pub fn validate(manifest: &Manifest) -> Vec<ManifestProblem> {
    let mut problems = Vec::new();
    let mut problem = |code, place, message: String| {
        problems.push(ManifestProblem { code, message, place });
    };
    if !(manifest.pass_mark.is_finite() && (0.0..=100.0).contains(&manifest.pass_mark)) {
        problem(
            "invalid-pass-mark",
            Place::Key("pass_mark"),
            format!(
                "`pass_mark = {}` must be a percent from 0 to 100",
                manifest.pass_mark
            ),
        );
    }
    // Generated ids are `exam-` and twelve hex digits; an edited one is a
    // key of the store's indexes (PostgreSQL caps an entry at about 2.7 KB)
    // and is printed in reports.
    if !is_slug(&manifest.exam_id) {
        problem(
            "invalid-exam-id",
            Place::Key("exam_id"),
            format!(
                "`exam_id` must be a slug of at most {SLUG_LIMIT} characters, such as the generated `exam-3f9a1c2b7d4e`"
            ),
        );
    }
    if manifest.versions.is_empty() {
        problem(
            "no-versions",
            Place::Key("versions"),
            "the exam has no versions".into(),
        );
    }
    let mut names = HashSet::new();
    for (v, version) in manifest.versions.iter().enumerate() {
        if !names.insert(version.name.to_ascii_uppercase()) {
            problem(
                "duplicate-version",
                Place::Version(v, Some("name")),
                format!("version `{}` appears twice", version.name),
            );
        }
        if version.questions.len() != manifest.count {
            problem(
                "question-count",
                Place::Version(v, None),
                format!(
                    "version `{}` has {} questions, but `count = {}`",
                    version.name,
                    version.questions.len(),
                    manifest.count
                ),
            );
        }
        for (q, question) in version.questions.iter().enumerate() {
            let at = |key| Place::Question {
                version: v,
                question: q,
                key,
            };
            if question.number != q + 1 {
                problem(
                    "question-number",
                    at("number"),
                    format!("question {} is numbered {}", q + 1, question.number),
                );
            }
            if let Some(message) = order_problem(question) {
                problem("invalid-order", at("order"), message);
            }
            for found in check_question(&question.question) {
                problem(
                    found.code,
                    Place::Content {
                        version: v,
                        question: q,
                        field: found.field,
                    },
                    format!("question {}: {}", question.number, found.message),
                );
            }
        }
    }
    problems
}

/// The order must show each item of the lettered list once.
fn order_problem(question: &ExamQuestion) -> Option<String> {
    let items = match &question.question.answer {
        Answer::Single(q) => q.choices.len(),
        Answer::Multiple(q) => q.choices.len(),
        Answer::Order(q) => q.steps.len(),
        Answer::Match(q) => q.options().len(),
        Answer::TrueFalse(_) | Answer::Short(_) | Answer::Numeric(_) => 0,
    };
    let order = &question.order;
    if items == 0 {
        return (!order.is_empty()).then(|| {
            format!(
                "question {}: this type of question has no lettered list, so `order` must be empty",
                question.number
            )
        });
    }
    if let Some(bad) = order.iter().find(|&&i| i >= items) {
        return Some(format!(
            "question {}: `order` names item {bad}, but the list has {items} (0 to {})",
            question.number,
            items.saturating_sub(1)
        ));
    }
    let distinct: HashSet<usize> = order.iter().copied().collect();
    if order.len() != items || distinct.len() != items {
        return Some(format!(
            "question {}: `order` must name each of the {items} items once, from 0 to {}",
            question.number,
            items.saturating_sub(1)
        ));
    }
    None
}

/// Where `place` is written in the manifest's text: the value itself, or
/// the nearest part around it that is there.
pub fn locate(text: &str, place: &Place) -> Range<usize> {
    let Ok(document) = DeTable::parse(text) else {
        return 0..0;
    };
    let root = document.get_ref();
    let mut found = 0..0;
    match place {
        Place::Key(key) => {
            mark(&mut found, root.get(*key));
        }
        Place::Version(v, key) => {
            let version = mark(&mut found, root.get("versions").and_then(|vs| item(vs, *v)));
            if let Some(key) = key {
                mark(&mut found, version.and_then(|v| v.get_ref().get(*key)));
            }
        }
        Place::Question {
            version,
            question,
            key,
        } => {
            let question = question_at(root, *version, *question, &mut found);
            mark(&mut found, question.and_then(|q| q.get_ref().get(*key)));
        }
        Place::Content {
            version,
            question,
            field,
        } => {
            let question = question_at(root, *version, *question, &mut found);
            let content = mark(&mut found, question.and_then(|q| q.get_ref().get("question")));
            let table = content.map(Spanned::get_ref);
            match field {
                Field::Whole => {
                    mark(&mut found, table.and_then(|t| t.get("id")));
                }
                Field::Key(key) => {
                    mark(&mut found, table.and_then(|t| t.get(*key)));
                }
                Field::Item(key, index) => {
                    let list = mark(&mut found, table.and_then(|t| t.get(*key)));
                    mark(&mut found, list.and_then(|l| item(l, *index)));
                }
                Field::MapKey(key, name) => {
                    let map = mark(&mut found, table.and_then(|t| t.get(*key)));
                    if let Some(DeValue::Table(entries)) = map.map(Spanned::get_ref)
                        && let Some((key, _)) = entries.iter().find(|(k, _)| k.get_ref() == name)
                    {
                        found = key.span();
                    }
                }
                Field::Allow(_) => {
                    mark(&mut found, table.and_then(|t| t.get("lint")));
                }
            }
        }
    }
    found
}

/// Question `q` of version `v`, marking the nearest part found on the way.
fn question_at<'a, 'i>(
    root: &'a DeTable<'i>,
    v: usize,
    q: usize,
    found: &mut Range<usize>,
) -> Option<&'a Spanned<DeValue<'i>>> {
    let version = mark(found, root.get("versions").and_then(|vs| item(vs, v)));
    mark(
        found,
        version
            .and_then(|v| v.get_ref().get("questions"))
            .and_then(|qs| item(qs, q)),
    )
}

fn item<'a, 'i>(value: &'a Spanned<DeValue<'i>>, index: usize) -> Option<&'a Spanned<DeValue<'i>>> {
    value.get_ref().as_array().and_then(|items| items.get(index))
}

/// Keeps the span of `value`, if it is there, as the nearest place found.
fn mark<'a, 'i>(
    found: &mut Range<usize>,
    value: Option<&'a Spanned<DeValue<'i>>>,
) -> Option<&'a Spanned<DeValue<'i>>> {
    if let Some(value) = value {
        *found = value.span();
    }
    value
}
