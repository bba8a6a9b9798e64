//! Item analysis: how each question behaved, from the attempts streamed by,
//! and for an exam the reliability of the whole test. The sums kept per
//! question do not grow with the number of attempts: the upper and lower
//! groups are found from a count per distinct total score (a "band").

use std::collections::{BTreeMap, HashMap};

use super::attempts::covered_points;
use super::stats::{GROUP_SHARE, Moments, Pairs, group_mean, reliability};
use crate::bank::model::Image;
use crate::bank::{Answer, Question};
use crate::store::{AttemptStart, QuestionCatalog, QuestionKey, ReportQuestion, UnixNanos};

/// Facility above this: the question is too easy to tell learners apart.
pub const TOO_EASY: f64 = 0.9;
/// Facility below this: too hard, or its key or wording is wrong.
pub const TOO_HARD: f64 = 0.2;
/// Facility below this on a must-pass question: too many learners fail the
/// exam on it alone, so its teaching or its wording needs a look.
pub const CRITICAL_FACILITY: f64 = 0.9;
/// Item–rest correlation below this: the question does not separate the
/// learners who know the material from those who do not.
pub const POOR_DISCRIMINATION: f64 = 0.2;

/// Something an instructor should look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    TooEasy,
    TooHard,
    PoorDiscrimination,
    /// The stronger learners do worse on it than the weaker: often a wrong
    /// key or a misleading distractor.
    NegativeDiscrimination,
    /// A must-pass question fewer than 9 in 10 learners get right.
    CriticalMissed,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::TooEasy => "too-easy",
            Flag::TooHard => "too-hard",
            Flag::PoorDiscrimination => "poor-discrimination",
            Flag::NegativeDiscrimination => "negative-discrimination",
            Flag::CriticalMissed => "critical-below-0.9",
        }
    }
}

/// What the report shows of a question beside its figures, taken from the
/// banks: the store keeps ids and choice positions, not texts.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionText {
    pub prompt: String,
    /// In the bank's order: the positions picks are counted by.
    pub choices: Vec<String>,
    /// Positions of the right choices.
    pub keys: Vec<usize>,
    /// Every learner saw the choices in the bank's order, so a letter names
    /// the same choice for all of them.
    pub fixed_order: bool,
    /// The picture shown with the prompt, as the report embeds it.
    pub picture: Option<Picture>,
}

/// A picture in a report: the bank's file and alt text, which the text
/// formats name as the terminal does, and for HTML the bytes as a `data:`
/// URL (a report is one file, opened anywhere).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    pub image: Image,
    /// `None` when the file cannot be read (`check` names it).
    pub src: Option<String>,
}

impl Picture {
    /// The picture in words where it cannot be shown:
    /// `[image: media/recovery.png — a person on their side]`.
    pub fn in_words(&self) -> String {
        crate::session::render::image_line(&self.image)
    }
}

impl QuestionText {
    pub fn of(question: &Question) -> QuestionText {
        let position = |choices: &[String], text: &str| choices.iter().position(|c| c == text);
        let (choices, keys, fixed_order) = match &question.answer {
            Answer::Single(q) => (
                q.choices.clone(),
                position(&q.choices, &q.answer).into_iter().collect(),
                !q.shuffle,
            ),
            Answer::Multiple(q) => (
                q.choices.clone(),
                q.answers.iter().filter_map(|a| position(&q.choices, a)).collect(),
                !q.shuffle,
            ),
            Answer::TrueFalse(q) => (
                vec!["True".to_owned(), "False".to_owned()],
                vec![usize::from(!q.answer)],
                true,
            ),
            _ => (Vec::new(), Vec::new(), true),
        };
        QuestionText {
            prompt: question.meta.prompt.clone(),
            choices,
            keys,
            fixed_order,
            picture: None,
        }
    }
}

/// Question id → its text, for the questions the banks still hold.
pub type QuestionTexts = HashMap<String, QuestionText>;

/// How often one choice was picked, overall and by each group's share.
#[derive(Debug, Clone, PartialEq)]
pub struct ChoicePicks {
    /// The letter learners saw (`A` is the first choice) when every learner
    /// saw the bank's order, `T`/`F` for true/false; for shuffled choices,
    /// whose letters differ per attempt, the choice's place in the bank
    /// (`1` is the first).
    pub choice: String,
    /// The choice as written, when the banks still hold the question.
    pub text: Option<String>,
    /// A right choice.
    pub key: bool,
    pub count: u64,
    /// Share of the upper 27% who picked it.
    pub upper: Option<f64>,
    pub lower: Option<f64>,
}

impl ChoicePicks {
    /// "B Heat ✓: 14 (0.5/0.1)": the choice and its text (✓ for a right
    /// one), how often it was picked, and the share of the upper and lower
    /// groups who picked it.
    pub fn describe(&self) -> String {
        let text = self
            .text
            .as_deref()
            .map_or(String::new(), |text| format!(" {text}"));
        let key = if self.key { " ✓" } else { "" };
        format!(
            "{}{text}{key}: {} ({}/{})",
            self.choice,
            self.count,
            super::number_or_dash(self.upper, 2),
            super::number_or_dash(self.lower, 2)
        )
    }
}

/// The statistics of one question.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRow {
    pub question_id: String,
    /// Each revision of a question is analysed apart: a changed key makes
    /// a different question.
    pub revision: u32,
    /// A must-pass question.
    pub critical: bool,
    pub topic: String,
    /// The question as the banks hold it now; `None` when they no longer do.
    pub prompt: Option<String>,
    /// Its picture, when it has one (HTML shows it beside the prompt).
    pub picture: Option<Picture>,
    pub seen: u64,
    pub answered: u64,
    /// Full points.
    pub correct: u64,
    /// Mean share of the question's points earned: the proportion correct
    /// for a question scored right or wrong.
    pub facility: Option<f64>,
    /// Item–rest correlation (point-biserial for right/wrong questions).
    pub discrimination: Option<f64>,
    /// Facility in the upper 27% of takers by total, minus in the lower 27%.
    pub upper_lower: Option<f64>,
    pub upper_facility: Option<f64>,
    pub lower_facility: Option<f64>,
    /// Mean seconds from the previous answer (or the start) to this one.
    pub mean_answer_secs: Option<f64>,
    pub picks: Vec<ChoicePicks>,
    pub flags: Vec<Flag>,
}

/// Test statistics, for the attempts at one exam.
#[derive(Debug, Clone, PartialEq)]
pub struct TestStats {
    pub takers: u64,
    pub items: usize,
    /// Of the total score, in points.
    pub mean: f64,
    pub sd: f64,
    pub reliability: Option<f64>,
    /// `KR-20` when every item was scored right or wrong, else `Cronbach's alpha`.
    pub method: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ItemAnalysis {
    pub items: Vec<ItemRow>,
    pub test: Option<TestStats>,
}

/// Attempts with the same total share land in the same band; one part in a
/// million is finer than any score a quiz gives.
const BAND_SCALE: f64 = 1e6;

#[derive(Debug, Default, Clone)]
struct Band {
    takers: f64,
    score: f64,
    /// Per choice (see [`Tally::picks`]), how many in the band picked it.
    picks: Vec<f64>,
}

#[derive(Debug)]
struct Tally {
    question_id: String,
    revision: u32,
    critical: bool,
    topic: String,
    answered: u64,
    correct: u64,
    /// Share of the points, per taker.
    score: Moments,
    /// Raw points, for the item variance in reliability.
    points: Moments,
    item_rest: Pairs,
    bands: BTreeMap<i64, Band>,
    /// Per choice index; for true/false, 0 is true and 1 false.
    picks: Vec<u64>,
    true_false: bool,
    answer_secs: Moments,
    /// Every score was 0 or full points.
    right_or_wrong: bool,
}

/// Sums per question while attempts stream by.
#[derive(Debug, Default)]
pub struct ItemTally {
    /// (question id, revision) → its tally in `items`.
    index: HashMap<(String, u32), usize>,
    /// Question key → its tally in `items`: a question recorded under two
    /// topics has two keys and one tally.
    by_key: Vec<Option<usize>>,
    items: Vec<Tally>,
    totals: Moments,
    /// Scratch for one attempt's answer times, kept to spare allocations.
    answered: Vec<(UnixNanos, usize)>,
}

impl ItemTally {
    /// Adds an attempt with the questions the report covers, whose keys
    /// `catalog` names.
    pub fn add(&mut self, attempt: AttemptStart, questions: &[ReportQuestion], catalog: &QuestionCatalog) {
        let (total, available) = covered_points(questions);
        if available <= 0.0 {
            return;
        }
        self.totals.add(total);
        let share = total / available;
        let band = (share * BAND_SCALE).round() as i64;
        self.answered.clear();
        for question in questions {
            if question.max_points <= 0.0 {
                continue;
            }
            let Some(at) = self.tally_of(question.key, catalog) else {
                continue;
            };
            let item = &mut self.items[at];
            let x = question.points / question.max_points;
            item.score.add(x);
            item.points.add(question.points);
            let full = (question.points - question.max_points).abs() < 1e-9;
            item.correct += u64::from(full);
            item.right_or_wrong &= full || question.points.abs() < 1e-9;
            let rest_available = available - question.max_points;
            if rest_available > 0.0 {
                item.item_rest.add(x, (total - question.points) / rest_available);
            }
            let band = item.bands.entry(band).or_default();
            band.takers += 1.0;
            band.score += x;
            if question.answered {
                item.answered += 1;
                item.true_false |= question.true_false;
                for choice in question.picks.iter() {
                    if item.picks.len() <= choice {
                        item.picks.resize(choice + 1, 0);
                    }
                    if band.picks.len() <= choice {
                        band.picks.resize(choice + 1, 0.0);
                    }
                    item.picks[choice] += 1;
                    band.picks[choice] += 1.0;
                }
            }
            // A paper attempt's answer times are the grading's, not the learner's.
            if let Some(answered_at) = question.answered_at.filter(|_| !attempt.paper) {
                self.answered.push((answered_at, at));
            }
        }
        // Time to answer: from the previous answer in time, or the start.
        // Answers usually come in the order asked, already sorted.
        if !self.answered.is_sorted_by_key(|(time, _)| *time) {
            self.answered.sort_by_key(|(time, _)| *time);
        }
        let Some(mut previous) = UnixNanos::of(attempt.started_at) else {
            return;
        };
        for &(time, at) in &self.answered {
            let gap = time.seconds_since(previous);
            if gap >= 0.0 {
                self.items[at].answer_secs.add(gap);
            }
            previous = previous.max(time);
        }
    }

    /// The tally of the question `key` stands for, begun on first sight;
    /// `None` for a key the catalog does not name.
    fn tally_of(&mut self, key: QuestionKey, catalog: &QuestionCatalog) -> Option<usize> {
        if let Some(&Some(at)) = self.by_key.get(key.index()) {
            return Some(at);
        }
        let entry = catalog.get(key)?;
        let id = (entry.question_id.clone(), entry.revision);
        let at = match self.index.get(&id) {
            Some(&at) => at,
            None => {
                self.index.insert(id, self.items.len());
                self.items.push(Tally {
                    question_id: entry.question_id.clone(),
                    revision: entry.revision,
                    critical: false,
                    topic: entry.topic.clone(),
                    answered: 0,
                    correct: 0,
                    score: Moments::default(),
                    points: Moments::default(),
                    item_rest: Pairs::default(),
                    bands: BTreeMap::new(),
                    picks: Vec::new(),
                    true_false: false,
                    answer_secs: Moments::default(),
                    right_or_wrong: true,
                });
                self.items.len() - 1
            }
        };
        if self.by_key.len() <= key.index() {
            self.by_key.resize(key.index() + 1, None);
        }
        self.by_key[key.index()] = Some(at);
        self.items[at].critical |= entry.critical;
        Some(at)
    }

    /// The analysis, questions in id order; test statistics when `exam`.
    /// Questions found in `texts` show their prompt and every choice, picked
    /// or not: a distractor nobody picks is a finding.
    pub fn finish(self, exam: bool, texts: &QuestionTexts) -> ItemAnalysis {
        let test = exam.then(|| {
            let variances: Vec<f64> = self.items.iter().filter_map(|i| i.points.variance()).collect();
            let right_or_wrong = self.items.iter().all(|i| i.right_or_wrong);
            TestStats {
                takers: self.totals.n as u64,
                items: self.items.len(),
                mean: self.totals.mean().unwrap_or(0.0),
                sd: self.totals.sd().unwrap_or(0.0),
                reliability: reliability(&variances, self.totals.variance().unwrap_or(0.0)),
                method: if right_or_wrong {
                    "KR-20"
                } else {
                    "Cronbach's alpha"
                },
            }
        });
        let mut items: Vec<ItemRow> = self
            .items
            .into_iter()
            .map(|item| {
                let text = texts.get(&item.question_id);
                row(item, text)
            })
            .collect();
        items.sort_by(|a, b| (&a.question_id, a.revision).cmp(&(&b.question_id, b.revision)));
        ItemAnalysis { items, test }
    }
}

fn row(item: Tally, text: Option<&QuestionText>) -> ItemRow {
    let takers = item.score.n;
    let upper_bands = || item.bands.values().rev();
    let lower_bands = || item.bands.values();
    let upper_facility = group_mean(upper_bands().map(|b| (b.takers, b.score)), takers, GROUP_SHARE);
    let lower_facility = group_mean(lower_bands().map(|b| (b.takers, b.score)), takers, GROUP_SHARE);
    let picked = |band: &Band, choice: usize| band.picks.get(choice).copied().unwrap_or(0.0);
    // Every choice the question has, picked or not; without its text, as
    // many as were picked (true/false always has two).
    let choices = text
        .map_or(0, |t| t.choices.len())
        .max(item.picks.len())
        .max(if item.true_false { 2 } else { 0 });
    let fixed_order = text.is_some_and(|t| t.fixed_order);
    let picks = (0..choices)
        .map(|choice| ChoicePicks {
            choice: match (item.true_false, fixed_order) {
                (true, _) => if choice == 0 { "T" } else { "F" }.to_owned(),
                (false, true) => crate::response::letter(choice).to_string(),
                (false, false) => (choice + 1).to_string(),
            },
            text: text.and_then(|t| t.choices.get(choice)).cloned(),
            key: text.is_some_and(|t| t.keys.contains(&choice)),
            count: item.picks.get(choice).copied().unwrap_or(0),
            upper: group_mean(
                upper_bands().map(|b| (b.takers, picked(b, choice))),
                takers,
                GROUP_SHARE,
            ),
            lower: group_mean(
                lower_bands().map(|b| (b.takers, picked(b, choice))),
                takers,
                GROUP_SHARE,
            ),
        })
        .collect();
    let facility = item.score.mean();
    let discrimination = item.item_rest.correlation();
    let mut flags = flags(facility, discrimination);
    if item.critical && facility.is_some_and(|f| f < CRITICAL_FACILITY) {
        flags.push(Flag::CriticalMissed);
    }
    ItemRow {
        flags,
        question_id: item.question_id,
        revision: item.revision,
        critical: item.critical,
        topic: item.topic,
        prompt: text.map(|t| t.prompt.clone()),
        picture: text.and_then(|t| t.picture.clone()),
        seen: takers as u64,
        answered: item.answered,
        correct: item.correct,
        facility,
        discrimination,
        upper_lower: upper_facility.zip(lower_facility).map(|(u, l)| u - l),
        upper_facility,
        lower_facility,
        mean_answer_secs: item.answer_secs.mean(),
        picks,
    }
}

/// A question as the tables of people name it: its id, `@2` for a
/// revision after the first, and ◆ for a must-pass question.
pub fn label(item: &ItemRow) -> String {
    let mut label = String::new();
    if item.critical {
        label.push_str("◆ ");
    }
    label.push_str(&item.question_id);
    if item.revision > 1 {
        label.push_str(&format!(" @{}", item.revision));
    }
    label
}

/// The question's prompt with its picture in words, as the terminal shows
/// a picture (`[image: FILE — alt]`): what CSV and Markdown show, which
/// cannot hold the picture. Empty for a question the banks no longer hold.
pub fn prompt_with_picture(item: &ItemRow) -> String {
    let prompt = item.prompt.as_deref().unwrap_or_default();
    match &item.picture {
        Some(picture) if item.prompt.is_some() => format!("{prompt} {}", picture.in_words()),
        _ => prompt.to_owned(),
    }
}

/// The question as Markdown's table shows it: its label, then its prompt
/// and picture in words when the banks hold it.
pub fn prompt_in_words(item: &ItemRow) -> String {
    match &item.prompt {
        Some(_) => format!("{}: {}", label(item), prompt_with_picture(item)),
        None => label(item),
    }
}

/// The thresholds of `docs/item-analysis.md`.
pub fn flags(facility: Option<f64>, discrimination: Option<f64>) -> Vec<Flag> {
    let mut flags = Vec::new();
    match facility {
        Some(f) if f > TOO_EASY => flags.push(Flag::TooEasy),
        Some(f) if f < TOO_HARD => flags.push(Flag::TooHard),
        _ => {}
    }
    match discrimination {
        Some(d) if d < 0.0 => flags.push(Flag::NegativeDiscrimination),
        Some(d) if d < POOR_DISCRIMINATION => flags.push(Flag::PoorDiscrimination),
        _ => {}
    }
    flags
}

#[cfg(test)]
mod tests;
