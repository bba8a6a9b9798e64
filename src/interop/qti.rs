//! Canvas QTI 1.2: a zip with `imsmanifest.xml`, the assessment and its
//! Canvas settings, in the shape text2qti writes and Canvas imports.
//!
//! Canvas classic quizzes have no ordering question, so those are skipped
//! (and reported). Identifiers are hashes of the question ids, so the same
//! bank always gives the same file.

use std::fmt::Write as _;
use std::io::{self, Cursor, Write};

use quick_xml::escape::escape;
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::bank::model::{Answer, Image, Question};
use crate::interop::media::Pictures;
use crate::interop::{ExportNote, html};

/// Writes the questions as a Canvas QTI zip and returns the skipped ones.
/// Pictures go in the zip under `web_resources/`, each a resource of its
/// own in the manifest (Canvas imports only a resource's `href`).
pub fn write(
    out: &mut dyn Write,
    title: &str,
    questions: &[&Question],
    pictures: &Pictures,
) -> io::Result<Vec<ExportNote>> {
    let mut notes = Vec::new();
    let mut used: Vec<String> = Vec::new();
    let mut items = String::with_capacity(questions.len() * 3000);
    let mut total_points = 0.0;
    let mut all_ids = Sha256::new();
    for question in questions {
        if matches!(question.answer, Answer::Order(_)) {
            notes.push(ExportNote::skipped(
                question,
                "Canvas classic quizzes have no ordering question",
            ));
            continue;
        }
        all_ids.update(question.meta.id.0.as_bytes());
        all_ids.update(b"\n");
        total_points += question.meta.points;
        dropped_settings(question, &mut notes);
        for (_, image) in question.images() {
            if pictures.contains_key(&image.file) {
                if !used.contains(&image.file) {
                    used.push(image.file.clone());
                }
            } else {
                notes.push(ExportNote::changed(
                    question,
                    format!(
                        "the picture {} could not be read, so it is not in the file",
                        image.file
                    ),
                ));
            }
        }
        write_item(&mut items, question, pictures);
    }
    let assessment = format!("aidquiz_assessment_{}", short_hash(&all_ids.finalize()));
    let files = [
        ("imsmanifest.xml".to_owned(), manifest(&assessment, title, &used)),
        (
            format!("{assessment}/{assessment}.xml"),
            assessment_xml(&assessment, title, &items),
        ),
        (
            format!("{assessment}/assessment_meta.xml"),
            meta_xml(&assessment, title, total_points),
        ),
    ];
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    for (name, text) in files {
        zip.start_file(name, options).map_err(io::Error::other)?;
        zip.write_all(text.as_bytes())?;
    }
    for file in &used {
        // Pictures are compressed already.
        let stored = options.compression_method(CompressionMethod::Stored);
        zip.start_file(format!("{FILE_BASE}{file}"), stored)
            .map_err(io::Error::other)?;
        zip.write_all(&pictures[file])?;
    }
    let bytes = zip.finish().map_err(io::Error::other)?.into_inner();
    out.write_all(&bytes)?;
    Ok(notes)
}

/// What a Canvas classic quiz cannot keep, named so the instructor knows.
fn dropped_settings(question: &Question, notes: &mut Vec<ExportNote>) {
    let fixed_order = match &question.answer {
        Answer::Single(single) => !single.shuffle,
        Answer::Multiple(multiple) => !multiple.shuffle,
        _ => false,
    };
    if fixed_order {
        notes.push(ExportNote::changed(
            question,
            "Canvas shuffles answers quiz by quiz, not question by question: `shuffle = false` (a fixed choice order) is dropped; turn shuffling off for the whole quiz in Canvas if the order matters",
        ));
    }
    match &question.answer {
        Answer::Short(short) if short.typos > 0 => notes.push(ExportNote::changed(
            question,
            format!(
                "Canvas has no typo allowance: `typos = {}` is dropped",
                short.typos
            ),
        )),
        Answer::Short(short)
            if short
                .accept
                .iter()
                .any(|a| crate::grade::wildcard_pieces(a).is_some()) =>
        {
            notes.push(ExportNote::changed(
                question,
                "Canvas has no wildcards in short answers: an answer with `*` is written as text and matches only itself",
            ));
        }
        Answer::Numeric(numeric) if numeric.unit.is_some() => notes.push(ExportNote::changed(
            question,
            format!(
                "Canvas numeric questions have no unit: \"{}\" is dropped; say it in the prompt",
                numeric.unit.as_deref().unwrap_or_default()
            ),
        )),
        _ => {}
    }
}

/// Identifiers of a matching question's items and options: digits only.
/// Canvas takes the first run of digits in an identifier as the answer's
/// id, so hex hashes could make two options one; `base` keeps questions
/// apart, the `1`/`2` infix items from options.
fn matching_ids(question: &Question, count: usize, infix: u8) -> Vec<String> {
    let digest = Sha256::digest(question.meta.id.0.as_bytes());
    let base = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]) % 1_000_000;
    (0..count).map(|i| format!("1{base:06}{infix}{i:03}")).collect()
}

fn short_hash(digest: &[u8]) -> String {
    crate::text::hex(&digest[..16])
}

fn ident(kind: &str, question: &Question, part: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(question.meta.id.0.as_bytes());
    hasher.update([0]);
    hasher.update(part.as_bytes());
    format!("aidquiz_{kind}_{}", short_hash(&hasher.finalize()))
}

/// Where Canvas finds the files of a package: `$IMS-CC-FILEBASE$` in a
/// text stands for the zip's `web_resources/` folder.
const FILE_BASE: &str = "web_resources/";

/// Plain text with its picture as Canvas's `text/html` material; a picture
/// without bytes is left out (and reported by [`write`]).
fn mattext_with_image(text: &str, image: Option<&Image>, pictures: &Pictures) -> String {
    let Some(image) = image.filter(|i| pictures.contains_key(&i.file)) else {
        return mattext(text);
    };
    let html = format!(
        "<p>{}</p><p><img src=\"$IMS-CC-FILEBASE$/{}\" alt=\"{}\"></p>",
        html::from_text(text),
        crate::text::url_path(&image.file),
        html::from_text(&image.alt)
    );
    format!(
        "<material><mattext texttype=\"text/html\">{}</mattext></material>",
        escape(html)
    )
}

/// Plain text as Canvas's `text/html` material, escaped for XML.
fn mattext(text: &str) -> String {
    format!(
        "<material><mattext texttype=\"text/html\">{}</mattext></material>",
        escape(format!("<p>{}</p>", html::from_text(text)))
    )
}

fn metadata(out: &mut String, kind: &str, points: f64, answer_ids: &[String]) {
    let _ = write!(
        out,
        "<itemmetadata><qtimetadata>\
<qtimetadatafield><fieldlabel>question_type</fieldlabel><fieldentry>{kind}</fieldentry></qtimetadatafield>\
<qtimetadatafield><fieldlabel>points_possible</fieldlabel><fieldentry>{points}</fieldentry></qtimetadatafield>\
<qtimetadatafield><fieldlabel>original_answer_ids</fieldlabel><fieldentry>{}</fieldentry></qtimetadatafield>\
</qtimetadata></itemmetadata>",
        answer_ids.join(",")
    );
}

const OUTCOMES: &str =
    "<outcomes><decvar maxvalue=\"100\" minvalue=\"0\" varname=\"SCORE\" vartype=\"Decimal\"/></outcomes>";

fn write_item(out: &mut String, question: &Question, pictures: &Pictures) {
    let meta = &question.meta;
    let prompt = mattext_with_image(&meta.prompt, meta.image.as_ref(), pictures);
    let item = ident("question", question, "");
    let _ = write!(
        out,
        "\n<item ident=\"{item}\" title=\"{}\">",
        escape(meta.id.0.as_str())
    );
    let mut feedback: Vec<(String, &str)> = Vec::new();
    match &question.answer {
        Answer::Single(_) | Answer::Multiple(_) | Answer::TrueFalse(_) => {
            let (kind, choices, rights, per_choice, cardinality): (_, Vec<&str>, Vec<&str>, _, _) =
                match &question.answer {
                    Answer::Single(single) => (
                        "multiple_choice_question",
                        single.choices.iter().map(String::as_str).collect(),
                        vec![single.answer.as_str()],
                        Some(&single.feedback),
                        "Single",
                    ),
                    Answer::Multiple(multiple) => (
                        "multiple_answers_question",
                        multiple.choices.iter().map(String::as_str).collect(),
                        multiple.answers.iter().map(String::as_str).collect(),
                        Some(&multiple.feedback),
                        "Multiple",
                    ),
                    Answer::TrueFalse(tf) => (
                        "true_false_question",
                        vec!["True", "False"],
                        vec![if tf.answer { "True" } else { "False" }],
                        None,
                        "Single",
                    ),
                    _ => unreachable!("matched above"),
                };
            let ids: Vec<String> = choices.iter().map(|c| ident("choice", question, c)).collect();
            metadata(out, kind, meta.points, &ids);
            let _ = write!(
                out,
                "<presentation>{}<response_lid ident=\"response1\" rcardinality=\"{cardinality}\"><render_choice>",
                &prompt
            );
            for (choice, id) in choices.iter().zip(&ids) {
                let _ = write!(
                    out,
                    "<response_label ident=\"{id}\">{}</response_label>",
                    mattext_with_image(
                        choice,
                        question
                            .answer
                            .choice_images()
                            .and_then(|(_, images)| images.get(*choice)),
                        pictures
                    )
                );
            }
            out.push_str("</render_choice></response_lid></presentation><resprocessing>");
            out.push_str(OUTCOMES);
            out.push_str("<respcondition continue=\"Yes\"><conditionvar><other/></conditionvar><displayfeedback feedbacktype=\"Response\" linkrefid=\"general_fb\"/></respcondition>");
            for (choice, id) in choices.iter().zip(&ids) {
                if let Some(said) = per_choice.and_then(|f| f.get(*choice)) {
                    let _ = write!(
                        out,
                        "<respcondition continue=\"Yes\"><conditionvar><varequal respident=\"response1\">{id}</varequal></conditionvar><displayfeedback feedbacktype=\"Response\" linkrefid=\"{id}_fb\"/></respcondition>"
                    );
                    feedback.push((format!("{id}_fb"), said.as_str()));
                }
            }
            out.push_str("<respcondition continue=\"No\"><conditionvar>");
            if cardinality == "Multiple" {
                out.push_str("<and>");
                for (choice, id) in choices.iter().zip(&ids) {
                    if rights.contains(choice) {
                        let _ = write!(out, "<varequal respident=\"response1\">{id}</varequal>");
                    } else {
                        let _ = write!(
                            out,
                            "<not><varequal respident=\"response1\">{id}</varequal></not>"
                        );
                    }
                }
                out.push_str("</and>");
            } else {
                for (choice, id) in choices.iter().zip(&ids) {
                    if rights.contains(choice) {
                        let _ = write!(out, "<varequal respident=\"response1\">{id}</varequal>");
                    }
                }
            }
            out.push_str(
                "</conditionvar><setvar action=\"Set\" varname=\"SCORE\">100</setvar></respcondition>",
            );
        }
        Answer::Short(short) => {
            let ids: Vec<String> = short
                .accept
                .iter()
                .map(|a| ident("answer", question, a))
                .collect();
            metadata(out, "short_answer_question", meta.points, &ids);
            let _ = write!(
                out,
                "<presentation>{}<response_str ident=\"response1\" rcardinality=\"Single\"><render_fib><response_label ident=\"answer1\" rshuffle=\"No\"/></render_fib></response_str></presentation><resprocessing>{OUTCOMES}",
                &prompt
            );
            out.push_str("<respcondition continue=\"Yes\"><conditionvar><other/></conditionvar><displayfeedback feedbacktype=\"Response\" linkrefid=\"general_fb\"/></respcondition>");
            out.push_str("<respcondition continue=\"No\"><conditionvar>");
            for accepted in &short.accept {
                let _ = write!(
                    out,
                    "<varequal respident=\"response1\">{}</varequal>",
                    escape(accepted.as_str())
                );
            }
            out.push_str(
                "</conditionvar><setvar action=\"Set\" varname=\"SCORE\">100</setvar></respcondition>",
            );
        }
        Answer::Numeric(numeric) => {
            metadata(
                out,
                "numerical_question",
                meta.points,
                &[ident("numerical", question, "")],
            );
            let _ = write!(
                out,
                "<presentation>{}<response_str ident=\"response1\" rcardinality=\"Single\"><render_fib fibtype=\"Decimal\"><response_label ident=\"answer1\"/></render_fib></response_str></presentation><resprocessing>{OUTCOMES}",
                &prompt
            );
            out.push_str("<respcondition continue=\"Yes\"><conditionvar><other/></conditionvar><displayfeedback feedbacktype=\"Response\" linkrefid=\"general_fb\"/></respcondition>");
            let (low, high) = numeric.accepted();
            // As Canvas's own exporter writes them: an exact answer with a
            // margin is `or(varequal, and(vargte, varlte))`; a range is the
            // two bounds alone, which its importer reads as a range answer
            // (inside an `or` without `varequal` it dropped the answer).
            out.push_str("<respcondition continue=\"No\"><conditionvar>");
            match numeric.answer {
                Some(value) => {
                    let _ = write!(
                        out,
                        "<or><varequal respident=\"response1\">{value}</varequal><and><vargte respident=\"response1\">{low}</vargte><varlte respident=\"response1\">{high}</varlte></and></or>"
                    );
                }
                None => {
                    let _ = write!(
                        out,
                        "<vargte respident=\"response1\">{low}</vargte><varlte respident=\"response1\">{high}</varlte>"
                    );
                }
            }
            out.push_str(
                "</conditionvar><setvar action=\"Set\" varname=\"SCORE\">100</setvar></respcondition>",
            );
        }
        Answer::Match(matching) => {
            let options = matching.options();
            let option_ids = matching_ids(question, options.len(), 2);
            let left_ids = matching_ids(question, matching.pairs.len(), 1);
            metadata(out, "matching_question", meta.points, &left_ids);
            let _ = write!(out, "<presentation>{}", &prompt);
            for (pair, left_id) in matching.pairs.iter().zip(&left_ids) {
                let _ = write!(
                    out,
                    "<response_lid ident=\"response_{left_id}\"><material><mattext texttype=\"text/plain\">{}</mattext></material><render_choice>",
                    escape(pair.left.as_str())
                );
                for (option, id) in options.iter().zip(&option_ids) {
                    let _ = write!(
                        out,
                        "<response_label ident=\"{id}\"><material><mattext>{}</mattext></material></response_label>",
                        escape(*option)
                    );
                }
                out.push_str("</render_choice></response_lid>");
            }
            let _ = write!(out, "</presentation><resprocessing>{OUTCOMES}");
            out.push_str("<respcondition continue=\"Yes\"><conditionvar><other/></conditionvar><displayfeedback feedbacktype=\"Response\" linkrefid=\"general_fb\"/></respcondition>");
            let share = 100.0 / matching.pairs.len().max(1) as f64;
            for (pair, left_id) in matching.pairs.iter().zip(&left_ids) {
                let right = options.iter().position(|o| *o == pair.right).unwrap_or(0);
                let _ = write!(
                    out,
                    "<respcondition><conditionvar><varequal respident=\"response_{left_id}\">{}</varequal></conditionvar><setvar varname=\"SCORE\" action=\"Add\">{share:.2}</setvar></respcondition>",
                    option_ids[right]
                );
            }
        }
        Answer::Order(_) => return,
    }
    out.push_str("</resprocessing>");
    let _ = write!(
        out,
        "<itemfeedback ident=\"general_fb\"><flow_mat>{}</flow_mat></itemfeedback>",
        mattext(&meta.explanation)
    );
    for (id, said) in feedback {
        let _ = write!(
            out,
            "<itemfeedback ident=\"{id}\"><flow_mat>{}</flow_mat></itemfeedback>",
            mattext(said)
        );
    }
    out.push_str("</item>");
}

fn manifest(assessment: &str, title: &str, pictures: &[String]) -> String {
    let mut resources = String::new();
    for file in pictures {
        let href = escape(format!("{FILE_BASE}{file}"));
        let id = short_hash(&Sha256::digest(file.as_bytes()));
        let _ = write!(
            resources,
            "\n    <resource identifier=\"aidquiz_file_{id}\" type=\"webcontent\" href=\"{href}\">\n      <file href=\"{href}\"/>\n    </resource>"
        );
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{assessment}_manifest" xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1" xmlns:lom="http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource" xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_v1p2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1 http://www.imsglobal.org/xsd/imscp_v1p1.xsd http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lomresource_v1p0.xsd http://www.imsglobal.org/xsd/imsmd_v1p2 http://www.imsglobal.org/xsd/imsmd_v1p2p2.xsd">
  <metadata>
    <schema>IMS Content</schema>
    <schemaversion>1.1.3</schemaversion>
    <imsmd:lom>
      <imsmd:general>
        <imsmd:title><imsmd:string>{}</imsmd:string></imsmd:title>
      </imsmd:general>
    </imsmd:lom>
  </metadata>
  <organizations/>
  <resources>
    <resource identifier="{assessment}" type="imsqti_xmlv1p2">
      <file href="{assessment}/{assessment}.xml"/>
      <dependency identifierref="{assessment}_dependency"/>
    </resource>
    <resource identifier="{assessment}_dependency" type="associatedcontent/imscc_xmlv1p1/learning-application-resource" href="{assessment}/assessment_meta.xml">
      <file href="{assessment}/assessment_meta.xml"/>
    </resource>{resources}
  </resources>
</manifest>
"#,
        escape(title)
    )
}

fn assessment_xml(assessment: &str, title: &str, items: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.imsglobal.org/xsd/ims_qtiasiv1p2 http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd">
<assessment ident="{assessment}" title="{}">
<qtimetadata><qtimetadatafield><fieldlabel>cc_maxattempts</fieldlabel><fieldentry>1</fieldentry></qtimetadatafield></qtimetadata>
<section ident="root_section">{items}
</section>
</assessment>
</questestinterop>
"#,
        escape(title)
    )
}

fn meta_xml(assessment: &str, title: &str, points: f64) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<quiz identifier="{assessment}" xmlns="http://canvas.instructure.com/xsd/cccv1p0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://canvas.instructure.com/xsd/cccv1p0 https://canvas.instructure.com/xsd/cccv1p0.xsd">
  <title>{}</title>
  <description></description>
  <shuffle_answers>true</shuffle_answers>
  <scoring_policy>keep_highest</scoring_policy>
  <hide_results></hide_results>
  <quiz_type>assignment</quiz_type>
  <points_possible>{points}</points_possible>
  <require_lockdown_browser>false</require_lockdown_browser>
  <require_lockdown_browser_for_results>false</require_lockdown_browser_for_results>
  <require_lockdown_browser_monitor>false</require_lockdown_browser_monitor>
  <lockdown_browser_monitor_data/>
  <show_correct_answers>true</show_correct_answers>
  <anonymous_submissions>false</anonymous_submissions>
  <could_be_locked>false</could_be_locked>
  <allowed_attempts>1</allowed_attempts>
  <one_question_at_a_time>false</one_question_at_a_time>
  <cant_go_back>false</cant_go_back>
  <available>false</available>
  <one_time_results>false</one_time_results>
  <show_correct_answers_last_attempt>false</show_correct_answers_last_attempt>
  <only_visible_to_overrides>false</only_visible_to_overrides>
  <module_locked>false</module_locked>
</quiz>
"#,
        escape(title)
    )
}
