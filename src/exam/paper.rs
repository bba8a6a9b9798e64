//! The printed side of an exam: learners' papers (Markdown and HTML, no
//! answers), the instructor's key (HTML with answers and explanations) and
//! the key as CSV. Each renders into any writer.

use std::io::{self, Write};

use super::manifest::{ExamQuestion, Manifest, Version};
use crate::bank::model::Image;
use crate::bank::{Answer, Scenario};
use crate::report::csv::neutralise;
use crate::report::md::cell as escape_markdown;
use crate::response::{self, letter};
use crate::session::render::{clock_time, round};
use crate::text::is_hostile_control;

/// Escapes text from banks, titles and names for HTML (it may hold `<` or
/// `&`). A control character, which no HTML or XML page may hold even
/// escaped, becomes U+FFFD.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if is_hostile_control(c) => out.push('\u{FFFD}'),
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

fn how_to_answer(question: &ExamQuestion) -> String {
    let prompt = question.question.meta.prompt.to_lowercase();
    match &question.question.answer {
        Answer::Single(_) => "Circle one letter.".to_owned(),
        // Banks often end a select-all prompt with the cue already.
        Answer::Multiple(_) if prompt.contains("select all that apply") => {
            "Circle every right letter.".to_owned()
        }
        Answer::Multiple(_) => "Select all that apply: circle every right letter.".to_owned(),
        Answer::TrueFalse(_) => "True or false? Write T or F.".to_owned(),
        Answer::Short(_) => "Write a word or short phrase.".to_owned(),
        Answer::Numeric(q) => match &q.unit {
            Some(unit) => format!("Write a number (in {unit})."),
            None => "Write a number.".to_owned(),
        },
        Answer::Order(_) => "Write the letters in the right order.".to_owned(),
        Answer::Match(_) => "Write each number with the letter of its match, such as 1B.".to_owned(),
    }
}

/// The line to write the answer on, with the unit after it for a number;
/// `None` where the learner circles letters instead.
fn answer_line(question: &ExamQuestion) -> Option<String> {
    match &question.question.answer {
        Answer::Single(_) | Answer::Multiple(_) => None,
        Answer::Numeric(q) => Some(match &q.unit {
            Some(unit) => format!("Answer: ______________ {unit}"),
            None => "Answer: ______________".to_owned(),
        }),
        _ => Some("Answer: ______________".to_owned()),
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
    // Bank text is shown as written, never as markup or raw HTML.
    writeln!(out, "# {}", escape_markdown(&manifest.title))?;
    writeln!(out)?;
    writeln!(out, "{}", instructions(manifest, version))?;
    writeln!(out)?;
    writeln!(out, "Name: ______________________________  Date: ______________")?;
    for (index, question) in version.questions.iter().enumerate() {
        let item = question.item();
        writeln!(out)?;
        if let Some(scenario) = opens_case(&version.questions, index) {
            writeln!(out, "### Case: {}", escape_markdown(&scenario.title))?;
            writeln!(out)?;
            if let Some(image) = &scenario.image {
                writeln!(out, "{}", markdown_image(image))?;
                writeln!(out)?;
            }
            writeln!(out, "> {}", escape_markdown(&scenario.case))?;
            writeln!(out)?;
        }
        writeln!(
            out,
            "**{}.** {}{}",
            question.number,
            mark(question),
            escape_markdown(&question.question.meta.prompt)
        )?;
        writeln!(out)?;
        if let Some(image) = &question.question.meta.image {
            writeln!(out, "{}", markdown_image(image))?;
            writeln!(out)?;
        }
        writeln!(out, "*{}*", how_to_answer(question))?;
        writeln!(out)?;
        for (n, text) in numbered_items(question).iter().enumerate() {
            writeln!(out, "{}. {}", n + 1, escape_markdown(text))?;
        }
        for (i, text) in item.lettered().iter().enumerate() {
            match choice_image(question, text) {
                Some(image) => writeln!(
                    out,
                    "- **{})** {} {}",
                    letter(i),
                    escape_markdown(text),
                    markdown_image(image)
                )?,
                None => writeln!(out, "- **{})** {}", letter(i), escape_markdown(text))?,
            }
        }
        if let Some(line) = answer_line(question) {
            writeln!(out)?;
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// A picture in a Markdown paper: its alt text in brackets, its file as
/// the HTML paper's URL path (a `<` or `>` in a name, once dropped, linked
/// to a file not there), in angle brackets.
fn markdown_image(image: &Image) -> String {
    format!(
        "![{}](<{}>)",
        escape_markdown(&image.alt),
        crate::text::url_path(&image.file)
    )
}

/// A picture in an HTML paper or key, kept within the page when printed.
fn html_image(image: &Image) -> String {
    format!(
        "<img src=\"{}\" alt=\"{}\">",
        escape_html(&crate::text::url_path(&image.file)),
        escape_html(&image.alt)
    )
}

/// The picture of the choice `text` of a choice question, if it has one.
fn choice_image<'a>(question: &'a ExamQuestion, text: &str) -> Option<&'a Image> {
    question.question.answer.choice_images()?.1.get(text)
}

const PAPER_CSS: &str = "\
body{font-family:Georgia,'Times New Roman',serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#111}
h1{font-size:1.6rem;margin-bottom:.2rem}
.meta{color:#444;margin-top:0}
.lines{margin:1.2rem 0 2rem;white-space:pre}
section.question{break-inside:avoid;page-break-inside:avoid;margin:0 0 1.6rem}
.case-opening{break-inside:avoid;page-break-inside:avoid}
.case{break-after:avoid;page-break-after:avoid;border:1px solid #999;padding:.5rem .8rem;margin:0 0 .8rem}
.case img,.picture img{max-width:100%;max-height:9cm;height:auto}
ol.choices img{display:block;max-width:60%;max-height:5cm;height:auto;margin:.2rem 0}
.picture{margin:.3rem 0;break-inside:avoid;page-break-inside:avoid}
.must-pass{font-weight:bold}
.prompt{font-weight:bold;margin:.2rem 0}
.how{font-style:italic;color:#444;margin:.2rem 0}
ol.choices{list-style-type:upper-alpha;margin:.3rem 0}
.answer-line{margin-top:.5rem}
.key{background:#eef6ee;border-left:4px solid #2a7a2a;padding:.4rem .7rem;margin-top:.5rem}
section.grid{break-after:page;page-break-after:always;margin-bottom:2rem}
section.grid h2{font-size:1.2rem}
table.grid{display:inline-table;vertical-align:top;border-collapse:collapse;margin:0 1.2rem 1rem 0}
table.grid{max-width:11rem}
table.grid th,table.grid td{border:1px solid #999;padding:.15rem .5rem;text-align:left}
table.grid td:first-child{text-align:right;white-space:nowrap}
@media print{body{margin:0;max-width:none;padding:0}a{color:inherit}}
";

/// What every printed page of a paper or key carries, so a loose page can
/// be matched to its version (and, on a paper, its learner).
struct RunningHead<'a> {
    /// Top left: the title and version.
    title: &'a str,
    /// Top right, on papers: a line for the learner's name.
    name_line: bool,
    /// Bottom: "Version A", followed by the page number and count.
    version: &'a str,
}

/// `text` as a CSS string literal. Titles come from the command line, so
/// quotes, backslashes and `<` (which could end the style element) are
/// escaped as code points.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => out.push_str(&format!("\\{:X} ", u32::from(c))),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `@page` rules with margin boxes (Chromium prints them from version
/// 131): the running head and the page number on every page, and the
/// print margin the body sits in.
fn page_css(head: &RunningHead<'_>) -> String {
    let font = "font:9pt Georgia,'Times New Roman',serif;color:#333";
    let mut css = format!(
        "@page{{size:auto;margin:18mm 16mm 20mm;@top-left{{content:{};{font}}}",
        css_string(head.title)
    );
    if head.name_line {
        css.push_str(&format!(
            "@top-right{{content:\"Name: ________________________\";{font}}}"
        ));
    }
    css.push_str(&format!(
        "@bottom-center{{content:{} \" · page \" counter(page) \" of \" counter(pages);{font}}}}}\n",
        css_string(head.version)
    ));
    css
}

fn html_head(out: &mut dyn Write, title: &str, running: &RunningHead<'_>) -> io::Result<()> {
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"en\">")?;
    writeln!(out, "<head>")?;
    // Closed as XML wants it, so the papers parse as XML too.
    writeln!(out, "<meta charset=\"utf-8\"/>")?;
    writeln!(out, "<title>{}</title>", escape_html(title))?;
    writeln!(out, "<style>\n{PAPER_CSS}{}</style>", page_css(running))?;
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
            writeln!(out, "{}", html_image(image))?;
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
    if let Some(image) = &question.question.meta.image {
        writeln!(out, "<p class=\"picture\">{}</p>", html_image(image))?;
    }
    writeln!(
        out,
        "<p class=\"how\">{}</p>",
        escape_html(&how_to_answer(question))
    )?;
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
            match choice_image(question, text) {
                Some(image) => writeln!(out, "<li>{} {}</li>", escape_html(text), html_image(image))?,
                None => writeln!(out, "<li>{}</li>", escape_html(text))?,
            }
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
    } else if let Some(line) = answer_line(question) {
        writeln!(out, "<p class=\"answer-line\">{}</p>", escape_html(&line))?;
    }
    writeln!(out, "</section>")
}

pub fn write_html_paper(out: &mut dyn Write, manifest: &Manifest, version: &Version) -> io::Result<()> {
    let title = format!("{} — version {}", manifest.title, version.name);
    let version_name = format!("Version {}", version.name);
    let running = RunningHead {
        title: &title,
        name_line: true,
        version: &version_name,
    };
    html_head(out, &title, &running)?;
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
    let title = format!("{} — key to version {}", manifest.title, version.name);
    let version_name = format!("Key to version {}", version.name);
    let running = RunningHead {
        title: &title,
        name_line: false,
        version: &version_name,
    };
    html_head(out, &title, &running)?;
    writeln!(out, "<h1>{} — answer key</h1>", escape_html(&manifest.title))?;
    writeln!(
        out,
        "<p class=\"meta\">{} · exam {} · {}</p>",
        escape_html(&instructions(manifest, version)),
        escape_html(&manifest.exam_id),
        manifest.date
    )?;
    write_answer_grid(out, version)?;
    for index in 0..version.questions.len() {
        html_question(out, &version.questions, index, true)?;
    }
    writeln!(out, "</body>\n</html>")
}

/// The key at a glance, on a page of its own before the explanations: each
/// question's number and answer in the notation learners write, in
/// columns, so marking a paper needs one sheet.
fn write_answer_grid(out: &mut dyn Write, version: &Version) -> io::Result<()> {
    // Up to 25 rows a column keeps 100 questions on one A4 or Letter page.
    let rows = version.questions.len().div_ceil(4).clamp(1, 25);
    writeln!(out, "<section class=\"grid\">")?;
    writeln!(out, "<h2>Answers at a glance</h2>")?;
    for column in version.questions.chunks(rows) {
        writeln!(out, "<table class=\"grid\">")?;
        writeln!(out, "<thead><tr><th>#</th><th>Answer</th></tr></thead>")?;
        writeln!(out, "<tbody>")?;
        for question in column {
            // Letters as learners write them; words and numbers in full,
            // with every accepted spelling, the unit and the tolerance.
            let answer = match &question.question.answer {
                Answer::Short(_) | Answer::Numeric(_) => response::right_answer(&question.item()),
                _ => key_notation(question),
            };
            writeln!(
                out,
                "<tr><td>{}</td><td>{}</td></tr>",
                question.number,
                escape_html(&answer)
            )?;
        }
        writeln!(out, "</tbody>\n</table>")?;
    }
    writeln!(out, "</section>")
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

/// The key as a CSV cell: text that a spreadsheet would run as a formula
/// (a short answer such as `=1+1`) is neutralised as reports do; numbers
/// we write ourselves, such as `-5`, stay numbers.
fn key_cell(question: &ExamQuestion) -> String {
    let key = key_notation(question);
    match question.question.answer {
        Answer::Numeric(_) => key,
        _ => neutralise(&key).into_owned(),
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
                &key_cell(question),
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
