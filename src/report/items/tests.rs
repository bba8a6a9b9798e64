//! Item analysis against the hand-computed example of
//! `docs/item-analysis.md`: five learners, three right-or-wrong questions.

use chrono::{Duration, TimeZone, Utc};

use super::{Flag, ItemTally, flags};
use crate::record::{AttemptId, Mode, Status};
use crate::store::{
    AttemptStart, CatalogEntry, QuestionCatalog, QuestionKey, ReportAttempt, ReportQuestion, UnixNanos,
};

/// Scores of learners A to E on q1, q2, q3 (the table in the docs).
const SCORES: [[f64; 3]; 5] = [
    [1.0, 1.0, 1.0],
    [1.0, 1.0, 0.0],
    [1.0, 0.0, 1.0],
    [1.0, 0.0, 0.0],
    [0.0, 0.0, 0.0],
];

fn started_at() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap()
}

fn attempt(number: usize, scores: [f64; 3]) -> ReportAttempt {
    ReportAttempt {
        id: AttemptId(number as i64),
        learner: format!("learner {number}"),
        exam_id: Some("ex".into()),
        mode: Mode::Exam,
        started_at: started_at(),
        finished_at: Some(started_at() + Duration::seconds(60)),
        pass_mark: 50.0,
        status: Status::Completed,
        score: scores.iter().sum(),
        max_score: 3.0,
        critical_missed: Vec::new(),
        paper: false,
        exam_title: None,
        exam_version: None,
    }
}

/// q1, q2, q3 are keys 0, 1, 2.
fn catalog() -> QuestionCatalog {
    QuestionCatalog::from_entries((1..=3).map(|q| CatalogEntry {
        revision: 1,
        critical: false,
        question_id: format!("q{q}"),
        topic: "cpr".into(),
    }))
}

fn questions(scores: [f64; 3]) -> Vec<ReportQuestion> {
    scores
        .iter()
        .enumerate()
        .map(|(q, &points)| ReportQuestion {
            key: QuestionKey(q as u32),
            points,
            max_points: 1.0,
            answered: true,
            // Choice 0 is the key; a wrong answer picks choice 1 on q1
            // and choice 2 elsewhere.
            picks: [if points > 0.0 {
                0
            } else if q == 0 {
                1
            } else {
                2
            }]
            .into_iter()
            .collect(),
            true_false: false,
            // Answered 10, 30 and 60 seconds in.
            answered_at: UnixNanos::of(started_at() + Duration::seconds([10, 30, 60][q])),
        })
        .collect()
}

fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.expect("a value");
    assert!((actual - expected).abs() < 1e-6, "{actual} ≠ {expected}");
}

#[test]
fn the_hand_computed_example() {
    let mut tally = ItemTally::default();
    for (number, scores) in SCORES.into_iter().enumerate() {
        tally.add(
            AttemptStart::of(&attempt(number, scores)),
            &questions(scores),
            &catalog(),
        );
    }
    let analysis = tally.finish(true, &Default::default());
    let [q1, q2, q3] = [&analysis.items[0], &analysis.items[1], &analysis.items[2]];
    assert_eq!((q1.question_id.as_str(), q1.seen, q1.correct), ("q1", 5, 4));
    close(q1.facility, 0.8);
    close(q2.facility, 0.4);
    close(q3.facility, 0.4);
    close(q1.discrimination, 0.534_522);
    close(q2.discrimination, 0.327_327);
    close(q3.discrimination, 0.327_327);
    close(q1.upper_facility, 1.0);
    close(q1.lower_facility, 0.259_259);
    close(q1.upper_lower, 0.740_741);
    close(q2.upper_lower, 0.870_370);
    close(q3.upper_lower, 0.870_370);
    close(q1.mean_answer_secs, 10.0);
    close(q2.mean_answer_secs, 20.0);
    close(q3.mean_answer_secs, 30.0);
    // q1's distractor (choice 2) is picked by E only: the lower group.
    assert_eq!(q1.picks.len(), 2);
    assert_eq!((q1.picks[1].choice.as_str(), q1.picks[1].count), ("2", 1));
    close(q1.picks[1].upper, 0.0);
    close(q1.picks[1].lower, 1.0 / 1.35);
    let test = analysis.test.expect("an exam has test statistics");
    assert_eq!((test.takers, test.items, test.method), (5, 3, "KR-20"));
    close(Some(test.mean), 1.6);
    close(Some(test.sd), 1.04f64.sqrt());
    close(test.reliability, 0.576_923);
    assert!(analysis.items.iter().all(|item| item.flags.is_empty()));
}

#[test]
fn partial_credit_makes_it_alpha_worked_out_by_hand() {
    let mut tally = ItemTally::default();
    for (number, mut scores) in SCORES.into_iter().enumerate() {
        if number == 3 {
            scores[1] = 0.5;
        }
        tally.add(
            AttemptStart::of(&attempt(number, scores)),
            &questions(scores),
            &catalog(),
        );
    }
    let test = tally.finish(true, &Default::default()).test.unwrap();
    assert_eq!(test.method, "Cronbach's alpha");
    // By hand, with population variances (divide by n = 5):
    //   q1 = 1, 1, 1, 1,   0: mean 0.8, variance 0.8 · 0.2           = 0.16
    //   q2 = 1, 1, 0, 0.5, 0: mean 0.5, variance (4 · 0.25 + 0) / 5  = 0.20
    //   q3 = 1, 0, 1, 0,   0: mean 0.4, variance 0.4 · 0.6           = 0.24
    //   totals 3, 2, 2, 1.5, 0: mean 1.7, squared deviations
    //   1.69 + 0.09 + 0.09 + 0.04 + 2.89 = 4.8, variance 0.96
    //   alpha = k / (k - 1) · (1 - Σ item variances / total variance)
    //         = 3/2 · (1 - 0.6 / 0.96) = 1.5 · 0.375 = 0.5625
    close(Some(test.mean), 1.7);
    close(Some(test.sd), 0.96f64.sqrt());
    close(test.reliability, 0.5625);
}

#[test]
fn flags_follow_the_thresholds() {
    assert_eq!(flags(Some(0.95), Some(0.5)), [Flag::TooEasy]);
    assert_eq!(flags(Some(0.9), Some(0.2)), []);
    assert_eq!(
        flags(Some(0.1), Some(0.1)),
        [Flag::TooHard, Flag::PoorDiscrimination]
    );
    assert_eq!(flags(Some(0.5), Some(-0.3)), [Flag::NegativeDiscrimination]);
    assert_eq!(flags(None, None), []);
}

#[test]
fn every_choice_is_shown_with_its_text_even_when_nobody_picked_it() {
    use super::{QuestionText, QuestionTexts};
    let mut tally = ItemTally::default();
    for (number, scores) in SCORES.iter().enumerate() {
        let mut questions = questions(*scores);
        // q3 is a true/false question whose answer is true: every pick was
        // "true" (index 0) or nothing.
        questions[2].true_false = true;
        questions[2].picks = [0].into_iter().collect();
        tally.add(
            AttemptStart::of(&attempt(number, *scores)),
            &questions,
            &catalog(),
        );
    }
    let texts: QuestionTexts = [
        (
            "q1".to_owned(),
            QuestionText {
                prompt: "What first?".into(),
                choices: vec!["Cold".into(), "Heat".into(), "Nothing".into(), "Walk".into()],
                keys: vec![0],
                fixed_order: true,
                picture: None,
            },
        ),
        (
            "q3".to_owned(),
            QuestionText {
                prompt: "Is it true?".into(),
                choices: vec!["True".into(), "False".into()],
                keys: vec![0],
                fixed_order: true,
                picture: None,
            },
        ),
    ]
    .into();
    let analysis = tally.finish(false, &texts);
    let described = |q: usize| -> Vec<String> {
        analysis.items[q]
            .picks
            .iter()
            .map(super::ChoicePicks::describe)
            .collect()
    };
    assert_eq!(analysis.items[0].prompt.as_deref(), Some("What first?"));
    assert_eq!(
        described(0),
        [
            "A Cold ✓: 4 (1/0.26)",
            "B Heat: 1 (0/0.74)",
            "C Nothing: 0 (0/0)",
            "D Walk: 0 (0/0)"
        ]
    );
    // q2 is not in the banks: its picks by position, up to the last picked.
    assert_eq!(analysis.items[1].prompt, None);
    assert_eq!(
        analysis.items[1]
            .picks
            .iter()
            .map(|p| p.choice.as_str())
            .collect::<Vec<_>>(),
        ["1", "2", "3"]
    );
    // Nobody answered "false", and it is still listed.
    assert_eq!(described(2), ["T True ✓: 5 (1/1)", "F False: 0 (0/0)"]);
}
