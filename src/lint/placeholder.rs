//! `import-placeholder`: a field still holds what `aidquiz import` wrote in
//! place of a value the source did not have ("TODO: …" explanations,
//! "Imported from FILE" sections). Learners would read the TODO.

use crate::bank::Question;
use crate::bank::check::Field;
use crate::interop::placeholders;

use super::{Finding, IMPORT_PLACEHOLDER};

/// Reports each placeholder; true when the explanation is one (the other
/// explanation rules have nothing to say about it then).
pub(super) fn check(index: usize, question: &Question, findings: &mut Vec<Finding>) -> bool {
    let mut explanation = false;
    for (field, text) in placeholders(question) {
        explanation |= field == "explanation";
        findings.push(Finding::new(
            &IMPORT_PLACEHOLDER,
            Some(index),
            Field::Key(field),
            format!("the {field} is still the placeholder `aidquiz import` wrote: \"{text}\""),
            match field {
                "explanation" => "write why the right answer is right, from the course article",
                _ => "name the heading of the article section the question comes from",
            },
        ));
    }
    explanation
}
