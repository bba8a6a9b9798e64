//! The printed side of an exam: learners' papers (Markdown and HTML, no
//! answers), the instructor's key (HTML with answers and explanations) and
//! the key as CSV. Each renders into any writer.

use std::io::{self, Write};

use super::manifest::{ExamQuestion, Manifest, Version};
use crate::bank::{Answer, Scenario};
use crate::response::{self, letter};
use crate::session::render::{clock_time, round};

/// Escapes text from banks and titles for HTML (it may hold `<` or `&`).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn instructions(manifest: &Manifest, version: &Version) -> String {
    let mut parts = vec![
        format!("Version {}", version.name),
        format!("{} questions", version.questions.len()),
    ];
    if let Some(secs) = manifest.time_limit_secs {
        parts.push(format!(
            "time limit {}",
            clock_time(std::time::Duration::from_secs(secs))
        ));
    }
    parts.push(format!("pass mark {}%", round(manifest.pass_mark)));
    if version.questions.iter().any(|q| q.question.meta.critical) {
        parts.push(crate::pass::CRITICAL_RULE.to_owned());
    }
    parts.join(" · ")
}

/// The case to print above `questions[index]`: its scenario, when it opens
/// one (the question before it asks about another case, or none).
fn opens_case(questions: &[ExamQuestion], index: usize) -> Option<&Scenario> {
    let scenario = questions[index].scenario.as_ref()?;
    let same = index
        .checked_sub(1)
        .and_then(|before| questions.get(before))
        .is_some_and(|before| {
            before.bank == questions[index].bank
                && before.scenario.as_ref().map(|s| &s.id) == Some(&scenario.id)
        });
    (!same).then_some(scenario)
}

/// The mark a must-pass question carries on papers and keys.
fn mark(question: &ExamQuestion) -> &'static str {
    if question.question.meta.critical {
        "◆ "
    } else {
        ""
    }
}

fn how_to_answer(question: &ExamQuestion) -> &'static str {
    match question.question.answer {
        Answer::Single(_) => "Circle one letter.",
        Answer::Multiple(_) => "Select all that apply: circle every right letter.",
        Answer::TrueFalse(_) => "True or false? Write T or F.",
        Answer::Short(_) => "Write a word or short phrase.",
        Answer::Numeric(_) => "Write a number.",
        Answer::Order(_) => "Write the letters in the right order.",
        Answer::Match(_) => "Write each number with the letter of its match, such as 1B.",
    }
}

/// Left-hand items of a matching question, numbered, before the lettered options.
fn numbered_items(question: &ExamQuestion) -> Vec<&str> {
    match &question.question.answer {
        Answer::Match(q) => q.pairs.iter().map(|p| p.left.as_str()).collect(),
        _ => Vec::new(),
    }
}

pub fn write_markdown_paper(out: &mut dyn Write, manifest: &Manifest, version: &Version) -> io::Result<()> {
    writeln!(out, "# {}", manifest.title)?;
    writeln!(out)?;
    writeln!(out, "{}", instructions(manifest, version))?;
    writeln!(out)?;
    writeln!(out, "Name: ______________________________  Date: ______________")?;
    for (index, question) in version.questions.iter().enumerate() {
        let item = question.item();
        writeln!(out)?;
        if let Some(scenario) = opens_case(&version.questions, index) {
            writeln!(out, "### Case: {}", scenario.title)?;
            writeln!(out)?;
            if let Some(image) = &scenario.image {
                writeln!(out, "![{}]({image})", scenario.title)?;
                writeln!(out)?;
            }
            writeln!(out, "> {}", scenario.case)?;
            writeln!(out)?;
        }
        writeln!(
            out,
            "**{}.** {}{}",
            question.number,
            mark(question),
            question.question.meta.prompt
        )?;
        writeln!(out)?;
        writeln!(out, "*{}*", how_to_answer(question))?;
        writeln!(out)?;
        for (n, text) in numbered_items(question).iter().enumerate() {
            writeln!(out, "{}. {text}", n + 1)?;
        }
        for (i, text) in item.lettered().iter().enumerate() {
            writeln!(out, "- **{})** {text}", letter(i))?;
        }
        writeln!(out)?;
        writeln!(out, "Answer: ______________")?;
    }
    Ok(())
}

const PAPER_CSS: &str = "\
body{font-family:Georgia,'Times New Roman',serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#111}
h1{font-size:1.6rem;margin-bottom:.2rem}
.meta{color:#444;margin-top:0}
.lines{margin:1.2rem 0 2rem;white-space:pre}
section.question{break-inside:avoid;page-break-inside:avoid;margin:0 0 1.6rem}
.case-opening{break-inside:avoid;page-break-inside:avoid}
.case{break-after:avoid;page-break-after:avoid;border:1px solid #999;padding:.5rem .8rem;margin:0 0 .8rem}
.case img{max-width:100%}
.must-pass{font-weight:bold}
.prompt{font-weight:bold;margin:.2rem 0}
.how{font-style:italic;color:#444;margin:.2rem 0}
ol.choices{list-style-type:upper-alpha;margin:.3rem 0}
.answer-line{margin-top:.5rem}
.key{background:#eef6ee;border-left:4px solid #2a7a2a;padding:.4rem .7rem;margin-top:.5rem}
@media print{body{margin:0;max-width:none}a{color:inherit}}
";

fn html_head(out: &mut dyn Write, title: &str) -> io::Result<()> {
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"en\">")?;
    writeln!(out, "<head>")?;
    writeln!(out, "<meta charset=\"utf-8\">")?;
    writeln!(out, "<title>{}</title>", escape_html(title))?;
    writeln!(out, "<style>\n{PAPER_CSS}</style>")?;
    writeln!(out, "</head>")?;
    writeln!(out, "<body>")
}

/// A question, preceded by its case when it opens one. The case and its
/// first question sit in one block that the printer must not break, so a
/// case never ends a page with its question on the next.
fn html_question(
    out: &mut dyn Write,
    questions: &[ExamQuestion],
    index: usize,
    with_key: bool,
) -> io::Result<()> {
    let question = &questions[index];
    let case = opens_case(questions, index);
    if let Some(scenario) = case {
        writeln!(out, "<div class=\"case-opening\">")?;
        writeln!(out, "<section class=\"case\">")?;
        writeln!(out, "<h2>Case: {}</h2>", escape_html(&scenario.title))?;
        if let Some(image) = &scenario.image {
            writeln!(
                out,
                "<img src=\"{}\" alt=\"{}\">",
                escape_html(image),
                escape_html(&scenario.title)
            )?;
        }
        writeln!(out, "<p>{}</p>", escape_html(&scenario.case))?;
        writeln!(out, "</section>")?;
    }
    question_block(out, question, with_key)?;
    if case.is_some() {
        writeln!(out, "</div>")?;
    }
    Ok(())
}

fn question_block(out: &mut dyn Write, question: &ExamQuestion, with_key: bool) -> io::Result<()> {
    let item = question.item();
    writeln!(out, "<section class=\"question\">")?;
    let must_pass = if question.question.meta.critical {
        "<span class=\"must-pass\" title=\"must be answered correctly to pass\">◆</span> "
    } else {
        ""
    };
    writeln!(
        out,
        "<p class=\"prompt\">{}. {must_pass}{}</p>",
        question.number,
        escape_html(&question.question.meta.prompt)
    )?;
    writeln!(out, "<p class=\"how\">{}</p>", how_to_answer(question))?;
    let items = numbered_items(question);
    if !items.is_empty() {
        writeln!(out, "<ol class=\"items\">")?;
        for text in items {
            writeln!(out, "<li>{}</li>", escape_html(text))?;
        }
        writeln!(out, "</ol>")?;
    }
    let lettered = item.lettered();
    if !lettered.is_empty() {
        writeln!(out, "<ol class=\"choices\">")?;
        for text in lettered {
            writeln!(out, "<li>{}</li>", escape_html(text))?;
        }
        writeln!(out, "</ol>")?;
    }
    if with_key {
        writeln!(out, "<div class=\"key\">")?;
        writeln!(
            out,
            "<p><strong>Answer:</strong> {}</p>",
            escape_html(&response::right_answer(&item))
        )?;
        writeln!(
            out,
            "<p><strong>Why:</strong> {}</p>",
            escape_html(&question.question.meta.explanation)
        )?;
        writeln!(
            out,
            "<p><small>{} · {} · {} · {} point(s) · section “{}”</small></p>",
            escape_html(&question.question.meta.id.0),
            escape_html(&question.question.meta.topic),
            question.question.meta.difficulty.as_str(),
            round(question.question.meta.points),
            escape_html(&question.question.meta.section),
        )?;
        writeln!(out, "</div>")?;
    } else {
        writeln!(out, "<p class=\"answer-line\">Answer: ______________</p>")?;
    }
    writeln!(out, "</section>")
}

pub fn write_html_paper(out: &mut dyn Write, manifest: &Manifest, version: &Version) -> io::Result<()> {
    html_head(out, &format!("{} — version {}", manifest.title, version.name))?;
    writeln!(out, "<h1>{}</h1>", escape_html(&manifest.title))?;
    writeln!(
        out,
        "<p class=\"meta\">{}</p>",
        escape_html(&instructions(manifest, version))
    )?;
    writeln!(
        out,
        "<p class=\"lines\">Name: ______________________________   Date: ______________</p>"
    )?;
    for index in 0..version.questions.len() {
        html_question(out, &version.questions, index, false)?;
    }
    writeln!(out, "</body>\n</html>")
}

pub fn write_html_key(out: &mut dyn Write, manifest: &Manifest, version: &Version) -> io::Result<()> {
    html_head(
        out,
        &format!("{} — key to version {}", manifest.title, version.name),
    )?;
    writeln!(out, "<h1>{} — answer key</h1>", escape_html(&manifest.title))?;
    writeln!(
        out,
        "<p class=\"meta\">{} · exam {} · {}</p>",
        escape_html(&instructions(manifest, version)),
        escape_html(&manifest.exam_id),
        manifest.date
    )?;
    for index in 0..version.questions.len() {
        html_question(out, &version.questions, index, true)?;
    }
    writeln!(out, "</body>\n</html>")
}

/// The key in the notation learners write. A numeric range has no single
/// answer; it is written `low..high`.
pub fn key_notation(question: &ExamQuestion) -> String {
    let item = question.item();
    match (&question.question.answer, response::key(&item)) {
        (_, Some(key)) => response::notation(&item, &key),
        (Answer::Numeric(numeric), None) => {
            let (low, high) = numeric.accepted();
            format!("{low}..{high}")
        }
        (_, None) => String::new(),
    }
}

pub fn write_key_csv(out: &mut dyn Write, manifest: &Manifest) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(["version", "number", "question_id", "type", "answer", "points"])?;
    for version in &manifest.versions {
        for question in &version.questions {
            writer.write_record([
                version.name.as_str(),
                &question.number.to_string(),
                &question.question.meta.id.0,
                question.question.answer.question_type().as_str(),
                &key_notation(question),
                &round(question.question.meta.points),
            ])?;
        }
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn html_escaping_covers_markup_and_quotes() {
        assert_eq!(
            escape_html("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }
}
