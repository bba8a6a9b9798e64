//! The lock file: a fingerprint of each question's graded content, kept
//! beside the banks (as `Cargo.lock` is beside a crate) so that `check`
//! notices a changed key, choice or number that came without a `revision`
//! bump.
//!
//! Pure: fingerprints are computed from questions, the lock is parsed from
//! and rendered to text, and comparing or updating it returns values. The
//! file itself is read in `source.rs` and written by `aidquiz lock`.

use std::collections::BTreeMap;
use std::fmt;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::model::{Answer, Question, Scenario};

/// The lock file's name, in the folder of the banks it covers.
pub const LOCK_FILE: &str = "aidquiz.lock";

/// The newest lock format this build reads and the one it writes.
pub const LOCK_VERSION: u32 = 1;

/// What the lock records of one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Locked {
    pub revision: u32,
    pub fingerprint: String,
}

/// A lock file's content: every question ever recorded, by id. Entries of
/// questions since removed stay, so that an id reused for a new question
/// is caught like any other changed content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    pub lock_version: u32,
    #[serde(default)]
    pub questions: BTreeMap<String, Locked>,
}

/// Why a lock file's text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockError {
    pub message: String,
    pub span: Option<std::ops::Range<usize>>,
}

impl fmt::Display for LockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Lock {
    pub fn parse(text: &str) -> Result<Lock, LockError> {
        let lock: Lock = toml::from_str(text).map_err(|error| LockError {
            message: error.message().trim().to_owned(),
            span: error.span(),
        })?;
        if lock.lock_version == 0 || lock.lock_version > LOCK_VERSION {
            return Err(LockError {
                message: format!(
                    "this lock file is version {}, but this aidquiz reads version {LOCK_VERSION}",
                    lock.lock_version
                ),
                span: None,
            });
        }
        Ok(lock)
    }

    /// The file's text: one line per question, sorted by id, so a change
    /// shows in a review as the lines of the questions it touched.
    pub fn render(&self) -> String {
        let mut out = String::from(
            "# aidquiz.lock: the graded content of every question in these banks, as\n\
             # fingerprints. Written by `aidquiz lock`; do not edit by hand, commit it\n\
             # with the banks. See docs/bank-format.md, \"Revisions and the lock file\".\n",
        );
        let _ = writeln!(out, "lock_version = {LOCK_VERSION}\n\n[questions]");
        for (id, locked) in &self.questions {
            let _ = writeln!(
                out,
                "{} = {{ revision = {}, fingerprint = \"{}\" }}",
                toml_key(id),
                locked.revision,
                locked.fingerprint
            );
        }
        out
    }
}

/// Question ids are slugs, which TOML takes as bare keys; anything else
/// (an id `check` rejects anyway) is quoted.
fn toml_key(id: &str) -> String {
    if !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        id.to_owned()
    } else {
        format!("{:?}", id)
    }
}

/// The part of a question that decides what is right, written out in one
/// fixed layout. Left out, because editing them never changes a learner's
/// score: topic, tags, difficulty, section, explanation, feedback, lint
/// settings, provenance, and the revision itself.
#[derive(Serialize)]
struct Graded {
    prompt: String,
    answer: serde_json::Value,
    points: f64,
    critical: bool,
    case: Option<String>,
}

/// A short hash of a question's graded content: its prompt, type and
/// answer fields, points, `critical`, and the case text of its scenario.
/// Whitespace runs count as one space, so re-wrapping a line is no change.
pub fn fingerprint(question: &Question, scenario: Option<&Scenario>) -> String {
    let mut answer = serde_json::to_value(&question.answer).unwrap_or_default();
    if matches!(question.answer, Answer::Single(_) | Answer::Multiple(_))
        && let Some(fields) = answer.as_object_mut()
    {
        fields.remove("feedback");
    }
    squeeze_strings(&mut answer);
    let graded = Graded {
        prompt: squeeze(&question.meta.prompt),
        answer,
        points: question.meta.points,
        critical: question.meta.critical,
        case: scenario.map(|s| squeeze(&s.case)),
    };
    let bytes = serde_json::to_vec(&graded).unwrap_or_default();
    let digest = Sha256::digest(&bytes);
    crate::text::hex(&digest[..8])
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn squeeze_strings(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(text) => *text = squeeze(text),
        serde_json::Value::Array(items) => items.iter_mut().for_each(squeeze_strings),
        serde_json::Value::Object(fields) => fields.values_mut().for_each(squeeze_strings),
        _ => {}
    }
}

/// A question as the banks have it now, for comparing with the lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Current {
    pub id: String,
    pub revision: u32,
    pub fingerprint: String,
}

/// How a question stands against the lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// As recorded.
    Unchanged,
    /// Not in the lock yet: a new question.
    New,
    /// The graded content changed but the revision did not: the author must
    /// either bump the revision or declare the edit editorial.
    ChangedWithoutRevision { revision: u32 },
    /// A higher revision than recorded: `aidquiz lock` records it.
    Bumped { from: u32 },
    /// A lower revision than recorded: revisions never go back.
    WentBack { locked: u32 },
}

pub fn standing(lock: &Lock, current: &Current) -> Standing {
    let Some(locked) = lock.questions.get(&current.id) else {
        return Standing::New;
    };
    match current.revision.cmp(&locked.revision) {
        std::cmp::Ordering::Less => Standing::WentBack {
            locked: locked.revision,
        },
        std::cmp::Ordering::Greater => Standing::Bumped {
            from: locked.revision,
        },
        std::cmp::Ordering::Equal if locked.fingerprint == current.fingerprint => Standing::Unchanged,
        std::cmp::Ordering::Equal => Standing::ChangedWithoutRevision {
            revision: locked.revision,
        },
    }
}

/// What `aidquiz lock` did, or would refuse to do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Update {
    pub added: Vec<String>,
    pub bumped: Vec<String>,
    pub editorial: Vec<String>,
    /// Changed without a revision bump and not declared editorial: nothing
    /// is written while any is left.
    pub refused: Vec<(String, u32)>,
    /// Revisions lower than recorded: nothing is written while any is left.
    pub went_back: Vec<(String, u32)>,
    /// Ids given as editorial whose content has not changed.
    pub not_changed: Vec<String>,
}

impl Update {
    pub fn is_refused(&self) -> bool {
        !self.refused.is_empty() || !self.went_back.is_empty()
    }

    pub fn changes(&self) -> usize {
        self.added.len() + self.bumped.len() + self.editorial.len()
    }
}

/// The lock updated to `current`. A changed question keeps its revision
/// only when its id is in `editorial`: the author says, question by
/// question, that the edit does not change what is right.
pub fn update(lock: &Lock, current: &[Current], editorial: &[String]) -> (Lock, Update) {
    let mut next = lock.clone();
    next.lock_version = LOCK_VERSION;
    let mut update = Update::default();
    for question in current {
        let record = || Locked {
            revision: question.revision,
            fingerprint: question.fingerprint.clone(),
        };
        match standing(lock, question) {
            Standing::Unchanged => {}
            Standing::New => {
                update.added.push(question.id.clone());
                next.questions.insert(question.id.clone(), record());
            }
            Standing::Bumped { .. } => {
                update.bumped.push(question.id.clone());
                next.questions.insert(question.id.clone(), record());
            }
            Standing::ChangedWithoutRevision { revision } => {
                if editorial.contains(&question.id) {
                    update.editorial.push(question.id.clone());
                    next.questions.insert(question.id.clone(), record());
                } else {
                    update.refused.push((question.id.clone(), revision));
                }
            }
            Standing::WentBack { locked } => update.went_back.push((question.id.clone(), locked)),
        }
    }
    for id in editorial {
        if !update.editorial.contains(id) && !update.refused.iter().any(|(r, _)| r == id) {
            update.not_changed.push(id.clone());
        }
    }
    (next, update)
}

#[cfg(test)]
mod tests {
    use super::{Current, Lock, Locked, Standing, fingerprint, standing, update};
    use crate::bank::model::{Answer, Question, Scenario};
    use crate::bank::testing::single;

    fn question(id: &str, answer: Answer) -> Question {
        crate::bank::testing::question(id, "What comes first?", answer)
    }

    #[test]
    fn editorial_fields_leave_the_fingerprint_alone_and_graded_ones_change_it() {
        let base = question("q", single(&["Cold", "Heat"], "Cold"));
        let print = fingerprint(&base, None);
        assert_eq!(print.len(), 16);

        let mut editorial = base.clone();
        editorial.meta.explanation = "Reworded.".into();
        editorial.meta.tags = vec!["timing".into()];
        editorial.meta.section = "Another".into();
        editorial.meta.revision = 4;
        editorial.meta.prompt = format!("  {}\n", editorial.meta.prompt.replace(' ', "  "));
        if let Answer::Single(s) = &mut editorial.answer {
            s.feedback.insert("Heat".into(), "Later.".into());
        }
        assert_eq!(fingerprint(&editorial, None), print);

        let mut key = base.clone();
        key.answer = single(&["Cold", "Heat"], "Heat");
        let mut critical = base.clone();
        critical.meta.critical = true;
        let mut points = base.clone();
        points.meta.points = 2.0;
        let mut prompt = base.clone();
        prompt.meta.prompt = "What comes later?".into();
        let case = Scenario {
            id: "c".into(),
            title: "T".into(),
            case: "Day one.".into(),
            image: None,
        };
        for changed in [
            fingerprint(&key, None),
            fingerprint(&critical, None),
            fingerprint(&points, None),
            fingerprint(&prompt, None),
            fingerprint(&base, Some(&case)),
        ] {
            assert_ne!(changed, print);
        }
    }

    fn current(id: &str, revision: u32, fingerprint: &str) -> Current {
        Current {
            id: id.into(),
            revision,
            fingerprint: fingerprint.into(),
        }
    }

    fn locked(entries: &[(&str, u32, &str)]) -> Lock {
        Lock {
            lock_version: 1,
            questions: entries
                .iter()
                .map(|(id, revision, print)| {
                    (
                        (*id).to_owned(),
                        Locked {
                            revision: *revision,
                            fingerprint: (*print).to_owned(),
                        },
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn each_standing() {
        let lock = locked(&[("a", 2, "aa")]);
        assert_eq!(standing(&lock, &current("a", 2, "aa")), Standing::Unchanged);
        assert_eq!(standing(&lock, &current("b", 1, "bb")), Standing::New);
        assert_eq!(
            standing(&lock, &current("a", 2, "ab")),
            Standing::ChangedWithoutRevision { revision: 2 }
        );
        assert_eq!(
            standing(&lock, &current("a", 3, "ab")),
            Standing::Bumped { from: 2 }
        );
        assert_eq!(
            standing(&lock, &current("a", 1, "aa")),
            Standing::WentBack { locked: 2 }
        );
    }

    #[test]
    fn an_unbumped_change_is_refused_unless_declared_editorial() {
        let lock = locked(&[("a", 1, "aa"), ("gone", 1, "gg")]);
        let now = [current("a", 1, "ab"), current("b", 1, "bb")];
        let (_, refused) = update(&lock, &now, &[]);
        assert!(refused.is_refused());
        assert_eq!(refused.refused, [("a".to_owned(), 1)]);

        let (next, done) = update(&lock, &now, &["a".into(), "b".into()]);
        assert!(!done.is_refused());
        assert_eq!(done.editorial, ["a"]);
        assert_eq!(done.added, ["b"]);
        assert_eq!(done.not_changed, ["b"]);
        assert_eq!(next.questions["a"].fingerprint, "ab");
        // A removed question stays recorded, so its id cannot be reused silently.
        assert!(next.questions.contains_key("gone"));
    }

    #[test]
    fn the_rendered_lock_reads_back_the_same() {
        let lock = locked(&[("a", 1, "aa"), ("b-2", 3, "bb")]);
        let text = lock.render();
        assert!(
            text.contains("b-2 = { revision = 3, fingerprint = \"bb\" }"),
            "{text}"
        );
        assert_eq!(Lock::parse(&text).unwrap(), lock);
        assert!(Lock::parse("lock_version = 9\n").is_err());
        assert!(Lock::parse("lock_version = 1\n[questions]\na = 3\n").is_err());
    }
}
