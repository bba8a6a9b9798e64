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
    /// recall probability, with unseen questions at 0.
    pub mastery: f64,
    /// Share of reviews in the last 30 days that earned full credit; `None`
    /// without any.
    pub recent_accuracy: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeakQuestion {
    pub id: String,
    pub topic: String,
    pub recall: f64,
    pub lapses: u32,
}

/// `bank_topics` maps every question in the banks to its topic.
pub fn progress(
    learner: &str,
    bank_topics: &BTreeMap<String, String>,
    states: &[(String, MemoryState)],
    reviews: &[ReviewRecord],
    now: DateTime<Utc>,
) -> Progress {
    let states: HashMap<&str, &MemoryState> = states.iter().map(|(id, s)| (id.as_str(), s)).collect();
    let mut topics: BTreeMap<&str, TopicProgress> = BTreeMap::new();
    for (id, topic) in bank_topics {
        let entry = topics.entry(topic).or_insert_with(|| TopicProgress {
            topic: topic.clone(),
            questions: 0,
            seen: 0,
            mastery: 0.0,
            recent_accuracy: None,
        });
        entry.questions += 1;
        if let Some(state) = states.get(id.as_str()) {
            entry.seen += 1;
            entry.mastery += state.retrievability(now);
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
            entry.mastery /= entry.questions as f64;
        }
        entry.recent_accuracy = recent.get(topic).map(|(right, all)| *right as f64 / *all as f64);
    }

    let end_of_today = end_of_day(now.date_naive());
    let week = now + Duration::days(7);
    let in_banks = |id: &&str| bank_topics.contains_key(*id);
    let due_today = states
        .iter()
        .filter(|(id, s)| in_banks(id) && s.due <= end_of_today)
        .count();
    let due_this_week = states
        .iter()
        .filter(|(id, s)| in_banks(id) && s.due <= week)
        .count();

    let mut weakest: Vec<WeakQuestion> = states
        .iter()
        .filter(|(id, _)| in_banks(id))
        .map(|(id, s)| WeakQuestion {
            id: (*id).to_owned(),
            topic: bank_topics[*id].clone(),
            recall: s.retrievability(now),
            lapses: s.lapses,
        })
        .collect();
    weakest.sort_by(|a, b| {
        a.recall
            .total_cmp(&b.recall)
            .then(b.lapses.cmp(&a.lapses))
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

    use super::progress;
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
        let topics: BTreeMap<String, String> = [("i1", "ice"), ("i2", "ice"), ("i3", "ice"), ("m1", "meds")]
            .into_iter()
            .map(|(id, t)| (id.to_owned(), t.to_owned()))
            .collect();
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
        assert!((ice.mastery - (0.9 + r2) / 3.0).abs() < 1e-9, "{}", ice.mastery);
        // ice reviews in the last 30 days: 1 right, 0, 1 right, 0.5 → 2 of 4.
        assert_eq!(ice.recent_accuracy, Some(0.5));
        assert_eq!(p.topics[1].recent_accuracy, Some(1.0));
        // Due by the end of today: i1 (now). This week: i1, i2 (tomorrow); m1 is in 10 days.
        assert_eq!((p.due_today, p.due_this_week), (1, 2));
        assert_eq!(p.weakest[0].id, "i2");
        assert_eq!(
            p.weakest.len(),
            3,
            "questions no longer in the banks are left out"
        );
        // Reviews on the 8th, 9th and 10th: three days in a row.
        assert_eq!(p.streak_days, 3);
    }
}
