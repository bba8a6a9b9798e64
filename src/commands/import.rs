//! `aidquiz import`: GIFT or Moodle XML files into a new bank, checked
//! before it is written.

use std::fs;
use std::mem;
use std::num::NonZeroUsize;
use std::panic;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::thread;

use serde::Serialize;

use crate::bank::check::{check_bank_meta, is_slug};
use crate::bank::model::{Bank, BankMeta, FORMAT_VERSION, Question};
use crate::bank::source::read_text;
use crate::diagnostic::{Diagnostic, FileId, Location, Severity, SourceMap};
use crate::error::Error;
use crate::input::read_picture;
use crate::interop::{self, Imported, gift, moodle, slugify, summary};
use crate::text::counted;

use super::Output;
use super::output_file::{write_atomically, write_bytes};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Gift,
    MoodleXml,
}

impl ImportFormat {
    /// `.gift` and `.txt` are GIFT, `.xml` Moodle XML.
    pub fn from_extension(path: &Path) -> Option<ImportFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "gift" | "txt" => Some(ImportFormat::Gift),
            "xml" => Some(ImportFormat::MoodleXml),
            _ => None,
        }
    }
}

pub struct ImportOptions {
    pub files: Vec<PathBuf>,
    pub from: Option<ImportFormat>,
    pub topic: Option<String>,
    pub bank_id: Option<String>,
    pub out: PathBuf,
    pub force: bool,
    /// Write nothing when any question has an error (else such questions
    /// are left out and listed).
    pub strict: bool,
    /// List every warning, instead of one per kind with a count.
    pub verbose: bool,
}

/// Diagnostic codes of errors that belong to one question: without
/// `--strict` that question is left out and the others are imported.
const QUESTION_ERRORS: [&str; 4] = ["gift-syntax", "xml-syntax", "xml-fraction", interop::AMBIGUOUS];

/// How a question's error begins when it costs only that question.
const SKIPPED_PREFIX: &str = "question skipped: ";

/// Exit status: 0 when the bank is written (some questions may have been
/// skipped, each listed); 1 when nothing is written (a file cannot be read,
/// no question can be imported, or `--strict` and a question has an error);
/// 2 for a command line that makes no sense.
pub fn run(options: &ImportOptions, output: &mut Output<'_>) -> Result<(), Error> {
    if options.out.exists() && !options.force {
        return Err(Error::Input(format!(
            "{} already exists; pass --force to replace it",
            options.out.display()
        )));
    }
    for (flag, value) in [("--topic", &options.topic), ("--bank-id", &options.bank_id)] {
        if let Some(value) = value.as_deref().filter(|v| !is_slug(v)) {
            return Err(Error::Usage(format!(
                "{flag} `{value}` is not a slug: use lowercase letters, digits and single hyphens"
            )));
        }
    }
    let mut sources = SourceMap::default();
    // Every file is read first, so that a second thread can parse the texts
    // while this one turns the questions read so far into bank questions.
    let mut files = Vec::new();
    for path in &options.files {
        let format = match options.from.or_else(|| ImportFormat::from_extension(path)) {
            Some(format) => format,
            None => {
                return Err(Error::Usage(format!(
                    "cannot tell the format of {} from its name; pass --from gift or --from moodle-xml",
                    path.display()
                )));
            }
        };
        let name = path.display().to_string();
        let short_name = path
            .file_name()
            .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned());
        let mut problems = Vec::new();
        let file = read(path, &mut sources, &mut problems);
        files.push(SourceFile {
            file,
            format,
            name: short_name,
            problems,
        });
    }
    let names: Vec<String> = files
        .iter()
        .filter(|source| source.file.is_some())
        .map(|source| source.name.clone())
        .collect();
    let label = |location: &Location| {
        let name = sources.name(location.file);
        Path::new(name)
            .file_name()
            .map_or_else(|| name.to_owned(), |n| n.to_string_lossy().into_owned())
    };
    let mut converted = Vec::new();
    let (
        mut diagnostics,
        interop::Converted {
            mut questions,
            skipped,
            spent,
            media,
        },
    ) = thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        let texts = &sources;
        let parser = scope.spawn(move || parse_files(files, texts, &sender));
        let questions = interop::into_questions(
            receiver
                .into_iter()
                .flatten()
                .map(|item| read_pictures_beside(item, texts)),
            options.topic.as_deref(),
            &label,
            &mut converted,
        );
        let found = parser.join().unwrap_or_else(|panic| panic::resume_unwind(panic));
        (found, questions)
    });
    // Each syntax error is one question the parser could not read; each
    // `import-skipped` warning one item aidquiz cannot ask.
    let unreadable = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && QUESTION_ERRORS.contains(&d.code))
        .count();
    let not_askable = diagnostics.iter().filter(|d| d.code == interop::SKIPPED).count();
    let skipped = skipped + unreadable + not_askable;
    let found = questions.len() + skipped;
    // Errors outside any one question (a file that cannot be read) always
    // stop the import; a question's errors do only under `--strict`, and
    // otherwise cost only that question, reported as a warning saying so.
    let mut fatal = 0;
    let parsed = diagnostics.len();
    diagnostics.extend(converted);
    for (index, diagnostic) in diagnostics.iter_mut().enumerate() {
        if diagnostic.severity != Severity::Error {
            continue;
        }
        let of_a_question = index >= parsed || QUESTION_ERRORS.contains(&diagnostic.code);
        if of_a_question && !options.strict {
            diagnostic.severity = Severity::Warning;
            diagnostic.message = format!("{SKIPPED_PREFIX}{}", diagnostic.message);
        } else {
            fatal += 1;
        }
    }
    // A hostile file can put thousands of problems on one line: at most a
    // few per line are shown, then a count.
    let mut diagnostics = sources.cap_per_line(diagnostics);

    let media_folder = media_folder(&options.out);
    interop::place_media(&mut questions, &media_folder);
    let described = names.join(", ");
    let bank = Bank {
        meta: BankMeta {
            format_version: FORMAT_VERSION,
            id: options.bank_id.clone().unwrap_or_else(|| {
                let stem = options
                    .out
                    .file_stem()
                    .map(|s| slugify(&s.to_string_lossy()))
                    .unwrap_or_default();
                if stem.is_empty() {
                    "imported".to_owned()
                } else {
                    stem
                }
            }),
            title: format!("Imported from {described}"),
            source: format!("Imported from {described} (name the course article here)"),
            sections: Vec::new(),
            lint: Default::default(),
            scenarios: Vec::new(),
        },
        questions,
    };
    for problem in check_bank_meta(&bank.meta) {
        let file = sources.add(options.out.display().to_string(), "");
        let mut diagnostic = Diagnostic::error(problem.code, problem.message, Location { file, span: 0..0 });
        diagnostic.hint = problem.hint;
        diagnostics.push(diagnostic);
        fatal += 1;
    }
    summary::emit(
        &sources,
        output.diagnostics,
        &diagnostics,
        options.verbose,
        &|d| d.code == interop::SKIPPED || d.message.starts_with(SKIPPED_PREFIX),
    )?;
    if fatal > 0 {
        writeln!(
            output.diagnostics,
            "nothing was written to {}",
            options.out.display()
        )?;
        return Err(Error::BankProblems { errors: fatal });
    }
    if bank.questions.is_empty() {
        return Err(Error::Input(format!(
            "no questions to import ({found} found, {skipped} skipped); nothing was written"
        )));
    }
    // Each question has passed `aidquiz check`'s content rules against its
    // source line (in `into_questions`); ids were made unique there. That the
    // written text loads back as the same bank is the round-trip property
    // the loader's tests hold, so the file is not parsed again here.
    let cores = thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let pieces =
        bank_text(&bank, cores).map_err(|e| Error::Input(format!("cannot write the bank as TOML: {e}")))?;
    let bank_folder = options.out.parent().unwrap_or(Path::new(""));
    // The pictures first: a bank is never written naming files not there.
    let folders = if media.is_empty() {
        vec![bank_folder.to_owned()]
    } else {
        vec![bank_folder.to_owned(), bank_folder.join(&media_folder)]
    };
    for folder in folders.iter().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(folder).map_err(|source| Error::Write {
            path: folder.clone(),
            source,
        })?;
    }
    for (name, bytes) in &media {
        write_bytes(&bank_folder.join(&media_folder).join(name), bytes)?;
    }
    write_atomically(&options.out, |out| {
        pieces
            .iter()
            .try_for_each(|piece| out.write_all(piece.as_bytes()))
            .map_err(Error::Output)
    })?;
    let warnings = diagnostics.len();
    writeln!(
        output.out,
        "imported {} of {found} questions, {skipped} skipped, from {described} into {} ({}); set the bank's `title` and `source`, then run `aidquiz check`",
        bank.questions.len(),
        options.out.display(),
        counted(warnings, "warning", "warnings"),
    )?;
    if !media.is_empty() {
        writeln!(
            output.out,
            "wrote {} into {}",
            counted(media.len(), "picture", "pictures"),
            bank_folder.join(&media_folder).display()
        )?;
    }
    // The command ends here and the process with it: the pages go back to
    // the system at exit, which is far cheaper than freeing a large bank and
    // its source texts one allocation at a time (a sixth of a 10,000-question
    // import's run time).
    std::mem::forget((bank, sources, diagnostics, pieces, spent));
    Ok(())
}

/// The folder beside the bank that its pictures go into: `STEM-media`.
fn media_folder(out: &Path) -> String {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let safe = interop::media::safe_chars(&stem);
    format!("{}-media", if safe.is_empty() { "bank" } else { &safe })
}

/// Reads the pictures a GIFT question names by path from beside its GIFT
/// file (Moodle XML carries its own); one that is not there, or lies
/// outside that folder, is left unread, and the conversion names it.
fn read_pictures_beside(mut item: Imported, sources: &SourceMap) -> Imported {
    let Some(image) = item.image.as_mut().filter(|i| i.bytes.is_none()) else {
        return item;
    };
    let name = sources.name(item.location.file);
    let folder = Path::new(name).parent().unwrap_or(Path::new(""));
    if !crate::bank::check::is_bank_relative(&image.name) {
        item.notes.push(format!(
            "the image {} cannot be brought over: only a picture in the GIFT file's folder is read",
            image.name
        ));
        item.image = None;
        return item;
    }
    match read_picture(&folder.join(&image.name)) {
        Ok(bytes) => image.bytes = Some(bytes),
        Err(problem) => {
            item.notes.push(format!(
                "the image {} cannot be brought over: {}",
                image.name, problem.0
            ));
            item.image = None;
        }
    }
    item
}

/// The bank as TOML, in pieces to be written one after the other: the very
/// text `toml::to_string(bank)` gives, with the questions written in
/// `threads` runs at once (one per core). Writing the TOML is a quarter of a
/// large import's work, and the last part of it; the pieces are not joined,
/// which would copy the whole text once more.
fn bank_text(bank: &Bank, threads: usize) -> Result<Vec<String>, toml::ser::Error> {
    /// A run of questions: written as `[[questions]]` tables, as in a bank.
    #[derive(Serialize)]
    struct Run<'a> {
        questions: &'a [Question],
    }
    if bank.questions.is_empty() {
        return Ok(vec![toml::to_string(bank)?]);
    }
    let runs = bank
        .questions
        .chunks(bank.questions.len().div_ceil(threads.max(1)));
    let written: Vec<Result<String, toml::ser::Error>> = thread::scope(|scope| {
        let mut runs = runs.map(|questions| Run { questions });
        let first = runs.next();
        let others: Vec<_> = runs
            .map(|run| scope.spawn(move || toml::to_string(&run)))
            .collect();
        let first = first.map(|run| toml::to_string(&run));
        first
            .into_iter()
            .chain(
                others
                    .into_iter()
                    .map(|other| other.join().unwrap_or_else(|panic| panic::resume_unwind(panic))),
            )
            .collect()
    });
    let mut pieces = vec![toml::to_string(&bank.meta)?];
    for run in written {
        // The tables of a document are apart by one blank line.
        pieces.push("\n".to_owned());
        pieces.push(run?);
    }
    Ok(pieces)
}

/// A file to import, read into the source map unless it could not be.
struct SourceFile {
    file: Option<FileId>,
    format: ImportFormat,
    /// The file name, without its folder.
    name: String,
    /// Why it could not be read.
    problems: Vec<Diagnostic>,
}

/// Parses the files in order, sending their questions on in batches as
/// they are read. Returns the files' diagnostics, file by file.
fn parse_files(
    files: Vec<SourceFile>,
    sources: &SourceMap,
    sender: &Sender<Vec<Imported>>,
) -> Vec<Diagnostic> {
    // One message per few hundred questions keeps the hand-over cheap.
    const BATCH: usize = 256;
    // A send fails only when the receiving thread has stopped, by panicking;
    // that panic is the one to report, so a failed send is ignored.
    let send = |questions: Vec<Imported>| {
        let _ = sender.send(questions);
    };
    let mut diagnostics = Vec::new();
    for source in files {
        diagnostics.extend(source.problems);
        let Some(file) = source.file else {
            continue;
        };
        let text = sources.text(file);
        match source.format {
            ImportFormat::Gift => {
                let mut batch = Vec::with_capacity(BATCH);
                let found = gift::parse_each(file, &source.name, text, &mut |question| {
                    batch.push(question);
                    if batch.len() == BATCH {
                        send(mem::replace(&mut batch, Vec::with_capacity(BATCH)));
                    }
                });
                send(batch);
                diagnostics.extend(found);
            }
            ImportFormat::MoodleXml => {
                let parsed = moodle::parse(file, &source.name, text);
                send(parsed.questions);
                diagnostics.extend(parsed.diagnostics);
            }
        }
    }
    diagnostics
}

/// The file's id in `sources`, where its text is kept for parsing and for
/// diagnostics alike; or a diagnostic saying why it cannot be read.
fn read(path: &Path, sources: &mut SourceMap, diagnostics: &mut Vec<Diagnostic>) -> Option<FileId> {
    read_text(
        path,
        sources,
        diagnostics,
        "a file to import",
        "save the file as UTF-8 (Moodle exports are UTF-8)",
    )
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::bank_text;
    use crate::bank::load::load_file;
    use crate::bank::model::Bank;
    use crate::bank::source::EMBEDDED_BANKS;
    use crate::diagnostic::SourceMap;
    use crate::interop::{self, gift, moodle};

    fn same_text(bank: &Bank, name: &str) {
        let whole = toml::to_string(bank).unwrap();
        for threads in 1..=4 {
            assert_eq!(
                bank_text(bank, threads).unwrap().concat(),
                whole,
                "{name}, {threads} threads"
            );
        }
    }

    /// Headers with sections, lint settings and scenarios, and every type
    /// of question, as the course's own banks have them.
    #[test]
    fn bundled_banks_are_written_as_toml_writes_them_whole() {
        for (name, text) in EMBEDDED_BANKS {
            let mut diagnostics = Vec::new();
            let bank = load_file(0, text, &mut diagnostics).unwrap().bank;
            same_text(&bank, name);
            for count in [0, 1, 2, 3, 5] {
                let mut part = bank.clone();
                part.questions.truncate(count);
                same_text(&part, name);
            }
        }
    }

    /// The real Moodle files in the fixtures, imported.
    #[test]
    fn imported_banks_are_written_as_toml_writes_them_whole() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/interop/real");
        let mut read = 0;
        for entry in fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let Ok(text) = fs::read_to_string(&path) else {
                continue;
            };
            let mut sources = SourceMap::default();
            let file = sources.add(name.clone(), text.clone());
            let parsed = if name.ends_with(".xml") {
                moodle::parse(file, &name, &text)
            } else if name.ends_with(".gift") || name.ends_with(".txt") {
                gift::parse(file, &name, &text)
            } else {
                continue;
            };
            let mut diagnostics = Vec::new();
            let converted = interop::into_questions(
                parsed.questions,
                Some("imported"),
                &|_| name.clone(),
                &mut diagnostics,
            );
            let mut bank = load_file(
                0,
                "format_version = 1\nid = \"b\"\ntitle = \"T\"\nsource = \"S\"\n",
                &mut diagnostics,
            )
            .unwrap()
            .bank;
            bank.questions = converted.questions;
            same_text(&bank, &name);
            read += 1;
        }
        assert!(read >= 10, "only {read} fixtures were read");
    }
}
