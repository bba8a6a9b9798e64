//! `aidquiz import`: GIFT or Moodle XML files into a new bank, checked
//! before it is written.

use std::collections::VecDeque;
use std::fs;
use std::io::Write;
use std::mem;
use std::panic;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use crate::bank::check::{SLUG_LIMIT, check_bank_meta, is_slug};
use crate::bank::model::{BankMeta, FORMAT_VERSION, Question};
use crate::bank::source::read_text;
use crate::bank::write::push_question;
use crate::diagnostic::{Diagnostic, FileId, Location, Severity, SourceMap};
use crate::error::Error;
use crate::input::read_picture;
use crate::interop::{self, Imported, gift, moodle, slugify, summary};
use crate::text::counted;

use super::Output;
use super::output_file::{Staged, Staging, stage, write_bytes};

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
                "{flag} `{value}` is not a slug: use lowercase letters, digits and single hyphens, at most {SLUG_LIMIT} of them"
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
    let described = names.join(", ");
    let meta = BankMeta {
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
    };
    let media_folder = media_folder(&options.out);
    let mut converted = Vec::new();
    // Each question is written as TOML as soon as it is made, on this
    // thread, while the parser reads the next ones (reading is the longer
    // of the two): at the end only the file is left to write.
    let mut imported = 0;
    let bank_folder = options.out.parent().unwrap_or(Path::new(""));
    let mut text = BankText::open(&options.out, bank_folder, &meta);
    let (
        diagnostics,
        interop::Converted {
            skipped,
            spent,
            media,
            ..
        },
    ) = thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        let (back, spare) = mpsc::channel();
        let texts = &sources;
        let formats: Vec<(Option<FileId>, ImportFormat)> = files.iter().map(|f| (f.file, f.format)).collect();
        let parser = scope.spawn(move || parse_files(files, texts, &sender, &spare));
        // Room made at once for what grows with the questions (lists grown
        // by doubling are copied into fresh pages each time, and a fresh
        // page costs more than the copy): every GIFT question has a `{`.
        let expected: usize = formats
            .iter()
            .filter(|(_, format)| *format == ImportFormat::Gift)
            .filter_map(|(file, _)| *file)
            .map(|file| memchr::memchr_iter(b'{', texts.text(file).as_bytes()).count())
            .sum();
        converted.reserve(expected);
        let converted = interop::convert_each(
            Batches {
                incoming: &receiver,
                current: Batch::new(),
                back,
            }
            .map(|item| read_pictures_beside(item, texts)),
            expected,
            options.topic.as_deref(),
            &label,
            &mut converted,
            &mut |mut question| {
                interop::place_media(std::slice::from_mut(&mut question), &media_folder);
                text.push(&question);
                imported += 1;
                // Written, the question is not needed again. It is left to
                // process exit with the rest (see the end of `run`): freeing
                // it here, while the parser allocates, would make the two
                // threads contend for the allocator.
                std::mem::forget(question);
            },
        );
        let found = parser.join().unwrap_or_else(|panic| panic::resume_unwind(panic));
        (found, converted)
    });
    // Each syntax error is one question the parser could not read; each
    // `import-skipped` warning one item aidquiz cannot ask.
    let unreadable = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && QUESTION_ERRORS.contains(&d.code))
        .count();
    let not_askable = diagnostics.iter().filter(|d| d.code == interop::SKIPPED).count();
    let skipped = skipped + unreadable + not_askable;
    let found = imported + skipped;
    // Errors outside any one question (a file that cannot be read) always
    // stop the import; a question's errors do only under `--strict`, and
    // otherwise cost only that question, reported as a warning saying so.
    let mut fatal = 0;
    let parsed = diagnostics.len();
    // The conversion's (many) after the parser's (few), in the room
    // already made for them.
    let mut diagnostics = {
        let mut all = converted;
        all.splice(0..0, diagnostics);
        all
    };
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

    for problem in check_bank_meta(&meta) {
        let file = sources.add(options.out.display().to_string(), "");
        let mut diagnostic = Diagnostic::error(problem.code, problem.message, Location { file, span: 0..0 });
        diagnostic.hint = problem.hint;
        diagnostics.push(diagnostic);
        fatal += 1;
    }
    // The bank is written and synced under its temporary name on another
    // thread while the diagnostics are rendered here: the sync is often the
    // largest wait of an import. It appears under its own name only below,
    // once the diagnostics are out and the pictures are in.
    let write = fatal == 0 && imported > 0;
    let (emitted, staged) = thread::scope(|scope| {
        let meta = &meta;
        let staged = write.then(|| scope.spawn(move || text.stage(meta, bank_folder, &options.out)));
        let emitted = summary::emit(
            &sources,
            output.diagnostics,
            &diagnostics,
            options.verbose,
            &|d| d.code == interop::SKIPPED || d.message.starts_with(SKIPPED_PREFIX),
        );
        let staged = staged.map(|s| s.join().unwrap_or_else(|panic| panic::resume_unwind(panic)));
        (emitted, staged)
    });
    // Dropped unless committed: an error below leaves no bank behind.
    emitted?;
    if fatal > 0 {
        writeln!(
            output.diagnostics,
            "nothing was written to {}",
            options.out.display()
        )?;
        return Err(Error::BankProblems { errors: fatal });
    }
    let Some(staged) = staged else {
        return Err(Error::Input(format!(
            "no questions to import ({found} found, {skipped} skipped); nothing was written"
        )));
    };
    let staged = staged?;
    // The pictures first: a bank is never in place naming files not there.
    if !media.is_empty() {
        let media_path = bank_folder.join(&media_folder);
        fs::create_dir_all(&media_path).map_err(|source| Error::Write {
            path: media_path.clone(),
            source,
        })?;
        for (name, bytes) in &media {
            write_bytes(&media_path.join(name), bytes)?;
        }
    }
    staged.commit()?;
    let warnings = diagnostics.len();
    writeln!(
        output.out,
        "imported {} of {found} questions, {skipped} skipped, from {described} into {} ({}); set the bank's `title` and `source`, then run `aidquiz check`",
        imported,
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
    std::mem::forget((sources, diagnostics, spent));
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
    match read_picture(folder, &image.name) {
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

/// Where the bank's TOML goes as its questions are made.
enum BankText {
    /// Into the temporary file beside `--out`, a chunk at a time, when its
    /// folder is there: the disk works while the rest is read, and the
    /// text is never held whole. The first error writing is kept, to be
    /// reported where a write error is (after the diagnostics).
    File {
        staging: Staging,
        chunk: String,
        failed: Option<Error>,
    },
    /// Held until the end, then written: `--out`'s folder is not created
    /// before it is known that the bank is written.
    Memory(Vec<String>),
}

impl BankText {
    fn open(out: &Path, folder: &Path, meta: &BankMeta) -> BankText {
        let there = folder.as_os_str().is_empty() || folder.is_dir();
        let header = toml::to_string(meta);
        match (there.then(|| Staging::create(out)), header) {
            // A file that cannot be opened here fails again at the end,
            // where its error is reported.
            (Some(Ok(staging)), Ok(header)) => {
                let mut chunk = String::with_capacity(CHUNK + CHUNK / 4);
                chunk.push_str(&header);
                BankText::File {
                    staging,
                    chunk,
                    failed: None,
                }
            }
            _ => BankText::Memory(Vec::new()),
        }
    }

    fn push(&mut self, question: &Question) {
        match self {
            BankText::File {
                staging,
                chunk,
                failed,
            } => {
                push_question(chunk, question);
                if chunk.len() >= CHUNK {
                    if failed.is_none()
                        && let Err(error) = staging.write_bytes(chunk.as_bytes())
                    {
                        *failed = Some(error);
                    }
                    chunk.clear();
                }
            }
            BankText::Memory(chunks) => push_chunked(chunks, question),
        }
    }

    /// The bank, synced under its temporary name (its folder created if
    /// need be), to be put in place by the caller (see [`Staged`]).
    fn stage(self, meta: &BankMeta, folder: &Path, out: &Path) -> Result<Staged, Error> {
        match self {
            BankText::File {
                mut staging,
                chunk,
                failed,
            } => {
                if let Some(error) = failed {
                    return Err(error);
                }
                staging.write_bytes(chunk.as_bytes())?;
                staging.finish()
            }
            BankText::Memory(chunks) => {
                if !folder.as_os_str().is_empty() {
                    fs::create_dir_all(folder).map_err(|source| Error::Write {
                        path: folder.to_owned(),
                        source,
                    })?;
                }
                stage(out, |out| write_bank(meta, &chunks, out))
            }
        }
    }
}

/// How much TOML is gathered before it is handed on: the text is written in
/// pieces of about this size rather than as one multi-megabyte string,
/// which would be copied whole each time it grew.
const CHUNK: usize = 1 << 16;

/// Appends `question` as TOML (as in `toml::to_string` of its bank) to
/// the last of `chunks`, starting a new one when it is full.
fn push_chunked(chunks: &mut Vec<String>, question: &Question) {
    if chunks.last().is_none_or(|last| last.len() >= CHUNK) {
        chunks.push(String::with_capacity(CHUNK + CHUNK / 4));
    }
    if let Some(last) = chunks.last_mut() {
        push_question(last, question);
    }
}

/// A bank with questions as TOML, the very text `toml::to_string` gives
/// for it: the header `meta` by `toml`, then `questions`, the bank's
/// questions as [`push_chunked`] wrote them.
fn write_bank(meta: &BankMeta, questions: &[String], out: &mut dyn Write) -> Result<(), Error> {
    let header =
        toml::to_string(meta).map_err(|e| Error::Input(format!("cannot write the bank as TOML: {e}")))?;
    out.write_all(header.as_bytes()).map_err(Error::Output)?;
    questions
        .iter()
        .try_for_each(|chunk| out.write_all(chunk.as_bytes()))
        .map_err(Error::Output)
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
/// they are read, in the emptied batches that come back when there are
/// some. Returns the files' diagnostics, file by file.
fn parse_files(
    files: Vec<SourceFile>,
    sources: &SourceMap,
    sender: &Sender<Batch>,
    spare: &Receiver<Batch>,
) -> Vec<Diagnostic> {
    // One message per few hundred questions keeps the hand-over cheap.
    const BATCH: usize = 256;
    // A send fails only when the receiving thread has stopped, by panicking;
    // that panic is the one to report, so a failed send is ignored.
    let send = |questions: Batch| {
        let _ = sender.send(questions);
    };
    // A batch used before is already paged in: one allocated afresh would
    // fault in its pages again, for each batch.
    let empty = || {
        let mut batch = spare.try_recv().unwrap_or_default();
        batch.reserve(BATCH);
        batch
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
                let mut batch = empty();
                let found = gift::parse_each(file, &source.name, text, &mut |question| {
                    batch.push_back(question);
                    if batch.len() == BATCH {
                        send(mem::replace(&mut batch, empty()));
                    }
                });
                send(batch);
                diagnostics.extend(found);
            }
            ImportFormat::MoodleXml => {
                let parsed = moodle::parse(file, &source.name, text);
                send(parsed.questions.into());
                diagnostics.extend(parsed.diagnostics);
            }
        }
    }
    diagnostics
}

/// Questions on their way from the parser to the conversion.
type Batch = VecDeque<Imported>;

/// The questions of the batches received, in order; each batch emptied is
/// sent back to the parser to be filled again.
struct Batches<'a> {
    incoming: &'a Receiver<Batch>,
    current: Batch,
    back: Sender<Batch>,
}

impl Iterator for Batches<'_> {
    type Item = Imported;

    fn next(&mut self) -> Option<Imported> {
        loop {
            if let Some(item) = self.current.pop_front() {
                return Some(item);
            }
            let emptied = mem::replace(&mut self.current, self.incoming.recv().ok()?);
            // The parser may have finished: then the batch is not needed.
            let _ = self.back.send(emptied);
        }
    }
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

    use super::{BankText, push_chunked, write_bank};
    use crate::bank::load::load_file;
    use crate::bank::model::Bank;
    use crate::bank::source::EMBEDDED_BANKS;
    use crate::diagnostic::SourceMap;
    use crate::interop::{self, gift, moodle};

    /// A bank with questions, as import writes it.
    fn same_text(bank: &Bank, name: &str) {
        if bank.questions.is_empty() {
            return;
        }
        let whole = toml::to_string(bank).unwrap();
        let mut chunks = Vec::new();
        for question in &bank.questions {
            push_chunked(&mut chunks, question);
        }
        let mut written = Vec::new();
        write_bank(&bank.meta, &chunks, &mut written).unwrap();
        assert!(String::from_utf8(written).unwrap() == whole, "{name}");
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

    /// The file `benches/interop/generate_moodle.py` writes (the same
    /// lines, by the same rules): the Moodle-shaped export the speed of
    /// import is measured on.
    pub(crate) fn moodle_shaped(count: usize) -> String {
        let mut gift = String::new();
        for i in 0..count {
            if i % 250 == 0 {
                let category = format!("$course$/top/Course {}/Unit {}", i / 2500, i / 250);
                gift += &format!(
                    "// question: 0  name: Switch category to {category}\n$CATEGORY: {category}\n\n"
                );
            }
            gift += &format!("// question: {}  name: Q{i}\n", 1000 + i);
            let image = if i % 100 == 0 {
                format!(r#"<img src\="@@PLUGINFILE@@/figure-{i}.png" alt\="Figure {i}" />"#)
            } else {
                String::new()
            };
            let prompt = format!(
                r"[html]<p>Question {i}\: which answer fits case {i} of the first-aid course?{image}</p>"
            );
            gift += &match i % 5 {
                0 => format!(
                    "::Q{i}::{prompt}{{\n\t=Right {i}#Yes.\n\t~Wrong A {i}#No.\n\t~Wrong B {i}\n\t~Wrong C {i}\n}}\n\n"
                ),
                1 => format!(
                    "::Q{i}::{prompt}{{\n\t~%50%Right A {i}\n\t~%50%Right B {i}\n\t~%-50%Wrong A {i}\n\t~%-50%Wrong B {i}\n}}\n\n"
                ),
                2 => format!("::Q{i}::[html]<p>Statement {i} about first aid is true.</p>{{TRUE}}\n\n"),
                3 => format!("::Q{i}::{prompt}{{\n\t=%100%answer {i}#\n\t=%100%other answer {i}#\n}}\n\n"),
                _ => format!(
                    "::Q{i}::[html]<p>How many minutes for case {i}?</p>{{#\n\t=%100%{}:0.5#\n}}\n\n",
                    i % 60 + 1
                ),
            };
        }
        gift
    }

    /// `count` questions of the Moodle-shaped export, imported into a bank.
    fn moodle_bank(count: usize) -> Bank {
        let text = moodle_shaped(count);
        let mut sources = SourceMap::default();
        let file = sources.add("moodle.gift".to_owned(), text.clone());
        let parsed = gift::parse(file, "moodle.gift", &text);
        let mut diagnostics = Vec::new();
        let converted = interop::into_questions(
            parsed.questions,
            Some("imported"),
            &|_| "moodle.gift".to_owned(),
            &mut diagnostics,
        );
        assert_eq!(converted.questions.len(), count);
        let mut bank = load_file(
            0,
            "format_version = 1\nid = \"moodle\"\ntitle = \"T\"\nsource = \"S\"\n",
            &mut diagnostics,
        )
        .unwrap()
        .bank;
        bank.questions = converted.questions;
        bank
    }

    /// The Moodle-shaped export of the speed measurement, imported.
    #[test]
    fn the_moodle_shaped_export_is_written_as_toml_writes_it_whole() {
        same_text(&moodle_bank(10_000), "moodle.gift");
    }

    /// The bank written into its file as the questions are made (its
    /// folder is there) or held until the end (it is not), both in chunks:
    /// the text `toml` writes, and nothing left beside it.
    #[test]
    fn a_bank_written_as_it_is_made_is_the_text_toml_writes() {
        let mut diagnostics = Vec::new();
        let mut banks = vec![("moodle.gift", moodle_bank(3_000))];
        for (name, text) in EMBEDDED_BANKS {
            banks.push((name, load_file(0, text, &mut diagnostics).unwrap().bank));
        }
        let dir = tempfile::tempdir().unwrap();
        for (name, bank) in banks {
            for folder in [dir.path().to_owned(), dir.path().join(name)] {
                let out = folder.join("bank.toml");
                let mut text = BankText::open(&out, &folder, &bank.meta);
                assert_eq!(matches!(text, BankText::File { .. }), folder.is_dir(), "{name}");
                for question in &bank.questions {
                    text.push(question);
                }
                text.stage(&bank.meta, &folder, &out).unwrap().commit().unwrap();
                assert!(
                    fs::read_to_string(&out).unwrap() == toml::to_string(&bank).unwrap(),
                    "{name}"
                );
                assert!(
                    !crate::commands::output_file::partial_path(&out).exists(),
                    "{name}"
                );
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
