//! Moving questions between aidquiz banks and Moodle (GIFT, Moodle XML) or Canvas (QTI 1.2).
//!
//! Pure: parsers take a file's text and its id in a [`SourceMap`] and return
//! [`Imported`] questions plus diagnostics; [`into_questions`] turns those into
//! bank questions; writers render a list of questions into any `Write` and
//! say which questions they had to skip or change.

use std::borrow::Cow;
use std::collections::HashSet;

use sha2::{Digest, Sha256};

use crate::bank::check::{self, is_slug};
use crate::bank::model::{Answer, Difficulty, Question, QuestionId, QuestionMeta};
use crate::diagnostic::{Diagnostic, Location, Severity};
pub use media::ImportedImage;

pub mod gift;
pub mod html;
pub mod media;
pub mod moodle;
pub mod qti;
pub mod summary;
mod texts;

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
    /// The picture shown with the prompt.
    pub image: Option<ImportedImage>,
    /// Pictures shown with choices, by the choice's text.
    pub choice_images: Vec<(String, ImportedImage)>,
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

/// The code of a well-formed question aidquiz cannot take as written
/// (two identical choices with different grades).
pub const AMBIGUOUS: &str = "import-ambiguous";

/// The code of an item aidquiz cannot ask (an essay, a description).
pub const SKIPPED: &str = "import-skipped";

/// How the placeholder section an import writes begins: "Imported from FILE".
pub const SECTION_PLACEHOLDER_PREFIX: &str = "Imported from ";

/// The fields of a question that still hold a placeholder `aidquiz import`
/// wrote, each with the text found there.
pub fn placeholders(question: &Question) -> Vec<(&'static str, &str)> {
    let mut found = Vec::new();
    if question.meta.explanation.trim_start().starts_with("TODO:") {
        found.push(("explanation", question.meta.explanation.as_str()));
    }
    if question.meta.section.starts_with(SECTION_PLACEHOLDER_PREFIX) {
        found.push(("section", question.meta.section.as_str()));
    }
    found
}

/// A skipped item: a warning naming its place, never a silent drop.
pub fn skipped(location: Location, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        ..Diagnostic::error(SKIPPED, message, location)
    }
}

/// Bank questions made from imported ones, and how many were left out.
#[derive(Debug, Default)]
pub struct Converted {
    pub questions: Vec<Question>,
    /// Questions with an error (each reported): not in `questions`.
    pub skipped: usize,
    /// The imported questions' names, origins and categories, no longer
    /// needed. They were made on the parsing thread: freeing them here, while
    /// that thread allocates, makes the two contend for the allocator's lock
    /// (2,600 futex calls on a 10,000-question import, 400 without), so the
    /// caller decides when they go (`import` leaves them to process exit).
    pub spent: Vec<(Option<String>, String, Option<String>)>,
    /// The pictures the questions show, by the file name their images
    /// give; the caller writes them into the bank's media folder and puts
    /// that folder in front of the names ([`place_media`]).
    pub media: Vec<(String, Vec<u8>)>,
}

/// Points the images of `questions` (named as [`into_questions`] names
/// them) into `folder`, the media folder beside the bank.
pub fn place_media(questions: &mut [Question], folder: &str) {
    for question in questions {
        let choices = question
            .answer
            .choice_images_mut()
            .into_iter()
            .flat_map(|m| m.values_mut());
        for image in question.meta.image.iter_mut().chain(choices) {
            image.file = format!("{folder}/{}", image.file);
        }
    }
}

/// Turns imported questions into bank questions: ids, topics, sections and
/// difficulties, with a warning per question for every placeholder or change.
///
/// `default_topic` is `--topic`; `file_label(file)` names a source file in
/// the placeholder section. A question without a category and without a
/// default topic, or one that breaks a rule of `aidquiz check`, is reported
/// as an error and left out, so that one bad question never costs the rest.
pub fn into_questions(
    imported: impl IntoIterator<Item = Imported>,
    default_topic: Option<&str>,
    file_label: &dyn Fn(&Location) -> String,
    diagnostics: &mut Vec<Diagnostic>,
) -> Converted {
    let imported = imported.into_iter();
    let expected = imported.size_hint().0;
    let mut questions = Vec::with_capacity(expected);
    let mut converted = convert_each(
        imported,
        expected,
        default_topic,
        file_label,
        diagnostics,
        &mut |question| {
            questions.push(question);
        },
    );
    converted.questions = questions;
    converted
}

/// [`into_questions`], handing each bank question to `each` as soon as it
/// is made (in order), so that a caller can write it out while the rest
/// are read; `questions` is left empty. `expected` is about how many
/// questions come, to make room for at once.
pub fn convert_each(
    imported: impl IntoIterator<Item = Imported>,
    expected: usize,
    default_topic: Option<&str>,
    file_label: &dyn Fn(&Location) -> String,
    diagnostics: &mut Vec<Diagnostic>,
    each: &mut dyn FnMut(Question),
) -> Converted {
    let mut used_ids = HashSet::with_capacity(expected);
    let mut skipped = 0;
    let mut topics = Topics::default();
    let mut spent = Vec::with_capacity(expected);
    let mut media = media::MediaSet::default();
    let mut shown: HashSet<String> = HashSet::new();
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
                let (name, section) = topic_and_section(item.category.as_deref());
                let topic = name.map(|name| {
                    let (topic, note) = topics.topic(&name);
                    if let Some(note) = note {
                        diagnostics.push(Diagnostic {
                            severity: Severity::Warning,
                            ..Diagnostic::error("import-topic", note, item.location.clone())
                        });
                    }
                    topic
                });
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
            skipped += 1;
            continue;
        };

        let mut placeholders: Vec<Cow<'static, str>> = Vec::new();
        let section = section.unwrap_or_else(|| {
            let placeholder = format!("{SECTION_PLACEHOLDER_PREFIX}{}", file_label(&item.location));
            placeholders.push(format!("section (placeholder \"{placeholder}\")").into());
            placeholder
        });
        let explanation = match item.general_feedback.filter(|f| !f.trim().is_empty()) {
            Some(feedback) => feedback,
            None => {
                placeholders.push("explanation (placeholder \"TODO: …\")".into());
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
            placeholders.push("difficulty (set to medium)".into());
            Difficulty::Medium
        });
        if !placeholders.is_empty() {
            // Built by hand: nearly every question of a Moodle export gets
            // this note, and `format!` cost ten times as much.
            let which = if placeholders.len() == 1 {
                "value for it"
            } else {
                "values for them"
            };
            let mut note = ["the source has no ", which, ": fill in ", &placeholders[0]].concat();
            for placeholder in &placeholders[1..] {
                note.push_str(", ");
                note.push_str(placeholder);
            }
            notes.push(note);
        }
        let points = match item.points {
            Some(points) if points.is_finite() && points > 0.0 => points,
            Some(points) => {
                notes.push(format!("points {points} is not a positive number: set to 1"));
                1.0
            }
            None => 1.0,
        };
        let image = item.image.and_then(|image| media.add(image, &mut notes));
        let mut answer = item.answer;
        for (choice, image) in item.choice_images {
            let Some(image) = media.add(image, &mut notes) else {
                continue;
            };
            match answer.choice_images_mut() {
                Some(images) => {
                    images.insert(choice, image);
                }
                None => notes.push(format!(
                    "the picture {} of \"{choice}\" is left out: only choice questions show pictures with answers",
                    image.file
                )),
            }
        }
        let mut changes = Vec::with_capacity(notes.len());
        for note in notes {
            let message = ["question `", &id, "`: ", &note].concat();
            changes.push(Diagnostic {
                severity: Severity::Warning,
                ..Diagnostic::error("import-changed", message, item.location.clone())
            });
        }
        let question = Question {
            meta: QuestionMeta {
                id: QuestionId(id),
                topic,
                tags,
                difficulty,
                prompt: item.prompt,
                image,
                section,
                explanation,
                points,
                lint: Default::default(),
                provenance: Some(["imported from ", &item.origin].concat()),
                critical: false,
                scenario: None,
                revision: 1,
            },
            answer,
        };
        // The rules `aidquiz check` applies, pointed at the question in its
        // source file, where the instructor can fix it.
        spent.push((item.name, item.origin, item.category));
        let mut problems = check::check_question(&question);
        problems.extend(control_character(&question));
        if problems.is_empty() {
            diagnostics.append(&mut changes);
            // The pictures a question that is kept shows (`each` may move
            // them into a folder); most imports have none.
            if !media.files.is_empty() {
                shown.extend(question.images().into_iter().map(|(_, image)| image.file.clone()));
            }
            each(question);
        } else {
            skipped += 1;
            for problem in problems {
                let mut diagnostic = Diagnostic::error(
                    problem.code,
                    format!("question `{}`: {}", question.meta.id, problem.message),
                    item.location.clone(),
                );
                diagnostic.hint = problem.hint;
                diagnostics.push(diagnostic);
            }
        }
    }
    // A picture of a question left out above is not written either.
    let media = media
        .files
        .into_iter()
        .filter(|(name, _)| shown.contains(name))
        .collect();
    Converted {
        questions: Vec::new(),
        skipped,
        spent,
        media,
    }
}

/// A control character anywhere in the question's text (GIFT and Moodle
/// XML can carry them; `aidquiz check` refuses them in a bank's TOML).
fn control_character(question: &Question) -> Option<check::Problem> {
    let c = texts::find_char(question, |text| crate::text::find_control(text).map(|(_, c)| c))?;
    Some(check::Problem {
        code: "control-character",
        message: format!(
            "its text holds the control character {}",
            crate::text::code_point(c)
        ),
        field: check::Field::Whole,
        hint: Some("remove it from the source file: control characters break terminals, HTML and XML".into()),
    })
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

/// The top category's name and the section a category path gives, when it gives them.
fn topic_and_section(category: Option<&str>) -> (Option<String>, Option<String>) {
    match category.map(category_segments) {
        Some(mut segments) if !segments.is_empty() => {
            let section = (segments.len() > 1).then(|| segments[1..].join(" / "));
            (Some(segments.swap_remove(0)), section)
        }
        _ => (None, None),
    }
}

/// Topic slugs given to category names so far: two different names never
/// share a topic, whatever their script.
#[derive(Default)]
struct Topics {
    /// Topic slug → the category name it was given to.
    given: std::collections::HashMap<String, String>,
    /// Category name → its topic slug.
    by_name: std::collections::HashMap<String, String>,
}

impl Topics {
    /// The topic of a category name, and a note the first time the slug is
    /// not simply the name's letters (a name in another script, or a name
    /// whose slug another category already has).
    fn topic(&mut self, name: &str) -> (String, Option<String>) {
        if let Some(topic) = self.by_name.get(name) {
            return (topic.clone(), None);
        }
        let slug = slugify(name);
        let digest = crate::text::hex(&Sha256::digest(name.as_bytes()));
        let (topic, note) = if slug.is_empty() {
            let topic = format!("topic-{}", &digest[..8]);
            let note = format!(
                "the category \"{name}\" has no letters a topic slug can keep (a-z, 0-9): its topic is `{topic}`; rename it in the bank"
            );
            (topic, Some(note))
        } else if let Some(other) = self.given.get(&slug) {
            let topic = format!("{slug}-{}", &digest[..6]);
            let note = format!(
                "the categories \"{other}\" and \"{name}\" would both be topic `{slug}`: \"{name}\" is topic `{topic}`, kept apart; rename it in the bank"
            );
            (topic, Some(note))
        } else {
            (slug, None)
        };
        self.given.insert(topic.clone(), name.to_owned());
        self.by_name.insert(name.to_owned(), topic.clone());
        (topic, note)
    }
}

fn unique(base: String, used: &mut HashSet<String>) -> String {
    if used.insert(base.clone()) {
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
    // The readers refuse weights that are not finite; a NaN or an infinity
    // here would leave no choice equal to the best, so it is left out too.
    let weighted = weighted.filter(|(_, w)| w.is_finite());
    let best = weighted.clone().map(|(_, w)| w).fold(f64::NEG_INFINITY, f64::max);
    if best <= 0.0 {
        return None;
    }
    let rights: Vec<&String> = weighted
        .clone()
        .filter(|(_, w)| (*w - best).abs() < 1e-9)
        .map(|(c, _)| c)
        .collect();
    let answer = (*rights.first()?).clone();
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

/// One choice as read from a source: its text, weight (percent) and feedback.
#[derive(Debug, Clone, PartialEq)]
pub struct WeightedChoice {
    pub text: String,
    pub weight: f64,
    pub feedback: String,
}

/// Folds choices written twice with exactly the same text: Moodle shows both,
/// aidquiz keys choices by their text, so one is kept with a note. Choices
/// that differ in case or punctuation (`House();` and `~House();`) stay
/// apart. Returns the reason when folding would change a grade: then the
/// question cannot be imported as written.
///
/// One note per choice, however often it is repeated: a hostile line of a
/// million `~a` once made a million notes (1.2 GB from a 6 MB file).
pub fn fold_identical_choices(
    choices: Vec<WeightedChoice>,
    notes: &mut Vec<String>,
) -> Result<Vec<WeightedChoice>, String> {
    // A question has a handful of choices: a scan of those kept beats
    // hashing them; a hostile list of thousands is indexed instead.
    const SCAN: usize = 32;
    let mut kept: Vec<WeightedChoice> = Vec::with_capacity(choices.len());
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    // The repeats of a kept choice, by its place in `kept`, and the order
    // in which the choices were first repeated.
    let mut repeats: std::collections::HashMap<usize, Repeats> = std::collections::HashMap::new();
    let mut order = Vec::new();
    let many = choices.len() > SCAN;
    for choice in choices {
        let found = if many {
            index.get(&choice.text).copied()
        } else {
            kept.iter().position(|k| k.text == choice.text)
        };
        let Some(at) = found else {
            if many {
                index.insert(choice.text.clone(), kept.len());
            }
            kept.push(choice);
            continue;
        };
        let first = &mut kept[at];
        if !same_weight(first.weight, choice.weight) {
            return Err(format!(
                "the choice \"{}\" is written twice with different grades ({}% and {}%); say which one is meant",
                choice.text,
                percent(first.weight),
                percent(choice.weight)
            ));
        }
        let repeat = repeats.entry(at).or_insert_with(|| {
            order.push(at);
            Repeats::default()
        });
        repeat.more += 1;
        if choice.feedback.is_empty() || choice.feedback == first.feedback {
            continue;
        }
        if first.feedback.is_empty() {
            first.feedback = choice.feedback;
        } else if repeat.dropped.len() < 3 {
            repeat.dropped.push(choice.feedback);
        } else {
            repeat.dropped_more += 1;
        }
    }
    for at in order {
        notes.push(repeats[&at].note(&kept[at].text));
    }
    Ok(kept)
}

/// How often one choice was written again, and the feedback dropped then.
#[derive(Default)]
struct Repeats {
    more: usize,
    /// The first few feedbacks dropped, and how many more were.
    dropped: Vec<String>,
    dropped_more: usize,
}

impl Repeats {
    fn note(&self, text: &str) -> String {
        let times = if self.more == 1 {
            "twice".to_owned()
        } else {
            format!("{} times", self.more + 1)
        };
        let feedback = match (self.dropped.as_slice(), self.dropped_more) {
            ([], _) => String::new(),
            ([one], 0) if self.more == 1 => format!(" (its second feedback \"{one}\" was dropped)"),
            (shown, more) => {
                let quoted: Vec<String> = shown.iter().map(|f| format!("\"{f}\"")).collect();
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                format!(" (its other feedback {}{more} was dropped)", quoted.join(", "))
            }
        };
        format!("the choice \"{text}\" was written {times} with the same grade: kept once{feedback}")
    }
}

/// Folds accepted short answers that aidquiz's grading cannot tell apart
/// (`Tylenol` and `tylenol`, `it is` and `It is.`), with a note.
pub fn fold_short_variants(accept: Vec<String>, notes: &mut Vec<String>) -> Vec<String> {
    if accept.len() < 2 {
        return accept;
    }
    // A handful of answers: their keys are compared in a list, not hashed,
    // unless a hostile file gives thousands.
    const SCAN: usize = 16;
    let many = accept.len() > SCAN;
    let mut seen = HashSet::with_capacity(if many { accept.len() } else { 0 });
    let mut keys = Vec::with_capacity(if many { 0 } else { accept.len() });
    let mut kept = Vec::with_capacity(accept.len());
    for answer in accept {
        let key = crate::text::normalise(&answer);
        let new = if many {
            seen.insert(key)
        } else if keys.contains(&key) {
            false
        } else {
            keys.push(key);
            true
        };
        if new {
            kept.push(answer);
        } else {
            notes.push(format!(
                "the answer \"{answer}\" is graded the same as one before it (aidquiz ignores case and punctuation): kept once"
            ));
        }
    }
    kept
}

/// The explanation of a true/false question: the general feedback, then the
/// feedback for the right answer and for the wrong one, each once; aidquiz
/// shows one explanation whatever was answered.
pub fn true_false_explanation(
    general: Option<String>,
    right: Option<String>,
    wrong: Option<String>,
) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for part in [general, right, wrong].into_iter().flatten() {
        let part = part.trim().to_owned();
        if !part.is_empty() && !parts.contains(&part) {
            parts.push(part);
        }
    }
    (!parts.is_empty()).then(|| parts.join("\n\n"))
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
mod fuzz_tests;
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
