//! A bank's questions as TOML, written directly for the bank's fixed shape:
//! the very text `toml::to_string` writes for them, at a fraction of the cost.
//!
//! `toml`'s serializer walks every value through serde twice (once to choose
//! between a value, a table and an array of tables, once to write it) and
//! weighs each string's four quotings; on a 10,000-question import that was
//! a quarter of the work. Here the layout is known: a question's values in
//! field order, then its tables (`image`, `lint`, `feedback`,
//! `choice_images`, `pairs`) in field order, each after a blank line, as
//! `toml` lays out a table whose values come after a child table. Strings
//! with nothing to escape are written between double quotes; every other
//! string, key and number goes through `toml_writer`, the code `toml` itself
//! writes them with, so the quoting and escaping rules are those of the crate.
//! The unit tests hold the text byte for byte against `toml::to_string` on
//! the bundled banks, imported real files and every field and odd string.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use toml_writer::{TomlKeyBuilder, TomlStringBuilder, WriteTomlKey as _, WriteTomlValue as _};

use super::model::{
    Answer, Image, LintSettings, MatchPair, OrderScoring, Question, is_default_points, is_first_revision,
};

/// Appends `question` as `toml::to_string` writes it in a bank's
/// `questions` array: a blank line, `[[questions]]`, its values, its tables.
pub fn push_question(out: &mut String, question: &Question) {
    let meta = &question.meta;
    out.push_str("\n[[questions]]\n");
    string_entry(out, "id", &meta.id.0);
    string_entry(out, "topic", &meta.topic);
    if !meta.tags.is_empty() {
        array_entry(out, "tags", &meta.tags);
    }
    string_entry(out, "difficulty", meta.difficulty.as_str());
    string_entry(out, "prompt", &meta.prompt);
    string_entry(out, "section", &meta.section);
    string_entry(out, "explanation", &meta.explanation);
    if !is_default_points(&meta.points) {
        float_entry(out, "points", meta.points);
    }
    if meta.critical {
        out.push_str("critical = true\n");
    }
    if let Some(scenario) = &meta.scenario {
        string_entry(out, "scenario", scenario);
    }
    if !is_first_revision(&meta.revision) {
        let _ = writeln!(out, "revision = {}", meta.revision);
    }
    if let Some(provenance) = &meta.provenance {
        string_entry(out, "provenance", provenance);
    }
    string_entry(out, "type", question.answer.question_type().as_str());
    answer_values(out, &question.answer);

    if let Some(image) = &meta.image {
        out.push_str("\n[questions.image]\n");
        image_values(out, image);
    }
    lint_tables(out, &meta.lint);
    match &question.answer {
        Answer::Single(single) => choice_tables(out, &single.feedback, &single.choice_images),
        Answer::Multiple(multiple) => choice_tables(out, &multiple.feedback, &multiple.choice_images),
        Answer::Match(matching) if !matching.pairs.is_empty() => pair_tables(out, &matching.pairs),
        _ => {}
    }
}

/// The answer's values, in field order (its tables come later).
fn answer_values(out: &mut String, answer: &Answer) {
    match answer {
        Answer::Single(single) => {
            array_entry(out, "choices", &single.choices);
            string_entry(out, "answer", &single.answer);
            if !single.shuffle {
                out.push_str("shuffle = false\n");
            }
        }
        Answer::Multiple(multiple) => {
            array_entry(out, "choices", &multiple.choices);
            array_entry(out, "answers", &multiple.answers);
            if !multiple.shuffle {
                out.push_str("shuffle = false\n");
            }
        }
        Answer::TrueFalse(true_false) => {
            let _ = writeln!(out, "answer = {}", true_false.answer);
        }
        Answer::Short(short) => {
            array_entry(out, "accept", &short.accept);
            if short.typos != 0 {
                let _ = writeln!(out, "typos = {}", short.typos);
            }
        }
        Answer::Numeric(numeric) => {
            if let Some(answer) = numeric.answer {
                float_entry(out, "answer", answer);
            }
            if let Some(tolerance) = numeric.tolerance {
                float_entry(out, "tolerance", tolerance);
            }
            if let Some([low, high]) = numeric.range {
                out.push_str("range = [");
                float(out, low);
                out.push_str(", ");
                float(out, high);
                out.push_str("]\n");
            }
            if let Some(unit) = &numeric.unit {
                string_entry(out, "unit", unit);
            }
        }
        Answer::Order(order) => {
            array_entry(out, "steps", &order.steps);
            if !order.scoring.is_default() {
                let scoring = match order.scoring {
                    OrderScoring::Pairs => "pairs",
                    OrderScoring::AllOrNothing => "all-or-nothing",
                };
                string_entry(out, "scoring", scoring);
            }
        }
        // An empty array is a value; pairs are tables otherwise.
        Answer::Match(matching) if matching.pairs.is_empty() => out.push_str("pairs = []\n"),
        Answer::Match(_) => {}
    }
}

/// `lint.allow`: the `lint` table holds only that table, so only its
/// header is written (`toml` leaves out the header of a table that holds
/// nothing but tables).
fn lint_tables(out: &mut String, lint: &LintSettings) {
    if !lint.allow.is_empty() {
        out.push_str("\n[questions.lint.allow]\n");
        string_map(out, &lint.allow);
    }
}

fn choice_tables(out: &mut String, feedback: &BTreeMap<String, String>, images: &BTreeMap<String, Image>) {
    if !feedback.is_empty() {
        out.push_str("\n[questions.feedback]\n");
        string_map(out, feedback);
    }
    // `choice_images` holds only tables: its own header is left out.
    for (choice, image) in images {
        out.push_str("\n[questions.choice_images.");
        key(out, choice);
        out.push_str("]\n");
        image_values(out, image);
    }
}

fn pair_tables(out: &mut String, pairs: &[MatchPair]) {
    for pair in pairs {
        out.push_str("\n[[questions.pairs]]\n");
        string_entry(out, "left", &pair.left);
        string_entry(out, "right", &pair.right);
    }
}

fn image_values(out: &mut String, image: &Image) {
    string_entry(out, "file", &image.file);
    string_entry(out, "alt", &image.alt);
}

fn string_map(out: &mut String, map: &BTreeMap<String, String>) {
    for (name, value) in map {
        key(out, name);
        out.push_str(" = ");
        string(out, value);
        out.push('\n');
    }
}

/// `name = "value"` for a field name (always a bare key).
fn string_entry(out: &mut String, name: &str, value: &str) {
    out.push_str(name);
    out.push_str(" = ");
    string(out, value);
    out.push('\n');
}

fn array_entry(out: &mut String, name: &str, values: &[String]) {
    out.push_str(name);
    out.push_str(" = [");
    for (n, value) in values.iter().enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        string(out, value);
    }
    out.push_str("]\n");
}

fn float_entry(out: &mut String, name: &str, value: f64) {
    out.push_str(name);
    out.push_str(" = ");
    float(out, value);
    out.push('\n');
}

/// A float as `toml` writes one (it drops the sign of a NaN first).
fn float(out: &mut String, value: f64) {
    let value = if value.is_nan() {
        value.copysign(1.0)
    } else {
        value
    };
    let _ = value.write_toml_value(out);
}

/// Whether `toml_writer` writes `text` as a plain basic string, `"text"`:
/// true unless it holds a byte that string must escape or that makes
/// another quoting preferred (a control character, DEL, `"` or `\`).
fn plain(text: &str) -> bool {
    !crate::text::has_quote_breaker(text)
}

/// A string value, quoted as `toml` quotes it.
fn string(out: &mut String, value: &str) {
    if plain(value) {
        out.push('"');
        out.push_str(value);
        out.push('"');
    } else {
        let _ = TomlStringBuilder::new(value).as_default().write_toml_value(out);
    }
}

/// A key from the data (a choice's text, a rule's name), quoted as `toml`
/// quotes keys: bare when it can be.
fn key(out: &mut String, name: &str) {
    let bare = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if bare {
        out.push_str(name);
    } else if plain(name) {
        out.push('"');
        out.push_str(name);
        out.push('"');
    } else {
        let _ = TomlKeyBuilder::new(name).as_default().write_toml_key(out);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use toml_writer::{ToTomlKey as _, ToTomlValue as _};

    use super::{key, push_question, string};
    use crate::bank::model::{Bank, Question};

    /// The bank as `toml::to_string` writes it: the header by `toml`, the
    /// questions by `push_question`.
    pub(crate) fn written(bank: &Bank) -> String {
        let mut text = toml::to_string(&bank.meta).unwrap();
        for question in &bank.questions {
            push_question(&mut text, question);
        }
        text
    }

    pub(crate) fn assert_same_as_toml(bank: &Bank, name: &str) {
        let expected = toml::to_string(bank).unwrap();
        let got = written(bank);
        if got != expected {
            let at = got
                .bytes()
                .zip(expected.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(got.len().min(expected.len()));
            let from = at.saturating_sub(200);
            panic!(
                "{name}: differs at byte {at}\n--- written\n{}\n--- toml\n{}",
                &got[from..(at + 200).min(got.len())],
                &expected[from..(at + 200).min(expected.len())]
            );
        }
    }

    fn one(bank: &Bank, question: &Question) -> Bank {
        Bank {
            meta: bank.meta.clone(),
            questions: vec![question.clone()],
        }
    }

    /// Every field and table a question can have, with strings that need
    /// each of `toml`'s quotings.
    #[test]
    fn every_field_is_written_as_toml_writes_it() {
        let text = r#"
format_version = 1
id = "b"
title = "T"
source = "S"

[[questions]]
id = "all-meta"
topic = "t"
tags = ["a", "b-c"]
difficulty = "hard"
prompt = """
Two lines
and a "quote" ''' and \\ a backslash"""
section = "It's a section"
explanation = 'single \ literal'
points = 2.5
critical = true
scenario = "case-1"
revision = 3
provenance = "tab\there, bell \u0007, del \u007F, é ✓"
type = "single"
choices = ["A \"quoted\"", "B", "", "key.with.dots", "tab\tin"]
answer = "B"
shuffle = false
image = { file = "media/a b.png", alt = "" }
lint = { allow = { "all-of-the-above" = "course wording", "odd key \"q\"" = "x", "tab\tkey" = "y", "" = "empty" } }
feedback = { "A \"quoted\"" = "no", B = """yes
multi""", "key.with.dots" = "dots", "tab\tin" = "tab" }
choice_images = { B = { file = "b.png", alt = "B's picture" }, "A \"quoted\"" = { file = "a.svg", alt = "a" }, "" = { file = "e.png", alt = "e" } }

[[questions]]
id = "multiple"
topic = "t"
difficulty = "easy"
prompt = "p"
section = "s"
explanation = "e"
points = 3.0
type = "multiple"
choices = ["x", "y"]
answers = ["x"]
feedback = { x = "f" }
choice_images = { y = { file = "y.png", alt = "y" } }

[[questions]]
id = "tf"
topic = "t"
difficulty = "medium"
prompt = "p"
section = "s"
explanation = "e"
type = "true-false"
answer = false

[[questions]]
id = "short"
topic = "t"
difficulty = "medium"
prompt = "p"
section = "s"
explanation = "e"
type = "short"
accept = ["one", "t*o", "a\\b"]
typos = 2

[[questions]]
id = "numeric-answer"
topic = "t"
difficulty = "medium"
prompt = "p"
section = "s"
explanation = "e"
type = "numeric"
answer = 1e300
tolerance = 0.1
unit = "minutes"

[[questions]]
id = "numeric-range"
topic = "t"
difficulty = "medium"
prompt = "p"
section = "s"
explanation = "e"
type = "numeric"
range = [-0.0, 1.5e-7]

[[questions]]
id = "numeric-integral"
topic = "t"
difficulty = "medium"
prompt = "p"
section = "s"
explanation = "e"
type = "numeric"
answer = -30.0
tolerance = 0.0

[[questions]]
id = "order"
topic = "t"
difficulty = "medium"
prompt = "p"
section = "s"
explanation = "e"
type = "order"
steps = ["first", "second"]
scoring = "all-or-nothing"

[[questions]]
id = "order-pairs"
topic = "t"
difficulty = "medium"
prompt = "p"
section = "s"
explanation = "e"
type = "order"
steps = []

[[questions]]
id = "match"
topic = "t"
difficulty = "medium"
prompt = "p"
section = "s"
explanation = "e"
type = "match"
pairs = [{ left = "l \"1\"", right = "r1" }, { left = "l2", right = "r\n2" }]

[[questions]]
id = "match-none"
topic = "t"
difficulty = "medium"
prompt = "p"
section = "s"
explanation = "e"
type = "match"
pairs = []
"#;
        let bank: Bank = toml::from_str(text).unwrap();
        assert_eq!(bank.questions.len(), 11);
        assert_same_as_toml(&bank, "every field");
        for question in &bank.questions {
            assert_same_as_toml(&one(&bank, question), &question.meta.id.0);
        }
    }

    /// A string made of the characters that decide `toml`'s quoting.
    fn tricky() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a", "Z", "0", "-", "_", " ", ".", "/", ":", "'", "''", "'''", "\"", "\"\"", "\"\"\"", "\\",
            "\n", "\r", "\r\n", "\t", "\u{7}", "\u{8}", "\u{c}", "\u{1b}", "\u{7f}", "\u{0}", "é", "✓", "🫀",
            "#", "=", "[", "]", "{", "}",
        ]);
        prop::collection::vec(pieces, 0..12).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn strings_are_quoted_as_toml_quotes_them(text in tricky()) {
            let mut out = String::new();
            string(&mut out, &text);
            prop_assert_eq!(out, text.as_str().to_toml_value());
        }

        #[test]
        fn keys_are_quoted_as_toml_quotes_them(text in tricky()) {
            let mut out = String::new();
            key(&mut out, &text);
            prop_assert_eq!(out, text.as_str().to_toml_key());
        }

        #[test]
        fn any_string_anywhere_is_written_as_toml_writes_it(
            prompt in tricky(), choice in tricky(), feedback in tricky(), unit in tricky(),
        ) {
            let mut bank: Bank = toml::from_str(concat!(
                "format_version = 1\nid = \"b\"\ntitle = \"T\"\nsource = \"S\"\n",
                "[[questions]]\nid = \"q\"\ntopic = \"t\"\ndifficulty = \"easy\"\nprompt = \"p\"\n",
                "section = \"s\"\nexplanation = \"e\"\ntype = \"single\"\nchoices = [\"x\"]\nanswer = \"x\"\n",
                "[[questions]]\nid = \"n\"\ntopic = \"t\"\ndifficulty = \"easy\"\nprompt = \"p\"\n",
                "section = \"s\"\nexplanation = \"e\"\ntype = \"numeric\"\nanswer = 1.0\n",
            )).unwrap();
            let crate::bank::model::Answer::Single(single) = &mut bank.questions[0].answer else { unreachable!() };
            single.choices.push(choice.clone());
            single.feedback.insert(choice.clone(), feedback);
            single.choice_images.insert(choice, crate::bank::model::Image { file: unit.clone(), alt: prompt.clone() });
            bank.questions[0].meta.prompt = prompt;
            let crate::bank::model::Answer::Numeric(numeric) = &mut bank.questions[1].answer else { unreachable!() };
            numeric.unit = Some(unit);
            let expected = toml::to_string(&bank).unwrap();
            prop_assert_eq!(written(&bank), expected);
        }
    }
}
