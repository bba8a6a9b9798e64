//! The Moodle XML writer.

use std::io::{self, Write};

use quick_xml::escape::escape;

use crate::bank::model::{Answer, Image, OrderScoring, Question};
use crate::interop::media::{Pictures, encode};
use crate::interop::{ExportNote, category_path, export_tags, html, multiple_weight, percent, same_weight};

/// Writes `questions` as a Moodle XML quiz file and returns the questions it
/// changed. Their pictures are embedded from `pictures` (keyed by `file`).
pub fn write(
    out: &mut dyn Write,
    questions: &[&Question],
    pictures: &Pictures,
) -> io::Result<Vec<ExportNote>> {
    let mut notes = Vec::new();
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>")?;
    let mut category = String::new();
    for question in questions {
        let path = category_path(question);
        if path != category {
            writeln!(
                out,
                "  <question type=\"category\">\n    <category>\n      <text>{}</text>\n    </category>\n  </question>",
                escape(path.as_str())
            )?;
            category = path;
        }
        write_question(out, question, pictures, &mut notes)?;
    }
    writeln!(out, "</quiz>")?;
    Ok(notes)
}

/// The grades Moodle allows a choice, in percent (its
/// `question_bank::fraction_options_full`, positive and negative): its
/// importer refuses a question with any other.
const MOODLE_GRADES: [f64; 21] = [
    100.0, 90.0, 83.33333, 80.0, 75.0, 70.0, 66.66667, 60.0, 50.0, 40.0, 33.33333, 30.0, 25.0, 20.0,
    16.66667, 14.28571, 12.5, 11.11111, 10.0, 5.0, 0.0,
];

/// The allowed grade nearest `weight`, with its sign.
pub fn nearest_moodle_grade(weight: f64) -> f64 {
    let nearest = MOODLE_GRADES
        .iter()
        .copied()
        .min_by(|a, b| (a - weight.abs()).abs().total_cmp(&(b - weight.abs()).abs()))
        .unwrap_or(0.0);
    nearest.copysign(weight)
}

fn text_element(out: &mut dyn Write, indent: &str, name: &str, text: &str) -> io::Result<()> {
    writeln!(
        out,
        "{indent}<{name} format=\"plain_text\">\n{indent}  <text>{}</text>\n{indent}</{name}>",
        escape(text)
    )
}

/// A text with its picture, as Moodle stores one: HTML whose `<img>`
/// points at `@@PLUGINFILE@@/PATH`, followed by the file itself in base64
/// (what `question/format/xml/format.php` reads with `import_text_with_files`).
/// Without bytes for the picture, the plain text and a note.
fn text_with_image(
    out: &mut dyn Write,
    indent: &str,
    open: &str,
    close: &str,
    text: &str,
    image: &Image,
    pictures: &Pictures,
) -> io::Result<bool> {
    let Some(bytes) = pictures.get(&image.file) else {
        return Ok(false);
    };
    let (folder, name) = image.file.rsplit_once('/').unwrap_or(("", &image.file));
    let html = format!(
        "{}<br><img src=\"@@PLUGINFILE@@/{}\" alt=\"{}\">",
        html::from_text(text),
        crate::text::url_path(&image.file),
        html::from_text(&image.alt)
    );
    writeln!(
        out,
        "{indent}{open} format=\"html\">\n{indent}  <text>{}</text>\n{indent}  <file name=\"{}\" path=\"/{}{}\" encoding=\"base64\">{}</file>{close}",
        escape(html.as_str()),
        escape(name),
        escape(folder),
        if folder.is_empty() { "" } else { "/" },
        encode(bytes),
    )?;
    Ok(true)
}

fn answer(out: &mut dyn Write, fraction: &str, text: &str, feedback: Option<&String>) -> io::Result<()> {
    writeln!(
        out,
        "    <answer fraction=\"{fraction}\" format=\"plain_text\">\n      <text>{}</text>",
        escape(text)
    )?;
    answer_end(out, feedback)
}

/// A choice with its picture: the answer's text is HTML then.
fn answer_with_image(
    out: &mut dyn Write,
    fraction: &str,
    text: &str,
    image: Option<&Image>,
    feedback: Option<&String>,
    pictures: &Pictures,
) -> io::Result<bool> {
    let Some(image) = image else {
        answer(out, fraction, text, feedback)?;
        return Ok(true);
    };
    let open = format!("<answer fraction=\"{fraction}\"");
    if !text_with_image(out, "    ", &open, "", text, image, pictures)? {
        answer(out, fraction, text, feedback)?;
        return Ok(false);
    }
    answer_end(out, feedback).map(|()| true)
}

fn answer_end(out: &mut dyn Write, feedback: Option<&String>) -> io::Result<()> {
    if let Some(feedback) = feedback {
        text_element(out, "      ", "feedback", feedback)?;
    }
    writeln!(out, "    </answer>")
}

fn write_question(
    out: &mut dyn Write,
    question: &Question,
    pictures: &Pictures,
    notes: &mut Vec<ExportNote>,
) -> io::Result<()> {
    let meta = &question.meta;
    let kind = match &question.answer {
        Answer::Single(_) | Answer::Multiple(_) => "multichoice",
        Answer::TrueFalse(_) => "truefalse",
        Answer::Short(_) => "shortanswer",
        Answer::Numeric(_) => "numerical",
        Answer::Order(_) => "ordering",
        Answer::Match(_) => "matching",
    };
    writeln!(out, "  <question type=\"{kind}\">")?;
    writeln!(
        out,
        "    <name>\n      <text>{}</text>\n    </name>",
        escape(meta.id.0.as_str())
    )?;
    let close = "\n    </questiontext>";
    match &meta.image {
        Some(image)
            if text_with_image(out, "    ", "<questiontext", close, &meta.prompt, image, pictures)? => {}
        image => {
            text_element(out, "    ", "questiontext", &meta.prompt)?;
            missing_picture(question, image.as_ref(), notes);
        }
    }
    text_element(out, "    ", "generalfeedback", &meta.explanation)?;
    writeln!(out, "    <defaultgrade>{}</defaultgrade>", meta.points)?;
    writeln!(out, "    <penalty>0</penalty>\n    <hidden>0</hidden>")?;
    writeln!(out, "    <idnumber>{}</idnumber>", escape(meta.id.0.as_str()))?;
    match &question.answer {
        Answer::Single(single) => {
            writeln!(
                out,
                "    <single>true</single>\n    <shuffleanswers>{}</shuffleanswers>\n    <answernumbering>abc</answernumbering>",
                single.shuffle
            )?;
            for choice in &single.choices {
                let fraction = if *choice == single.answer { "100" } else { "0" };
                let image = single.choice_images.get(choice);
                if !answer_with_image(
                    out,
                    fraction,
                    choice,
                    image,
                    single.feedback.get(choice),
                    pictures,
                )? {
                    missing_picture(question, image, notes);
                }
            }
        }
        Answer::Multiple(multiple) => {
            writeln!(
                out,
                "    <single>false</single>\n    <shuffleanswers>{}</shuffleanswers>\n    <answernumbering>abc</answernumbering>",
                multiple.shuffle
            )?;
            let (right, count) = (multiple.answers.len(), multiple.choices.len());
            let mut changed = Vec::new();
            for choice in &multiple.choices {
                let is_right = multiple.answers.contains(choice);
                let weight = multiple_weight(is_right, right, count);
                let allowed = nearest_moodle_grade(weight);
                if !same_weight(weight, allowed) && !changed.iter().any(|(r, _, _)| *r == is_right) {
                    changed.push((is_right, weight, allowed));
                }
                let image = multiple.choice_images.get(choice);
                let feedback = multiple.feedback.get(choice);
                if !answer_with_image(out, &percent(allowed), choice, image, feedback, pictures)? {
                    missing_picture(question, image, notes);
                }
            }
            for (is_right, weight, allowed) in changed {
                notes.push(ExportNote::changed(
                    question,
                    format!(
                        "Moodle grades a choice only with a fraction from its list: each {} choice is worth {}% instead of aidquiz's {}%, so partial scores differ slightly",
                        if is_right { "right" } else { "wrong" },
                        percent(allowed),
                        percent(weight)
                    ),
                ));
            }
        }
        Answer::TrueFalse(tf) => {
            answer(out, if tf.answer { "100" } else { "0" }, "true", None)?;
            answer(out, if tf.answer { "0" } else { "100" }, "false", None)?;
        }
        Answer::Short(short) => {
            writeln!(out, "    <usecase>0</usecase>")?;
            for accepted in &short.accept {
                answer(out, "100", accepted, None)?;
            }
            if short.typos > 0 {
                notes.push(ExportNote::changed(
                    question,
                    format!(
                        "Moodle has no typo allowance: `typos = {}` is dropped",
                        short.typos
                    ),
                ));
            }
        }
        Answer::Numeric(numeric) => {
            let (value, tolerance) = match (numeric.answer, numeric.range) {
                (Some(value), _) => (value, numeric.tolerance),
                (None, Some([low, high])) => {
                    notes.push(ExportNote::changed(
                        question,
                        "Moodle has no ranges: the range is written as its midpoint with a tolerance",
                    ));
                    (f64::midpoint(low, high), Some((high - low) / 2.0))
                }
                (None, None) => (0.0, None),
            };
            writeln!(
                out,
                "    <answer fraction=\"100\" format=\"plain_text\">\n      <text>{value}</text>\n      <tolerance>{}</tolerance>\n    </answer>",
                tolerance.unwrap_or(0.0)
            )?;
            if let Some(unit) = &numeric.unit {
                writeln!(
                    out,
                    "    <units>\n      <unit>\n        <multiplier>1</multiplier>\n        <unit_name>{}</unit_name>\n      </unit>\n    </units>\n    <unitgradingtype>0</unitgradingtype>\n    <unitpenalty>0</unitpenalty>\n    <showunits>2</showunits>\n    <unitsleft>0</unitsleft>",
                    escape(unit.as_str())
                )?;
            }
        }
        Answer::Order(order) => {
            let grading = match order.scoring {
                // Counting, for every step, the steps rightly before and after
                // it is aidquiz's share of pairs in the right relative order.
                OrderScoring::Pairs => "RELATIVE_ALL_PREVIOUS_AND_NEXT",
                OrderScoring::AllOrNothing => "ALL_OR_NOTHING",
            };
            writeln!(
                out,
                "    <layouttype>VERTICAL</layouttype>\n    <selecttype>ALL</selecttype>\n    <selectcount>0</selectcount>\n    <gradingtype>{grading}</gradingtype>\n    <showgrading>SHOW</showgrading>\n    <numberingstyle>none</numberingstyle>"
            )?;
            for (position, step) in order.steps.iter().enumerate() {
                answer(out, &(position + 1).to_string(), step, None)?;
            }
        }
        Answer::Match(matching) => {
            writeln!(out, "    <shuffleanswers>true</shuffleanswers>")?;
            for pair in &matching.pairs {
                writeln!(
                    out,
                    "    <subquestion format=\"plain_text\">\n      <text>{}</text>\n      <answer>\n        <text>{}</text>\n      </answer>\n    </subquestion>",
                    escape(pair.left.as_str()),
                    escape(pair.right.as_str())
                )?;
            }
        }
    }
    writeln!(out, "    <tags>")?;
    for tag in export_tags(question) {
        writeln!(
            out,
            "      <tag>\n        <text>{}</text>\n      </tag>",
            escape(tag.as_str())
        )?;
    }
    writeln!(out, "    </tags>\n  </question>")
}

/// A picture the export had no bytes for: named, never dropped unseen.
fn missing_picture(question: &Question, image: Option<&Image>, notes: &mut Vec<ExportNote>) {
    if let Some(image) = image {
        notes.push(ExportNote::changed(
            question,
            format!(
                "the picture {} could not be read, so it is not in the file",
                image.file
            ),
        ));
    }
}
