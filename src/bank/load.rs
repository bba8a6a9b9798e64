//! Turns bank texts into checked banks and diagnostics.
//!
//! Every file is parsed with spans, its keys are compared with the model's
//! field lists, each question is deserialized on its own (so one bad
//! question does not hide the problems of the next) and then checked. All
//! problems of all files are collected; nothing stops at the first.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::check::{self, Field, Problem};
use super::fields::field_names;
use super::lock::{Current, Lock, Standing, fingerprint, standing};
use super::model::{
    Answer, Bank, BankMeta, Matching, MultipleChoice, Numeric, Ordering, Question, QuestionMeta,
    QuestionType, ShortAnswer, SingleChoice, TrueFalse,
};
use super::spans::TableSpans;
use crate::diagnostic::{Diagnostic, FileId, Location, SourceMap};

/// A bank that loaded, with where it came from.
#[derive(Debug, Clone)]
pub struct LoadedBank {
    pub file: FileId,
    pub bank: Bank,
    /// Where each question's parts are written, parallel to `bank.questions`.
    question_spans: Vec<TableSpans>,
    header_spans: TableSpans,
}

impl LoadedBank {
    /// Where `field` of the question at `index` in `bank.questions` is written.
    pub fn question_location(&self, index: usize, field: &Field) -> Location {
        let span = self
            .question_spans
            .get(index)
            .map_or_else(|| self.header_spans.whole(), |spans| spans.span(field));
        Location {
            file: self.file,
            span,
        }
    }

    /// Where `field` of the bank's header is written; `Field::Whole` is the bank's `id`.
    pub fn header_location(&self, field: &Field) -> Location {
        Location {
            file: self.file,
            span: self.header_spans.span(field),
        }
    }
}

/// Every bank read together, with all the problems found in them.
pub struct Catalog {
    pub sources: SourceMap,
    pub banks: Vec<LoadedBank>,
    pub diagnostics: Vec<Diagnostic>,
    /// The lock files covering the banks (none for the built-in banks).
    pub locks: Vec<LockScope>,
}

/// A lock file and the bank files it covers.
#[derive(Debug, Clone)]
pub struct LockScope {
    pub path: PathBuf,
    /// `None` when there is no lock file yet, or it could not be read.
    pub lock: Option<Lock>,
    pub files: Vec<FileId>,
}

impl Catalog {
    /// Each question of the banks `files` holds as the lock sees it, with
    /// where it is written.
    pub fn current_for(&self, files: &[FileId]) -> Vec<(Current, Location)> {
        let mut current = Vec::new();
        for loaded in self.banks.iter().filter(|b| files.contains(&b.file)) {
            for (index, question) in loaded.bank.questions.iter().enumerate() {
                let scenario = question
                    .meta
                    .scenario
                    .as_deref()
                    .and_then(|id| loaded.bank.meta.scenario(id));
                current.push((
                    Current {
                        id: question.meta.id.0.clone(),
                        revision: question.meta.revision,
                        fingerprint: fingerprint(question, scenario),
                    },
                    loaded.question_location(index, &Field::Key("revision")),
                ));
            }
        }
        current
    }
}

/// Compares every question with the lock that covers it, and keeps the
/// scopes for `aidquiz lock`.
pub fn check_locks(catalog: &mut Catalog, scopes: Vec<LockScope>) {
    for scope in &scopes {
        let Some(lock) = &scope.lock else {
            continue;
        };
        let name = scope.path.display();
        for (current, location) in catalog.current_for(&scope.files) {
            let id = &current.id;
            let diagnostic = match standing(lock, &current) {
                Standing::Unchanged => continue,
                Standing::ChangedWithoutRevision { revision } => Diagnostic::error(
                    "revision-needed",
                    format!("the graded content of `{id}` changed since {name} recorded its revision {revision}"),
                    location,
                )
                .with_hint(format!(
                    "if the edit changes what is right (key, choices, numbers, points, meaning), set `revision = {}` so old records are not merged with the new question's; if it only corrects wording, run `aidquiz lock --editorial {id}`",
                    revision + 1
                )),
                Standing::WentBack { locked } => Diagnostic::error(
                    "revision-went-back",
                    format!(
                        "`{id}` has revision {}, but {name} already records revision {locked}",
                        current.revision
                    ),
                    location,
                )
                .with_hint(format!("revisions never go back: set `revision = {}` or higher", locked + 1)),
                Standing::Bumped { from } => Diagnostic::warning(
                    "lock-outdated",
                    format!(
                        "revision {} of `{id}` is not in {name} yet (it records revision {from})",
                        current.revision
                    ),
                    location,
                )
                .with_hint("run `aidquiz lock` and commit the lock with the bank"),
                Standing::New => Diagnostic::warning(
                    "lock-outdated",
                    format!("`{id}` is not in {name} yet"),
                    location,
                )
                .with_hint("run `aidquiz lock` and commit the lock with the bank"),
            };
            catalog.diagnostics.push(diagnostic);
        }
    }
    catalog.locks = scopes;
}

impl Catalog {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::diagnostic::Severity::Error)
    }

    pub fn question_count(&self) -> usize {
        self.banks.iter().map(|b| b.bank.questions.len()).sum()
    }

    /// Every question with its bank's id and its scenario, in file order:
    /// what a quiz draws from.
    pub fn candidates(&self) -> Vec<crate::assemble::Candidate<'_>> {
        self.questions()
            .map(|(bank, question)| crate::assemble::Candidate {
                bank_id: &bank.meta.id,
                question,
                scenario: question
                    .meta
                    .scenario
                    .as_deref()
                    .and_then(|id| bank.meta.scenario(id)),
            })
            .collect()
    }

    /// Every question with the bank it belongs to, in file order.
    pub fn questions(&self) -> impl Iterator<Item = (&Bank, &Question)> {
        self.banks
            .iter()
            .flat_map(|loaded| loaded.bank.questions.iter().map(move |q| (&loaded.bank, q)))
    }
}

/// Loads the given files of `sources`, plus any diagnostics found while
/// reading them (missing files, bad encodings).
pub fn load(sources: SourceMap, files: &[FileId], mut diagnostics: Vec<Diagnostic>) -> Catalog {
    let mut banks = Vec::new();
    for &file in files {
        if let Some(bank) = load_file(file, sources.text(file), &mut diagnostics) {
            banks.push(bank);
        }
    }
    check_unique_ids(&banks, &mut diagnostics);
    let diagnostics = sources.cap_per_line(diagnostics);
    Catalog {
        sources,
        banks,
        diagnostics,
        locks: Vec::new(),
    }
}

/// Loads one bank text. Returns the bank with every question that loaded,
/// unless the file is unreadable as a bank at all.
pub fn load_file(file: FileId, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<LoadedBank> {
    let at = |span: Range<usize>| Location { file, span };
    let (document, syntax_errors) = DeTable::parse_recoverable(text);
    // Only the first syntax error: after it the parser's recovery guesses,
    // and its later complaints are usually echoes of the first.
    if let Some(error) = syntax_errors.into_iter().next() {
        let span = error.span().unwrap_or(0..0);
        diagnostics.push(
            Diagnostic::error(
                "syntax",
                format!("TOML syntax: {}", error.message().trim()),
                at(span),
            )
            .with_hint("see docs/bank-format.md for the bank format"),
        );
        return None;
    }
    let document_span = document.span();
    let mut table = document.into_inner();
    diagnostics.extend(control_characters(&table, file, "bank text"));

    let questions = table.remove("questions");
    let bank_keys: Vec<&'static str> = field_names::<BankMeta>()
        .iter()
        .copied()
        .chain(["questions"])
        .collect();
    report_unknown_keys(&table, &bank_keys, "a bank", file, diagnostics);

    let header = Spanned::new(document_span.clone(), DeValue::Table(table.clone()));
    let bank_id_span = value_span(&header, "id").unwrap_or(0..0);
    let header_spans = TableSpans::record(&table, &bank_keys, bank_id_span);
    let meta = match BankMeta::deserialize(ValueDeserializer::from(header)) {
        Ok(meta) => meta,
        Err(error) => {
            diagnostics.push(serde_diagnostic(&error, file, 0..0, "the bank"));
            return None;
        }
    };
    let meta_problems = check::check_bank_meta(&meta);
    let too_new = meta_problems.iter().any(|p| p.code == "format-version");
    push_problems(meta_problems, &header_spans, file, diagnostics);
    if too_new {
        // A newer format may mean something else by the same keys: read no further.
        return None;
    }

    let mut bank = Bank {
        meta,
        questions: Vec::new(),
    };
    let mut question_spans = Vec::new();
    match questions.map(|q| (q.span(), q.into_inner())) {
        None => diagnostics.push(Diagnostic {
            severity: crate::diagnostic::Severity::Warning,
            ..Diagnostic::error("no-questions", "this bank has no questions", at(0..0))
                .with_hint("add questions as `[[questions]]` tables")
        }),
        Some((_, DeValue::Array(items))) => {
            let written = items.len();
            for item in items {
                if let Some((question, spans)) = load_question(item, file, diagnostics) {
                    bank.questions.push(question);
                    question_spans.push(spans);
                }
            }
            for found in check::check_scenarios(&bank, bank.questions.len() == written) {
                let spans = found
                    .question
                    .and_then(|index| question_spans.get(index))
                    .unwrap_or(&header_spans);
                push_problems(vec![found.problem], spans, file, diagnostics);
            }
        }
        Some((span, other)) => diagnostics.push(
            Diagnostic::error(
                "wrong-type",
                format!(
                    "`questions` must be an array of tables, not a {}",
                    other.type_str()
                ),
                at(span),
            )
            .with_hint("write each question as a `[[questions]]` table"),
        ),
    }
    Some(LoadedBank {
        file,
        bank,
        question_spans,
        header_spans,
    })
}

fn load_question(
    item: Spanned<DeValue<'_>>,
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Question, TableSpans)> {
    let at = |span: Range<usize>| Location { file, span };
    let item_span = item.span();
    let DeValue::Table(table) = item.get_ref() else {
        diagnostics.push(Diagnostic::error(
            "wrong-type",
            format!("a question must be a table, not a {}", item.get_ref().type_str()),
            at(item_span),
        ));
        return None;
    };
    // Problems about the question as a whole point at its id, or its header.
    let id_span = value_span(&item, "id").unwrap_or_else(|| header_span(item_span.clone()));

    let question_type = match table.get("type").map(|v| (v.span(), v.get_ref())) {
        None => {
            diagnostics.push(
                Diagnostic::error(
                    "missing-field",
                    "this question has no `type`",
                    at(id_span.clone()),
                )
                .with_hint(format!("add `type = \"…\"`, one of: {}", type_names())),
            );
            None
        }
        Some((span, DeValue::String(name))) => {
            let found = QuestionType::from_name(name);
            if found.is_none() {
                let mut diagnostic = Diagnostic::error(
                    "unknown-type",
                    format!("unknown question type \"{name}\""),
                    at(span),
                );
                diagnostic.hint = Some(match crate::text::closest(name, type_list()) {
                    Some(near) => {
                        format!("did you mean \"{near}\"? The types are: {}", type_names())
                    }
                    None => format!("the types are: {}", type_names()),
                });
                diagnostics.push(diagnostic);
            }
            found
        }
        Some((span, other)) => {
            diagnostics.push(
                Diagnostic::error(
                    "wrong-type",
                    format!("`type` must be a string, not a {}", other.type_str()),
                    at(span),
                )
                .with_hint(format!("one of: {}", type_names())),
            );
            None
        }
    };

    let variant_keys = question_type.map_or(&[][..], answer_fields);
    let keys: Vec<&'static str> = field_names::<QuestionMeta>()
        .iter()
        .chain(variant_keys)
        .copied()
        .chain(["type"])
        .collect();
    // Without a known type we cannot tell an unknown key from another type's key.
    if question_type.is_some() {
        report_unknown_keys(table, &keys, "this question", file, diagnostics);
    }

    let before = diagnostics.len();
    let meta = deserialize::<QuestionMeta>(&item, file, &id_span, diagnostics);
    let answer = question_type.and_then(|t| deserialize_answer(t, &item, file, &id_span, diagnostics));
    let spans = TableSpans::record(table, &keys, id_span);
    // Every problem at once: the half that could be read is checked even
    // when the other half cannot (an unknown `explaination` leaves the
    // common fields unread, but a negative tolerance is still reported).
    let problems: Vec<Problem> = meta
        .iter()
        .flat_map(check::check_meta)
        .chain(answer.iter().flat_map(check::check_answer))
        .collect();
    let clean = problems.is_empty() && diagnostics.len() == before;
    push_problems(problems, &spans, file, diagnostics);
    let question = Question {
        meta: meta?,
        answer: answer?,
    };
    clean.then_some((question, spans))
}

fn deserialize_answer(
    question_type: QuestionType,
    item: &Spanned<DeValue<'_>>,
    file: FileId,
    id_span: &Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Answer> {
    let listed_answers = item.get_ref().get("answer").filter(|a| a.get_ref().is_array());
    if let (QuestionType::Single, Some(answers)) = (question_type, listed_answers) {
        let count = answers.get_ref().as_array().map_or(0, |a| a.len());
        diagnostics.push(
            Diagnostic::error(
                "answer-count",
                format!("a single-choice question has exactly one right answer; this one lists {count}"),
                Location {
                    file,
                    span: answers.span(),
                },
            )
            .with_hint(
                "write `answer = \"…\"` with one choice, or use `type = \"multiple\"` with `answers = [...]`",
            ),
        );
        return None;
    }
    let d = diagnostics;
    Some(match question_type {
        QuestionType::Single => Answer::Single(deserialize::<SingleChoice>(item, file, id_span, d)?),
        QuestionType::Multiple => Answer::Multiple(deserialize::<MultipleChoice>(item, file, id_span, d)?),
        QuestionType::TrueFalse => Answer::TrueFalse(deserialize::<TrueFalse>(item, file, id_span, d)?),
        QuestionType::Short => Answer::Short(deserialize::<ShortAnswer>(item, file, id_span, d)?),
        QuestionType::Numeric => Answer::Numeric(deserialize::<Numeric>(item, file, id_span, d)?),
        QuestionType::Order => Answer::Order(deserialize::<Ordering>(item, file, id_span, d)?),
        QuestionType::Match => Answer::Match(deserialize::<Matching>(item, file, id_span, d)?),
    })
}

/// The keys each question type adds to the common ones.
fn answer_fields(question_type: QuestionType) -> &'static [&'static str] {
    match question_type {
        QuestionType::Single => field_names::<SingleChoice>(),
        QuestionType::Multiple => field_names::<MultipleChoice>(),
        QuestionType::TrueFalse => field_names::<TrueFalse>(),
        QuestionType::Short => field_names::<ShortAnswer>(),
        QuestionType::Numeric => field_names::<Numeric>(),
        QuestionType::Order => field_names::<Ordering>(),
        QuestionType::Match => field_names::<Matching>(),
    }
}

fn type_list() -> impl Iterator<Item = &'static str> {
    QuestionType::ALL.into_iter().map(QuestionType::as_str)
}

fn type_names() -> String {
    type_list().collect::<Vec<_>>().join(", ")
}

fn deserialize<'de, T: Deserialize<'de>>(
    item: &Spanned<DeValue<'de>>,
    file: FileId,
    whole: &Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    match T::deserialize(ValueDeserializer::from(item.clone())) {
        Ok(value) => Some(value),
        Err(error) => {
            diagnostics.push(serde_diagnostic(&error, file, whole.clone(), "this question"));
            None
        }
    }
}

/// A serde error as a diagnostic. Errors about a missing field carry the
/// span of the whole table; they point at `whole` instead.
fn serde_diagnostic(error: &toml::de::Error, file: FileId, whole: Range<usize>, what: &str) -> Diagnostic {
    let message = error.message().trim().to_owned();
    let (code, span, hint) = if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        ("missing-field", whole, Some(missing_field_hint(field)))
    } else if message.starts_with("unknown variant") {
        ("unknown-value", error.span().unwrap_or(whole), None)
    } else if message.starts_with("invalid type") {
        ("wrong-type", error.span().unwrap_or(whole), None)
    } else {
        ("invalid-value", error.span().unwrap_or(whole), None)
    };
    let message = match code {
        "missing-field" => format!("{what} has no {}", message.trim_start_matches("missing field ")),
        _ => message,
    };
    let mut diagnostic = Diagnostic::error(code, message, Location { file, span });
    diagnostic.hint = hint;
    diagnostic
}

fn missing_field_hint(field: &str) -> String {
    match field {
        "answer" => "add `answer = …`: the text of the right choice, `true`/`false`, or the number".into(),
        "answers" => "add `answers = [\"…\"]` with the text of every right choice".into(),
        "section" => {
            "name the article section the question comes from, such as `section = \"Pain Relief Medication\"`"
                .into()
        }
        "difficulty" => "add `difficulty = \"easy\"`, `\"medium\"` or `\"hard\"`".into(),
        _ => format!("add `{field} = …` (see docs/bank-format.md)"),
    }
}

fn report_unknown_keys(
    table: &DeTable<'_>,
    allowed: &[&str],
    what: &str,
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (key, _) in table.iter() {
        let name: &str = key.get_ref();
        if allowed.contains(&name) {
            continue;
        }
        let hint = match crate::text::closest(name, allowed.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("the keys allowed here are: {}", allowed.join(", ")),
        };
        diagnostics.push(
            Diagnostic::error(
                "unknown-key",
                format!("unknown key `{name}` in {what}"),
                Location {
                    file,
                    span: key.span(),
                },
            )
            .with_hint(hint),
        );
    }
}

/// Refuses control characters written as escapes (`"\u001b[31m"`) in any
/// key or string of a TOML document (a bank, an exam manifest): they would
/// reach terminals raw, no HTML or XML output can hold them, and PostgreSQL
/// keeps no NUL in text. (Written raw they are already a TOML syntax
/// error.) `what` names the text in the hint: "bank text".
pub(crate) fn control_characters(table: &DeTable<'_>, file: FileId, what: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut report = |text: &str, span: Range<usize>| {
        if let Some((_, c)) = crate::text::find_control(text) {
            found.push(
                Diagnostic::error(
                    "control-character",
                    format!(
                        "this text holds the control character {}",
                        crate::text::code_point(c)
                    ),
                    Location { file, span },
                )
                .with_hint(format!(
                    "remove it: {what} is shown on terminals and in HTML and XML, where control characters are not allowed"
                )),
            );
        }
    };
    let mut tables = vec![table];
    let mut values: Vec<&Spanned<DeValue<'_>>> = Vec::new();
    // A loop over a stack, not recursion: nesting depth is the file's to choose.
    loop {
        if let Some(table) = tables.pop() {
            for (key, value) in table {
                report(key.get_ref(), key.span());
                values.push(value);
            }
        } else if let Some(value) = values.pop() {
            match value.get_ref() {
                DeValue::String(text) => report(text, value.span()),
                DeValue::Array(items) => values.extend(items.iter()),
                DeValue::Table(table) => tables.push(table),
                _ => {}
            }
        } else {
            break;
        }
    }
    found
}

fn push_problems(
    problems: Vec<Problem>,
    spans: &TableSpans,
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for problem in problems {
        let span = spans.span(&problem.field);
        let mut diagnostic = Diagnostic::error(problem.code, problem.message, Location { file, span });
        diagnostic.hint = problem.hint;
        diagnostics.push(diagnostic);
    }
}

fn value_span(table: &Spanned<DeValue<'_>>, key: &str) -> Option<Range<usize>> {
    table.get_ref().get(key).map(Spanned::span)
}

/// The first line of a table's span: its `[[questions]]` header.
fn header_span(span: Range<usize>) -> Range<usize> {
    span.start..span.start + "[[questions]]".len().min(span.len())
}

/// Question ids must be unique across every bank loaded together (progress
/// records point at them); bank ids too.
fn check_unique_ids(banks: &[LoadedBank], diagnostics: &mut Vec<Diagnostic>) {
    let mut first_bank: HashMap<&str, Location> = HashMap::new();
    let mut first_question: HashMap<&str, Location> = HashMap::new();
    for loaded in banks {
        let here = loaded.header_location(&Field::Whole);
        if let Some(first) = first_bank.get(loaded.bank.meta.id.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-id",
                    format!("bank id `{}` is used by another bank", loaded.bank.meta.id),
                    here,
                )
                .with_related(first.clone(), "first used here")
                .with_hint("give each bank its own id"),
            );
        } else {
            first_bank.insert(&loaded.bank.meta.id, here);
        }
        for (index, question) in loaded.bank.questions.iter().enumerate() {
            let here = loaded.question_location(index, &Field::Whole);
            if let Some(first) = first_question.get(question.meta.id.0.as_str()) {
                diagnostics.push(
                    Diagnostic::error(
                        "duplicate-id",
                        format!("question id `{}` is already used", question.meta.id),
                        here,
                    )
                    .with_related(first.clone(), "first used here")
                    .with_hint(
                        "question ids must be unique across all banks; progress records point at them",
                    ),
                );
            } else {
                first_question.insert(&question.meta.id.0, here);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::load_file;
    use crate::bank::check::Field;
    use crate::bank::model::{
        Answer, Bank, BankMeta, Difficulty, Image, LintSettings, MatchPair, Matching, MultipleChoice,
        Numeric, OrderScoring, Ordering, Question, QuestionId, QuestionMeta, Scenario, ShortAnswer,
        SingleChoice, TrueFalse,
    };
    use crate::bank::source::EMBEDDED_BANKS;
    use crate::diagnostic::{Diagnostic, Location};

    fn load_text(text: &str) -> (Option<Bank>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let bank = load_file(0, text, &mut diagnostics).map(|loaded| loaded.bank);
        (bank, diagnostics)
    }

    fn codes(text: &str) -> Vec<&'static str> {
        load_text(text).1.iter().map(|d| d.code).collect()
    }

    const HEADER: &str = "format_version = 1\nid = \"b\"\ntitle = \"T\"\nsource = \"S\"\n";

    #[test]
    fn reports_the_problems_of_every_question_not_just_the_first() {
        let text = format!(
            "{HEADER}
[[questions]]
id = \"one\"
type = \"true-false\"
topic = \"t\"
difficulty = \"easy\"
prompt = \"P\"
section = \"S\"
explanation = \"E\"
answr = true

[[questions]]
id = \"two\"
type = \"numeric\"
topic = \"t\"
difficulty = \"easy\"
prompt = \"P\"
section = \"S\"
explanation = \"E\"
range = [3, 1]
"
        );
        assert_eq!(codes(&text), ["unknown-key", "missing-field", "empty-range"]);
    }

    #[test]
    fn a_newer_format_is_refused_before_anything_else() {
        let text =
            HEADER.replace("format_version = 1", "format_version = 2") + "[[questions]]\nwhatever = 1\n";
        let (bank, diagnostics) = load_text(&text);
        assert!(bank.is_none());
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, "format-version");
        assert_eq!(&text[diagnostics[0].location.span.clone()], "2");
    }

    #[test]
    fn unknown_bank_keys_and_a_bank_without_questions() {
        let text = format!("{HEADER}titel = \"x\"\n");
        assert_eq!(codes(&text), ["unknown-key", "no-questions"]);
    }

    #[test]
    fn locations_point_at_items_feedback_and_allowed_rules() {
        let text = format!(
            "{HEADER}
[lint.allow]
key-position = \"the order of the steps\"

[[questions]]
id = \"one\"
type = \"single\"
topic = \"t\"
difficulty = \"easy\"
prompt = \"P\"
section = \"S\"
explanation = \"E\"
choices = [\"Cold\", \"Heat\"]
answer = \"Cold\"
feedback = {{ \"Heat\" = \"Later.\" }}

[questions.lint.allow]
longest-key = \"course wording\"
"
        );
        let mut diagnostics = Vec::new();
        let loaded = load_file(0, &text, &mut diagnostics).unwrap();
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let written = |location: Location| &text[location.span];
        let question = |field: Field| written(loaded.question_location(0, &field));
        assert_eq!(question(Field::Item("choices", 1)), "\"Heat\"");
        assert_eq!(question(Field::MapKey("feedback", "Heat".into())), "\"Heat\"");
        assert_eq!(question(Field::Allow("longest-key".into())), "longest-key");
        assert_eq!(question(Field::Key("answer")), "\"Cold\"");
        assert_eq!(question(Field::Whole), "\"one\"");
        assert_eq!(
            written(loaded.header_location(&Field::Allow("key-position".into()))),
            "key-position"
        );
        assert_eq!(written(loaded.header_location(&Field::Whole)), "\"b\"");
    }

    /// The bundled banks are course material: load → save → load must not change them.
    #[test]
    fn bundled_banks_survive_a_round_trip() {
        for (name, text) in EMBEDDED_BANKS {
            let (bank, diagnostics) = load_text(text);
            assert!(diagnostics.is_empty(), "{name}: {diagnostics:?}");
            let bank = bank.unwrap();
            let saved = toml::to_string(&bank).unwrap();
            let (again, diagnostics) = load_text(&saved);
            assert!(diagnostics.is_empty(), "{name} after saving: {diagnostics:?}");
            assert_eq!(again.unwrap(), bank, "{name}");
        }
    }

    fn text() -> impl Strategy<Value = String> {
        // Quotes, backslashes, newlines, TOML punctuation and non-ASCII must survive.
        "[a-zA-Z0-9 \"'\\\\\n{}=#~:<&é–]{1,12}".prop_filter("not blank", |s| {
            !crate::text::normalise(s).is_empty() && !s.trim().is_empty()
        })
    }

    fn distinct_texts(min: usize) -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec(text(), min..6)
            .prop_map(|items| {
                let mut seen = std::collections::HashSet::new();
                items
                    .into_iter()
                    .filter(|s| seen.insert(crate::text::normalise(s)))
                    .collect::<Vec<_>>()
            })
            .prop_filter("enough distinct items", move |items| items.len() >= min)
    }

    fn finite() -> impl Strategy<Value = f64> {
        -1.0e6..1.0e6f64
    }

    fn answer() -> impl Strategy<Value = Answer> {
        prop_oneof![
            (distinct_texts(2), any::<prop::sample::Index>(), any::<bool>()).prop_map(
                |(choices, pick, shuffle)| {
                    let answer = pick.get(&choices).clone();
                    let feedback = [(answer.clone(), "right".to_owned())].into_iter().collect();
                    Answer::Single(SingleChoice {
                        choices,
                        answer,
                        feedback,
                        shuffle,
                        choice_images: Default::default(),
                    })
                }
            ),
            (distinct_texts(2), any::<prop::sample::Index>()).prop_map(|(choices, pick)| {
                let answers = vec![pick.get(&choices).clone()];
                Answer::Multiple(MultipleChoice {
                    choices,
                    answers,
                    feedback: Default::default(),
                    shuffle: true,
                    choice_images: Default::default(),
                })
            }),
            any::<bool>().prop_map(|answer| Answer::TrueFalse(TrueFalse { answer })),
            (distinct_texts(1), 0..=3u8)
                .prop_map(|(accept, typos)| Answer::Short(ShortAnswer { accept, typos })),
            (finite(), 0.0..10.0f64).prop_map(|(answer, tolerance)| Answer::Numeric(Numeric {
                answer: Some(answer),
                tolerance: Some(tolerance),
                range: None,
                unit: Some("minutes".into()),
            })),
            (finite(), 0.0..100.0f64).prop_map(|(low, width)| Answer::Numeric(Numeric {
                answer: None,
                tolerance: None,
                range: Some([low, low + width]),
                unit: None,
            })),
            (distinct_texts(2), any::<bool>()).prop_map(|(steps, strict)| Answer::Order(Ordering {
                steps,
                scoring: if strict {
                    OrderScoring::AllOrNothing
                } else {
                    OrderScoring::Pairs
                },
            })),
            (distinct_texts(2), text()).prop_map(|(lefts, right)| Answer::Match(Matching {
                pairs: lefts
                    .into_iter()
                    .map(|left| MatchPair {
                        left,
                        right: right.clone()
                    })
                    .collect(),
            })),
        ]
    }

    /// Allowed lint rules: the loader keeps any name (lint checks them), so
    /// names are free text here to exercise TOML key quoting.
    fn lint_settings() -> impl Strategy<Value = LintSettings> {
        prop::collection::btree_map(text(), text(), 0..3).prop_map(|allow| LintSettings { allow })
    }

    fn bank() -> impl Strategy<Value = Bank> {
        let questions =
            prop::collection::vec((answer(), text(), 0.5..5.0f64, 0..3usize, lint_settings()), 1..6);
        let sections = prop::collection::vec(text(), 0..3);
        // Every question belongs to the case (when there is one) or none, so
        // no scenario is left empty.
        let case = prop::option::of((text(), text(), prop::option::of(text())));
        (questions, sections, lint_settings(), case).prop_map(|(items, sections, lint, case)| Bank {
            meta: BankMeta {
                format_version: 1,
                id: "generated".into(),
                title: "Generated".into(),
                source: "Article".into(),
                sections,
                lint,
                scenarios: case
                    .iter()
                    .map(|(title, text, image)| Scenario {
                        id: "the-case".into(),
                        title: title.clone(),
                        case: text.clone(),
                        image: image.as_ref().map(|alt| Image {
                            file: "media/case.png".into(),
                            alt: alt.clone(),
                        }),
                    })
                    .collect(),
            },
            questions: items
                .into_iter()
                .enumerate()
                .map(|(index, (answer, prompt, points, difficulty, lint))| Question {
                    meta: QuestionMeta {
                        id: QuestionId(format!("q-{index}")),
                        topic: "topic".into(),
                        tags: vec!["tag".into()],
                        difficulty: Difficulty::ALL[difficulty],
                        image: (index % 2 == 1).then(|| Image {
                            file: format!("media/q {index}.png"),
                            alt: "What it shows".into(),
                        }),
                        prompt,
                        section: "Section".into(),
                        explanation: "Why.".into(),
                        points,
                        lint,
                        provenance: (index % 2 == 0).then(|| format!("quiz.gift line {index}")),
                        critical: index % 3 == 1,
                        scenario: case.as_ref().map(|_| "the-case".to_owned()),
                        revision: u32::try_from(index).unwrap_or(0) % 3 + 1,
                    },
                    answer,
                })
                .collect(),
        })
    }

    proptest! {
        #[test]
        fn any_accepted_bank_survives_save_and_load(bank in bank()) {
            let saved = toml::to_string(&bank).unwrap();
            let (loaded, diagnostics) = load_text(&saved);
            prop_assert!(diagnostics.is_empty(), "{diagnostics:?}\n{saved}");
            prop_assert_eq!(loaded.unwrap(), bank);
        }
    }
}
