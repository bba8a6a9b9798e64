//! The GIFT writer: banks as GIFT that Moodle imports without changes.
//!
//! Texts are written with the `[plain]` marker, so `<` and `&` reach Moodle
//! as characters rather than markup; GIFT's special characters are escaped.

use std::io::{self, Write};

use crate::bank::model::{Answer, Question};
use crate::interop::{ExportNote, category_path, export_tags, multiple_weight, percent};

/// Writes `questions` as GIFT and returns the questions it skipped or changed.
pub fn write(out: &mut dyn Write, title: &str, questions: &[&Question]) -> io::Result<Vec<ExportNote>> {
    let mut notes = Vec::new();
    writeln!(out, "// {} — exported by aidquiz", one_line(title))?;
    let mut category = String::new();
    for question in questions {
        if matches!(question.answer, Answer::Order(_)) {
            notes.push(ExportNote::skipped(
                question,
                "GIFT has no ordering questions (Moodle XML has)",
            ));
            continue;
        }
        let path = category_path(question);
        if path != category {
            writeln!(out, "\n$CATEGORY: {path}")?;
            category = path;
        }
        writeln!(out)?;
        write_question(out, question, &mut notes)?;
        // GIFT is one text file: it cannot carry a picture's bytes.
        for (choice, image) in question.images() {
            let whose = choice.map_or_else(
                || "the question's".to_owned(),
                |c| format!("the choice \"{c}\"'s"),
            );
            notes.push(ExportNote::changed(
                question,
                format!(
                    "GIFT cannot carry files: {whose} picture {} (\"{}\") is left out; export as Moodle XML to keep it",
                    image.file, image.alt
                ),
            ));
        }
    }
    Ok(notes)
}

fn write_question(out: &mut dyn Write, question: &Question, notes: &mut Vec<ExportNote>) -> io::Result<()> {
    let meta = &question.meta;
    let mut settings: Vec<String> = export_tags(question)
        .iter()
        .map(|tag| format!("[tag:{tag}]"))
        .collect();
    if (meta.points - 1.0).abs() > f64::EPSILON {
        settings.push(format!("[points:{}]", meta.points));
    }
    match &question.answer {
        Answer::Single(choice) if !choice.shuffle => settings.push("[shuffle:false]".into()),
        Answer::Multiple(choice) if !choice.shuffle => settings.push("[shuffle:false]".into()),
        Answer::Short(short) if short.typos > 0 => settings.push(format!("[typos:{}]", short.typos)),
        Answer::Numeric(numeric) => {
            if let Some(unit) = &numeric.unit {
                settings.push(format!("[unit:{}]", one_line(unit)));
                notes.push(ExportNote::changed(
                    question,
                    "GIFT numeric questions have no unit: Moodle will not show it (kept in a comment for aidquiz)",
                ));
            }
        }
        _ => {}
    }
    writeln!(out, "// {}", settings.join(" "))?;
    write!(out, "::{}::[plain]{}{{", escape(&meta.id.0), escape(&meta.prompt))?;
    match &question.answer {
        Answer::Single(single) => {
            for choice in &single.choices {
                let marker = if *choice == single.answer { "=" } else { "~" };
                write_choice(out, marker, choice, single.feedback.get(choice))?;
            }
        }
        Answer::Multiple(multiple) => {
            let right = multiple.answers.len();
            let count = multiple.choices.len();
            for choice in &multiple.choices {
                let weight = multiple_weight(multiple.answers.contains(choice), right, count);
                let marker = format!("~%{}%", percent(weight));
                write_choice(out, &marker, choice, multiple.feedback.get(choice))?;
            }
        }
        Answer::TrueFalse(tf) => write!(out, "{}", if tf.answer { "TRUE" } else { "FALSE" })?,
        Answer::Short(short) => {
            for accepted in &short.accept {
                // An answer that starts with `%` would read as a weight: give the weight.
                let marker = if accepted.starts_with('%') { "=%100%" } else { "=" };
                write!(out, "\n\t{marker}{}", escape(accepted))?;
            }
        }
        Answer::Numeric(numeric) => match (numeric.answer, numeric.tolerance, numeric.range) {
            (Some(value), Some(tolerance), _) => write!(out, "#{value}:{tolerance}")?,
            (Some(value), None, _) => write!(out, "#{value}")?,
            (None, _, Some([low, high])) => write!(out, "#{low}..{high}")?,
            (None, _, None) => {}
        },
        Answer::Match(matching) => {
            for pair in &matching.pairs {
                write!(out, "\n\t={} -> {}", escape(&pair.left), escape(&pair.right))?;
                if pair.left.contains("->") {
                    notes.push(ExportNote::changed(
                        question,
                        format!(
                            "the item \"{}\" contains `->`, which Moodle reads as the separator",
                            pair.left
                        ),
                    ));
                }
            }
        }
        Answer::Order(_) => {}
    }
    let multiline = !matches!(question.answer, Answer::TrueFalse(_) | Answer::Numeric(_));
    write!(
        out,
        "{}####{}",
        if multiline { "\n\t" } else { "" },
        escape(&meta.explanation)
    )?;
    writeln!(out, "{}}}", if multiline { "\n" } else { "" })
}

fn write_choice(
    out: &mut dyn Write,
    marker: &str,
    choice: &str,
    feedback: Option<&String>,
) -> io::Result<()> {
    // A choice that starts with `%` would read as a weight: give the weight.
    let marker = match (marker, choice.starts_with('%')) {
        ("=", true) => "=%100%",
        ("~", true) => "~%0%",
        _ => marker,
    };
    write!(out, "\n\t{marker}{}", escape(choice))?;
    if let Some(feedback) = feedback {
        write!(out, "#{}", escape(feedback))?;
    }
    Ok(())
}

/// GIFT's special characters behind a backslash, line breaks as `\n`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\n' {
            out.push_str("\\n");
        } else if c == '\r' {
            continue;
        } else {
            if super::SPECIAL.contains(&c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}
