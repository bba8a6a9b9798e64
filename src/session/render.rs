//! Plain-text rendering of questions, feedback and the end-of-quiz report,
//! shared by the terminal and the piped front end.

use std::io::{self, Write};
use std::time::Duration;

use crate::assemble::QuizItem;
use crate::bank::Answer;
use crate::bank::model::Image;
use crate::record::Status;
use crate::response::{expected_form, letter};

use super::state::{Feedback, Report, Verdict};

/// Writes `text` as one paragraph: wrapped at word boundaries to `width`
/// when there is one (a terminal), as it is when not (piped output, which
/// scripts read line by line). `first` starts the first line and `rest`
/// every line after it, so a choice's text hangs under its letter.
pub fn paragraph(
    out: &mut dyn Write,
    width: Option<usize>,
    first: &str,
    rest: &str,
    text: &str,
) -> io::Result<()> {
    match width {
        None => writeln!(out, "{first}{text}"),
        Some(width) => {
            // Below this a word per line helps nobody; let the terminal cope.
            let width = width.max(20);
            let options = textwrap::Options::new(width)
                .initial_indent(first)
                .subsequent_indent(rest)
                .break_words(true);
            for line in textwrap::wrap(text.trim(), options) {
                writeln!(out, "{}", line.trim_end())?;
            }
            Ok(())
        }
    }
}

/// The cue a question type needs under the prompt, unless the prompt
/// already says it (banks often end a select-all prompt with the cue).
pub fn type_cue(item: &QuizItem) -> Option<&'static str> {
    let (cue, said) = match &item.question.answer {
        Answer::Multiple(_) => ("(Select all that apply.)", "select all that apply"),
        Answer::TrueFalse(_) => ("True or false?", "true or false"),
        Answer::Order(_) => ("(Put the steps in order.)", "in order"),
        _ => return None,
    };
    (!item.question.meta.prompt.to_lowercase().contains(said)).then_some(cue)
}

pub fn question(
    out: &mut dyn Write,
    width: Option<usize>,
    number: usize,
    total: usize,
    item: &QuizItem,
) -> io::Result<()> {
    let meta = &item.question.meta;
    let points = if (meta.points - 1.0).abs() < 1e-9 {
        "1 point".to_owned()
    } else {
        format!("{} points", meta.points)
    };
    // The case comes with each of its questions: a terminal cannot scroll
    // back to it the way an eye goes back up a paper.
    if let Some(scenario) = &item.scenario {
        paragraph(out, width, "", "", &format!("Case: {}", scenario.title))?;
        paragraph(out, width, "", "", &scenario.case)?;
        if let Some(image) = &scenario.image {
            paragraph(out, width, "", "", &image_line(image))?;
        }
        writeln!(out)?;
    }
    let must_pass = if meta.critical {
        "  ◆ must be answered correctly to pass"
    } else {
        ""
    };
    let heading = format!(
        "Question {number} of {total}  [{}] ({points}){must_pass}",
        meta.topic
    );
    paragraph(out, width, "", "", &heading)?;
    paragraph(out, width, "", "", &meta.prompt)?;
    if let Some(image) = &meta.image {
        paragraph(out, width, "", "", &image_line(image))?;
    }
    if let Some(cue) = type_cue(item) {
        writeln!(out, "{cue}")?;
    }
    if let Answer::Match(q) = &item.question.answer {
        for (n, pair) in q.pairs.iter().enumerate() {
            paragraph(out, width, &format!("  {}. ", n + 1), "     ", &pair.left)?;
        }
        writeln!(out, "Match each with:")?;
    }
    let choice_images = item.question.answer.choice_images().map(|(_, images)| images);
    for (i, text) in item.lettered().iter().enumerate() {
        match choice_images.and_then(|images| images.get(*text)) {
            Some(image) => {
                let line = format!("{text} {}", image_line(image));
                paragraph(out, width, &format!("  {}) ", letter(i)), "     ", &line)?;
            }
            None => paragraph(out, width, &format!("  {}) ", letter(i)), "     ", text)?,
        }
    }
    let how = format!("Answer with {}; an empty line skips.", expected_form(item));
    paragraph(out, width, "", "", &how)
}

/// A picture where no picture can be shown: its file, to open beside the
/// terminal, and what it shows in words.
pub fn image_line(image: &Image) -> String {
    format!("[image: {} — {}]", image.file, image.alt)
}

pub fn feedback(out: &mut dyn Write, width: Option<usize>, feedback: &Feedback) -> io::Result<()> {
    let verdict = match feedback.verdict {
        Verdict::Skipped => format!("Skipped. The answer: {}", feedback.right_answer),
        Verdict::Right => match &feedback.spelling {
            Some(spelling) => format!("Right (spelled {spelling})."),
            None => "Right.".to_owned(),
        },
        Verdict::Partly => format!(
            "Partly right: {} of {} points. The answer: {}",
            round(feedback.points),
            round(feedback.max_points),
            feedback.right_answer
        ),
        Verdict::Wrong => format!("Not right. The answer: {}", feedback.right_answer),
    };
    paragraph(out, width, "", "", &verdict)?;
    for note in &feedback.on_choices {
        paragraph(out, width, "  ", "  ", note)?;
    }
    paragraph(out, width, "Why: ", "     ", &feedback.explanation)?;
    writeln!(out)
}

pub fn report(out: &mut dyn Write, width: Option<usize>, report: &Report) -> io::Result<()> {
    writeln!(out, "──────────────────────────────────────────")?;
    match report.status {
        Some(Status::TimedOut) => writeln!(out, "Time is up.")?,
        Some(Status::Abandoned) => writeln!(out, "Quiz abandoned: the answers given so far are saved.")?,
        _ => {}
    }
    let verdict = if report.passed() { "PASSED" } else { "NOT PASSED" };
    writeln!(
        out,
        "Score: {} / {} ({:.0}%), {verdict} (pass mark {}%)",
        round(report.score),
        round(report.max_score),
        report.percent,
        round(report.pass_mark)
    )?;
    if !report.critical_missed.is_empty() {
        let numbers: Vec<String> = report
            .critical_missed
            .iter()
            .map(|(number, id)| format!("{number} ({id})"))
            .collect();
        writeln!(
            out,
            "Must-pass question(s) missed: {}. {}.",
            numbers.join(", "),
            crate::pass::CRITICAL_RULE
        )?;
    }
    writeln!(out, "Time taken: {}", clock_time(report.duration))?;
    writeln!(out, "By topic:")?;
    let topic_width = report.by_topic.keys().map(String::len).max().unwrap_or(0);
    for (topic, (score, max)) in &report.by_topic {
        let percent = if *max > 0.0 { 100.0 * score / max } else { 0.0 };
        writeln!(
            out,
            "  {topic:<topic_width$}  {} / {} ({percent:.0}%)",
            round(*score),
            round(*max)
        )?;
    }
    if !report.missed.is_empty() {
        writeln!(out, "\nTo review:")?;
        for missed in &report.missed {
            let number = format!("{}. {}", missed.number, if missed.critical { "◆ " } else { "" });
            paragraph(out, width, &number, "   ", &missed.prompt)?;
            let yours = missed.your_answer.as_deref().unwrap_or("(no answer)");
            let yours = format!(
                "{yours} ({} of {} points)",
                round(missed.points),
                round(missed.max_points)
            );
            paragraph(out, width, "   Your answer: ", "                ", &yours)?;
            paragraph(
                out,
                width,
                "   The answer:  ",
                "                ",
                &missed.right_answer,
            )?;
            paragraph(out, width, "   Why: ", "        ", &missed.explanation)?;
        }
    }
    Ok(())
}

/// Scores to two decimals at most, without trailing zeros: `1`, `0.67`.
pub fn round(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// `4:05`, or `1:02:03` past an hour.
pub fn clock_time(duration: Duration) -> String {
    let seconds = duration.as_secs();
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}")
    } else {
        format!("{minutes}:{seconds:02}")
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::{clock_time, paragraph, round};

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(round(1.0), "1");
        assert_eq!(round(2.0 / 3.0), "0.67");
        assert_eq!(round(0.5), "0.5");
        assert_eq!(clock_time(Duration::from_secs(245)), "4:05");
        assert_eq!(clock_time(Duration::from_secs(3723)), "1:02:03");
    }

    #[test]
    fn a_paragraph_wraps_at_word_boundaries_under_its_first_words() {
        let text = "Which electrolytes does the article say to keep at adequate levels to prevent \
                    dehydration-related muscle spasms, according to the section on dehydration?";
        for width in [40, 80, 120] {
            let mut out = Vec::new();
            paragraph(&mut out, Some(width), "  A) ", "     ", text).unwrap();
            let out = String::from_utf8(out).unwrap();
            let words: Vec<&str> = out.split_whitespace().skip(1).collect();
            assert_eq!(words.join(" "), text, "{width}: no word is broken or lost");
            for (n, line) in out.lines().enumerate() {
                assert!(line.chars().count() <= width, "{width}: {line:?}");
                let indent = if n == 0 { "  A) " } else { "     " };
                assert!(
                    line.starts_with(indent) && !line[indent.len()..].starts_with(' '),
                    "{line:?}"
                );
            }
        }
        let mut piped = Vec::new();
        paragraph(&mut piped, None, "Why: ", "     ", text).unwrap();
        assert_eq!(
            String::from_utf8(piped).unwrap(),
            format!("Why: {text}\n"),
            "piped text is not wrapped"
        );
    }
}
