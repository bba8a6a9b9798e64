//! `aidquiz exam generate` and `aidquiz exam grade`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use codespan_reporting::term::termcolor::WriteColor;
use indicatif::{ProgressBar, ProgressStyle};
use toml::de::DeTable;

use crate::bank::BankPaths;
use crate::bank::load::control_characters;
use crate::clock::Clock;
use crate::diagnostic::{Diagnostic, Location, SourceMap};
use crate::error::Error;
use crate::exam::batch::{ClassSummary, grade_sheet, summarise};
use crate::exam::generate::MAX_VERSIONS;
use crate::exam::manifest::MANIFEST_VERSION;
use crate::exam::validate::{locate, validate};
use crate::exam::{ExamSpec, Manifest, generate, paper};
use crate::input::{read_capped, require_regular};
use crate::record::GradedAttempt;
use crate::session::render::round;
use crate::store::{SHEET_BATCH, SheetOutcome};
use crate::text::counted;

use super::output_file::{is_partial, remove_leftovers, write_bytes};
use super::{Output, bank_refs, load_clean_banks, media};

pub struct GenerateOptions {
    pub paths: BankPaths,
    pub spec: ExamSpec,
    pub out: PathBuf,
    pub force: bool,
}

pub fn run_generate(options: &GenerateOptions, output: &mut Output<'_>) -> Result<(), Error> {
    if options.spec.versions == 0 || options.spec.versions > MAX_VERSIONS {
        return Err(Error::Usage(format!(
            "--versions must be from 1 to {MAX_VERSIONS} (versions are named A to Z)"
        )));
    }
    check_out_dir(&options.out, options.force)?;
    let catalog = load_clean_banks(&options.paths, output)?;
    let pool = catalog.candidates();
    let mut manifest = generate(&pool, bank_refs(&catalog), &options.spec)?;
    warn_cross_cues(&manifest, output.diagnostics)?;
    // The exam folder is complete on its own: its papers show the copies in
    // `media/`, and the manifest points at them, so a later change to a
    // bank's pictures does not change a printed exam.
    let folders = media::folders(&catalog);
    let mut pictures = media::Collected::default();
    for question in manifest.versions.iter_mut().flat_map(|v| v.questions.iter_mut()) {
        pictures.take_question(&folders, &question.bank, "media", &mut question.question)?;
        if let Some(image) = question.scenario.as_mut().and_then(|s| s.image.as_mut()) {
            pictures.take(&folders, &question.bank, "media", image)?;
        }
    }

    fs::create_dir_all(&options.out).map_err(|source| Error::Write {
        path: options.out.clone(),
        source,
    })?;
    remove_leftovers(&options.out)?;
    let mut written = Vec::new();
    for (name, bytes) in &pictures.files {
        let path = options.out.join(name);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).map_err(|source| Error::Write {
                path: folder.to_owned(),
                source,
            })?;
        }
        write_bytes(&path, bytes)?;
        written.push(name.clone());
    }
    let mut write = |name: &str, render: &dyn Fn(&mut Vec<u8>) -> Result<(), Error>| -> Result<(), Error> {
        let mut bytes = Vec::new();
        render(&mut bytes)?;
        write_bytes(&options.out.join(name), &bytes)?;
        written.push(name.to_owned());
        Ok(())
    };
    write("exam.toml", &|bytes| {
        let text = toml::to_string(&manifest)
            .map_err(|e| Error::Usage(format!("cannot write the manifest: {e}")))?;
        bytes.extend_from_slice(text.as_bytes());
        Ok(())
    })?;
    write("key.csv", &|bytes| {
        paper::write_key_csv(bytes, &manifest).map_err(|e| Error::Output(std::io::Error::other(e)))
    })?;
    for version in &manifest.versions {
        let name = &version.name;
        write(&format!("version-{name}.md"), &|bytes| {
            Ok(paper::write_markdown_paper(bytes, &manifest, version)?)
        })?;
        write(&format!("version-{name}.html"), &|bytes| {
            Ok(paper::write_html_paper(bytes, &manifest, version)?)
        })?;
        write(&format!("key-{name}.html"), &|bytes| {
            Ok(paper::write_html_key(bytes, &manifest, version)?)
        })?;
    }
    report_written(output.out, &manifest, &options.out, &written)?;
    Ok(())
}

fn report_written(
    out: &mut dyn Write,
    manifest: &Manifest,
    dir: &Path,
    written: &[String],
) -> std::io::Result<()> {
    writeln!(
        out,
        "Exam {} \"{}\": {} of {}, seed {}.",
        manifest.exam_id,
        manifest.title,
        counted(manifest.versions.len(), "version", "versions"),
        counted(manifest.count, "question", "questions"),
        manifest.seed
    )?;
    writeln!(out, "Wrote to {}:", dir.display())?;
    for name in written {
        writeln!(out, "  {name}")?;
    }
    writeln!(
        out,
        "Collect answers in a CSV with the header learner,version,1,2,…,{} and grade with:\n  aidquiz exam grade {} RESPONSES.csv",
        manifest.count,
        dir.display()
    )
}

/// Generating over an earlier exam's files could leave a mix of two exams.
fn check_out_dir(dir: &Path, force: bool) -> Result<(), Error> {
    let not_empty = match fs::read_dir(dir) {
        // What a killed run left half-written does not count: it is removed.
        Ok(mut entries) => entries.any(|entry| entry.is_ok_and(|e| !is_partial(&e.file_name()))),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => false,
        Err(source) => {
            return Err(Error::Write {
                path: dir.to_owned(),
                source,
            });
        }
    };
    if not_empty && !force {
        return Err(Error::Input(format!(
            "{} is not empty; choose a new folder, or pass --force to write over it",
            dir.display()
        )));
    }
    Ok(())
}

pub struct GradeOptions {
    pub dir: PathBuf,
    pub responses: PathBuf,
    pub store: PathBuf,
    pub skip_bad_rows: bool,
}

/// Sheets larger than this get a progress bar (on a terminal).
const PROGRESS_BAR_BYTES: u64 = 1 << 20;

pub fn run_grade(options: &GradeOptions, clock: &dyn Clock, output: &mut Output<'_>) -> Result<(), Error> {
    let manifest = read_manifest(&options.dir, output.diagnostics)?;
    require_regular(&options.responses, "a response sheet").map_err(|p| Error::Input(p.0))?;
    let file = fs::File::open(&options.responses)
        .map_err(|e| Error::Input(format!("cannot read {}: {e}", options.responses.display())))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = if size > PROGRESS_BAR_BYTES {
        ProgressBar::new(size).with_style(
            ProgressStyle::with_template("grading {bar:40} {bytes}/{total_bytes} ({eta} left)")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        )
    } else {
        ProgressBar::hidden()
    };
    let now = clock.now();
    let sheet = grade_sheet(std::io::BufReader::new(file), &manifest, now, &mut |bytes| {
        bar.set_position(bytes)
    })
    .map_err(|e| Error::Input(format!("{}: {e}", options.responses.display())))?;
    bar.finish_and_clear();

    let name = options.responses.display();
    for bad in &sheet.bad {
        writeln!(output.diagnostics, "{name}: {bad}")?;
    }
    let bad_lines = sheet.bad_lines();
    if !bad_lines.is_empty() && !options.skip_bad_rows {
        return Err(Error::BadRows {
            rows: bad_lines.len(),
        });
    }

    let mut store = super::open_store(&options.store, output.diagnostics)?;
    let rows: Vec<&GradedAttempt> = sheet.rows.iter().map(|row| &row.attempt).collect();
    // Drawn only on a terminal (indicatif hides it elsewhere).
    let saving = if rows.len() > SHEET_BATCH {
        ProgressBar::new(rows.len() as u64).with_style(
            ProgressStyle::with_template("saving {bar:40} {pos}/{len} learners ({eta} left)")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        )
    } else {
        ProgressBar::hidden()
    };
    let outcomes = store.grade_sheet(&manifest.exam_id, &rows, now, &mut |saved| {
        saving.set_position(saved as u64);
    })?;
    saving.finish_and_clear();
    let count = |kind| outcomes.iter().filter(|(_, outcome)| *outcome == kind).count();
    let (new, regraded, unchanged) = (
        count(SheetOutcome::New),
        count(SheetOutcome::Regraded),
        count(SheetOutcome::Unchanged),
    );

    let out = &mut *output.out;
    writeln!(
        out,
        "Exam {} \"{}\": graded {}: {new} new, {regraded} regraded, {unchanged} unchanged. Saved in {}.",
        manifest.exam_id,
        manifest.title,
        counted(sheet.rows.len(), "learner", "learners"),
        crate::store::display_name(&options.store).display()
    )?;
    if !bad_lines.is_empty() {
        let lines: Vec<String> = bad_lines.iter().map(u64::to_string).collect();
        writeln!(
            out,
            "Skipped {}, on {} {}.",
            counted(bad_lines.len(), "bad row", "bad rows"),
            if bad_lines.len() == 1 { "line" } else { "lines" },
            lines.join(", ")
        )?;
    }
    if let Some(summary) = summarise(&sheet.rows, &manifest) {
        write_summary(out, &summary, manifest.pass_mark)?;
    }
    Ok(())
}

fn write_summary(out: &mut dyn Write, summary: &ClassSummary, pass_mark: f64) -> std::io::Result<()> {
    writeln!(out)?;
    writeln!(out, "Learners   {}", summary.learners)?;
    writeln!(out, "Mean       {:.1}%", summary.mean)?;
    writeln!(out, "Median     {:.1}%", summary.median)?;
    writeln!(out, "Min / max  {:.1}% / {:.1}%", summary.min, summary.max)?;
    writeln!(
        out,
        "Pass rate  {:.0}% (pass mark {}%)",
        summary.pass_rate * 100.0,
        round(pass_mark)
    )?;
    if !summary.critical_missed.is_empty() {
        let missed: Vec<String> = summary
            .critical_missed
            .iter()
            .map(|(id, count)| format!("{id} ({count})"))
            .collect();
        writeln!(
            out,
            "Must-pass  missed: {}; {} learner(s) at or above the mark did not pass because of them",
            missed.join(", "),
            summary.failed_on_critical
        )?;
    }
    if !summary.most_missed.is_empty() {
        writeln!(out, "Most missed:")?;
        for (id, prompt, count) in &summary.most_missed {
            writeln!(out, "  {count} × {id}: {prompt}")?;
        }
    }
    Ok(())
}

/// Reads and checks `dir/exam.toml`; its problems are written to
/// `diagnostics`, as `check` writes a bank's.
pub(crate) fn read_manifest(dir: &Path, diagnostics: &mut dyn WriteColor) -> Result<Manifest, Error> {
    let path = dir.join("exam.toml");
    let bytes = read_capped(&path, "an exam manifest").map_err(|problem| {
        Error::Input(format!(
            "{problem}; is {} a folder written by `aidquiz exam generate`?",
            dir.display()
        ))
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|e| Error::Input(format!("{} is not valid UTF-8: {e}", path.display())))?;
    let manifest: Manifest = toml::from_str(&text)
        .map_err(|e| Error::Input(format!("{} is not a valid exam manifest: {e}", path.display())))?;
    if manifest.format_version > MANIFEST_VERSION {
        return Err(Error::Input(format!(
            "{} was written by a newer aidquiz (manifest version {}; this one reads {MANIFEST_VERSION})",
            path.display(),
            manifest.format_version
        )));
    }
    // A hand edit may write `"\u001b[31m"` or `"\u0000"` in a title or a
    // question, refused as in a bank: the manifest is parsed, so this is too.
    let mut problems_found = DeTable::parse(&text)
        .map(|document| control_characters(document.get_ref(), 0, "an exam's text"))
        .unwrap_or_default();
    problems_found.extend(validate(&manifest).iter().map(|problem| {
        Diagnostic::error(
            problem.code,
            problem.message.clone(),
            Location {
                file: 0,
                span: locate(&text, &problem.place),
            },
        )
    }));
    if problems_found.is_empty() {
        return Ok(manifest);
    }
    problems_found.sort_by_key(|problem| problem.location.span.start);
    let mut sources = SourceMap::default();
    sources.add(path.display().to_string(), text);
    sources.emit(diagnostics, &problems_found)?;
    let s = if problems_found.len() == 1 { "" } else { "s" };
    Err(Error::Input(format!(
        "{} has {} problem{s} (see above); nothing was graded. Undo the edit, or generate the exam again",
        path.display(),
        problems_found.len()
    )))
}

/// Warns, per version, of a question whose prompt (or, for a number, list)
/// gives away the answer of another question drawn into the same version
/// (see `lint::cues`). The exam is still written: the instructor decides.
fn warn_cross_cues(manifest: &Manifest, out: &mut dyn Write) -> std::io::Result<()> {
    for version in &manifest.versions {
        let questions: Vec<&crate::bank::Question> = version.questions.iter().map(|q| &q.question).collect();
        for cue in crate::lint::cues::cross_cues(&questions) {
            let (giver, taker) = (&version.questions[cue.giver], &version.questions[cue.taker]);
            writeln!(
                out,
                "warning: version {}: question {} (`{}`) shows \"{}\", the answer of question {} (`{}`); reword one, or generate with another --seed",
                version.name,
                giver.number,
                giver.question.meta.id,
                cue.answer,
                taker.number,
                taker.question.meta.id
            )?;
        }
    }
    Ok(())
}
