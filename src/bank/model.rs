//! The bank model: the serde types a bank file is read into and written from.
//!
//! These types are the single source of truth for the format: the loader
//! deserializes them, `aidquiz schema` derives the JSON Schema from them, and
//! the unknown-key check reads their field lists (see `fields.rs`).

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The newest bank format this build understands.
pub const FORMAT_VERSION: u32 = 1;

/// A question's stable identity. Progress records point at it, so it must
/// not change when a question's wording is corrected.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct QuestionId(pub String);

impl fmt::Display for QuestionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One bank file: its metadata and its questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "aidquiz question bank")]
pub struct Bank {
    #[serde(flatten)]
    pub meta: BankMeta,
    /// The questions, in the order written.
    #[serde(default)]
    pub questions: Vec<Question>,
}

/// Everything in a bank file except its questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BankMeta {
    /// The bank format version this file is written in (currently 1).
    pub format_version: u32,
    /// The bank's id: lowercase letters, digits and hyphens.
    pub id: String,
    /// A human title for the bank.
    pub title: String,
    /// The title of the course article the questions are written from.
    pub source: String,
    /// The headings of the source's sections. When given, `aidquiz lint`
    /// reports a question whose `section` is not one of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<String>,
    /// `aidquiz lint` rules switched off for the whole bank, each with its reason.
    #[serde(default, skip_serializing_if = "LintSettings::is_empty")]
    pub lint: LintSettings,
    /// Cases that several questions ask about. A question names its case in
    /// `scenario`; quizzes keep a case's questions together, in file order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<Scenario>,
}

impl BankMeta {
    /// The scenario with this id, if the bank defines it.
    pub fn scenario(&self, id: &str) -> Option<&Scenario> {
        self.scenarios.iter().find(|s| s.id == id)
    }
}

/// A case several questions ask about, such as "Maria, 45, lifted boxes
/// yesterday…". Its text is shown above its first question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The scenario's id, unique in its bank: lowercase letters, digits and hyphens.
    pub id: String,
    /// A short title, such as "Day 1 after lifting boxes".
    pub title: String,
    /// The case as the learner reads it before its questions.
    pub case: String,
    /// An optional picture of the case, shown above its text on papers and in the browser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
}

/// A picture shown with a question, a choice or a case: a file beside the
/// bank, never a web address (papers are printed offline, `serve` only
/// serves what a bank names, and Moodle and Canvas exports carry the bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// The picture's file, relative to the folder of the bank file, such as
    /// `media/recovery-position.png` (PNG, JPEG, GIF, WebP or SVG).
    pub file: String,
    /// What the picture shows, in words: read out by screen readers, shown
    /// in the terminal and wherever the picture cannot be. Required.
    #[serde(default)]
    pub alt: String,
}

/// The picture formats a browser shows, by file extension, with their content type.
pub const IMAGE_TYPES: [(&str, &str); 6] = [
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("svg", "image/svg+xml"),
];

impl Image {
    /// The content type of the file, from its extension; `None` for a
    /// format browsers do not show (`check` reports those).
    pub fn content_type(&self) -> Option<&'static str> {
        content_type(&self.file)
    }
}

/// The content type of a picture file, from its extension.
pub fn content_type(file: &str) -> Option<&'static str> {
    let extension = file.rsplit_once('.')?.1.to_ascii_lowercase();
    IMAGE_TYPES
        .iter()
        .find(|(known, _)| *known == extension)
        .map(|(_, content_type)| *content_type)
}

/// Where in a bank an image is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImagePlace<'a> {
    /// The scenario at this index of the bank's `scenarios`.
    Scenario(usize),
    /// The question at this index of the bank's `questions`.
    Question(usize),
    /// A choice (by its text) of the question at this index.
    Choice(usize, &'a str),
}

impl Bank {
    /// Every image the bank shows, with where, in file order.
    pub fn images(&self) -> Vec<(ImagePlace<'_>, &Image)> {
        let mut found = Vec::new();
        for (index, scenario) in self.meta.scenarios.iter().enumerate() {
            if let Some(image) = &scenario.image {
                found.push((ImagePlace::Scenario(index), image));
            }
        }
        for (index, question) in self.questions.iter().enumerate() {
            for (choice, image) in question.images() {
                let place = match choice {
                    Some(choice) => ImagePlace::Choice(index, choice),
                    None => ImagePlace::Question(index),
                };
                found.push((place, image));
            }
        }
        found
    }
}

impl Question {
    /// The question's image, then its choices' images (in choice order),
    /// each with the choice's text.
    pub fn images(&self) -> Vec<(Option<&str>, &Image)> {
        let mut found: Vec<(Option<&str>, &Image)> = Vec::new();
        if let Some(image) = &self.meta.image {
            found.push((None, image));
        }
        if let Some((choices, images)) = self.answer.choice_images() {
            for choice in choices {
                if let Some(image) = images.get(choice) {
                    found.push((Some(choice.as_str()), image));
                }
            }
        }
        found
    }
}

/// One question: what every question has, and its type's answer fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Question {
    #[serde(flatten)]
    pub meta: QuestionMeta,
    #[serde(flatten)]
    pub answer: Answer,
}

/// The fields every question has, whatever its type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QuestionMeta {
    /// Stable id, unique across all banks loaded together.
    pub id: QuestionId,
    /// Topic slug, such as `ice-vs-heat`.
    pub topic: String,
    /// Free slugs for finer selection.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    pub difficulty: Difficulty,
    /// The question as the learner reads it.
    pub prompt: String,
    /// A picture shown with the prompt, such as the hand placement asked about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// The heading of the article section the question comes from.
    pub section: String,
    /// Shown after answering: why the answer is right.
    pub explanation: String,
    /// What the question is worth (default 1).
    #[serde(default = "default_points", skip_serializing_if = "is_default_points")]
    pub points: f64,
    /// A must-pass question: an attempt that does not earn its full points
    /// is not passed, whatever its score.
    #[serde(default, skip_serializing_if = "is_false")]
    pub critical: bool,
    /// The id of the bank's scenario (case) this question asks about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// Bumped when an edit changes what is right (key, choices, numbers,
    /// meaning), so records of the old question are not merged with the new
    /// one's. Default 1; checked against the banks' lock file.
    #[serde(default = "default_revision", skip_serializing_if = "is_first_revision")]
    pub revision: u32,
    /// `aidquiz lint` rules switched off for this question, each with its reason.
    #[serde(default, skip_serializing_if = "LintSettings::is_empty")]
    pub lint: LintSettings,
    /// Where an imported question came from (file and line, or the question's
    /// name in the source), so an instructor can check it against the original.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<String>,
}

/// How `aidquiz lint` treats a question or a bank (see docs/lint.md).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LintSettings {
    /// Rules that do not apply here, each with the reason, such as
    /// `all-of-the-above = "scenario wording from the course"`. An allow
    /// without a reason is itself reported.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub allow: BTreeMap<String, String>,
}

impl LintSettings {
    pub fn is_empty(&self) -> bool {
        self.allow.is_empty()
    }
}

fn default_points() -> f64 {
    1.0
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
pub(crate) fn is_default_points(points: &f64) -> bool {
    (*points - 1.0).abs() < f64::EPSILON
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
pub(crate) fn is_false(value: &bool) -> bool {
    !*value
}

fn default_revision() -> u32 {
    1
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
pub(crate) fn is_first_revision(revision: &u32) -> bool {
    *revision == 1
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
pub(crate) fn is_true(value: &bool) -> bool {
    *value
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard];

    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }
}

/// A question's type with the fields that say what the right answer is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Answer {
    Single(SingleChoice),
    Multiple(MultipleChoice),
    TrueFalse(TrueFalse),
    Short(ShortAnswer),
    Numeric(Numeric),
    Order(Ordering),
    Match(Matching),
}

/// The question types, without their answer fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum QuestionType {
    Single,
    Multiple,
    TrueFalse,
    Short,
    Numeric,
    Order,
    Match,
}

impl QuestionType {
    pub const ALL: [QuestionType; 7] = [
        QuestionType::Single,
        QuestionType::Multiple,
        QuestionType::TrueFalse,
        QuestionType::Short,
        QuestionType::Numeric,
        QuestionType::Order,
        QuestionType::Match,
    ];

    /// The name written as `type = "…"` in a bank.
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionType::Single => "single",
            QuestionType::Multiple => "multiple",
            QuestionType::TrueFalse => "true-false",
            QuestionType::Short => "short",
            QuestionType::Numeric => "numeric",
            QuestionType::Order => "order",
            QuestionType::Match => "match",
        }
    }

    pub fn from_name(name: &str) -> Option<QuestionType> {
        QuestionType::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

impl fmt::Display for QuestionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Answer {
    /// The choices and their pictures, for the types that have choices.
    pub fn choice_images(&self) -> Option<(&[String], &BTreeMap<String, Image>)> {
        match self {
            Answer::Single(single) => Some((&single.choices, &single.choice_images)),
            Answer::Multiple(multiple) => Some((&multiple.choices, &multiple.choice_images)),
            _ => None,
        }
    }

    /// The pictures of the choices, for the types that have choices.
    pub fn choice_images_mut(&mut self) -> Option<&mut BTreeMap<String, Image>> {
        match self {
            Answer::Single(single) => Some(&mut single.choice_images),
            Answer::Multiple(multiple) => Some(&mut multiple.choice_images),
            _ => None,
        }
    }

    pub fn question_type(&self) -> QuestionType {
        match self {
            Answer::Single(_) => QuestionType::Single,
            Answer::Multiple(_) => QuestionType::Multiple,
            Answer::TrueFalse(_) => QuestionType::TrueFalse,
            Answer::Short(_) => QuestionType::Short,
            Answer::Numeric(_) => QuestionType::Numeric,
            Answer::Order(_) => QuestionType::Order,
            Answer::Match(_) => QuestionType::Match,
        }
    }
}

/// One right choice among several.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SingleChoice {
    /// The choices, as the learner reads them.
    pub choices: Vec<String>,
    /// The text of the right choice, repeated exactly.
    pub answer: String,
    /// Feedback shown when a learner picks a choice, keyed by the choice's text.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub feedback: BTreeMap<String, String>,
    /// Pictures shown with choices, keyed by the choice's text.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub choice_images: BTreeMap<String, Image>,
    /// `false` keeps the choices in the written order (for "all of the above" lists).
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub shuffle: bool,
}

/// Select all that apply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MultipleChoice {
    /// The choices, as the learner reads them.
    pub choices: Vec<String>,
    /// The texts of every right choice, repeated exactly.
    pub answers: Vec<String>,
    /// Feedback shown when a learner picks a choice, keyed by the choice's text.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub feedback: BTreeMap<String, String>,
    /// Pictures shown with choices, keyed by the choice's text.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub choice_images: BTreeMap<String, Image>,
    /// `false` keeps the choices in the written order.
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub shuffle: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TrueFalse {
    /// Whether the statement in the prompt is true.
    pub answer: bool,
}

/// A typed answer, matched ignoring case, surrounding whitespace and punctuation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ShortAnswer {
    /// Every answer that counts as right.
    pub accept: Vec<String>,
    /// How many letters may be wrong, missing or extra (0 to 3).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub typos: u8,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
pub(crate) fn is_zero(value: &u8) -> bool {
    *value == 0
}

/// A number: either `answer` (with an optional `tolerance`) or a `range`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Numeric {
    /// The right value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<f64>,
    /// How far from `answer` still counts as right (not negative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
    /// The accepted range, both ends included, instead of `answer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<[f64; 2]>,
    /// The unit shown to the learner, such as `minutes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

impl Numeric {
    /// The accepted interval, once the question has passed `check`.
    pub fn accepted(&self) -> (f64, f64) {
        match (self.answer, self.range) {
            (Some(value), _) => {
                let tolerance = self.tolerance.unwrap_or(0.0);
                (value - tolerance, value + tolerance)
            }
            (None, Some([low, high])) => (low, high),
            (None, None) => (f64::NAN, f64::NAN),
        }
    }
}

/// Put the steps in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Ordering {
    /// The steps in the right order; they are always shown shuffled.
    pub steps: Vec<String>,
    #[serde(default, skip_serializing_if = "OrderScoring::is_default")]
    pub scoring: OrderScoring,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OrderScoring {
    /// Partial credit for each pair of steps in the right relative order.
    #[default]
    Pairs,
    /// Full points only for the whole order right.
    AllOrNothing,
}

impl OrderScoring {
    #[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
    pub(crate) fn is_default(&self) -> bool {
        *self == OrderScoring::Pairs
    }
}

/// Pair each item with its match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Matching {
    pub pairs: Vec<MatchPair>,
}

impl Matching {
    /// The distinct right-hand items, in the order first written: what the
    /// learner picks from (one item may match several left-hand items).
    pub fn options(&self) -> Vec<&str> {
        let mut options: Vec<&str> = Vec::new();
        for pair in &self.pairs {
            if !options.contains(&pair.right.as_str()) {
                options.push(&pair.right);
            }
        }
        options
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchPair {
    pub left: String,
    pub right: String,
}
