//! The content rules a question must follow, beyond what its types enforce.
//!
//! Pure: a question in, the problems with it out. Each problem names the
//! field it is about; the loader turns that into a file, line and column.

use std::collections::{HashMap, HashSet};

use super::model::{Answer, Bank, BankMeta, FORMAT_VERSION, IMAGE_TYPES, Image, Question, QuestionMeta};
use crate::text::normalise;

/// Where in a question (or bank header) a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// The question (or bank) as a whole.
    Whole,
    /// The value of a key.
    Key(&'static str),
    /// One element of an array-valued key.
    Item(&'static str, usize),
    /// One key of a table-valued key, such as a `feedback` entry.
    MapKey(&'static str, String),
    /// A rule named in `lint.allow`.
    Allow(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub code: &'static str,
    pub message: String,
    pub field: Field,
    pub hint: Option<String>,
}

impl Problem {
    fn new(code: &'static str, field: Field, message: impl Into<String>) -> Self {
        Problem {
            code,
            message: message.into(),
            field,
            hint: None,
        }
    }

    fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// The longest id, bank id, topic or tag. Each is a key in the store's
/// indexes, whose entries PostgreSQL caps at about 2.7 KB (a longer one
/// saved on SQLite and failed there); no one reads one this long anyway.
pub const SLUG_LIMIT: usize = 100;

/// Ids, bank ids and topics: lowercase letters, digits and single hyphens,
/// at most [`SLUG_LIMIT`] of them.
pub fn is_slug(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() <= SLUG_LIMIT
        && bytes.first().is_some_and(|&b| b != b'-')
        && bytes.last().is_some_and(|&b| b != b'-')
        && !bytes.windows(2).any(|pair| pair == b"--")
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

pub fn check_bank_meta(meta: &BankMeta) -> Vec<Problem> {
    let mut problems = Vec::new();
    if meta.format_version == 0 || meta.format_version > FORMAT_VERSION {
        problems.push(
            Problem::new(
                "format-version",
                Field::Key("format_version"),
                format!(
                    "this bank is written in format version {}, but this aidquiz reads version {FORMAT_VERSION}",
                    meta.format_version
                ),
            )
            .hint("upgrade aidquiz, or set `format_version = 1` if the bank only uses the documented fields"),
        );
    }
    if !is_slug(&meta.id) {
        problems.push(slug_problem("id", &meta.id, "bank id"));
    }
    for (key, value) in [("title", &meta.title), ("source", &meta.source)] {
        if value.trim().is_empty() {
            problems.push(Problem::new(
                "empty-field",
                Field::Key(key),
                format!("the bank's `{key}` is empty"),
            ));
        }
    }
    for (index, scenario) in meta.scenarios.iter().enumerate() {
        let field = || Field::Item("scenarios", index);
        if !is_slug(&scenario.id) {
            let mut problem = slug_problem("scenarios", &scenario.id, "scenario id");
            problem.field = field();
            problems.push(problem);
        }
        if meta.scenarios[..index].iter().any(|s| s.id == scenario.id) {
            problems.push(
                Problem::new(
                    "duplicate-id",
                    field(),
                    format!("scenario id `{}` is used twice in this bank", scenario.id),
                )
                .hint("give each scenario its own id"),
            );
        }
        if let Some(image) = &scenario.image {
            problems.extend(check_image(
                image,
                field(),
                &format!("scenario `{}`", scenario.id),
            ));
        }
        for (key, value) in [("title", &scenario.title), ("case", &scenario.case)] {
            if value.trim().is_empty() {
                problems.push(
                    Problem::new(
                        "empty-field",
                        field(),
                        format!("scenario `{}` has an empty `{key}`", scenario.id),
                    )
                    .hint("a scenario's case is what its questions ask about; write it out"),
                );
            }
        }
    }
    problems
}

/// A problem found by looking at a bank as a whole: about the question at
/// `question` (an index into `bank.questions`), or the header when `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct BankProblem {
    pub question: Option<usize>,
    pub problem: Problem,
}

/// Scenarios and the questions that name them: every `scenario` a question
/// gives must be one of its bank's, and every scenario needs a question.
/// `all_questions_loaded` is false when some questions of the file did not
/// load: an unused scenario may then be the fault of a broken question, so
/// it is not reported.
pub fn check_scenarios(bank: &Bank, all_questions_loaded: bool) -> Vec<BankProblem> {
    let mut problems = Vec::new();
    let ids = || bank.meta.scenarios.iter().map(|s| s.id.as_str());
    for (index, question) in bank.questions.iter().enumerate() {
        let Some(named) = &question.meta.scenario else {
            continue;
        };
        if bank.meta.scenario(named).is_none() {
            let hint = match crate::text::closest(named, ids()) {
                Some(near) => format!("did you mean `{near}`?"),
                None if bank.meta.scenarios.is_empty() => {
                    "define it in this bank as a `[[scenarios]]` table with `id`, `title` and `case`"
                        .to_owned()
                }
                None => format!(
                    "this bank's scenarios are: {}",
                    ids().collect::<Vec<_>>().join(", ")
                ),
            };
            problems.push(BankProblem {
                question: Some(index),
                problem: Problem::new(
                    "unknown-scenario",
                    Field::Key("scenario"),
                    format!("no scenario `{named}` in this bank"),
                )
                .hint(hint),
            });
        }
    }
    if all_questions_loaded {
        for (index, scenario) in bank.meta.scenarios.iter().enumerate() {
            let used = bank
                .questions
                .iter()
                .any(|q| q.meta.scenario.as_deref() == Some(scenario.id.as_str()));
            if !used {
                problems.push(BankProblem {
                    question: None,
                    problem: Problem::new(
                        "empty-scenario",
                        Field::Item("scenarios", index),
                        format!("no question asks about scenario `{}`", scenario.id),
                    )
                    .hint(format!(
                        "add `scenario = \"{}\"` to its questions, or remove the scenario",
                        scenario.id
                    )),
                });
            }
        }
    }
    problems
}

fn slug_problem(key: &'static str, value: &str, what: &str) -> Problem {
    let length = value.chars().count();
    if length > SLUG_LIMIT {
        let start: String = value.chars().take(30).collect();
        return Problem::new(
            "invalid-id",
            Field::Key(key),
            format!("{what} `{start}…` is {length} characters long"),
        )
        .hint(format!("shorten it to at most {SLUG_LIMIT} characters"));
    }
    Problem::new(
        "invalid-id",
        Field::Key(key),
        format!("{what} `{value}` is not a slug"),
    )
    .hint("use lowercase letters, digits and single hyphens, such as `ice-first-72-hours`")
}

/// The most a question may be worth. Far above any real weighting, and low
/// enough that the sum over a quiz stays exact and its percentages finite
/// (`points = 1e308` made them NaN).
pub const MAX_POINTS: f64 = 1000.0;

pub fn check_question(question: &Question) -> Vec<Problem> {
    let mut problems = check_meta(&question.meta);
    problems.extend(check_answer(&question.answer));
    problems
}

/// The rules on the fields every question has. Checked on their own too,
/// so a question whose answer fields cannot be read still has the rest of
/// its problems reported at once.
pub fn check_meta(meta: &QuestionMeta) -> Vec<Problem> {
    let mut problems = Vec::new();
    if !is_slug(&meta.id.0) {
        problems.push(slug_problem("id", &meta.id.0, "question id"));
    }
    if !is_slug(&meta.topic) {
        problems.push(slug_problem("topic", &meta.topic, "topic"));
    }
    for (index, tag) in meta.tags.iter().enumerate() {
        if !is_slug(tag) {
            let mut problem = slug_problem("tags", tag, "tag");
            problem.field = Field::Item("tags", index);
            problems.push(problem);
        }
    }
    for (key, value, hint) in [
        ("prompt", &meta.prompt, "write the question the learner reads"),
        (
            "section",
            &meta.section,
            "name the heading of the article section the question comes from",
        ),
        (
            "explanation",
            &meta.explanation,
            "say why the answer is right; learners read it after answering",
        ),
    ] {
        if value.trim().is_empty() {
            problems
                .push(Problem::new("empty-field", Field::Key(key), format!("`{key}` is empty")).hint(hint));
        }
    }
    if !(meta.points.is_finite() && meta.points > 0.0 && meta.points <= MAX_POINTS) {
        problems.push(
            Problem::new(
                "invalid-points",
                Field::Key("points"),
                format!(
                    "`points` must be more than 0 and at most {MAX_POINTS}, not {}",
                    meta.points
                ),
            )
            .hint("weigh questions against each other with small numbers, such as `points = 2`"),
        );
    }
    if let Some(image) = &meta.image {
        problems.extend(check_image(image, Field::Key("image"), "the question's image"));
    }
    if meta.revision == 0 {
        problems.push(
            Problem::new(
                "invalid-revision",
                Field::Key("revision"),
                "`revision` starts at 1",
            )
            .hint("leave `revision` out for a question's first revision; bump it to 2, 3, … when what is right changes"),
        );
    }
    problems
}

/// The rules on a question type's own fields, checked even when the
/// common fields cannot be read (a misspelt `explaination`).
pub fn check_answer(answer: &Answer) -> Vec<Problem> {
    let mut problems = Vec::new();
    match answer {
        Answer::Single(single) => {
            check_choices(&single.choices, &mut problems);
            check_keys_are_choices(
                "answer",
                std::slice::from_ref(&single.answer),
                &single.choices,
                &mut problems,
            );
            check_feedback(single.feedback.keys(), &single.choices, &mut problems);
            check_choice_images(&single.choice_images, &single.choices, &mut problems);
        }
        Answer::Multiple(multiple) => {
            check_choices(&multiple.choices, &mut problems);
            if multiple.answers.is_empty() {
                problems.push(
                    Problem::new(
                        "no-correct-choice",
                        Field::Key("answers"),
                        "a multiple-choice question needs at least one right answer",
                    )
                    .hint("list the text of every right choice in `answers`"),
                );
            }
            check_keys_are_choices("answers", &multiple.answers, &multiple.choices, &mut problems);
            check_repeats("answers", &multiple.answers, "answer", &mut problems);
            check_feedback(multiple.feedback.keys(), &multiple.choices, &mut problems);
            check_choice_images(&multiple.choice_images, &multiple.choices, &mut problems);
        }
        Answer::TrueFalse(_) => {}
        Answer::Short(short) => {
            if short.accept.is_empty() {
                problems.push(
                    Problem::new("no-answer", Field::Key("accept"), "`accept` lists no answer")
                        .hint("list every answer that counts as right"),
                );
            }
            for (index, answer) in short.accept.iter().enumerate() {
                if let Some(pieces) = crate::grade::wildcard_pieces(answer) {
                    if pieces.iter().all(String::is_empty) {
                        problems.push(
                            Problem::new(
                                "empty-field",
                                Field::Item("accept", index),
                                format!("the pattern \"{answer}\" accepts any answer"),
                            )
                            .hint("`*` stands for any text: keep some words beside it, or write `\\*` for a star"),
                        );
                    }
                } else if normalise(answer).is_empty() {
                    problems.push(Problem::new(
                        "empty-field",
                        Field::Item("accept", index),
                        "an accepted answer is empty once case, spaces and punctuation are ignored",
                    ));
                }
            }
            check_repeats("accept", &short.accept, "accepted answer", &mut problems);
            if short.typos > 3 {
                problems.push(
                    Problem::new(
                        "invalid-typos",
                        Field::Key("typos"),
                        format!("`typos = {}` would accept unrelated words", short.typos),
                    )
                    .hint("use 0 to 3"),
                );
            }
        }
        Answer::Numeric(numeric) => {
            match (numeric.answer, numeric.range) {
                (None, None) => problems.push(
                    Problem::new(
                        "missing-field",
                        Field::Whole,
                        "a numeric question needs `answer` or `range`",
                    )
                    .hint("write `answer = 20` (with an optional `tolerance`) or `range = [15, 20]`"),
                ),
                (Some(_), Some(_)) => problems.push(
                    Problem::new(
                        "conflicting-fields",
                        Field::Key("range"),
                        "a numeric question has either `answer` or `range`, not both",
                    )
                    .hint("keep `answer` with a `tolerance`, or keep `range`"),
                ),
                (Some(value), None) => {
                    let tolerance = numeric.tolerance.unwrap_or(0.0);
                    if !value.is_finite() {
                        problems.push(Problem::new(
                            "invalid-number",
                            Field::Key("answer"),
                            format!("`answer = {value}` is not a finite number"),
                        ));
                    }
                    if !(tolerance.is_finite() && tolerance >= 0.0) {
                        problems.push(
                        Problem::new(
                            "negative-tolerance",
                            Field::Key("tolerance"),
                            format!("`tolerance = {tolerance}` must not be negative"),
                        )
                        .hint("a tolerance is a distance either side of the answer, such as `tolerance = 0.5`"),
                    );
                    }
                }
                (None, Some([low, high])) => {
                    if numeric.tolerance.is_some() {
                        problems.push(
                            Problem::new(
                                "conflicting-fields",
                                Field::Key("tolerance"),
                                "`tolerance` goes with `answer`, not with `range`",
                            )
                            .hint("widen the range instead"),
                        );
                    }
                    if !(low.is_finite() && high.is_finite()) || low > high {
                        problems.push(
                            Problem::new(
                                "empty-range",
                                Field::Key("range"),
                                format!("`range = [{low}, {high}]` contains no number"),
                            )
                            .hint("write the lower end first, such as `range = [15, 20]`"),
                        );
                    }
                }
            }
        }
        Answer::Order(order) => {
            check_item_count("steps", order.steps.len(), "steps", &mut problems);
            check_repeats("steps", &order.steps, "step", &mut problems);
        }
        Answer::Match(matching) => {
            check_item_count("pairs", matching.pairs.len(), "pairs", &mut problems);
            let lefts: Vec<String> = matching.pairs.iter().map(|p| p.left.clone()).collect();
            check_repeats("pairs", &lefts, "left-hand item", &mut problems);
            for (index, pair) in matching.pairs.iter().enumerate() {
                if pair.left.trim().is_empty() || pair.right.trim().is_empty() {
                    problems.push(Problem::new(
                        "empty-field",
                        Field::Item("pairs", index),
                        "a pair has an empty side",
                    ));
                }
            }
        }
    }
    problems
}

fn check_choices(choices: &[String], problems: &mut Vec<Problem>) {
    check_lettered_length("choices", choices.len(), problems);
    if choices.len() < 2 {
        problems.push(
            Problem::new(
                "too-few-choices",
                Field::Key("choices"),
                format!(
                    "a choice question needs at least 2 choices; this one has {}",
                    choices.len()
                ),
            )
            .hint("add plausible wrong choices, or make it a `true-false` or `short` question"),
        );
    }
    for (index, choice) in choices.iter().enumerate() {
        if choice.trim().is_empty() {
            problems.push(Problem::new(
                "empty-field",
                Field::Item("choices", index),
                "a choice is empty",
            ));
        }
    }
    check_repeats("choices", choices, "choice", problems);
}

/// Learners answer with letters A to Z, so no lettered list may be longer.
const MAX_LETTERED: usize = 26;

fn check_lettered_length(key: &'static str, count: usize, problems: &mut Vec<Problem>) {
    if count > MAX_LETTERED {
        problems.push(
            Problem::new(
                "too-many-items",
                Field::Key(key),
                format!("learners answer with the letters A to Z, so at most {MAX_LETTERED} items; this list has {count}"),
            )
            .hint("split the question in two"),
        );
    }
}

fn check_item_count(key: &'static str, count: usize, what: &str, problems: &mut Vec<Problem>) {
    check_lettered_length(key, count, problems);
    if count < 2 {
        problems.push(Problem::new(
            "too-few-items",
            Field::Key(key),
            format!("this question needs at least 2 {what}; it has {count}"),
        ));
    }
}

/// Flags the second and later occurrence of a text. Typed answers
/// (`accept`) are compared as learners' answers are, ignoring case, spacing
/// and punctuation; choices, steps and items are picked, not typed, so
/// `House();` and `~House();` are two choices and only the same text
/// (surrounding spaces aside) is a repeat.
fn check_repeats(key: &'static str, items: &[String], what: &str, problems: &mut Vec<Problem>) {
    let typed = key == "accept";
    let mut report = |index: usize, item: &String| {
        let code = if key == "choices" {
            "duplicate-choice"
        } else {
            "duplicate-item"
        };
        problems.push(
            Problem::new(
                code,
                Field::Item(key, index),
                format!("the {what} \"{item}\" appears twice"),
            )
            .hint("remove one, or reword it so the two can be told apart"),
        );
    };
    // A question has a handful of items: compared in place, each with
    // those before it. Hashed beyond that: a hostile bank with 200,000
    // choices must not take n² compares.
    if items.len() <= SCAN {
        if typed {
            let compared: Vec<String> = items.iter().map(|item| normalise(item)).collect();
            for (index, item) in items.iter().enumerate() {
                if compared[..index].contains(&compared[index]) {
                    report(index, item);
                }
            }
        } else {
            for (index, item) in items.iter().enumerate() {
                if items[..index].iter().any(|before| before.trim() == item.trim()) {
                    report(index, item);
                }
            }
        }
        return;
    }
    let mut seen = HashSet::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let compared = if typed {
            normalise(item)
        } else {
            item.trim().to_owned()
        };
        if !seen.insert(compared) {
            report(index, item);
        }
    }
}

/// How many items are compared one by one before they are hashed instead.
const SCAN: usize = 16;

/// The texts of a question's choices, to look answers and keys up in.
enum ChoiceTexts<'a> {
    Few(&'a [String]),
    Many(HashSet<&'a str>),
}

impl<'a> ChoiceTexts<'a> {
    fn new(choices: &'a [String]) -> Self {
        if choices.len() <= SCAN {
            ChoiceTexts::Few(choices)
        } else {
            ChoiceTexts::Many(choices.iter().map(String::as_str).collect())
        }
    }

    fn contains(&self, text: &str) -> bool {
        match self {
            ChoiceTexts::Few(choices) => choices.iter().any(|choice| choice == text),
            ChoiceTexts::Many(choices) => choices.contains(text),
        }
    }
}

fn check_keys_are_choices(
    key: &'static str,
    answers: &[String],
    choices: &[String],
    problems: &mut Vec<Problem>,
) {
    let exact = ChoiceTexts::new(choices);
    let mut normalised: Option<HashMap<String, &str>> = None;
    for (index, answer) in answers.iter().enumerate() {
        if !exact.contains(answer.as_str()) {
            let field = if key == "answer" {
                Field::Key(key)
            } else {
                Field::Item(key, index)
            };
            // Built once, and only when an answer is wrong.
            let near = normalised
                .get_or_insert_with(|| {
                    let mut map = HashMap::with_capacity(choices.len());
                    for choice in choices.iter().rev() {
                        map.insert(normalise(choice), choice.as_str());
                    }
                    map
                })
                .get(&normalise(answer));
            let hint = match near {
                Some(choice) => format!("the choice is written \"{choice}\"; repeat it exactly"),
                None => "the answer must repeat the text of one of the `choices` exactly".to_owned(),
            };
            problems.push(
                Problem::new(
                    "unknown-choice",
                    field,
                    format!("the answer \"{answer}\" matches no choice"),
                )
                .hint(hint),
            );
        }
    }
}

fn check_feedback<'a>(
    keys: impl Iterator<Item = &'a String>,
    choices: &[String],
    problems: &mut Vec<Problem>,
) {
    let choices = ChoiceTexts::new(choices);
    for key in keys {
        if !choices.contains(key.as_str()) {
            problems.push(
                Problem::new(
                    "unknown-choice",
                    Field::MapKey("feedback", key.clone()),
                    format!("feedback is given for \"{key}\", which matches no choice"),
                )
                .hint("key each feedback entry by the exact text of a choice"),
            );
        }
    }
}

fn check_choice_images(
    images: &std::collections::BTreeMap<String, Image>,
    choices: &[String],
    problems: &mut Vec<Problem>,
) {
    for (key, image) in images {
        let field = Field::MapKey("choice_images", key.clone());
        if !choices.contains(key) {
            problems.push(
                Problem::new(
                    "unknown-choice",
                    field.clone(),
                    format!("an image is given for \"{key}\", which matches no choice"),
                )
                .hint("key each entry of `choice_images` by the exact text of a choice"),
            );
        }
        problems.extend(check_image(image, field, &format!("the image of \"{key}\"")));
    }
}

/// The rules on an image that need no disk: a relative path inside the
/// bank's folder, a format browsers show, and words for the alt text. That
/// the file is there is checked where banks are read from disk.
pub fn check_image(image: &Image, field: Field, what: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let file = image.file.trim();
    if file.is_empty() {
        problems.push(
            Problem::new("image-path", field.clone(), format!("{what} has an empty `file`"))
                .hint("name the picture's file, relative to the bank file's folder, such as `media/recovery-position.png`"),
        );
    } else if let Some(reason) = path_problem(file) {
        problems.push(
            Problem::new("image-path", field.clone(), format!("{what}: `{file}` {reason}"))
                .hint("put the picture in a folder beside the bank and give its path from there, such as `media/recovery-position.png`"),
        );
    } else if super::model::content_type(file).is_none() {
        let known: Vec<&str> = IMAGE_TYPES.iter().map(|(extension, _)| *extension).collect();
        problems.push(
            Problem::new(
                "image-type",
                field.clone(),
                format!("{what}: `{file}` is not a picture format browsers show"),
            )
            .hint(format!("save it as one of: {}", known.join(", "))),
        );
    }
    if image.alt.trim().is_empty() {
        problems.push(
            Problem::new("image-alt", field, format!("{what} has no alt text"))
                .hint("say in `alt` what the picture shows, such as `alt = \"Hands stacked on the centre of the chest\"`: screen readers and the terminal show these words instead of the picture"),
        );
    }
    problems
}

/// How many of the first bytes of the picture `file` (by its name)
/// [`picture_content_problem`] needs: a raster format says what it is in
/// its first dozen; an SVG may begin with an XML declaration, comments and
/// a DOCTYPE before its `<svg`.
pub fn picture_head_bytes(file: &str) -> u64 {
    if super::model::content_type(file) == Some("image/svg+xml") {
        64 << 10
    } else {
        16
    }
}

/// Why the file whose first bytes are `head` is not the picture its name
/// `file` says, if it is not: a page saved from a browser as `x.png`, a
/// text file, a link to something else. Browsers tell PNG, JPEG, GIF and
/// WebP apart by their bytes, so any of those passes under any of their
/// names; an SVG must be one, and only an SVG may be called one.
pub fn picture_content_problem(file: &str, head: &[u8]) -> Option<String> {
    let signatures: [&[u8]; 4] = [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a"];
    let raster = signatures.iter().any(|signature| head.starts_with(signature))
        || (head.starts_with(b"RIFF") && head.get(8..12) == Some(&b"WEBP"[..]));
    let svg = !raster && head.windows(4).any(|w| w == b"<svg");
    let kind = match super::model::content_type(file)? {
        "image/svg+xml" if svg => return None,
        "image/svg+xml" => "an SVG picture (no `<svg` element near its start)",
        _ if raster => return None,
        _ => "a PNG, JPEG, GIF or WebP picture (its first bytes are not those of any)",
    };
    Some(if head.is_empty() {
        "is empty".to_owned()
    } else {
        format!("is not {kind}")
    })
}

/// Whether `file` is a path inside the bank's folder (what `serve` may
/// hand out and exports may read).
pub fn is_bank_relative(file: &str) -> bool {
    !file.trim().is_empty() && path_problem(file).is_none()
}

/// Why `file` is not a path inside the bank's folder, if it is not.
fn path_problem(file: &str) -> Option<&'static str> {
    if file.contains("://") || file.starts_with("//") || file.starts_with("data:") {
        return Some(
            "is a web address; images are files beside the bank (download it into the bank's folder)",
        );
    }
    if file.contains('\\') {
        return Some("has a backslash; separate folders with `/`");
    }
    if file.starts_with('/') || file.as_bytes().get(1) == Some(&b':') {
        return Some("is an absolute path; give the path from the bank file's folder");
    }
    if file.split('/').any(|part| part == "..") {
        return Some("leads out of the bank's folder (`..`)");
    }
    if file.chars().any(char::is_control) {
        return Some("holds a control character");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{Field, check_question, is_slug};
    use crate::bank::model::{
        Answer, Difficulty, MultipleChoice, Numeric, Question, QuestionId, QuestionMeta, SingleChoice,
    };

    fn question(answer: Answer) -> Question {
        Question {
            meta: QuestionMeta {
                id: QuestionId("q-1".into()),
                topic: "ice-vs-heat".into(),
                tags: vec![],
                difficulty: Difficulty::Easy,
                prompt: "Which?".into(),
                section: "Rest, Cold Therapy, And Heat Therapy".into(),
                explanation: "Because.".into(),
                points: 1.0,
                lint: Default::default(),
                provenance: None,
                critical: false,
                scenario: None,
                revision: 1,
                image: None,
            },
            answer,
        }
    }

    fn codes(answer: Answer) -> Vec<&'static str> {
        check_question(&question(answer))
            .into_iter()
            .map(|p| p.code)
            .collect()
    }

    fn single(choices: &[&str], answer: &str) -> Answer {
        Answer::Single(SingleChoice {
            choices: choices.iter().map(|c| (*c).to_owned()).collect(),
            answer: answer.into(),
            feedback: Default::default(),
            shuffle: true,
            choice_images: Default::default(),
        })
    }

    #[test]
    fn a_sound_single_choice_question_has_no_problems() {
        assert!(codes(single(&["Cold", "Heat"], "Cold")).is_empty());
    }

    #[test]
    fn an_answer_must_repeat_a_choice() {
        let problems = check_question(&question(single(&["Cold", "Heat"], "cold")));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, "unknown-choice");
        assert_eq!(problems[0].field, Field::Key("answer"));
        assert!(problems[0].hint.as_deref().unwrap().contains("\"Cold\""));
    }

    #[test]
    fn choices_must_be_two_and_distinct() {
        assert_eq!(codes(single(&["Cold"], "Cold")), ["too-few-choices"]);
        assert_eq!(
            codes(single(&["Cold", "Cold ", "Heat"], "Cold")),
            ["duplicate-choice"]
        );
        // Picked, not typed: case and punctuation make different choices.
        assert!(codes(single(&["Cold", "cold.", "House();", "~House();"], "Cold")).is_empty());
    }

    #[test]
    fn multiple_choice_needs_a_right_answer() {
        let answer = Answer::Multiple(MultipleChoice {
            choices: vec!["A".into(), "B".into()],
            answers: vec![],
            feedback: Default::default(),
            shuffle: true,
            choice_images: Default::default(),
        });
        assert_eq!(codes(answer), ["no-correct-choice"]);
    }

    #[test]
    fn numeric_ranges_and_tolerances() {
        let numeric = |answer, tolerance, range| {
            Answer::Numeric(Numeric {
                answer,
                tolerance,
                range,
                unit: None,
            })
        };
        assert!(codes(numeric(Some(2.0), Some(0.5), None)).is_empty());
        assert_eq!(
            codes(numeric(Some(2.0), Some(-1.0), None)),
            ["negative-tolerance"]
        );
        assert_eq!(codes(numeric(None, None, Some([20.0, 15.0]))), ["empty-range"]);
        assert_eq!(codes(numeric(None, None, None)), ["missing-field"]);
        assert_eq!(
            codes(numeric(Some(1.0), None, Some([1.0, 2.0]))),
            ["conflicting-fields"]
        );
    }

    #[test]
    fn slugs() {
        assert!(is_slug("ice-first-72-hours"));
        assert!(!is_slug("Ice"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("-a"));
        assert!(!is_slug(""));
        assert!(is_slug(&"a".repeat(100)));
        assert!(!is_slug(&"a".repeat(101)));
    }

    #[test]
    fn an_id_or_topic_too_long_for_an_index_says_how_long() {
        let mut long = question(single(&["Cold", "Heat"], "Cold"));
        long.meta.id = crate::bank::QuestionId("a".repeat(150));
        long.meta.topic = "t".repeat(101);
        let messages: Vec<String> = check_question(&long).into_iter().map(|p| p.message).collect();
        assert!(
            messages.contains(&format!(
                "question id `{}…` is 150 characters long",
                "a".repeat(30)
            )),
            "{messages:?}"
        );
        assert!(
            messages.contains(&format!("topic `{}…` is 101 characters long", "t".repeat(30))),
            "{messages:?}"
        );
    }

    #[test]
    fn an_image_is_a_picture_file_inside_the_banks_folder_with_alt_text() {
        use super::check_image;
        use crate::bank::model::Image;
        let codes = |file: &str, alt: &str| -> Vec<&'static str> {
            let image = Image {
                file: file.into(),
                alt: alt.into(),
            };
            check_image(&image, Field::Key("image"), "the image")
                .iter()
                .map(|p| p.code)
                .collect()
        };
        assert!(codes("media/a b/Hand (1).PNG", "Hands").is_empty());
        for file in [
            "",
            "https://example.com/a.png",
            "//example.com/a.png",
            "data:image/png;base64,AAAA",
            "/etc/a.png",
            "C:/a.png",
            "media\\a.png",
            "../a.png",
            "media/../../a.png",
        ] {
            assert_eq!(codes(file, "Hands"), ["image-path"], "{file}");
        }
        assert_eq!(codes("media/a.bmp", "Hands"), ["image-type"]);
        assert_eq!(codes("media/a.png", "  "), ["image-alt"]);
    }
}
