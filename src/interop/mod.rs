//! Moving questions between aidquiz banks and Moodle (GIFT, Moodle XML) or Canvas (QTI 1.2).
//!
//! Pure: parsers take a file's text and its id in a [`SourceMap`] and return
//! [`Imported`] questions plus diagnostics; [`into_questions`] turns those into
//! bank questions; writers render a list of questions into any `Write` and
//! say which questions they had to skip or change.

use std::collections::HashSet;

use sha2::{Digest, Sha256};

use crate::bank::check::{self, is_slug};
use crate::bank::model::{Answer, Difficulty, Question, QuestionId, QuestionMeta};
use crate::diagnostic::{Diagnostic, Location, Severity};

pub mod gift;
pub mod html;
pub mod moodle;
pub mod qti;

/// A question read from another format, before it becomes a bank question.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The GIFT title or Moodle name; the id is made from it.
    pub name: Option<String>,
    /// The category path in force (`$CATEGORY:` or a Moodle category record).
    pub category: Option<String>,
    /// Moodle tags, as written.
    pub tags: Vec<String>,
    pub prompt: String,
    pub answer: Answer,
    /// General feedback: becomes the explanation.
    pub general_feedback: Option<String>,
    pub points: Option<f64>,
    /// Where it came from, for the provenance note: "quiz.gift line 12".
    pub origin: String,
    /// Where its diagnostics point.
    pub location: Location,
    /// What could not be carried over exactly, one sentence each.
    pub notes: Vec<String>,
}

/// What a parser found in one file.
#[derive(Debug, Default)]
pub struct Parsed {
    pub questions: Vec<Imported>,
    /// Syntax errors, and warnings for skipped items.
    pub diagnostics: Vec<Diagnostic>,
}

/// A question an export could not write, or wrote with a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportNote {
    pub question: QuestionId,
    /// True when the question was left out of the file.
    pub skipped: bool,
    pub message: String,
}

impl ExportNote {
    fn skipped(question: &Question, message: impl Into<String>) -> Self {
        ExportNote {
            question: question.meta.id.clone(),
            skipped: true,
            message: message.into(),
        }
    }

    fn changed(question: &Question, message: impl Into<String>) -> Self {
        ExportNote {
            question: question.meta.id.clone(),
            skipped: false,
            message: message.into(),
        }
    }
}

/// Tag that carries a question's difficulty through Moodle.
pub const DIFFICULTY_TAG_PREFIX: &str = "difficulty-";

/// The placeholder explanation of a question imported without general feedback.
pub const EXPLANATION_PLACEHOLDER: &str = "TODO: no explanation was imported; write why the answer is right.";

/// A skipped item: a warning naming its place, never a silent drop.
pub fn skipped(location: Location, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        ..Diagnostic::error("import-skipped", message, location)
    }
}

/// Turns imported questions into bank questions: ids, topics, sections and
/// difficulties, with a warning per question for every placeholder or change.
///
/// `default_topic` is `--topic`; `file_label(file)` names a source file in
/// the placeholder section. Questions without a category and without a
/// default topic are errors.
pub fn into_questions(
    imported: impl IntoIterator<Item = Imported>,
    default_topic: Option<&str>,
    file_label: &dyn Fn(&Location) -> String,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Question> {
    let imported = imported.into_iter();
    let mut used_ids = HashSet::with_capacity(imported.size_hint().0);
    let mut questions = Vec::with_capacity(imported.size_hint().0);
    // A category line is in force for every question after it, so runs of
    // questions share one: its topic and section are worked out once a run.
    let mut category: Option<(Option<String>, Option<String>, Option<String>)> = None;
    for item in imported {
        let mut notes = item.notes;
        let base_id = item
            .name
            .as_deref()
            .map(slugify)
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| content_id(&item.prompt));
        let id = unique(base_id, &mut used_ids);

        let (category_topic, section) = match &category {
            Some((path, topic, section)) if *path == item.category => (topic.clone(), section.clone()),
            _ => {
                let (topic, section) = topic_and_section(item.category.as_deref());
                category = Some((item.category.clone(), topic.clone(), section.clone()));
                (topic, section)
            }
        };
        let Some(topic) = category_topic.or_else(|| default_topic.map(str::to_owned)) else {
            diagnostics.push(
                Diagnostic::error(
                    "no-topic",
                    format!("question `{id}` has no category to take its topic from"),
                    item.location.clone(),
                )
                .with_hint("pass --topic TOPIC, or put a `$CATEGORY:` line (GIFT) or a category record (Moodle XML) before it"),
            );
            continue;
        };

        let mut placeholders = Vec::new();
        let section = section.unwrap_or_else(|| {
            let placeholder = format!("Imported from {}", file_label(&item.location));
            placeholders.push(format!("section (placeholder \"{placeholder}\")"));
            placeholder
        });
        let explanation = match item.general_feedback.filter(|f| !f.trim().is_empty()) {
            Some(feedback) => feedback,
            None => {
                placeholders.push("explanation (placeholder \"TODO: …\")".to_owned());
                EXPLANATION_PLACEHOLDER.to_owned()
            }
        };
        let mut difficulty = None;
        let mut tags = Vec::new();
        for tag in &item.tags {
            let slug = slugify(tag);
            let level = slug.strip_prefix(DIFFICULTY_TAG_PREFIX).unwrap_or(&slug);
            if let Some(found) = Difficulty::ALL.into_iter().find(|d| d.as_str() == level) {
                difficulty = Some(found);
            } else if !slug.is_empty() && !tags.contains(&slug) {
                tags.push(slug);
            }
        }
        let difficulty = difficulty.unwrap_or_else(|| {
            placeholders.push("difficulty (set to medium)".to_owned());
            Difficulty::Medium
        });
        if !placeholders.is_empty() {
            notes.push(format!(
                "the source has no {}: fill in {}",
                if placeholders.len() == 1 {
                    "value for it"
                } else {
                    "values for them"
                },
                placeholders.join(", ")
            ));
        }
        let points = match item.points {
            Some(points) if points.is_finite() && points > 0.0 => points,
            Some(points) => {
                notes.push(format!("points {points} is not a positive number: set to 1"));
                1.0
            }
            None => 1.0,
        };
        for note in notes {
            diagnostics.push(Diagnostic {
                severity: Severity::Warning,
                ..Diagnostic::error(
                    "import-changed",
                    format!("question `{id}`: {note}"),
                    item.location.clone(),
                )
            });
        }
        let question = Question {
            meta: QuestionMeta {
                id: QuestionId(id),
                topic,
                tags,
                difficulty,
                prompt: item.prompt,
                section,
                explanation,
                points,
                lint: Default::default(),
                provenance: Some(["imported from ", &item.origin].concat()),
                critical: false,
                scenario: None,
                revision: 1,
            },
            answer: item.answer,
        };
        // The rules `aidquiz check` applies, pointed at the question in its
        // source file, where the instructor can fix it.
        for problem in check::check_question(&question) {
            let mut diagnostic = Diagnostic::error(
                problem.code,
                format!("question `{}`: {}", question.meta.id, problem.message),
                item.location.clone(),
            );
            diagnostic.hint = problem.hint;
            diagnostics.push(diagnostic);
        }
        questions.push(question);
    }
    questions
}

/// A slug: lowercase ASCII letters and digits, other runs turned into one
/// hyphen, accents dropped rather than guessed.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            pending_hyphen = true;
        }
    }
    // Ids longer than this are unreadable in reports; the hash keeps them apart.
    if slug.len() > 60 {
        slug.truncate(60);
        while slug.ends_with('-') {
            slug.pop();
        }
    }
    debug_assert!(slug.is_empty() || is_slug(&slug));
    slug
}

/// An id for a question without a name: stable for the same prompt.
fn content_id(prompt: &str) -> String {
    let digest = Sha256::digest(prompt.as_bytes());
    format!("q-{}", &crate::text::hex(&digest)[..10])
}

/// The topic slug and the section a category path gives, when it gives them.
fn topic_and_section(category: Option<&str>) -> (Option<String>, Option<String>) {
    match category.map(category_segments) {
        Some(segments) if !segments.is_empty() => {
            let topic = slugify(&segments[0]);
            let section = (segments.len() > 1).then(|| segments[1..].join(" / "));
            (Some(topic).filter(|t| !t.is_empty()), section)
        }
        _ => (None, None),
    }
}

fn unique(base: String, used: &mut HashSet<String>) -> String {
    if !used.contains(&base) {
        used.insert(base.clone());
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| used.insert(candidate.clone()))
        .unwrap_or(base)
}

/// The segments of a Moodle category path, without the context prefix
/// (`$course$`, `$system$`, …) and the `top` category; `//` is a literal slash.
pub fn category_segments(path: &str) -> Vec<String> {
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut chars = path.trim().chars().peekable();
    while let Some(c) = chars.next() {
        if c == '/' {
            if chars.peek() == Some(&'/') {
                chars.next();
                current.push('/');
            } else {
                segments.push(std::mem::take(&mut current));
            }
        } else {
            current.push(c);
        }
    }
    segments.push(current);
    let mut segments: Vec<String> = segments
        .into_iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    if segments
        .first()
        .is_some_and(|s| s.starts_with('$') && s.ends_with('$'))
    {
        segments.remove(0);
    }
    if segments.first().is_some_and(|s| s == "top") {
        segments.remove(0);
    }
    segments
}

/// The category path an export writes for a question: topic, then section.
pub fn category_path(question: &Question) -> String {
    // A category path is one line; `/` separates categories unless doubled.
    let escape = |s: &str| s.replace(['\n', '\r'], " ").replace('/', "//");
    format!(
        "$course$/top/{}/{}",
        escape(&question.meta.topic),
        escape(&question.meta.section)
    )
}

/// The tags an export writes: the question's own, then its difficulty.
pub fn export_tags(question: &Question) -> Vec<String> {
    let mut tags = question.meta.tags.clone();
    tags.push(format!(
        "{DIFFICULTY_TAG_PREFIX}{}",
        question.meta.difficulty.as_str()
    ));
    tags
}

/// Moodle's grade for a choice of a select-all question under aidquiz's rule
/// (+1/k for each of k right choices, −1/(n−k) for each wrong one), in percent.
pub fn multiple_weight(right: bool, right_count: usize, choice_count: usize) -> f64 {
    let count = if right {
        right_count
    } else {
        choice_count - right_count
    };
    let share = 100.0 / count.max(1) as f64;
    if right { share } else { -share }
}

/// The right choice of a single-choice question from the source's weights
/// (percent of the points, one per choice): the best-weighted choice, with a
/// note for every way the source's grading is changed. `None` when no choice
/// earns anything.
pub fn single_answer<'a>(
    weighted: impl Iterator<Item = (&'a String, f64)> + Clone,
    notes: &mut Vec<String>,
) -> Option<String> {
    let best = weighted.clone().map(|(_, w)| w).fold(f64::NEG_INFINITY, f64::max);
    if best <= 0.0 {
        return None;
    }
    let rights: Vec<&String> = weighted
        .clone()
        .filter(|(_, w)| (*w - best).abs() < 1e-9)
        .map(|(c, _)| c)
        .collect();
    let answer = rights[0].clone();
    if best < 100.0 {
        notes.push(format!(
            "no choice is worth 100%; \"{answer}\" ({}%) is taken as the right one and earns full points",
            percent(best)
        ));
    }
    if rights.len() > 1 {
        notes.push(format!(
            "{} choices are fully right, but a single-choice question has one: \"{answer}\" is kept as right, the others now earn nothing",
            rights.len()
        ));
    }
    for (text, weight) in weighted {
        if weight > 0.0 && weight < best {
            notes.push(format!(
                "partial credit dropped: \"{text}\" ({}%) now earns nothing",
                percent(weight)
            ));
        }
    }
    Some(answer)
}

/// Percentages as Moodle writes them: at most 5 decimals, no trailing zeros.
pub fn percent(value: f64) -> String {
    let text = format!("{value:.5}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// Moodle's weights compared with aidquiz's, to within Moodle's rounding.
pub fn same_weight(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.01
}

/// Notes for a select-all question whose Moodle weights aidquiz does not reproduce.
pub fn check_multiple_weights(weights: &[(String, f64)], notes: &mut Vec<String>) {
    let right = weights.iter().filter(|(_, w)| *w > 0.0).count();
    let n = weights.len();
    let differs: Vec<String> = weights
        .iter()
        .filter(|(_, w)| !same_weight(*w, multiple_weight(*w > 0.0, right, n)))
        .map(|(choice, w)| format!("\"{choice}\" {}%", percent(*w)))
        .collect();
    if !differs.is_empty() {
        notes.push(format!(
            "weights {} differ from aidquiz's select-all rule (+{}% per right choice, {}% per wrong one); the right choices are kept, partial scores will differ",
            differs.join(", "),
            percent(multiple_weight(true, right, n)),
            percent(multiple_weight(false, right, n)),
        ));
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod unit_tests {
    use super::{category_segments, percent, slugify};

    #[test]
    fn slugs_fold_case_and_punctuation() {
        assert_eq!(slugify("CPR: Compressions (adult)"), "cpr-compressions-adult");
        assert_eq!(slugify("  --  "), "");
        assert_eq!(slugify("Brûlure"), "br-lure");
    }

    #[test]
    fn category_paths_drop_the_context_and_top() {
        assert_eq!(category_segments("$course$/top/CPR/Adults"), ["CPR", "Adults"]);
        assert_eq!(
            category_segments("First aid/Burns//scalds"),
            ["First aid", "Burns/scalds"]
        );
        assert_eq!(category_segments("$system$/top"), Vec::<String>::new());
    }

    #[test]
    fn percentages_read_like_moodle_writes_them() {
        assert_eq!(percent(100.0 / 3.0), "33.33333");
        assert_eq!(percent(-50.0), "-50");
        assert_eq!(percent(100.0), "100");
    }
}
