//! The Moodle XML reader.
//!
//! Each `<question>` record is parsed on its own, so a syntax error in one
//! is reported and the records after it are still read and reported on.

use std::collections::BTreeMap;

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use crate::bank::model::{
    Answer, MatchPair, Matching, MultipleChoice, Numeric, OrderScoring, Ordering, ShortAnswer, SingleChoice,
    TrueFalse,
};
use crate::diagnostic::{Diagnostic, FileId, Location};
use crate::interop::media::{self, ImportedImage};
use crate::interop::{
    AMBIGUOUS, Imported, Parsed, WeightedChoice, check_multiple_weights, fold_identical_choices,
    fold_short_variants, html, percent, single_answer, skipped, true_false_explanation,
};

/// An XML element, with where its start tag begins in the file.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The text of `<name><text>…</text></name>`.
    fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name)?.child("text").map(|t| t.text.as_str())
    }

    /// The text of `<name>…</name>`, trimmed.
    fn value_of(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.trim())
    }
}

struct SyntaxError {
    at: usize,
    message: String,
}

/// Reads a Moodle XML file.
pub fn parse(file: FileId, file_name: &str, text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let at = |start: usize, len: usize| Location {
        file,
        span: start..start + len,
    };
    let Some(quiz) = find_outside_markup(text, 0, "<quiz") else {
        parsed.diagnostics.push(
            Diagnostic::error(
                "xml-syntax",
                "XML: expected a `<quiz>` element: this is not a Moodle XML question file",
                at(0, 0),
            )
            .with_hint("export from Moodle's question bank as \"Moodle XML format\""),
        );
        return parsed;
    };
    let mut starts = Vec::new();
    let mut from = quiz;
    while let Some(start) = find_outside_markup(text, from, "<question") {
        starts.push(start);
        from = start + 1;
    }
    let end_of_quiz = find_outside_markup(text, quiz, "</quiz>").unwrap_or(text.len());
    let mut category = None;
    let mut lines = LineCounter::default();
    for (index, &start) in starts.iter().enumerate() {
        let end = starts.get(index + 1).copied().unwrap_or(end_of_quiz).max(start);
        let line = lines.line_at(text, start);
        match element(&text[start..end], start) {
            Err(problem) => parsed.diagnostics.push(
                Diagnostic::error(
                    "xml-syntax",
                    format!("XML syntax: {}", problem.message),
                    at(problem.at, 1),
                )
                .with_hint("fix the XML here; the other questions were still read"),
            ),
            Ok(question) => {
                let location = at(start, "<question".len());
                let origin = match question.text_of("name").map(str::trim).filter(|n| !n.is_empty()) {
                    Some(name) => format!("{file_name} line {line} (\"{name}\")"),
                    None => format!("{file_name} line {line}"),
                };
                read_question(&question, location, origin, &mut category, &mut parsed);
            }
        }
    }
    parsed
}

/// Line numbers of ascending offsets, counted once.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, offset: usize) -> usize {
        self.line += text[self.offset..offset].matches('\n').count();
        self.offset = offset;
        self.line + 1
    }
}

/// The next `needle` at or after `from` that is not inside a comment or CDATA section.
fn find_outside_markup(text: &str, mut from: usize, needle: &str) -> Option<usize> {
    loop {
        let found = from + text[from..].find(needle)?;
        let next_byte = text.as_bytes().get(found + needle.len()).copied();
        // `<question` must not match `<questiontext`.
        let whole_name =
            needle.ends_with('>') || matches!(next_byte, Some(b' ' | b'>' | b'\t' | b'\n' | b'\r' | b'/'));
        let skip = [("<![CDATA[", "]]>"), ("<!--", "-->")]
            .iter()
            .filter_map(|(open, close)| {
                let opened = text[from..found].rfind(open).map(|i| from + i)?;
                let closed = text[opened..found].contains(close);
                (!closed).then(|| {
                    text[found..]
                        .find(close)
                        .map_or(text.len(), |i| found + i + close.len())
                })
            })
            .max();
        match skip {
            Some(past) => from = past,
            None if !whole_name => from = found + needle.len(),
            None => return Some(found),
        }
    }
}

/// How deep elements may nest inside a `<question>`: Moodle writes about
/// five levels, HTML written as XML rather than escaped adds a few dozen at most.
const MAX_DEPTH: usize = 100;

/// Parses one element (and what follows it, which must be blank) into a tree.
fn element(chunk: &str, offset: usize) -> Result<Element, SyntaxError> {
    let mut reader = Reader::from_str(chunk);
    let mut stack: Vec<(Element, usize)> = Vec::new();
    let mut done: Option<Element> = None;
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(0);
        let event = reader.read_event().map_err(|e| SyntaxError {
            at: offset + usize::try_from(reader.error_position()).unwrap_or(0),
            message: e.to_string(),
        })?;
        match event {
            Event::Start(start) | Event::Empty(start) if done.is_some() => {
                let _ = start;
                return Err(SyntaxError {
                    at: offset + before,
                    message: "expected `<question>` or `</quiz>` after `</question>`".into(),
                });
            }
            Event::Start(start) => {
                // Moodle's records are a few levels deep; a runaway nesting
                // is refused before the tree gets deep enough to exhaust the
                // stack when it is dropped.
                if stack.len() >= MAX_DEPTH {
                    return Err(SyntaxError {
                        at: offset + before,
                        message: format!(
                            "elements nested more than {MAX_DEPTH} deep; a Moodle question is a few levels deep"
                        ),
                    });
                }
                stack.push((open(&start, offset + before)?, offset + before));
            }
            Event::Empty(start) => {
                let element = open(&start, offset + before)?;
                match stack.last_mut() {
                    Some((parent, _)) => parent.children.push(element),
                    None => done = Some(element),
                }
            }
            Event::End(_) => {
                let Some((element, _)) = stack.pop() else {
                    return Err(SyntaxError {
                        at: offset + before,
                        message: "found a closing tag with no opening tag".into(),
                    });
                };
                match stack.last_mut() {
                    Some((parent, _)) => parent.children.push(element),
                    None => done = Some(element),
                }
            }
            Event::Text(text) => {
                if let Some((current, _)) = stack.last_mut() {
                    current.text.push_str(&text.decode().unwrap_or_default());
                } else if !text.decode().unwrap_or_default().trim().is_empty() {
                    return Err(SyntaxError {
                        at: offset + before,
                        message: "expected a tag, found text outside any element".into(),
                    });
                }
            }
            Event::CData(data) => {
                if let Some((current, _)) = stack.last_mut() {
                    current
                        .text
                        .push_str(&String::from_utf8_lossy(&data.into_inner()));
                }
            }
            Event::GeneralRef(reference) => {
                let name = reference.decode().unwrap_or_default().into_owned();
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => match name.as_str() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                    Err(_) => None,
                };
                let Some(c) = resolved else {
                    return Err(SyntaxError {
                        at: offset + before,
                        message: format!(
                            "unknown entity `&{name};` (XML knows only &amp; &lt; &gt; &quot; &apos; and numbers)"
                        ),
                    });
                };
                if let Some((current, _)) = stack.last_mut() {
                    current.text.push(c);
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some((element, at)) = stack.pop() {
        return Err(SyntaxError {
            at,
            message: format!("expected `</{}>` to close this element", element.name),
        });
    }
    done.ok_or_else(|| SyntaxError {
        at: offset,
        message: "expected a `<question>` element".into(),
    })
}

fn open(start: &quick_xml::events::BytesStart<'_>, at: usize) -> Result<Element, SyntaxError> {
    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| SyntaxError {
            at,
            message: format!("in the attributes of `<{name}>`: {e}"),
        })?;
        let value = attribute.unescape_value().map_err(|e| SyntaxError {
            at,
            message: format!("in the attributes of `<{name}>`: {e}"),
        })?;
        attributes.push((
            String::from_utf8_lossy(attribute.key.as_ref()).into_owned(),
            value.into_owned(),
        ));
    }
    Ok(Element {
        name,
        attributes,
        ..Element::default()
    })
}

/// A text in the bank's form: HTML made plain, other formats kept. Its
/// pictures are named in a note: use [`plain_with_images`] where the bank
/// can show them.
fn plain(element: Option<&Element>, what: &str, notes: &mut Vec<String>) -> String {
    let (text, images) = plain_with_images(element, what, notes);
    for image in images {
        notes.push(format!(
            "the image {} in {what} cannot be brought over: aidquiz shows pictures only with a prompt or a choice; describe it in the text",
            image.name
        ));
    }
    text
}

/// A text in the bank's form, and the pictures it shows, each read from
/// the `<file>` elements beside its `<text>`, as Moodle's
/// `import_text_with_files` stores them. A picture that cannot be brought
/// over (no such file, bad base64, a web address) is a note naming it.
fn plain_with_images(
    element: Option<&Element>,
    what: &str,
    notes: &mut Vec<String>,
) -> (String, Vec<ImportedImage>) {
    let Some(element) = element else {
        return (String::new(), Vec::new());
    };
    let text = element.child("text").map_or("", |t| t.text.as_str());
    if element.attribute("format").unwrap_or("html") != "html" {
        return (text.trim().to_owned(), Vec::new());
    }
    let (tags, without) = html::take_images(text);
    let mut images = Vec::with_capacity(tags.len());
    for tag in tags {
        match embedded_file(element, &tag.src) {
            Ok(bytes) => images.push(ImportedImage {
                name: file_part(&tag.src),
                alt: tag.alt,
                bytes: Some(bytes),
            }),
            Err(reason) => notes.push(format!(
                "the image {}{} in {what} cannot be brought over: {reason}",
                tag.src,
                tag.alt
                    .as_ref()
                    .map_or_else(String::new, |alt| format!(" (\"{alt}\")"))
            )),
        }
    }
    let (plain, lost) = html::to_text(&without);
    if lost {
        notes.push(format!(
            "markup other than text formatting (links, tables) was removed from {what}"
        ));
    }
    (plain, images)
}

/// The name a picture's `src` gives its file: the path after
/// `@@PLUGINFILE@@/`, URL-decoded.
fn file_part(src: &str) -> String {
    let path = src.strip_prefix("@@PLUGINFILE@@/").unwrap_or(src);
    media::percent_decode(path.split(['?', '#']).next().unwrap_or(path))
}

/// The bytes of the picture `src` points at: a `<file>` of `element` whose
/// `path` and `name` make the path after `@@PLUGINFILE@@` (Moodle's
/// `import_files_as_draft`: `path` defaults to `/`), or a `data:` URL.
fn embedded_file(element: &Element, src: &str) -> Result<Vec<u8>, String> {
    if let Some(data) = src.strip_prefix("data:") {
        let Some((kind, payload)) = data.split_once(',') else {
            return Err("its data: address has no data".into());
        };
        if !kind.ends_with(";base64") {
            return Err("its data: address is not base64".into());
        }
        return media::decode(payload).map_err(|e| format!("its data: address is not valid base64 ({e})"));
    }
    if !src.starts_with("@@PLUGINFILE@@/") {
        return Err("it is not in the file (a web address or a path on the Moodle server); download it and add it as `image`".into());
    }
    let wanted = format!("/{}", file_part(src));
    let file = element
        .children("file")
        .find(|file| {
            let path = file.attribute("path").unwrap_or("/");
            let name = file.attribute("name").unwrap_or("");
            format!("{path}{name}") == wanted
        })
        .ok_or_else(|| "the file has no `<file>` element in the XML (exported without files?)".to_owned())?;
    if file.attribute("encoding").is_some_and(|e| e != "base64") {
        return Err(format!(
            "its `<file>` is encoded as `{}`, not base64",
            file.attribute("encoding").unwrap_or_default()
        ));
    }
    media::decode(&file.text).map_err(|e| format!("its `<file>` is not valid base64 ({e})"))
}

fn read_question(
    question: &Element,
    location: Location,
    origin: String,
    category: &mut Option<String>,
    parsed: &mut Parsed,
) {
    let kind = question.attribute("type").unwrap_or("");
    if kind == "category" {
        *category = question
            .text_of("category")
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        return;
    }
    let name = question
        .text_of("name")
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty());
    let what = name
        .as_deref()
        .map_or_else(|| "without a name".to_owned(), |n| format!("\"{n}\""));
    let mut notes = Vec::new();
    let (prompt, prompt_images) = plain_with_images(question.child("questiontext"), "the prompt", &mut notes);
    let mut choice_images = Vec::new();
    let mut general_feedback = Some(plain(
        question.child("generalfeedback"),
        "the general feedback",
        &mut notes,
    ))
    .filter(|f| !f.is_empty());
    let mut answers: Vec<(f64, &Element)> = Vec::new();
    for answer in question.children("answer") {
        let fraction = answer.attribute("fraction").unwrap_or("0");
        // `1e309` and `inf` parse as floats but are no grade: refused here,
        // they cannot reach the weight arithmetic.
        match fraction.trim().parse::<f64>() {
            Ok(value) if value.is_finite() && value.abs() <= 100.0 => answers.push((value, answer)),
            _ => {
                parsed.diagnostics.push(
                    Diagnostic::error(
                        "xml-fraction",
                        format!("question {what}: the answer fraction `{fraction}` is not a percentage from -100 to 100"),
                        location,
                    )
                    .with_hint("Moodle writes fractions such as `100`, `50` or `-33.33333`"),
                );
                return;
            }
        }
    }
    let flag = |name: &str, default: bool| {
        question
            .value_of(name)
            .map_or(default, |v| matches!(v, "true" | "1"))
    };
    let answer = match kind {
        "multichoice" => {
            let mut read = Vec::with_capacity(answers.len());
            for (fraction, element) in &answers {
                let (mut text, mut images) = plain_with_images(Some(element), "a choice", &mut notes);
                let feedback = plain(element.child("feedback"), "a choice's feedback", &mut notes);
                // A choice that is only a picture is named by its alt text.
                if text.is_empty()
                    && let Some(alt) = images.first().and_then(|i| i.alt.clone())
                {
                    text = alt;
                }
                // Moodle saves no answer whose text is blank.
                if text.is_empty() && feedback.is_empty() {
                    continue;
                }
                if !images.is_empty() {
                    let first = images.remove(0);
                    for extra in images {
                        notes.push(format!(
                            "the choice \"{text}\" shows more than one picture; {} is left out (aidquiz shows one a choice)",
                            extra.name
                        ));
                    }
                    choice_images.push((text.clone(), first));
                }
                read.push(WeightedChoice {
                    text,
                    weight: *fraction,
                    feedback,
                });
            }
            let read = match fold_identical_choices(read, &mut notes) {
                Ok(read) => read,
                Err(reason) => {
                    parsed.diagnostics.push(
                        Diagnostic::error(AMBIGUOUS, format!("question {what}: {reason}"), location)
                            .with_hint("reword one of the two choices, or remove one"),
                    );
                    return;
                }
            };
            let mut choices = Vec::with_capacity(read.len());
            let mut weights = Vec::with_capacity(read.len());
            let mut feedback = BTreeMap::new();
            for choice in read {
                if !choice.feedback.is_empty() {
                    feedback.insert(choice.text.clone(), choice.feedback);
                }
                weights.push((choice.text.clone(), choice.weight));
                choices.push(choice.text);
            }
            let shuffle = flag("shuffleanswers", true);
            if flag("single", true) {
                single_choice(choices, &weights, feedback, shuffle, &mut notes)
            } else {
                let right: Vec<String> = weights
                    .iter()
                    .filter(|(_, w)| *w > 0.0)
                    .map(|(c, _)| c.clone())
                    .collect();
                if !right.is_empty() {
                    check_multiple_weights(&weights, &mut notes);
                }
                (!right.is_empty()).then_some(Answer::Multiple(MultipleChoice {
                    choices,
                    answers: right,
                    feedback,
                    choice_images: BTreeMap::new(),
                    shuffle,
                }))
            }
        }
        "truefalse" => {
            let feedback_of = |right: bool| {
                answers
                    .iter()
                    .find(|(f, _)| (*f >= 100.0) == right)
                    .map(|(_, a)| plain(a.child("feedback"), "feedback", &mut Vec::new()))
                    .filter(|f| !f.is_empty())
            };
            let (right_feedback, wrong_feedback) = (feedback_of(true), feedback_of(false));
            if right_feedback.is_some() || wrong_feedback.is_some() {
                notes.push(
                    "aidquiz true/false questions have no per-answer feedback: it became part of the explanation".into(),
                );
                general_feedback = true_false_explanation(general_feedback, right_feedback, wrong_feedback);
            }
            answers
                .iter()
                .find(|(f, _)| *f >= 100.0)
                .and_then(|(_, a)| a.child("text"))
                .map(|t| {
                    Answer::TrueFalse(TrueFalse {
                        answer: t.text.trim().eq_ignore_ascii_case("true"),
                    })
                })
        }
        "shortanswer" => {
            if flag("usecase", false) {
                notes.push("Moodle compared this answer case-sensitively; aidquiz ignores case".into());
            }
            let mut accept = Vec::new();
            for (fraction, element) in &answers {
                let text = element.text_of_self();
                if *fraction >= 100.0 {
                    accept.push(text);
                } else {
                    notes.push(format!(
                        "the answer \"{text}\" ({}%) is left out: aidquiz short answers are right or wrong",
                        percent(*fraction)
                    ));
                }
            }
            let accept = fold_short_variants(accept, &mut notes);
            (!accept.is_empty()).then_some(Answer::Short(ShortAnswer { accept, typos: 0 }))
        }
        "numerical" => numerical(question, &answers, &mut notes),
        "matching" => {
            let mut pairs = Vec::new();
            for sub in question.children("subquestion") {
                let left = plain(Some(sub), "a matching item", &mut notes);
                let right = sub.text_of("answer").unwrap_or("").trim().to_owned();
                if left.is_empty() {
                    notes.push(format!(
                        "the extra match \"{right}\" (with no item) is left out: aidquiz matching has no distractors"
                    ));
                } else {
                    pairs.push(MatchPair { left, right });
                }
            }
            Some(Answer::Match(Matching { pairs }))
        }
        "ordering" => {
            let mut steps: Vec<(f64, String)> = answers
                .iter()
                .map(|(position, a)| (*position, plain(Some(a), "a step", &mut notes)))
                .collect();
            steps.sort_by(|a, b| a.0.total_cmp(&b.0));
            let scoring = match question.value_of("gradingtype") {
                Some("ALL_OR_NOTHING") => OrderScoring::AllOrNothing,
                Some("RELATIVE_ALL_PREVIOUS_AND_NEXT") | None => OrderScoring::Pairs,
                Some(other) => {
                    notes.push(format!(
                        "Moodle's grading `{other}` becomes aidquiz's partial credit for steps in the right relative order"
                    ));
                    OrderScoring::Pairs
                }
            };
            if question.value_of("selecttype").is_some_and(|s| s != "ALL") {
                notes.push("Moodle showed a subset of the steps; aidquiz shows them all".into());
            }
            Some(Answer::Order(Ordering {
                steps: steps.into_iter().map(|(_, s)| s).collect(),
                scoring,
            }))
        }
        "essay" => {
            parsed.diagnostics.push(skipped(
                location,
                format!("essay {what} skipped: aidquiz cannot grade free text"),
            ));
            return;
        }
        "description" => {
            parsed.diagnostics.push(skipped(
                location,
                format!("description item {what} skipped: it has no answers, so aidquiz cannot ask it"),
            ));
            return;
        }
        other => {
            parsed.diagnostics.push(skipped(
                location,
                format!("question {what} of type `{other}` skipped: aidquiz has no such question type"),
            ));
            return;
        }
    };
    let Some(answer) = answer else {
        parsed.diagnostics.push(skipped(
            location,
            format!("question {what} skipped: no answer is fully right"),
        ));
        return;
    };
    let mut prompt_images = prompt_images.into_iter();
    let mut image = prompt_images.next();
    // Moodle 1.9's image field, still in old exports: its file is in
    // `<image_base64>` when it was exported with the question (Moodle's
    // importer reads both, and adds the picture after the prompt).
    if let Some(name) = question.value_of("image").filter(|i| !i.is_empty()) {
        let legacy = match question.value_of("image_base64").filter(|d| !d.is_empty()) {
            None => Err("its file is not in the XML (no `<image_base64>`)".to_owned()),
            Some(data) => {
                media::decode(data).map_err(|e| format!("its `<image_base64>` is not valid base64 ({e})"))
            }
        };
        match legacy {
            Ok(bytes) if image.is_none() => {
                image = Some(ImportedImage {
                    name: name.replace('/', "_"),
                    alt: None,
                    bytes: Some(bytes),
                });
            }
            Ok(_) => notes.push(format!(
                "the question's image {name} (Moodle 1.9's image field) is left out: the prompt shows a picture already, and aidquiz shows one"
            )),
            Err(reason) => notes.push(format!(
                "the question's image {name} (Moodle 1.9's image field) cannot be brought over: {reason}"
            )),
        }
    }
    for extra in prompt_images {
        notes.push(format!(
            "the prompt shows more than one picture; {} is left out (aidquiz shows one a question)",
            extra.name
        ));
    }
    let tags = question
        .child("tags")
        .map(|tags| {
            tags.children("tag")
                .filter_map(|t| t.child("text").map(|x| x.text.trim().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    parsed.questions.push(Imported {
        name,
        category: category.clone(),
        tags,
        prompt,
        answer,
        general_feedback,
        points: question.value_of("defaultgrade").and_then(|g| g.parse().ok()),
        origin,
        location,
        notes,
        image,
        choice_images,
    });
}

impl Element {
    /// An `<answer>`'s own `<text>`, as typed by learners: plain.
    fn text_of_self(&self) -> String {
        self.child("text")
            .map_or_else(String::new, |t| t.text.trim().to_owned())
    }
}

fn single_choice(
    choices: Vec<String>,
    weights: &[(String, f64)],
    feedback: BTreeMap<String, String>,
    shuffle: bool,
    notes: &mut Vec<String>,
) -> Option<Answer> {
    let answer = single_answer(weights.iter().map(|(c, w)| (c, *w)), notes)?;
    Some(Answer::Single(SingleChoice {
        choices,
        answer,
        feedback,
        choice_images: BTreeMap::new(),
        shuffle,
    }))
}

fn numerical(question: &Element, answers: &[(f64, &Element)], notes: &mut Vec<String>) -> Option<Answer> {
    let mut chosen = None;
    for (fraction, element) in answers {
        let text = element.text_of_self();
        if *fraction < 100.0 {
            notes.push(format!(
                "the answer {text} ({}%) is left out: aidquiz numeric answers are right or wrong",
                percent(*fraction)
            ));
            continue;
        }
        if chosen.is_some() {
            notes.push(format!(
                "the answer {text} is left out: an aidquiz numeric question accepts one value or range"
            ));
            continue;
        }
        let Ok(value) = text.parse::<f64>() else {
            notes.push(format!("the answer \"{text}\" is not a number: left out"));
            continue;
        };
        let tolerance = element.value_of("tolerance").and_then(|t| t.parse::<f64>().ok());
        chosen = Some((value, tolerance));
    }
    let (value, tolerance) = chosen?;
    let mut unit = None;
    if let Some(units) = question.child("units") {
        for entry in units.children("unit") {
            let name = entry.value_of("unit_name").unwrap_or("").to_owned();
            let multiplier = entry
                .value_of("multiplier")
                .and_then(|m| m.parse::<f64>().ok())
                .unwrap_or(1.0);
            if unit.is_none() && (multiplier - 1.0).abs() < f64::EPSILON && !name.is_empty() {
                unit = Some(name);
            } else if !name.is_empty() {
                notes.push(format!(
                    "the unit \"{name}\" (×{multiplier}) is left out: aidquiz numeric questions take one unit"
                ));
            }
        }
    }
    Some(Answer::Numeric(Numeric {
        answer: Some(value),
        tolerance,
        range: None,
        unit,
    }))
}
