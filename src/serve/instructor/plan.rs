//! What a room gives each learner who joins: an exam's versions in turn,
//! or a quiz assembled from options. Pure: the banks, the number already
//! joined and a seed come in; a quiz and its settings go out.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::assemble::{Candidate, Quiz, Selection, assemble};
use crate::bank::Question;
use crate::exam::manifest::Manifest;
use crate::record::{BankRef, Mode};
use crate::session::Settings;

/// A room's plan, kept in the store as JSON so the room outlives a restart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Plan {
    /// The versions of an `exam generate` folder, handed out in turn.
    Exam {
        manifest: Box<Manifest>,
        /// The limit each learner gets (the exam's own, or the instructor's).
        time_limit_secs: Option<u64>,
    },
    /// A quiz per learner, assembled as `take` does.
    Quiz {
        topics: Vec<String>,
        count: usize,
        mode: Mode,
        time_limit_secs: Option<u64>,
        pass_mark: f64,
    },
}

/// One learner's quiz in a room.
#[derive(Debug, Clone, PartialEq)]
pub struct Handout {
    pub quiz: Quiz,
    pub settings: Settings,
    /// The exam version, for an exam room.
    pub version: Option<String>,
    /// The options the quiz came from, as the attempt records them.
    pub selection: serde_json::Value,
    /// The banks, for an exam those it was generated from.
    pub banks: Option<Vec<BankRef>>,
}

impl Plan {
    pub fn time_limit_secs(&self) -> Option<u64> {
        match self {
            Plan::Exam { time_limit_secs, .. } | Plan::Quiz { time_limit_secs, .. } => *time_limit_secs,
        }
    }

    /// The quiz for the learner who joins after `joined` others: the next
    /// exam version in turn, or a quiz drawn with `seed`.
    pub fn handout(&self, joined: usize, pool: &[Candidate<'_>], seed: u64) -> Result<Handout, String> {
        match self {
            Plan::Exam {
                manifest,
                time_limit_secs,
            } => {
                let version = manifest
                    .versions
                    .get(joined % manifest.versions.len().max(1))
                    .ok_or_else(|| format!("the exam {} has no versions", manifest.exam_id))?;
                Ok(Handout {
                    quiz: Quiz {
                        seed: manifest.seed,
                        items: version.questions.iter().map(|q| q.item()).collect(),
                    },
                    settings: Settings {
                        mode: Mode::Exam,
                        time_limit: time_limit_secs.map(Duration::from_secs),
                        pass_mark: manifest.pass_mark,
                    },
                    version: Some(version.name.clone()),
                    selection: serde_json::to_value(&manifest.selection).unwrap_or_default(),
                    banks: Some(manifest.banks.clone()),
                })
            }
            Plan::Quiz {
                topics,
                count,
                mode,
                time_limit_secs,
                pass_mark,
            } => {
                let selection = Selection {
                    topics: topics.clone(),
                    tags: Vec::new(),
                    difficulties: Vec::new(),
                    count: *count,
                };
                let quiz = assemble(pool, &selection, seed).map_err(|e| e.to_string())?;
                Ok(Handout {
                    quiz,
                    settings: Settings {
                        mode: *mode,
                        time_limit: time_limit_secs.map(Duration::from_secs),
                        pass_mark: *pass_mark,
                    },
                    version: None,
                    selection: serde_json::to_value(&selection).unwrap_or_default(),
                    banks: None,
                })
            }
        }
    }
}

/// Whether the server can give this exam: every question of every version
/// is in its banks, word for word. A browser attempt is shown again from
/// the banks, so an exam generated from other banks would show other
/// questions than its key grades.
pub fn check_exam<'a>(
    manifest: &Manifest,
    question: impl Fn(&str) -> Option<&'a Question>,
) -> Result<(), String> {
    if manifest.versions.is_empty() {
        return Err(format!("the exam {} has no versions", manifest.exam_id));
    }
    for version in &manifest.versions {
        for asked in &version.questions {
            let id = &asked.question.meta.id.0;
            match question(id) {
                None => {
                    return Err(format!(
                        "question `{id}` (version {}, number {}) is not in the banks this server was started with; start `aidquiz serve` with the banks the exam was generated from",
                        version.name, asked.number
                    ));
                }
                Some(ours) if *ours != asked.question => {
                    return Err(format!(
                        "question `{id}` (version {}, number {}) differs from the one in this server's banks (the banks changed since the exam was generated); generate the exam again or serve the banks it came from",
                        version.name, asked.number
                    ));
                }
                Some(_) => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{Plan, check_exam};
    use crate::assemble::{Candidate, Selection};
    use crate::bank::model::Question;
    use crate::bank::testing::{question, single};
    use crate::exam::generate::{ExamSpec, generate};
    use crate::record::Mode;

    fn pool() -> Vec<Question> {
        (0..6)
            .map(|i| {
                let answer = single(&["a", "b", "c"], "a");
                let mut question = question(&format!("q-{i}"), &format!("Prompt {i}"), answer);
                question.meta.topic = if i < 3 { "ice" } else { "signs" }.into();
                question
            })
            .collect()
    }

    fn exam(questions: &[Question]) -> Plan {
        let pool: Vec<Candidate<'_>> = questions.iter().map(|q| Candidate::plain("b", q)).collect();
        let spec = ExamSpec {
            title: "Final".into(),
            selection: Selection {
                topics: vec![],
                tags: vec![],
                difficulties: vec![],
                count: 4,
            },
            seed: 9,
            versions: 2,
            distinct: false,
            time_limit_secs: Some(1200),
            pass_mark: 75.0,
            date: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        };
        let manifest = generate(&pool, vec![], &spec).unwrap();
        Plan::Exam {
            time_limit_secs: manifest.time_limit_secs,
            manifest: Box::new(manifest),
        }
    }

    #[test]
    fn an_exam_room_hands_out_its_versions_in_turn() {
        let questions = pool();
        let pool: Vec<Candidate<'_>> = questions.iter().map(|q| Candidate::plain("b", q)).collect();
        let plan = exam(&questions);
        let versions: Vec<String> = (0..5)
            .map(|joined| plan.handout(joined, &pool, 1).unwrap().version.unwrap())
            .collect();
        assert_eq!(versions, ["A", "B", "A", "B", "A"]);
        let Plan::Exam { manifest, .. } = &plan else {
            panic!()
        };
        let b = plan.handout(1, &pool, 1).unwrap();
        assert_eq!(b.quiz.items.len(), 4);
        assert_eq!(b.quiz.items[0].order, manifest.versions[1].questions[0].order);
        assert_eq!(b.settings.mode, Mode::Exam);
        assert_eq!(b.settings.time_limit.map(|d| d.as_secs()), Some(1200));
        assert_eq!(b.settings.pass_mark, 75.0);
    }

    #[test]
    fn a_quiz_room_draws_each_learner_a_quiz_from_its_options() {
        let questions = pool();
        let pool: Vec<Candidate<'_>> = questions.iter().map(|q| Candidate::plain("b", q)).collect();
        let plan = Plan::Quiz {
            topics: vec!["signs".into()],
            count: 2,
            mode: Mode::Study,
            time_limit_secs: None,
            pass_mark: 80.0,
        };
        let handout = plan.handout(7, &pool, 3).unwrap();
        assert_eq!(handout.version, None);
        assert_eq!(handout.quiz.items.len(), 2);
        assert!(
            handout
                .quiz
                .items
                .iter()
                .all(|item| item.question.meta.topic == "signs")
        );
        let too_many = Plan::Quiz {
            topics: vec![],
            count: 50,
            mode: Mode::Exam,
            time_limit_secs: None,
            pass_mark: 80.0,
        };
        assert!(too_many.handout(0, &pool, 3).is_err());
    }

    #[test]
    fn an_exam_from_other_banks_is_refused_with_the_question_named() {
        let questions = pool();
        let plan = exam(&questions);
        let Plan::Exam { manifest, .. } = &plan else {
            panic!()
        };
        let find = |id: &str| questions.iter().find(|q| q.meta.id.0 == id);
        assert_eq!(check_exam(manifest, find), Ok(()));
        let mut changed = questions.clone();
        for q in &mut changed {
            q.meta.explanation = "Changed.".into();
        }
        let find = |id: &str| changed.iter().find(|q| q.meta.id.0 == id);
        let error = check_exam(manifest, find).unwrap_err();
        assert!(
            error.contains("differs from the one in this server's banks"),
            "{error}"
        );
        let error = check_exam(manifest, |_| None).unwrap_err();
        assert!(error.contains("is not in the banks"), "{error}");
    }
}
