//! The GIFT reader: blank-line separated questions, comments, categories,
//! titles, format markers, escapes, and every answer form Moodle reads.

use std::collections::BTreeMap;

use crate::bank::model::{
    Answer, MatchPair, Matching, MultipleChoice, Numeric, ShortAnswer, SingleChoice, TrueFalse,
};
use crate::diagnostic::{Diagnostic, FileId, Location};
use crate::interop::media::{self, ImportedImage};
use crate::interop::{
    AMBIGUOUS, Imported, Parsed, WeightedChoice, check_multiple_weights, fold_identical_choices,
    fold_short_variants, html, percent, single_answer, skipped, true_false_explanation,
};

/// Reads a GIFT file. Every question is reported on: syntax errors, skipped
/// essays and descriptions, and what could not be carried over exactly.
pub fn parse(file: FileId, file_name: &str, text: &str) -> Parsed {
    // Every question has a `{`, so this is room enough: the list is not
    // copied as it grows, and room never written to is never paged in.
    let room = text.bytes().filter(|&b| b == b'{').count();
    let mut questions = Vec::with_capacity(room);
    let diagnostics = parse_each(file, file_name, text, &mut |question| questions.push(question));
    Parsed {
        questions,
        diagnostics,
    }
}

/// [`parse`], handing each question to `each` as soon as it is read, so
/// that a caller can work on the first questions while the rest are read.
/// Returns the diagnostics.
pub fn parse_each(
    file: FileId,
    file_name: &str,
    text: &str,
    each: &mut dyn FnMut(Imported),
) -> Vec<Diagnostic> {
    let mut reader = Reader {
        file,
        file_name,
        each,
        diagnostics: Vec::new(),
        category: None,
    };
    let mut block = Block::default();
    let mut offset = 0;
    if let Some(rest) = text.strip_prefix('\u{feff}') {
        offset = text.len() - rest.len();
    }
    let mut index = 0;
    while offset < text.len() {
        let line_start = offset;
        offset = memchr::memchr(b'\n', &text.as_bytes()[offset..]).map_or(text.len(), |at| offset + at + 1);
        let raw_line = &text[line_start..offset];
        index += 1;
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let trimmed = trim(line);
        if trimmed.is_empty() {
            reader.finish(&mut block);
        } else if trimmed.starts_with("//") {
            block.comments.push(trimmed);
        } else {
            block.push(line, line_start, index);
        }
    }
    reader.finish(&mut block);
    reader.diagnostics
}

/// The lines of one question (or category line), comment lines taken out,
/// with where each line starts in the file.
#[derive(Default)]
struct Block<'a> {
    content: String,
    /// (offset in `content`, offset in the file) of each line.
    starts: Vec<(usize, usize)>,
    first_line: usize,
    /// Borrowed from the file: read for `[key:value]` extensions, never kept.
    comments: Vec<&'a str>,
}

impl Block<'_> {
    fn push(&mut self, line: &str, file_offset: usize, number: usize) {
        if self.starts.is_empty() {
            self.first_line = number;
        } else {
            self.content.push('\n');
        }
        self.starts.push((self.content.len(), file_offset));
        self.content.push_str(line);
    }

    fn file_offset(&self, position: usize) -> usize {
        let index = self
            .starts
            .partition_point(|(start, _)| *start <= position)
            .max(1)
            - 1;
        let (start, file_start) = self.starts[index];
        file_start + (position - start)
    }

    fn clear(&mut self) {
        self.content.clear();
        self.starts.clear();
        self.comments.clear();
    }
}

struct Reader<'a, 'e> {
    file: FileId,
    file_name: &'a str,
    each: &'e mut dyn FnMut(Imported),
    diagnostics: Vec<Diagnostic>,
    category: Option<String>,
}

/// A syntax error at a place in a block's content.
struct SyntaxError {
    /// `gift-syntax`, or `import-ambiguous` for well-formed answers that
    /// aidquiz cannot take as written.
    code: &'static str,
    at: usize,
    len: usize,
    message: String,
    hint: Option<&'static str>,
}

fn error(at: usize, len: usize, message: impl Into<String>) -> SyntaxError {
    SyntaxError {
        code: "gift-syntax",
        at,
        len,
        message: message.into(),
        hint: None,
    }
}

// Not boxed: a question's `Item` is moved straight on to the caller, and a
// box would cost an allocation per question.
#[allow(clippy::large_enum_variant)]
enum Item {
    Question(Imported),
    Skip(String),
}

impl Reader<'_, '_> {
    fn finish(&mut self, block: &mut Block) {
        if block.starts.is_empty() {
            block.clear();
            return;
        }
        let content = std::mem::take(&mut block.content);
        let mut start = content.len() - content.trim_start().len();
        if content[start..].starts_with("$CATEGORY:") {
            let end =
                memchr::memchr(b'\n', &content.as_bytes()[start..]).map_or(content.len(), |i| start + i);
            let path = content[start + "$CATEGORY:".len()..end].trim();
            self.category = (!path.is_empty()).then(|| path.to_owned());
            start = end;
        }
        if !content[start..].trim().is_empty() {
            block.content = content;
            self.question(block, start);
        }
        block.clear();
    }

    fn location(&self, block: &Block, at: usize, len: usize) -> Location {
        let start = block.file_offset(at);
        Location {
            file: self.file,
            span: start..start + len,
        }
    }

    fn question(&mut self, block: &Block, start: usize) {
        let content = &block.content;
        let first = start + (content[start..].len() - content[start..].trim_start().len());
        let first_line_len =
            memchr::memchr(b'\n', &content.as_bytes()[first..]).unwrap_or(content.len() - first);
        let whole = self.location(block, first, first_line_len);
        match self.read(block, first, whole.clone()) {
            Ok(Item::Question(question)) => (self.each)(question),
            Ok(Item::Skip(message)) => self.diagnostics.push(skipped(whole, message)),
            Err(problem) => {
                let message = if problem.code == AMBIGUOUS {
                    problem.message
                } else {
                    format!("GIFT syntax: {}", problem.message)
                };
                let mut diagnostic = Diagnostic::error(
                    problem.code,
                    message,
                    self.location(block, problem.at, problem.len),
                );
                diagnostic.hint = Some(
                    problem
                        .hint
                        .unwrap_or("see Moodle's GIFT format documentation; write `\\{`, `\\}`, `\\=`, `\\~`, `\\#` or `\\:` for a literal character")
                        .to_owned(),
                );
                self.diagnostics.push(diagnostic);
            }
        }
    }

    fn read(&self, block: &Block, mut pos: usize, whole: Location) -> Result<Item, SyntaxError> {
        let s = block.content.as_str();
        let line = block.first_line + memchr::memchr_iter(b'\n', &s.as_bytes()[..pos]).count();
        let mut name = None;
        if s[pos..].starts_with("::") {
            let Some(end) = find_unescaped(s, pos + 2, "::") else {
                return Err(error(
                    pos,
                    2,
                    "expected `::` to close the question title opened here",
                ));
            };
            name = Some(decode(&s[pos + 2..end]));
            pos = skip_space(s, end + 2);
        }
        let mut format = Format::Moodle;
        for (marker, found) in MARKERS {
            if s[pos..].starts_with(marker) {
                format = found;
                pos += marker.len();
            }
        }
        // Only skipped items name themselves; most questions never need it.
        let what = || match &name {
            Some(name) => format!("\"{name}\""),
            None => format!("at line {line}"),
        };
        let Some(open) = find_unescaped(s, pos, "{") else {
            if let Some(close) = find_unescaped(s, pos, "}") {
                return Err(SyntaxError {
                    hint: Some("write `\\}` for a literal brace"),
                    ..error(close, 1, "found `}` with no `{` before it")
                });
            }
            return Ok(Item::Skip(format!(
                "description item {} skipped: it has no answers, so aidquiz cannot ask it",
                what()
            )));
        };
        let close = match find_unescaped_any(s, open + 1, b"{}") {
            Some((i, b'}')) => i,
            Some((i, _)) => {
                return Err(SyntaxError {
                    hint: Some("close the answers with `}` first, or write `\\{` for a literal brace"),
                    ..error(i, 1, "expected `}` before another `{`")
                });
            }
            None => return Err(error(open, 1, "expected `}` to close the answers opened here")),
        };
        if let Some(second) = find_unescaped(s, close + 1, "{") {
            return Err(SyntaxError {
                hint: Some("a question has one answer block; leave a blank line between questions"),
                ..error(second, 1, "expected the end of the question, found a second `{`")
            });
        }
        let mut notes = Vec::new();
        let before = &s[pos..open];
        let after = &s[close + 1..];
        let raw_prompt = if after.trim().is_empty() {
            before.to_owned()
        } else {
            // "Missing word": the blank stands where the answers were.
            format!("{}_____{}", before, after)
        };
        let (prompt, mut prompt_images) = format.text_with_images(&raw_prompt, "the prompt", &mut notes);
        let image = (!prompt_images.is_empty()).then(|| prompt_images.remove(0));
        for extra in prompt_images {
            notes.push(format!(
                "the prompt shows more than one picture; {} is left out (aidquiz shows one a question)",
                extra.name
            ));
        }

        let mut body = &s[open + 1..close];
        let mut body_at = open + 1;
        let mut general_feedback = None;
        if let Some(at) = find_unescaped(body, 0, "####") {
            general_feedback = Some(format.text(&body[at + 4..], "the general feedback", &mut notes));
            body = &body[..at];
        }
        let lead = body.len() - body.trim_start().len();
        body_at += lead;
        let body = body.trim();
        let extensions = Extensions::read(&block.comments);

        let answer = if body.is_empty() {
            return Ok(Item::Skip(format!(
                "essay {} skipped: aidquiz cannot grade free text",
                what()
            )));
        } else if body.starts_with('>') {
            // Moodle's ordering question type reads `{>…}` itself (the
            // plugin gets the first try); any other reading would invent a key.
            return Ok(Item::Skip(format!(
                "ordering question {} skipped: it is in the GIFT form of Moodle's ordering plugin (`{{>…}}`), which aidquiz does not read; export it from Moodle as Moodle XML, whose ordering questions aidquiz imports",
                what()
            )));
        } else if let Some(numbers) = body.strip_prefix('#') {
            numeric(numbers, body_at + 1, &extensions, &mut notes)?
        } else if find_unescaped(body, 0, "~").is_some() {
            match choice(body, body_at, format, &extensions, &mut notes)? {
                Some(answer) => answer,
                None => {
                    return Ok(Item::Skip(format!(
                        "question {} skipped: no choice has a positive weight, so nothing is right",
                        what()
                    )));
                }
            }
        } else if body.starts_with('=') && body.contains("->") {
            matching(body, body_at, format, &mut notes)?
        } else if let Some(value) = true_false_value(body) {
            let parts = split_unescaped(body, b'#');
            let wrong = parts.get(1).map(|p| decode(p)).filter(|f| !f.is_empty());
            let right = parts.get(2).map(|p| decode(p)).filter(|f| !f.is_empty());
            if wrong.is_some() || right.is_some() {
                notes.push(
                    "aidquiz true/false questions have no per-answer feedback: it became part of the explanation".to_owned(),
                );
                general_feedback = true_false_explanation(general_feedback, right, wrong);
            }
            Answer::TrueFalse(TrueFalse { answer: value })
        } else {
            // Whatever else Moodle reads as a short answer: `{=a =b}`, and
            // `{One}`, a short answer with one accepted answer.
            match short(body, body_at, &extensions, &mut notes)? {
                Some(answer) => answer,
                None => {
                    return Ok(Item::Skip(format!(
                        "short-answer question {} skipped: no answer is fully right",
                        what()
                    )));
                }
            }
        };
        Ok(Item::Question(Imported {
            name,
            category: self.category.clone(),
            tags: extensions.tags,
            prompt,
            answer,
            general_feedback,
            points: extensions.points,
            origin: origin(self.file_name, line),
            location: whole,
            notes,
            image,
            choice_images: Vec::new(),
        }))
    }
}

const MARKERS: [(&str, Format); 4] = [
    ("[html]", Format::Html),
    ("[moodle]", Format::Moodle),
    ("[plain]", Format::Plain),
    ("[markdown]", Format::Markdown),
];

/// The markers `[html]`, `[moodle]`, `[plain]` and `[markdown]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Html,
    Moodle,
    Plain,
    Markdown,
}

impl Format {
    /// The format an answer or feedback is written in: its own marker
    /// (`[html]`, `[moodle]`, `[plain]`, `[markdown]`), taken off the
    /// text, else the question's.
    fn of_answer(self, raw: &str) -> (Format, &str) {
        let trimmed = raw.trim_start();
        for (marker, found) in MARKERS {
            if let Some(rest) = trimmed.strip_prefix(marker) {
                return (found, rest);
            }
        }
        (self, raw)
    }

    /// The bank's plain text for a GIFT text: escapes decoded, HTML markup
    /// removed (moodle and markdown texts are kept as written). Pictures
    /// are named in a note: only a prompt's are brought over.
    fn text(self, raw: &str, what: &str, notes: &mut Vec<String>) -> String {
        let (text, images) = self.text_with_images(raw, what, notes);
        for image in images {
            notes.push(format!(
                "the image {} in {what} cannot be brought over: aidquiz brings over a GIFT question's picture only from its prompt; describe it in the text",
                image.name
            ));
        }
        text
    }

    /// The plain text, and the pictures its `<img>` tags show: a picture
    /// embedded as a `data:` URL is decoded here; one named by a path is
    /// read by the import command from beside the GIFT file; a web address
    /// is a note.
    fn text_with_images(
        self,
        raw: &str,
        what: &str,
        notes: &mut Vec<String>,
    ) -> (String, Vec<ImportedImage>) {
        let text = decode(raw);
        if self != Format::Html || html::is_plain(&text) {
            return (text, Vec::new());
        }
        let (plain, lost) = html::to_text(&text);
        if !lost {
            return (plain, Vec::new());
        }
        let (tags, without) = html::take_images(&text);
        let (plain, lost) = if tags.is_empty() {
            (plain, lost)
        } else {
            html::to_text(&without)
        };
        let mut images = Vec::with_capacity(tags.len());
        for tag in tags {
            let src = tag.src.strip_prefix("@@PLUGINFILE@@/").unwrap_or(&tag.src);
            let bytes = if let Some(data) = src.strip_prefix("data:") {
                match data
                    .split_once(";base64,")
                    .map(|(_, payload)| media::decode(payload))
                {
                    Some(Ok(bytes)) => Some(bytes),
                    _ => {
                        notes.push(format!(
                            "an image in {what} cannot be brought over: its data: address is not valid base64"
                        ));
                        continue;
                    }
                }
            } else if src.contains("://") || src.starts_with("//") {
                notes.push(format!(
                    "the image {src} in {what} cannot be brought over: it is a web address; download it and add it as `image`"
                ));
                continue;
            } else {
                None
            };
            let name = if bytes.is_some() {
                "image.png".to_owned()
            } else {
                media::percent_decode(src)
            };
            images.push(ImportedImage {
                name,
                alt: tag.alt,
                bytes,
            });
        }
        if lost {
            notes.push(format!(
                "markup other than text formatting (links, tables) was removed from {what}"
            ));
        }
        (plain, images)
    }
}

/// aidquiz's settings and Moodle's tags, from `// [key:value]` comments.
#[derive(Default)]
struct Extensions {
    tags: Vec<String>,
    points: Option<f64>,
    typos: u8,
    unit: Option<String>,
    shuffle: bool,
}

impl Extensions {
    fn read(comments: &[&str]) -> Extensions {
        let mut found = Extensions {
            shuffle: true,
            ..Extensions::default()
        };
        for comment in comments {
            let mut rest = *comment;
            while let Some(open) = rest.find('[') {
                let Some(close) = rest[open..].find(']').map(|i| open + i) else {
                    break;
                };
                if let Some((key, value)) = rest[open + 1..close].split_once(':') {
                    let value = value.trim();
                    match key.trim() {
                        "tag" if !value.is_empty() => found.tags.push(value.to_owned()),
                        "points" => found.points = value.parse().ok(),
                        "typos" => found.typos = value.parse().unwrap_or(0),
                        "unit" if !value.is_empty() => found.unit = Some(value.to_owned()),
                        "shuffle" => found.shuffle = value != "false",
                        _ => {}
                    }
                }
                rest = &rest[close + 1..];
            }
        }
        found
    }
}

/// One answer of an answer list: its marker, weight, text and feedback.
struct Choice<'a> {
    at: usize,
    marker: u8,
    weight: Option<f64>,
    text: &'a str,
    feedback: Option<&'a str>,
}

/// Splits `body` at each unescaped marker; text before the first one is an error.
fn answers<'a>(body: &'a str, body_at: usize, markers: &[u8]) -> Result<Vec<Choice<'a>>, SyntaxError> {
    let starts: Vec<usize> = unescaped_positions(body, markers);
    let lead = starts.first().copied().unwrap_or(body.len());
    if !body[..lead].trim().is_empty() {
        let expected: Vec<String> = markers.iter().map(|m| format!("`{}`", *m as char)).collect();
        return Err(error(
            body_at,
            lead.max(1),
            format!("expected {} before an answer", expected.join(" or ")),
        ));
    }
    let mut choices = Vec::with_capacity(starts.len());
    for (index, &start) in starts.iter().enumerate() {
        let end = starts.get(index + 1).copied().unwrap_or(body.len());
        let mut item = &body[start + 1..end];
        let mut item_at = body_at + start + 1;
        let mut weight = None;
        let lead = item.len() - item.trim_start().len();
        if item[lead..].starts_with('%') {
            let open = lead;
            let Some(close) = memchr::memchr(b'%', &item.as_bytes()[open + 1..]).map(|i| open + 1 + i) else {
                return Err(error(
                    item_at + open,
                    1,
                    "expected `%` to close the weight, as in `~%50%`",
                ));
            };
            let number = item[open + 1..close].trim();
            // `1e309` and `inf` parse as floats but are no weight: refused
            // here, they cannot reach the weight arithmetic.
            weight = Some(
                number
                    .parse::<f64>()
                    .ok()
                    .filter(|w| w.is_finite() && w.abs() <= 100.0)
                    .ok_or_else(|| {
                        error(
                            item_at + open + 1,
                            number.len().max(1),
                            format!(
                                "expected a weight in percent from -100 to 100, such as `%50%`, found `{number}`"
                            ),
                        )
                    })?,
            );
            item_at += close + 1;
            item = &item[close + 1..];
        }
        let (text, feedback) = match find_unescaped(item, 0, "#") {
            Some(hash) => (&item[..hash], Some(&item[hash + 1..])),
            None => (item, None),
        };
        choices.push(Choice {
            at: item_at,
            marker: body.as_bytes()[start],
            weight,
            text,
            feedback,
        });
    }
    Ok(choices)
}

fn choice(
    body: &str,
    body_at: usize,
    format: Format,
    extensions: &Extensions,
    notes: &mut Vec<String>,
) -> Result<Option<Answer>, SyntaxError> {
    let items = answers(body, body_at, b"=~")?;
    // Moodle's rule: any `=` answer makes it single choice, else select-all.
    let single = items.iter().any(|c| c.marker == b'=');
    let mut read = Vec::with_capacity(items.len());
    for item in &items {
        let (format, raw) = format.of_answer(item.text);
        let text = format.text(raw, "a choice", notes);
        let feedback = item
            .feedback
            .map(|raw| {
                let (format, raw) = format.of_answer(raw);
                format.text(raw, "a choice's feedback", notes)
            })
            .unwrap_or_default();
        // `~=Right` is `=Right` to Moodle, which drops the empty answer
        // before the `=`; so does aidquiz.
        if text.is_empty() && item.weight.is_none() && feedback.is_empty() {
            continue;
        }
        let weight = item
            .weight
            .unwrap_or(if item.marker == b'=' { 100.0 } else { 0.0 });
        read.push(WeightedChoice {
            text,
            weight,
            feedback,
        });
    }
    let read = fold_identical_choices(read, notes).map_err(|reason| SyntaxError {
        code: AMBIGUOUS,
        ..error(body_at, 1, reason)
    })?;
    let mut feedback = BTreeMap::new();
    let mut choices = Vec::with_capacity(read.len());
    let mut weights = Vec::with_capacity(read.len());
    for choice in read {
        if !choice.feedback.is_empty() {
            feedback.insert(choice.text.clone(), choice.feedback);
        }
        weights.push(choice.weight);
        choices.push(choice.text);
    }
    let weighted = || choices.iter().zip(weights.iter().copied());
    if single {
        let Some(answer) = single_answer(weighted(), notes) else {
            return Ok(None);
        };
        Ok(Some(Answer::Single(SingleChoice {
            choices,
            answer,
            feedback,
            choice_images: BTreeMap::new(),
            shuffle: extensions.shuffle,
        })))
    } else {
        let answers: Vec<String> = weighted()
            .filter(|(_, w)| *w > 0.0)
            .map(|(c, _)| c.clone())
            .collect();
        if answers.is_empty() {
            return Ok(None);
        }
        let pairs: Vec<(String, f64)> = weighted().map(|(c, w)| (c.clone(), w)).collect();
        check_multiple_weights(&pairs, notes);
        Ok(Some(Answer::Multiple(MultipleChoice {
            choices,
            answers,
            feedback,
            choice_images: BTreeMap::new(),
            shuffle: extensions.shuffle,
        })))
    }
}

fn short(
    body: &str,
    body_at: usize,
    extensions: &Extensions,
    notes: &mut Vec<String>,
) -> Result<Option<Answer>, SyntaxError> {
    let mut accept = Vec::new();
    let mut feedback_dropped = false;
    // `{One}` is a short answer with one answer to Moodle: text before the
    // first `=` is an answer like the others.
    let lead = find_unescaped(body, 0, "=").unwrap_or(body.len());
    let mut items = Vec::new();
    if !body[..lead].trim().is_empty() {
        let (text, feedback) = match find_unescaped(&body[..lead], 0, "#") {
            Some(hash) => (&body[..hash], Some(&body[hash + 1..lead])),
            None => (&body[..lead], None),
        };
        items.push((None, text, feedback));
    }
    for item in answers(&body[lead..], body_at + lead, b"=")? {
        items.push((item.weight, item.text, item.feedback));
    }
    for (weight, raw, feedback) in items {
        // Short answers are compared with what learners type: plain text,
        // with a format marker taken off as Moodle does.
        let text = decode(Format::Moodle.of_answer(raw).1);
        let weight = weight.unwrap_or(100.0);
        feedback_dropped |= feedback.is_some_and(|f| !decode(f).is_empty());
        if weight >= 100.0 {
            accept.push(text);
        } else {
            notes.push(format!(
                "the answer \"{text}\" ({}%) is left out: aidquiz short answers are right or wrong",
                percent(weight)
            ));
        }
    }
    if feedback_dropped {
        notes.push("per-answer feedback dropped: aidquiz short answers have none".to_owned());
    }
    let accept = fold_short_variants(accept, notes);
    if accept.is_empty() {
        return Ok(None);
    }
    Ok(Some(Answer::Short(ShortAnswer {
        accept,
        typos: extensions.typos,
    })))
}

fn numeric(
    body: &str,
    body_at: usize,
    extensions: &Extensions,
    notes: &mut Vec<String>,
) -> Result<Answer, SyntaxError> {
    // Moodle reads everything from the first `~` on as the feedback for
    // any other number (`{#4 ~#Count again}`).
    let body = match find_unescaped(body, 0, "~") {
        Some(tilde) => {
            if find_unescaped(&body[tilde..], 0, "#")
                .is_some_and(|hash| !decode(&body[tilde + hash + 1..]).is_empty())
            {
                notes.push(
                    "the feedback for other numbers is dropped: aidquiz numeric questions have none"
                        .to_owned(),
                );
            }
            &body[..tilde]
        }
        None => body,
    };
    let items: Vec<(f64, usize, &str, Option<&str>)> = if find_unescaped(body, 0, "=").is_some() {
        answers(body, body_at, b"=")?
            .into_iter()
            .map(|c| (c.weight.unwrap_or(100.0), c.at, c.text, c.feedback))
            .collect()
    } else {
        let (spec, feedback) = match find_unescaped(body, 0, "#") {
            Some(hash) => (&body[..hash], Some(&body[hash + 1..])),
            None => (body, None),
        };
        vec![(100.0, body_at, spec, feedback)]
    };
    let mut chosen: Option<Numeric> = None;
    for (weight, at, spec, feedback) in items {
        let value = number_spec(spec, at)?;
        if feedback.is_some_and(|f| !decode(f).is_empty()) {
            notes.push("per-answer feedback dropped: aidquiz numeric questions have none".to_owned());
        }
        if weight < 100.0 {
            notes.push(format!(
                "the answer {} ({}%) is left out: aidquiz numeric answers are right or wrong",
                spec.trim(),
                percent(weight)
            ));
        } else if chosen.is_some() {
            notes.push(format!(
                "the answer {} is left out: an aidquiz numeric question accepts one value or range",
                spec.trim()
            ));
        } else {
            chosen = Some(value);
        }
    }
    let Some(mut numeric) = chosen else {
        return Err(error(body_at, body.len().max(1), "expected an answer worth 100%"));
    };
    numeric.unit.clone_from(&extensions.unit);
    Ok(Answer::Numeric(numeric))
}

/// `1822`, `1822:5` or `1..5`.
fn number_spec(spec: &str, at: usize) -> Result<Numeric, SyntaxError> {
    let lead = spec.len() - spec.trim_start().len();
    let trimmed = spec.trim();
    let bad = || {
        error(
            at + lead,
            trimmed.len().max(1),
            format!("expected a number such as `1822`, `1822:5` or `1..5`, found `{trimmed}`"),
        )
    };
    let number = |text: &str| text.trim().parse::<f64>().ok().filter(|n| n.is_finite());
    if let Some((low, high)) = trimmed.split_once("..") {
        let (low, high) = (number(low).ok_or_else(bad)?, number(high).ok_or_else(bad)?);
        return Ok(Numeric {
            answer: None,
            tolerance: None,
            range: Some([low, high]),
            unit: None,
        });
    }
    let (value, tolerance) = match trimmed.split_once(':') {
        Some((value, tolerance)) => (value, Some(number(tolerance).ok_or_else(bad)?)),
        None => (trimmed, None),
    };
    Ok(Numeric {
        answer: Some(number(value).ok_or_else(bad)?),
        tolerance,
        range: None,
        unit: None,
    })
}

fn matching(
    body: &str,
    body_at: usize,
    format: Format,
    notes: &mut Vec<String>,
) -> Result<Answer, SyntaxError> {
    let mut pairs = Vec::new();
    for item in answers(body, body_at, b"=")? {
        let whole = match item.feedback {
            // Matching has no feedback; a `#` there is text.
            Some(feedback) => {
                &body[item.at - body_at..item.at - body_at + item.text.len() + 1 + feedback.len()]
            }
            None => item.text,
        };
        let Some((left, right)) = whole.split_once("->") else {
            return Err(error(
                item.at,
                whole.trim_end().len().max(1),
                "expected `->` between an item and its match, as in `=Heat -> Stiff muscles`",
            ));
        };
        let (format, left) = format.of_answer(left);
        let left = format.text(left, "a matching item", notes);
        let right = decode(right);
        if left.is_empty() {
            notes.push(format!(
                "the extra match \"{right}\" (with no item) is left out: aidquiz matching has no distractors"
            ));
        } else {
            pairs.push(MatchPair { left, right });
        }
    }
    Ok(Answer::Match(Matching { pairs }))
}

fn true_false_value(body: &str) -> Option<bool> {
    let end = unescaped(body, 0, b"#").next().unwrap_or(body.len());
    let value = body[..end].trim();
    if ["T", "TRUE"].iter().any(|word| value.eq_ignore_ascii_case(word)) {
        Some(true)
    } else if ["F", "FALSE"].iter().any(|word| value.eq_ignore_ascii_case(word)) {
        Some(false)
    } else {
        None
    }
}

/// Where a question came from, for its provenance: "quiz.gift line 12".
/// Built by hand: `format!` costs ten times as much, once per question.
fn origin(file_name: &str, line: usize) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = line;
    loop {
        at -= 1;
        // `rest % 10` is below 10: the cast keeps it whole.
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let number = std::str::from_utf8(&digits[at..]).unwrap_or("0");
    [file_name, " line ", number].concat()
}

/// Escapes decoded, each raw line trimmed (indentation is layout, not text).
fn decode(raw: &str) -> String {
    // Most texts are one line without escapes: nothing to decode or re-trim.
    // (A short text is looked through directly: `memchr` costs more to set
    // up than that.)
    let plain = if raw.len() < 64 {
        !raw.bytes().any(|b| b == b'\\' || b == b'\n')
    } else {
        memchr::memchr2(b'\\', b'\n', raw.as_bytes()).is_none()
    };
    if plain {
        return trim(raw).to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    for (index, line) in trim(raw).split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let mut rest = trim(line);
        while let Some(at) = memchr::memchr(b'\\', rest.as_bytes()) {
            out.push_str(&rest[..at]);
            let mut chars = rest[at + 1..].chars();
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(next) if super::SPECIAL.contains(&next) => out.push(next),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            }
            rest = chars.as_str();
        }
        out.push_str(rest);
    }
    out
}

/// `str::trim`, answered at once for text that begins and ends with a
/// printable ASCII character (most lines and texts).
fn trim(text: &str) -> &str {
    match text.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        [only] if only.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

fn skip_space(s: &str, from: usize) -> usize {
    from + (s[from..].len() - s[from..].trim_start().len())
}

/// The positions, in order from `from` on, of the bytes of `set` (one or
/// two ASCII bytes) that no backslash escapes. A question is scanned this
/// way a dozen times, so the scan jumps from one byte of interest to the
/// next (`memchr`) rather than stepping through every byte.
fn unescaped<'s>(s: &'s str, from: usize, set: &'s [u8]) -> impl Iterator<Item = usize> + 's {
    let bytes = s.as_bytes();
    let mut i = from;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let rest = &bytes[i..];
            let at = i + match *set {
                [one] => memchr::memchr2(b'\\', one, rest),
                [one, two] => memchr::memchr3(b'\\', one, two, rest),
                _ => rest.iter().position(|b| *b == b'\\' || set.contains(b)),
            }?;
            if bytes[at] == b'\\' {
                i = at + 2;
                continue;
            }
            i = at + 1;
            return Some(at);
        }
        None
    })
}

/// The first unescaped occurrence of `needle` (ASCII) at or after `from`.
fn find_unescaped(s: &str, from: usize, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    unescaped(s, from, &needle[..1]).find(|&at| s.as_bytes()[at..].starts_with(needle))
}

fn find_unescaped_any(s: &str, from: usize, set: &[u8]) -> Option<(usize, u8)> {
    unescaped(s, from, set).next().map(|at| (at, s.as_bytes()[at]))
}

fn unescaped_positions(s: &str, set: &[u8]) -> Vec<usize> {
    unescaped(s, 0, set).collect()
}

fn split_unescaped(s: &str, separator: u8) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for i in unescaped_positions(s, &[separator]) {
        parts.push(&s[start..i]);
        start = i + 1;
    }
    parts.push(&s[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::origin;

    #[test]
    fn an_origin_reads_as_format_writes_it() {
        for line in [0, 1, 9, 10, 12, 99, 100, 4_321, 1_000_000, usize::MAX] {
            assert_eq!(origin("quiz.gift", line), format!("quiz.gift line {line}"));
        }
    }
}
