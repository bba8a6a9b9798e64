//! `aidquiz export`: the questions of the banks (all that match the
//! filters, in bank order) as GIFT, Moodle XML or a Canvas QTI zip.

use std::fs;
use std::path::PathBuf;

use crate::assemble::Selection;
use crate::bank::{BankPaths, Question};
use crate::error::Error;
use crate::interop::{ExportNote, gift, moodle, placeholders, qti};

use super::output_file::write_bytes;
use super::{Output, load_clean_banks, media};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Gift,
    MoodleXml,
    QtiCanvas,
}

pub struct ExportOptions {
    pub paths: BankPaths,
    /// Topic, tag and difficulty filters; the count is not used.
    pub selection: Selection,
    pub to: ExportFormat,
    pub out: PathBuf,
    pub force: bool,
    /// Export questions whose explanation is still an import's "TODO: …".
    pub allow_placeholders: bool,
}

pub fn run(options: &ExportOptions, output: &mut Output<'_>) -> Result<(), Error> {
    if options.out.exists() && !options.force {
        return Err(Error::Input(format!(
            "{} already exists; pass --force to replace it",
            options.out.display()
        )));
    }
    let catalog = load_clean_banks(&options.paths, output)?;
    // Pictures travel inside Moodle XML and QTI files: each is read from
    // beside its bank and named `BANK/FILE` there, so two banks' `media/a.png`
    // stay apart. GIFT carries none (each is named in a warning).
    let folders = media::folders(&catalog);
    let mut pictures = media::Collected::default();
    let mut owned: Vec<Question> = Vec::new();
    for (bank, question) in catalog.questions().filter(|(_, q)| options.selection.admits(q)) {
        let mut question = question.clone();
        if options.to != ExportFormat::Gift {
            pictures.take_question(&folders, &bank.meta.id, "", &mut question)?;
        }
        owned.push(question);
    }
    let questions: Vec<&Question> = owned.iter().collect();
    if questions.is_empty() {
        return Err(Error::Input(
            "no question matches the filters; nothing was written".into(),
        ));
    }
    // The explanation becomes Moodle's general feedback and Canvas's
    // comment: learners would read the TODO.
    let unfinished: Vec<&Question> = questions
        .iter()
        .copied()
        .filter(|q| placeholders(q).iter().any(|(field, _)| *field == "explanation"))
        .collect();
    if !unfinished.is_empty() && !options.allow_placeholders {
        let shown: Vec<String> = unfinished
            .iter()
            .take(5)
            .map(|q| format!("`{}`", q.meta.id))
            .collect();
        return Err(Error::Input(format!(
            "{} question{} still {} the placeholder explanation `aidquiz import` wrote ({}{}), which learners would read as feedback; write the explanations (`aidquiz lint` lists them as import-placeholder), or pass --allow-placeholders; nothing was written",
            unfinished.len(),
            if unfinished.len() == 1 { "" } else { "s" },
            if unfinished.len() == 1 { "has" } else { "have" },
            shown.join(", "),
            if unfinished.len() > shown.len() {
                ", …"
            } else {
                ""
            },
        )));
    }
    let title = match catalog.banks.as_slice() {
        [only] => only.bank.meta.title.clone(),
        _ => "aidquiz questions".to_owned(),
    };
    let mut bytes = Vec::new();
    let notes = match options.to {
        ExportFormat::Gift => gift::write(&mut bytes, &title, &questions)?,
        ExportFormat::MoodleXml => moodle::write(&mut bytes, &questions, &pictures.files)?,
        ExportFormat::QtiCanvas => qti::write(&mut bytes, &title, &questions, &pictures.files)?,
    };
    if let Some(folder) = options.out.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(folder).map_err(|source| Error::Write {
            path: folder.to_owned(),
            source,
        })?;
    }
    write_bytes(&options.out, &bytes)?;
    report(&notes, output)?;
    let skipped = notes.iter().filter(|n| n.skipped).count();
    writeln!(
        output.out,
        "exported {} questions to {}{}",
        questions.len() - skipped,
        options.out.display(),
        if skipped > 0 {
            format!(" ({skipped} skipped, listed above)")
        } else {
            String::new()
        }
    )?;
    Ok(())
}

fn report(notes: &[ExportNote], output: &mut Output<'_>) -> std::io::Result<()> {
    for note in notes {
        let what = if note.skipped { "skipped" } else { "changed" };
        writeln!(
            output.diagnostics,
            "warning: question `{}` {what}: {}",
            note.question, note.message
        )?;
    }
    Ok(())
}
