//! The quiz session as a state machine: plain data and transitions, driven by
//! whatever front end reads the learner's input (terminal, piped text, and
//! later a browser). It never reads the clock or the keyboard itself.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::assemble::{Quiz, QuizItem};
use crate::bank::Answer;
use crate::grade::{corrected_spelling, grade};
use crate::record::{AnswerRecord, BankRef, Mode, NewAttempt, Status, percent};
use crate::response::{self, NotationError, Response};

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub mode: Mode,
    pub time_limit: Option<Duration>,
    /// Percent needed to pass, 0 to 100.
    pub pass_mark: f64,
}

/// An answer the session accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct Given {
    pub response: Response,
    pub notation: String,
    pub points: f64,
    pub answered_at: DateTime<Utc>,
}

/// What happened to one line of input.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Recorded; save `record`. `took` is the time since the question was
    /// shown; `feedback` is there in study mode.
    Answered {
        record: AnswerRecord,
        took: Duration,
        feedback: Option<Feedback>,
    },
    /// A blank: the question stays unanswered. In study mode `feedback`
    /// shows the answer, since a skip there means "I don't know".
    Skipped { feedback: Option<Feedback> },
    /// The answer came after the deadline (or after the quiz ended): not
    /// counted, and the quiz is over.
    TimeUp,
    /// Study mode: this question was answered and its feedback shown, so
    /// the answer stands (the browser, where any question can be revisited).
    Locked,
}

/// How an answer in study mode went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Right,
    Partly,
    Wrong,
    Skipped,
}

/// What a learner sees after answering (or skipping) in study mode.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    pub verdict: Verdict,
    /// The accepted spelling, when a short answer was taken through the
    /// typo allowance.
    pub spelling: Option<String>,
    pub points: f64,
    pub max_points: f64,
    pub right_answer: String,
    pub explanation: String,
    /// The bank's feedback on the choices the learner picked.
    pub on_choices: Vec<String>,
}

impl Feedback {
    pub fn correct(&self) -> bool {
        self.verdict == Verdict::Right
    }
}

#[derive(Debug, Clone)]
pub struct Session {
    quiz: Quiz,
    settings: Settings,
    started_at: DateTime<Utc>,
    deadline: Option<DateTime<Utc>>,
    position: usize,
    /// When the current question was shown.
    asked_at: DateTime<Utc>,
    given: Vec<Option<Given>>,
    /// Positions the learner marked for review (the browser's navigator).
    flagged: Vec<bool>,
    ended: Option<(Status, DateTime<Utc>)>,
}

/// A session as the store holds it, to carry on where it stopped (a page
/// reload, another tab, a restarted server).
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub started_at: DateTime<Utc>,
    /// Answers by position, as recorded.
    pub given: Vec<Option<Given>>,
    pub flagged: Vec<bool>,
    /// Set when the attempt has ended.
    pub ended: Option<(Status, DateTime<Utc>)>,
}

impl Session {
    pub fn start(quiz: Quiz, settings: Settings, now: DateTime<Utc>) -> Session {
        let deadline = settings
            .time_limit
            .and_then(|limit| chrono::Duration::from_std(limit).ok())
            .map(|limit| now + limit);
        let given = vec![None; quiz.items.len()];
        let flagged = vec![false; quiz.items.len()];
        Session {
            quiz,
            settings,
            started_at: now,
            deadline,
            position: 0,
            asked_at: now,
            given,
            flagged,
            ended: None,
        }
    }

    /// The session of a stored attempt, with the deadline it started with:
    /// time keeps running while no page is open. Lists shorter than the
    /// quiz are padded (nothing answered, nothing flagged).
    pub fn restore(quiz: Quiz, settings: Settings, saved: Saved) -> Session {
        let mut session = Session::start(quiz, settings, saved.started_at);
        let len = session.given.len();
        for (slot, given) in session.given.iter_mut().zip(saved.given) {
            *slot = given;
        }
        for (slot, flag) in session.flagged.iter_mut().zip(saved.flagged) {
            *slot = flag;
        }
        session.position = session.given.iter().position(Option::is_none).unwrap_or(len);
        session.ended = saved.ended;
        session
    }

    /// When the server stops taking answers; `None` without a time limit.
    pub fn deadline(&self) -> Option<DateTime<Utc>> {
        self.deadline
    }

    /// Gives this learner more time (an accommodation), effective at once.
    pub fn extend_deadline(&mut self, by: Duration) {
        if let (Some(deadline), Ok(by)) = (self.deadline, chrono::Duration::from_std(by)) {
            self.deadline = Some(deadline + by);
        }
    }

    pub fn flagged(&self) -> &[bool] {
        &self.flagged
    }

    /// Marks or unmarks a question for review; false for a position the
    /// quiz does not have.
    pub fn set_flag(&mut self, position: usize, flagged: bool) -> bool {
        match self.flagged.get_mut(position) {
            Some(slot) => {
                *slot = flagged;
                true
            }
            None => false,
        }
    }

    /// Answers the question at `position`, in any order and again until the
    /// quiz is submitted; in study mode an answer is final once its feedback
    /// is shown ([`Outcome::Locked`]). A blank leaves the question as it was.
    pub fn answer(
        &mut self,
        position: usize,
        input: &str,
        now: DateTime<Utc>,
    ) -> Result<Outcome, NotationError> {
        if self.expire_if_due(now) || self.ended.is_some() {
            return Ok(Outcome::TimeUp);
        }
        let Some(item) = self.quiz.items.get(position) else {
            return Ok(Outcome::Skipped { feedback: None });
        };
        if self.settings.mode == Mode::Study && self.given[position].is_some() {
            return Ok(Outcome::Locked);
        }
        let Some(response) = response::parse(item, input)? else {
            return Ok(Outcome::Skipped { feedback: None });
        };
        let (record, feedback) = self.accept(position, response, now);
        let took = (now - self.asked_at).to_std().unwrap_or_default();
        self.asked_at = now;
        Ok(Outcome::Answered {
            record,
            took,
            feedback,
        })
    }

    /// The learner submits the quiz: it ends now, or at its deadline if
    /// that has passed.
    pub fn finish(&mut self, now: DateTime<Utc>) {
        if !self.expire_if_due(now) && self.ended.is_none() {
            self.ended = Some((Status::Completed, now));
        }
    }

    pub fn quiz(&self) -> &Quiz {
        &self.quiz
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn started_at(&self) -> DateTime<Utc> {
        self.started_at
    }

    /// The question being asked (0-based position), or `None` once over.
    pub fn current(&self) -> Option<(usize, &QuizItem)> {
        if self.ended.is_some() {
            return None;
        }
        self.quiz
            .items
            .get(self.position)
            .map(|item| (self.position, item))
    }

    /// `None` when there is no time limit.
    pub fn time_left(&self, now: DateTime<Utc>) -> Option<Duration> {
        self.deadline
            .map(|deadline| (deadline - now).to_std().unwrap_or(Duration::ZERO))
    }

    /// How the session ended, once it has.
    pub fn status(&self) -> Option<Status> {
        self.ended.map(|(status, _)| status)
    }

    pub fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.ended.map(|(_, at)| at)
    }

    pub fn given(&self) -> &[Option<Given>] {
        &self.given
    }

    /// Takes one line the learner typed at `now`.
    pub fn submit(&mut self, input: &str, now: DateTime<Utc>) -> Result<Outcome, NotationError> {
        if self.expire_if_due(now) {
            return Ok(Outcome::TimeUp);
        }
        let Some((position, item)) = self.current() else {
            return Ok(Outcome::TimeUp);
        };
        let Some(response) = response::parse(item, input)? else {
            let feedback = (self.settings.mode == Mode::Study).then(|| skipped_feedback(item));
            self.advance(now);
            return Ok(Outcome::Skipped { feedback });
        };
        let (record, feedback) = self.accept(position, response, now);
        let took = (now - self.asked_at).to_std().unwrap_or_default();
        self.advance(now);
        Ok(Outcome::Answered {
            record,
            took,
            feedback,
        })
    }

    /// Grades and keeps a response; the record to save, and feedback in study mode.
    fn accept(
        &mut self,
        position: usize,
        response: Response,
        now: DateTime<Utc>,
    ) -> (AnswerRecord, Option<Feedback>) {
        let item = &self.quiz.items[position];
        let points = grade(&item.question, &response);
        let notation = response::notation(item, &response);
        let feedback = (self.settings.mode == Mode::Study).then(|| feedback(item, &response, points));
        let record = AnswerRecord {
            position,
            response: notation.clone(),
            selected: response.clone(),
            points,
            answered_at: now,
        };
        self.given[position] = Some(Given {
            response,
            notation,
            points,
            answered_at: now,
        });
        (record, feedback)
    }

    fn advance(&mut self, now: DateTime<Utc>) {
        self.position += 1;
        self.asked_at = now;
        if self.position >= self.quiz.items.len() {
            self.ended = Some((Status::Completed, now));
        }
    }

    /// Ends the quiz as timed out if the deadline has passed; true if it did.
    pub fn expire_if_due(&mut self, now: DateTime<Utc>) -> bool {
        match (self.ended, self.deadline) {
            (None, Some(deadline)) if now > deadline => {
                self.ended = Some((Status::TimedOut, deadline));
                true
            }
            _ => false,
        }
    }

    /// The input ran out: the quiz ends, unanswered questions score zero.
    pub fn end_of_input(&mut self, now: DateTime<Utc>) {
        if !self.expire_if_due(now) && self.ended.is_none() {
            self.ended = Some((Status::Completed, now));
        }
    }

    /// The instructor closes the room: a quiz still open ends now as timed
    /// out, with the answers given so far (at its deadline if that came first).
    pub fn close(&mut self, now: DateTime<Utc>) {
        if !self.expire_if_due(now) && self.ended.is_none() {
            self.ended = Some((Status::TimedOut, now));
        }
    }

    /// The learner quit (Ctrl-C): recorded as abandoned.
    pub fn abandon(&mut self, now: DateTime<Utc>) {
        if self.ended.is_none() {
            self.ended = Some((Status::Abandoned, now));
        }
    }

    /// The progress record as it is saved before the first question.
    pub fn new_attempt(
        &self,
        learner: &str,
        selection: serde_json::Value,
        banks: Vec<BankRef>,
    ) -> NewAttempt {
        NewAttempt {
            learner: learner.to_owned(),
            exam_id: None,
            mode: self.settings.mode,
            seed: self.quiz.seed,
            selection,
            banks,
            started_at: self.started_at,
            time_limit_secs: self.settings.time_limit.map(|d| d.as_secs()),
            pass_mark: self.settings.pass_mark,
            paper: false,
            questions: self.quiz.items.iter().map(QuizItem::slot).collect(),
        }
    }

    /// The end-of-quiz report.
    pub fn report(&self) -> Report {
        let mut by_topic: BTreeMap<String, (f64, f64)> = BTreeMap::new();
        let mut missed = Vec::new();
        let mut critical_missed = Vec::new();
        let (mut score, mut max_score) = (0.0, 0.0);
        for (position, (item, given)) in self.quiz.items.iter().zip(&self.given).enumerate() {
            let max_points = item.question.meta.points;
            let points = given.as_ref().map_or(0.0, |g| g.points);
            score += points;
            max_score += max_points;
            let topic = by_topic.entry(item.question.meta.topic.clone()).or_default();
            topic.0 += points;
            topic.1 += max_points;
            if crate::pass::misses_critical(item.question.meta.critical, points, max_points) {
                critical_missed.push((position + 1, item.question.meta.id.0.clone()));
            }
            if points + 1e-9 < max_points {
                missed.push(Missed {
                    critical: item.question.meta.critical,
                    number: position + 1,
                    prompt: item.question.meta.prompt.clone(),
                    your_answer: given.as_ref().map(|g| g.notation.clone()),
                    right_answer: response::right_answer(item),
                    explanation: item.question.meta.explanation.clone(),
                    points,
                    max_points,
                });
            }
        }
        let finished_at = self.finished_at().unwrap_or(self.started_at);
        Report {
            status: self.status(),
            score,
            max_score,
            percent: percent(score, max_score),
            pass_mark: self.settings.pass_mark,
            by_topic,
            duration: (finished_at - self.started_at).to_std().unwrap_or_default(),
            missed,
            critical_missed,
        }
    }
}

/// What a learner sees after answering in study mode (also after a reload).
pub fn feedback(item: &QuizItem, response: &Response, points: f64) -> Feedback {
    let picked: Vec<usize> = match response {
        Response::Choice(i) => vec![*i],
        Response::Choices(picked) => picked.clone(),
        _ => Vec::new(),
    };
    let on_choices = match &item.question.answer {
        Answer::Single(q) => choice_feedback(&q.choices, &q.feedback, &picked),
        Answer::Multiple(q) => choice_feedback(&q.choices, &q.feedback, &picked),
        _ => Vec::new(),
    };
    let max_points = item.question.meta.points;
    let verdict = if (points - max_points).abs() < 1e-9 {
        Verdict::Right
    } else if points > 0.0 {
        Verdict::Partly
    } else {
        Verdict::Wrong
    };
    let spelling = match (&item.question.answer, response) {
        (Answer::Short(q), Response::Text(text)) => corrected_spelling(q, text).map(str::to_owned),
        _ => None,
    };
    Feedback {
        verdict,
        spelling,
        points,
        max_points,
        right_answer: response::right_answer(item),
        explanation: item.question.meta.explanation.clone(),
        on_choices,
    }
}

/// What a learner sees after skipping in study mode (a "don't know"): the answer and why.
pub fn skipped_feedback(item: &QuizItem) -> Feedback {
    Feedback {
        verdict: Verdict::Skipped,
        spelling: None,
        points: 0.0,
        max_points: item.question.meta.points,
        right_answer: response::right_answer(item),
        explanation: item.question.meta.explanation.clone(),
        on_choices: Vec::new(),
    }
}

fn choice_feedback(choices: &[String], feedback: &BTreeMap<String, String>, picked: &[usize]) -> Vec<String> {
    picked
        .iter()
        .filter_map(|&i| choices.get(i).and_then(|c| feedback.get(c)).cloned())
        .collect()
}

/// The end-of-quiz summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub status: Option<Status>,
    pub score: f64,
    pub max_score: f64,
    pub percent: f64,
    pub pass_mark: f64,
    /// Topic → (score, max score).
    pub by_topic: BTreeMap<String, (f64, f64)>,
    pub duration: Duration,
    pub missed: Vec<Missed>,
    /// The critical questions not earned in full: (1-based number, id).
    pub critical_missed: Vec<(usize, String)>,
}

impl Report {
    /// The pass rule of [`crate::pass`].
    pub fn passed(&self) -> bool {
        crate::pass::passed(crate::pass::Outcome {
            status: self.status,
            score: self.score,
            max_score: self.max_score,
            pass_mark: self.pass_mark,
            critical_missed: self.critical_missed.len(),
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Missed {
    /// 1-based number in the quiz.
    pub number: usize,
    /// A must-pass question.
    pub critical: bool,
    pub prompt: String,
    pub your_answer: Option<String>,
    pub right_answer: String,
    pub explanation: String,
    pub points: f64,
    pub max_points: f64,
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use chrono::{DateTime, TimeZone, Utc};

    use super::{Feedback, Outcome, Saved, Session, Settings, Verdict, feedback};
    use crate::assemble::{Quiz, QuizItem};
    use crate::bank::model::{
        MultipleChoice, Question, QuestionId, QuestionMeta, ShortAnswer, SingleChoice, TrueFalse,
    };
    use crate::bank::{Answer, Difficulty};
    use crate::record::{Mode, Status};
    use crate::response::Response;

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap() + chrono::Duration::seconds(seconds)
    }

    fn item(id: &str, topic: &str, answer: Answer, order: Vec<usize>) -> QuizItem {
        QuizItem {
            bank_id: "b".into(),
            question: Question {
                meta: QuestionMeta {
                    id: QuestionId(id.into()),
                    topic: topic.into(),
                    tags: vec![],
                    difficulty: Difficulty::Easy,
                    prompt: format!("Prompt {id}"),
                    section: "S".into(),
                    explanation: format!("Because {id}."),
                    points: 1.0,
                    lint: Default::default(),
                    provenance: None,
                    critical: false,
                    scenario: None,
                    revision: 1,
                    image: None,
                },
                answer,
            },
            order,
            scenario: None,
        }
    }

    fn quiz() -> Quiz {
        let single = Answer::Single(SingleChoice {
            choices: vec!["Cold".into(), "Heat".into()],
            answer: "Cold".into(),
            feedback: [("Heat".to_owned(), "Heat comes later.".to_owned())].into(),
            shuffle: true,
            choice_images: Default::default(),
        });
        Quiz {
            seed: 1,
            items: vec![
                item("one", "ice", single, vec![1, 0]),
                item(
                    "two",
                    "signs",
                    Answer::TrueFalse(TrueFalse { answer: true }),
                    vec![],
                ),
                item(
                    "three",
                    "signs",
                    Answer::TrueFalse(TrueFalse { answer: false }),
                    vec![],
                ),
            ],
        }
    }

    fn session(mode: Mode, limit: Option<u64>) -> Session {
        Session::start(
            quiz(),
            Settings {
                mode,
                time_limit: limit.map(Duration::from_secs),
                pass_mark: 60.0,
            },
            at(0),
        )
    }

    fn answered_feedback(outcome: Outcome) -> Feedback {
        match outcome {
            Outcome::Answered {
                feedback: Some(feedback),
                ..
            }
            | Outcome::Skipped {
                feedback: Some(feedback),
            } => feedback,
            other => panic!("no feedback: {other:?}"),
        }
    }

    #[test]
    fn a_right_answer_is_correct_and_a_quiz_at_the_pass_mark_passes() {
        let mut s = session(Mode::Study, None);
        assert_eq!(s.started_at(), at(0));
        assert_eq!(s.quiz().items.len(), 3);
        assert_eq!(s.settings().pass_mark, 60.0);
        let feedback = answered_feedback(s.submit("B", at(1)).unwrap());
        assert!(feedback.correct());
        assert_eq!(feedback.verdict, Verdict::Right);
        assert_eq!((feedback.points, feedback.max_points), (1.0, 1.0));
        assert!(feedback.on_choices.is_empty(), "the bank says nothing on Cold");
        assert!(answered_feedback(s.submit("T", at(2)).unwrap()).correct());
        // 2 of 3 is 66.7%, over the mark of 60.
        assert!(!answered_feedback(s.submit("T", at(3)).unwrap()).correct());
        let report = s.report();
        assert_eq!((report.score, report.max_score), (2.0, 3.0));
        assert_eq!(report.by_topic["ice"], (1.0, 1.0));
        assert_eq!(report.by_topic["signs"], (1.0, 2.0));
        assert_eq!(report.missed.len(), 1);
        let missed = &report.missed[0];
        assert_eq!(missed.number, 3);
        assert_eq!(missed.your_answer.as_deref(), Some("T"));
        assert_eq!((missed.points, missed.max_points), (0.0, 1.0));
        assert!(report.critical_missed.is_empty());
        assert!(report.passed());
    }

    #[test]
    fn a_missed_critical_question_fails_a_report_over_the_mark() {
        let mut quiz = quiz();
        quiz.items[1].question.meta.critical = true;
        let mut s = Session::start(
            quiz,
            Settings {
                mode: Mode::Exam,
                time_limit: None,
                pass_mark: 60.0,
            },
            at(0),
        );
        for typed in ["B", "F", "F"] {
            s.submit(typed, at(1)).unwrap();
        }
        let report = s.report();
        assert_eq!(report.score, 2.0);
        assert_eq!(report.critical_missed, [(2, "two".to_owned())]);
        assert!(report.missed[0].critical);
        assert!(!report.passed(), "66.7% with the must-pass question missed");
    }

    #[test]
    fn skipping_in_study_mode_shows_the_answer() {
        let mut s = session(Mode::Study, None);
        let feedback = answered_feedback(s.submit("", at(1)).unwrap());
        assert_eq!(feedback.verdict, Verdict::Skipped);
        assert!(!feedback.correct());
        assert_eq!(feedback.right_answer, "B) Cold");
        assert_eq!((feedback.points, feedback.max_points), (0.0, 1.0));
        assert_eq!(s.current().unwrap().0, 1, "and moves on");
    }

    /// The verdict comes from the points: all of them is right, some is
    /// partly right, none is wrong.
    #[test]
    fn feedback_tells_right_partly_and_wrong_apart_and_quotes_the_bank_on_each_pick() {
        let mut q = item(
            "nsaids",
            "pain",
            Answer::Multiple(MultipleChoice {
                choices: vec!["Ibuprofen".into(), "Acetaminophen".into(), "Naproxen".into()],
                answers: vec!["Ibuprofen".into(), "Naproxen".into()],
                feedback: [
                    ("Acetaminophen".to_owned(), "Not an NSAID.".to_owned()),
                    ("Naproxen".to_owned(), "An NSAID.".to_owned()),
                ]
                .into(),
                shuffle: true,
                choice_images: Default::default(),
            }),
            vec![0, 1, 2],
        );
        q.question.meta.points = 2.0;
        let picked = Response::Choices(vec![2, 1]);
        let partly = feedback(&q, &picked, 0.5);
        assert_eq!(partly.verdict, Verdict::Partly);
        assert_eq!(
            partly.on_choices,
            ["An NSAID.", "Not an NSAID."],
            "in the order picked"
        );
        assert_eq!(feedback(&q, &picked, 0.0).verdict, Verdict::Wrong);
        let right = feedback(&q, &Response::Choices(vec![0, 2]), 2.0);
        assert_eq!(right.verdict, Verdict::Right);
        assert!(right.correct());
        assert_eq!(right.max_points, 2.0);
    }

    #[test]
    fn feedback_on_a_typo_shows_the_accepted_spelling() {
        let q = item(
            "brand",
            "pain",
            Answer::Short(ShortAnswer {
                accept: vec!["Advil".into()],
                typos: 1,
            }),
            vec![],
        );
        let typo = feedback(&q, &Response::Text("advill".into()), 1.0);
        assert_eq!(typo.spelling.as_deref(), Some("Advil"));
        assert!(typo.correct());
        assert_eq!(feedback(&q, &Response::Text("Advil".into()), 1.0).spelling, None);
    }

    /// Once a quiz has ended, a later end (submit, end of input, Ctrl-C)
    /// does not rewrite how or when: an abandoned attempt never becomes a
    /// completed one that could pass.
    #[test]
    fn the_first_end_stands() {
        let mut s = session(Mode::Exam, None);
        s.abandon(at(2));
        s.finish(at(3));
        s.end_of_input(at(4));
        s.close(at(5));
        assert_eq!(
            (s.status(), s.finished_at()),
            (Some(Status::Abandoned), Some(at(2)))
        );
        let mut s = session(Mode::Exam, None);
        s.end_of_input(at(2));
        s.abandon(at(3));
        s.finish(at(4));
        assert_eq!(
            (s.status(), s.finished_at()),
            (Some(Status::Completed), Some(at(2)))
        );
    }

    #[test]
    fn answers_are_graded_and_recorded_in_turn() {
        let mut s = session(Mode::Exam, None);
        // Shown as A) Heat B) Cold, so B is right.
        let Outcome::Answered {
            record,
            took,
            feedback,
        } = s.submit("b", at(5)).unwrap()
        else {
            panic!()
        };
        assert_eq!(took, Duration::from_secs(5));
        assert_eq!(
            (record.position, record.response.as_str(), record.points),
            (0, "B", 1.0)
        );
        assert_eq!(record.answered_at, at(5));
        assert!(feedback.is_none(), "exam mode gives no feedback until the end");
        assert_eq!(s.submit("", at(6)).unwrap(), Outcome::Skipped { feedback: None });
        let Outcome::Answered { took, .. } = s.submit("T", at(9)).unwrap() else {
            panic!()
        };
        assert_eq!(
            took,
            Duration::from_secs(3),
            "timed from when the question was shown"
        );
        assert_eq!(s.status(), Some(Status::Completed));
        assert!(s.current().is_none());
        let report = s.report();
        assert_eq!((report.score, report.max_score), (1.0, 3.0));
        assert!(!report.passed());
        assert_eq!(report.by_topic["signs"], (0.0, 2.0));
        assert_eq!(report.missed.len(), 2);
        assert_eq!(report.missed[0].your_answer, None);
        assert_eq!(report.missed[1].right_answer, "False");
        assert_eq!(report.duration, Duration::from_secs(9));
    }

    #[test]
    fn invalid_input_is_refused_and_the_question_asked_again() {
        let mut s = session(Mode::Study, None);
        let error = s.submit("Z", at(1)).unwrap_err();
        assert!(error.hint.contains("A to B"));
        assert_eq!(s.current().unwrap().0, 0);
    }

    #[test]
    fn study_mode_explains_each_answer() {
        let mut s = session(Mode::Study, None);
        let Outcome::Answered {
            feedback: Some(feedback),
            ..
        } = s.submit("A", at(1)).unwrap()
        else {
            panic!()
        };
        assert!(!feedback.correct());
        assert_eq!(feedback.right_answer, "B) Cold");
        assert_eq!(feedback.explanation, "Because one.");
        assert_eq!(feedback.on_choices, ["Heat comes later."]);
    }

    #[test]
    fn an_answer_after_the_deadline_does_not_count() {
        let mut s = session(Mode::Exam, Some(10));
        assert!(matches!(s.submit("B", at(4)).unwrap(), Outcome::Answered { .. }));
        assert_eq!(s.time_left(at(4)), Some(Duration::from_secs(6)));
        assert_eq!(s.submit("T", at(11)).unwrap(), Outcome::TimeUp);
        assert_eq!(s.status(), Some(Status::TimedOut));
        assert_eq!(s.finished_at(), Some(at(10)));
        assert_eq!(s.report().score, 1.0);
        assert!(s.given()[1].is_none());
    }

    #[test]
    fn the_clock_alone_ends_a_timed_quiz() {
        let mut s = session(Mode::Exam, Some(10));
        assert!(!s.expire_if_due(at(10)));
        assert!(s.expire_if_due(at(10) + chrono::Duration::milliseconds(1)));
        assert_eq!(s.status(), Some(Status::TimedOut));
    }

    #[test]
    fn closing_the_room_times_out_an_open_quiz_with_its_answers() {
        let mut s = session(Mode::Exam, Some(60));
        assert!(matches!(
            s.answer(0, "B", at(4)).unwrap(),
            Outcome::Answered { .. }
        ));
        s.close(at(20));
        assert_eq!(s.status(), Some(Status::TimedOut));
        assert_eq!(s.finished_at(), Some(at(20)));
        assert_eq!(s.report().score, 1.0);
        // A quiz already over keeps how it ended.
        let mut s = session(Mode::Exam, Some(10));
        s.finish(at(5));
        s.close(at(20));
        assert_eq!(
            (s.status(), s.finished_at()),
            (Some(Status::Completed), Some(at(5)))
        );
        // Past its deadline, it ended then.
        let mut s = session(Mode::Exam, Some(10));
        s.close(at(30));
        assert_eq!(s.finished_at(), Some(at(10)));
    }

    #[test]
    fn running_out_of_input_completes_and_quitting_abandons() {
        let mut s = session(Mode::Exam, None);
        s.end_of_input(at(3));
        assert_eq!(s.status(), Some(Status::Completed));
        let mut s = session(Mode::Exam, None);
        s.abandon(at(3));
        assert_eq!(s.status(), Some(Status::Abandoned));
        assert_eq!(s.report().score, 0.0);
    }

    #[test]
    fn a_browser_answers_in_any_order_and_changes_an_answer_until_submitting() {
        let mut s = session(Mode::Exam, Some(60));
        assert!(matches!(
            s.answer(2, "F", at(3)).unwrap(),
            Outcome::Answered { .. }
        ));
        assert!(matches!(
            s.answer(0, "A", at(4)).unwrap(),
            Outcome::Answered { .. }
        ));
        let Outcome::Answered { record, .. } = s.answer(0, "B", at(5)).unwrap() else {
            panic!()
        };
        assert_eq!(
            (record.position, record.points),
            (0, 1.0),
            "the later answer replaces"
        );
        assert_eq!(
            s.answer(1, "", at(6)).unwrap(),
            Outcome::Skipped { feedback: None }
        );
        assert_eq!(
            s.answer(7, "T", at(6)).unwrap(),
            Outcome::Skipped { feedback: None },
            "no such question"
        );
        assert!(s.answer(1, "maybe", at(6)).is_err());
        assert!(s.status().is_none(), "still open: the learner has not submitted");
        assert!(s.set_flag(1, true));
        assert!(!s.set_flag(9, true));
        assert_eq!(s.flagged(), [false, true, false]);
        s.finish(at(8));
        assert_eq!(s.status(), Some(Status::Completed));
        assert_eq!(
            s.answer(1, "T", at(9)).unwrap(),
            Outcome::TimeUp,
            "over once submitted"
        );
        assert_eq!(s.report().score, 2.0);
    }

    #[test]
    fn in_study_mode_an_answer_stands_once_its_feedback_is_shown() {
        let mut s = session(Mode::Study, None);
        let Outcome::Answered {
            feedback: Some(_), ..
        } = s.answer(1, "T", at(1)).unwrap()
        else {
            panic!()
        };
        assert_eq!(s.answer(1, "F", at(2)).unwrap(), Outcome::Locked);
        assert_eq!(s.given()[1].as_ref().unwrap().notation, "T");
    }

    #[test]
    fn a_browser_answer_after_the_deadline_is_refused_and_submitting_late_times_out() {
        let mut s = session(Mode::Exam, Some(10));
        assert_eq!(s.answer(0, "B", at(11)).unwrap(), Outcome::TimeUp);
        assert!(s.given()[0].is_none());
        assert_eq!(s.finished_at(), Some(at(10)));
        let mut s = session(Mode::Exam, Some(10));
        s.finish(at(12));
        assert_eq!(s.status(), Some(Status::TimedOut));
    }

    #[test]
    fn a_restored_session_keeps_its_answers_flags_and_deadline() {
        let mut first = session(Mode::Exam, Some(60));
        first.answer(0, "B", at(5)).unwrap();
        let saved = Saved {
            started_at: at(0),
            given: first.given().to_vec(),
            flagged: vec![false, false, true],
            ended: None,
        };
        let mut s = Session::restore(quiz(), first.settings().clone(), saved);
        assert_eq!(s.deadline(), Some(at(60)), "from the start, not from the restore");
        assert_eq!(s.time_left(at(50)), Some(Duration::from_secs(10)));
        assert_eq!(s.current().unwrap().0, 1, "the first unanswered question");
        assert_eq!(s.flagged(), [false, false, true]);
        assert_eq!(s.report().score, 1.0);
        s.extend_deadline(Duration::from_secs(30));
        assert_eq!(s.deadline(), Some(at(90)));
        assert!(!s.expire_if_due(at(61)));
        let ended = Saved {
            started_at: at(0),
            given: vec![],
            flagged: vec![],
            ended: Some((Status::TimedOut, at(60))),
        };
        let s = Session::restore(quiz(), first.settings().clone(), ended);
        assert_eq!(s.status(), Some(Status::TimedOut));
        assert!(s.current().is_none());
    }
}
