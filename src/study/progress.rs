//! A learner's progress, from memory states and the review log: per topic,
//! what is seen, remembered and recently right; what is due; the weakest
//! questions; and the study streak. Pure: the clock comes in as `now`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

use super::MemoryState;
use crate::store::ReviewRecord;

/// Reviews in this window count towards recent accuracy.
pub const RECENT_DAYS: i64 = 30;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub learner: String,
    pub topics: Vec<TopicProgress>,
    pub due_today: usize,
    pub due_this_week: usize,
    pub weakest: Vec<WeakQuestion>,
    /// Consecutive days (UTC) with at least one review, ending today or
    /// yesterday.
    pub streak_days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicProgress {
    pub topic: String,
    pub questions: usize,
    pub seen: usize,
    /// Expected share of the topic's questions remembered now: the mean
    /// recall probability the scheduler predicts, with unseen questions at
    /// 0. ("Recall", not "mastery": the reports' per-topic figure is the
    /// share of points earned, a different thing.)
    pub recall: f64,
    /// Share of reviews in the last 30 days that earned full credit; `None`
    /// without any.
    pub recent_accuracy: Option<f64>,
}

/// A question the learner has not got hold of yet: the last answer was not
/// fully right, or it has been forgotten after being learnt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeakQuestion {
    pub id: String,
    pub topic: String,
    pub prompt: String,
    /// Share of the points the last answer earned, 0 to 1.
    pub last_credit: f64,
    /// Times it was forgotten after being learnt.
    pub lapses: u32,
    /// Days the memory is predicted to hold at 90% recall (FSRS stability).
    pub stability_days: f64,
}

/// What progress needs of a question in the banks.
#[derive(Debug, Clone, PartialEq)]
pub struct BankQuestion {
    pub topic: String,
    pub prompt: String,
}

/// `bank` maps every question in the banks to its topic and text.
pub fn progress(
    learner: &str,
    bank: &BTreeMap<String, BankQuestion>,
    states: &[(String, MemoryState)],
    reviews: &[ReviewRecord],
    now: DateTime<Utc>,
) -> Progress {
    let states: HashMap<&str, &MemoryState> = states.iter().map(|(id, s)| (id.as_str(), s)).collect();
    let mut topics: BTreeMap<&str, TopicProgress> = BTreeMap::new();
    for (id, question) in bank {
        let entry = topics.entry(&question.topic).or_insert_with(|| TopicProgress {
            topic: question.topic.clone(),
            questions: 0,
            seen: 0,
            recall: 0.0,
            recent_accuracy: None,
        });
        entry.questions += 1;
        if let Some(state) = states.get(id.as_str()) {
            entry.seen += 1;
            entry.recall += state.retrievability(now);
        }
    }
    let since = now - Duration::days(RECENT_DAYS);
    let mut recent: HashMap<&str, (usize, usize)> = HashMap::new();
    for review in reviews
        .iter()
        .filter(|r| r.reviewed_at > since && r.reviewed_at <= now)
    {
        let (right, all) = recent.entry(review.topic.as_str()).or_default();
        *all += 1;
        if review.credit >= 1.0 - 1e-9 {
            *right += 1;
        }
    }
    for (topic, entry) in &mut topics {
        if entry.questions > 0 {
            entry.recall /= entry.questions as f64;
        }
        entry.recent_accuracy = recent.get(topic).map(|(right, all)| *right as f64 / *all as f64);
    }

    let end_of_today = end_of_day(now.date_naive());
    let week = now + Duration::days(7);
    let in_banks = |id: &&str| bank.contains_key(*id);
    let due_today = states
        .iter()
        .filter(|(id, s)| in_banks(id) && s.due <= end_of_today)
        .count();
    let due_this_week = states
        .iter()
        .filter(|(id, s)| in_banks(id) && s.due <= week)
        .count();

    // Reviews come oldest first, so the last one per question wins.
    let last_credit: HashMap<&str, f64> = reviews
        .iter()
        .filter(|r| r.reviewed_at <= now)
        .map(|r| (r.question_id.as_str(), r.credit))
        .collect();
    // Weakness is what the learner did, not the predicted recall: right
    // after a wrong answer recall is near 100% (it was just reviewed), which
    // is how a question missed minutes ago came to top a "weakest" list at
    // "recall 100%".
    let mut weakest: Vec<WeakQuestion> = states
        .iter()
        .filter_map(|(id, s)| {
            let question = bank.get(*id)?;
            let last_credit = last_credit.get(*id).copied().unwrap_or(1.0);
            (last_credit < 1.0 - 1e-9 || s.lapses > 0).then(|| WeakQuestion {
                id: (*id).to_owned(),
                topic: question.topic.clone(),
                prompt: question.prompt.clone(),
                last_credit,
                lapses: s.lapses,
                stability_days: s.stability,
            })
        })
        .collect();
    weakest.sort_by(|a, b| {
        a.last_credit
            .total_cmp(&b.last_credit)
            .then(b.lapses.cmp(&a.lapses))
            .then(a.stability_days.total_cmp(&b.stability_days))
            .then(a.id.cmp(&b.id))
    });
    weakest.truncate(5);

    Progress {
        learner: learner.to_owned(),
        topics: topics.into_values().collect(),
        due_today,
        due_this_week,
        weakest,
        streak_days: streak(
            reviews.iter().map(|r| r.reviewed_at.date_naive()).collect(),
            now.date_naive(),
        ),
    }
}

/// The last moment of a UTC day.
pub fn end_of_day(day: NaiveDate) -> DateTime<Utc> {
    day.succ_opt()
        .unwrap_or(day)
        .and_hms_opt(0, 0, 0)
        .map_or(DateTime::<Utc>::MAX_UTC, |t| t.and_utc())
        - Duration::nanoseconds(1)
}

/// Days in a row with a review, counting back from today (or from
/// yesterday, so a streak is not lost before today's study).
fn streak(days: BTreeSet<NaiveDate>, today: NaiveDate) -> u32 {
    let start = if days.contains(&today) {
        today
    } else {
        today.pred_opt().unwrap_or(today)
    };
    let mut count = 0;
    let mut day = start;
    while days.contains(&day) {
        count += 1;
        match day.pred_opt() {
            Some(previous) => day = previous,
            None => break,
        }
    }
    count
}

/// "7 due tomorrow, 19 this week": questions coming due by the end of
/// tomorrow, and within seven days.
pub fn coming_due(states: &[(String, MemoryState)], now: DateTime<Utc>) -> (usize, usize) {
    let tomorrow = end_of_day(now.date_naive() + Duration::days(1));
    let week = now + Duration::days(7);
    let by = |limit| states.iter().filter(|(_, s)| s.due <= limit).count();
    (by(tomorrow), by(week))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::{DateTime, TimeZone, Utc};

    use super::{BankQuestion, progress};
    use crate::store::ReviewRecord;
    use crate::study::{MemoryState, Phase, Rating};

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
    }

    fn state(stability: f64, last: DateTime<Utc>, due: DateTime<Utc>, lapses: u32) -> MemoryState {
        MemoryState {
            stability,
            difficulty: 5.0,
            due,
            last_review: last,
            reps: 2,
            lapses,
            phase: Phase::Review,
            elapsed_days: 0,
            scheduled_days: 0,
            revision: 1,
        }
    }

    fn bank(questions: &[(&str, &str)]) -> BTreeMap<String, BankQuestion> {
        questions
            .iter()
            .map(|(id, topic)| {
                let question = BankQuestion {
                    topic: (*topic).to_owned(),
                    prompt: format!("Prompt {id}"),
                };
                ((*id).to_owned(), question)
            })
            .collect()
    }

    /// Just after a wrong answer the scheduler's recall is near 100%: the
    /// question missed is still the weakest, and a known one is not weak.
    #[test]
    fn a_question_missed_minutes_ago_is_the_weakest() {
        let now = at(10, 12);
        let minutes_ago = now - chrono::Duration::minutes(3);
        let topics = bank(&[("missed", "ice"), ("known", "ice")]);
        let states = vec![
            ("missed".to_owned(), state(0.4, minutes_ago, at(11, 12), 0)),
            ("known".to_owned(), state(3.0, at(9, 12), at(12, 12), 0)),
        ];
        let reviews = vec![
            review("missed", "ice", 1.0, at(1, 12)),
            review("known", "ice", 1.0, at(9, 12)),
            review("missed", "ice", 0.0, minutes_ago),
        ];
        let p = progress("ana", &topics, &states, &reviews, now);
        let weakest: Vec<&str> = p.weakest.iter().map(|w| w.id.as_str()).collect();
        assert_eq!(weakest, ["missed"]);
        assert_eq!(p.weakest[0].last_credit, 0.0);
    }

    fn review(id: &str, topic: &str, credit: f64, when: DateTime<Utc>) -> ReviewRecord {
        ReviewRecord {
            question_id: id.into(),
            topic: topic.into(),
            rating: if credit > 0.0 { Rating::Good } else { Rating::Again },
            credit,
            reviewed_at: when,
        }
    }

    /// A small fixed history, with the figures worked out by hand.
    #[test]
    fn figures_match_a_hand_computed_history() {
        let now = at(10, 12);
        let topics = bank(&[("i1", "ice"), ("i2", "ice"), ("i3", "ice"), ("m1", "meds")]);
        // Stability 9 days, last reviewed 9 days ago: R = (1 + 19/81 · 9/9)^−0.5 = 0.9 exactly.
        // Stability 1 day, 4 days ago: R = (1 + 19/81 · 4)^−0.5 = (157/81)^−0.5 = 0.718…
        let states = vec![
            ("i1".to_owned(), state(9.0, at(1, 12), at(10, 12), 0)),
            ("i2".to_owned(), state(1.0, at(6, 12), at(11, 18), 2)),
            ("m1".to_owned(), state(9.0, at(1, 12), at(20, 12), 0)),
            ("gone".to_owned(), state(1.0, at(6, 12), at(7, 12), 0)),
        ];
        let reviews = vec![
            review("i1", "ice", 1.0, at(1, 12)),
            review("i2", "ice", 0.0, at(6, 12)),
            review("m1", "meds", 1.0, at(8, 9)),
            review("i2", "ice", 1.0, at(9, 9)),
            review("i1", "ice", 0.5, at(10, 8)),
        ];
        let p = progress("ana", &topics, &states, &reviews, now);
        let ice = &p.topics[0];
        assert_eq!((ice.topic.as_str(), ice.questions, ice.seen), ("ice", 3, 2));
        let r2 = (157.0f64 / 81.0).powf(-0.5);
        assert!((ice.recall - (0.9 + r2) / 3.0).abs() < 1e-9, "{}", ice.recall);
        // ice reviews in the last 30 days: 1 right, 0, 1 right, 0.5 → 2 of 4.
        assert_eq!(ice.recent_accuracy, Some(0.5));
        assert_eq!(p.topics[1].recent_accuracy, Some(1.0));
        // Due by the end of today: i1 (now). This week: i1, i2 (tomorrow); m1 is in 10 days.
        assert_eq!((p.due_today, p.due_this_week), (1, 2));
        // i1's last answer was half right; i2 was answered right last but
        // forgotten twice; m1 is known; "gone" is no longer in the banks.
        let weakest: Vec<&str> = p.weakest.iter().map(|w| w.id.as_str()).collect();
        assert_eq!(weakest, ["i1", "i2"]);
        assert_eq!(p.weakest[0].prompt, "Prompt i1");
        assert_eq!(p.weakest[0].last_credit, 0.5);
        // Reviews on the 8th, 9th and 10th: three days in a row.
        assert_eq!(p.streak_days, 3);
    }
}
