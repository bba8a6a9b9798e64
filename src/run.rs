//! Parses the command line, runs the command, prints an error once and
//! decides the exit code.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Parser;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use crate::assemble::Selection;
use crate::bank::{BankPaths, Difficulty};
use crate::cli::{
    Cli, ColorWhen, Command, Deny, DifficultyArg, ExamCommand, ExportArgs, ExportFormatArg, GenerateArgs,
    ImportArgs, ImportFormatArg, ModeArg, ReportArgs, ReportFormat, ReportKind, SelectionArgs, ServeArgs,
    StoreArgs, StoreCommand, TakeArgs,
};
use crate::clock::SystemClock;
use crate::commands::exam::{GenerateOptions, GradeOptions};
use crate::commands::export::{ExportFormat, ExportOptions};
use crate::commands::import::{ImportFormat, ImportOptions};
use crate::commands::report::{Format, ReportOptions};
use crate::commands::study::StudyOptions;
use crate::commands::take::{Front, TakeOptions};
use crate::commands::{self, Output};
use crate::diagnostic::Severity;
use crate::error::{EXIT_USAGE, Error};
use crate::exam::ExamSpec;
use crate::record::Mode;
use crate::report::{self, Filters};
use crate::serve::ServeOptions;
use crate::session::Settings;
use crate::store::AttemptFilter;
use crate::text::{NAME_LIMIT, strip_controls};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// Runs aidquiz with these arguments (the first is the program name) and
/// returns the process exit code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { EXIT_USAGE } else { 0 };
        }
    };
    let color = color_choice(cli.color);
    let working_dir = std::env::current_dir().unwrap_or_default();
    let stdout = io::stdout();
    let mut output = Output {
        out: &mut stdout.lock(),
        diagnostics: &mut StandardStream::stderr(color),
    };
    let result = match cli.command {
        Command::Check { paths, format } => {
            commands::check::run(&BankPaths::from_args(paths, &working_dir), format, &mut output)
        }
        Command::List { paths, format, wide } => {
            let width = if wide {
                commands::list::Width::Wide
            } else {
                commands::list::Width::Narrow
            };
            commands::list::run(
                &BankPaths::from_args(paths, &working_dir),
                format,
                width,
                &mut output,
            )
        }
        Command::Lint { paths, format, deny } => {
            let deny = match deny {
                Deny::Warnings => Severity::Warning,
                Deny::Errors => Severity::Error,
            };
            let paths = BankPaths::from_args(paths, &working_dir);
            commands::lint::run(&paths, format, deny, &mut output)
        }
        Command::Lock { paths, editorial } => commands::lock::run(
            &BankPaths::from_args(paths, &working_dir),
            &editorial,
            &mut output,
        ),
        Command::Schema => commands::schema::run(&mut output),
        Command::Take(args) => take_options(args, &working_dir)
            .and_then(|options| commands::take::run(&options, front(), &SystemClock, &mut output)),
        Command::Exam(ExamCommand::Generate(args)) => {
            let options = generate_options(args, &working_dir);
            commands::exam::run_generate(&options, &mut output)
        }
        Command::Exam(ExamCommand::Grade {
            dir,
            responses,
            skip_bad_rows,
            store,
        }) => store_path(store).and_then(|store| {
            let options = GradeOptions {
                dir,
                responses,
                store,
                skip_bad_rows,
            };
            commands::exam::run_grade(&options, &SystemClock, &mut output)
        }),
        Command::Study {
            paths,
            learner,
            topics,
            new,
            limit,
            store,
        } => {
            let options = store_path(store).and_then(|store| {
                let learner = checked_learner(&learner)?;
                Ok(StudyOptions {
                    paths: BankPaths::from_args(paths, &working_dir),
                    learner,
                    topics,
                    new,
                    limit,
                    store,
                    seed: draw_seed(),
                })
            });
            options
                .and_then(|options| commands::study::run_study(&options, front(), &SystemClock, &mut output))
        }
        Command::Progress {
            paths,
            learner,
            format,
            store,
        } => store_path(store).and_then(|store| {
            let paths = BankPaths::from_args(paths, &working_dir);
            commands::study::run_progress(
                &paths,
                &strip_controls(&learner),
                format,
                &store,
                &SystemClock,
                &mut output,
            )
        }),
        Command::Import(args) => commands::import::run(&import_options(args), &mut output),
        Command::Export(args) => commands::export::run(&export_options(args, &working_dir), &mut output),
        Command::History {
            learner,
            format,
            store,
        } => store_path(store)
            .and_then(|path| commands::history::run(&strip_controls(&learner), format, &path, &mut output)),
        Command::Report(args) => report_options(args, &working_dir)
            .and_then(|options| commands::report::run(&options, &mut output)),
        Command::Store(StoreCommand::Copy { from, to }) => commands::store::run_copy(&from, &to, &mut output),
        Command::Serve(args) => {
            serve_options(args, &working_dir).and_then(|options| crate::serve::run(&options, &mut output))
        }
    };
    let result = result.and_then(|()| output.out.flush().map_err(Error::Output));
    match result {
        Ok(()) => 0,
        Err(error) if error.is_broken_pipe() => 0,
        // The quiz has already said, on its own line, that it was quit and
        // where the answers are: an error line after it would only repeat it.
        Err(error @ Error::Interrupted { .. }) => error.exit_code(),
        Err(error) => {
            let _ = writeln!(io::stderr(), "error: {error}");
            error.exit_code()
        }
    }
}

fn color_choice(when: ColorWhen) -> ColorChoice {
    match when {
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Never => ColorChoice::Never,
        ColorWhen::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            if io::stderr().is_terminal() && !no_color {
                ColorChoice::Auto
            } else {
                ColorChoice::Never
            }
        }
    }
}

fn take_options(args: TakeArgs, working_dir: &Path) -> Result<TakeOptions, Error> {
    let learner = checked_learner(&args.learner)?;
    let selection = selection(args.selection);
    let mode = match args.mode {
        ModeArg::Study => Mode::Study,
        ModeArg::Exam => Mode::Exam,
    };
    Ok(TakeOptions {
        paths: BankPaths::from_args(args.paths, working_dir),
        learner,
        selection,
        seed: args.seed.unwrap_or_else(draw_seed),
        settings: Settings {
            mode,
            time_limit: args.time_limit,
            pass_mark: args.pass_mark,
        },
        store: store_path(args.store)?,
    })
}

fn serve_options(args: ServeArgs, working_dir: &Path) -> Result<ServeOptions, Error> {
    let instructor_password = match args.instructor_password_file {
        Some(path) => {
            let text = std::fs::read_to_string(&path).map_err(|source| {
                Error::Input(format!(
                    "cannot read the instructor password file {}: {source}",
                    path.display()
                ))
            })?;
            let password = text.lines().next().unwrap_or("").to_owned();
            // A file given but empty would quietly leave the pages off.
            if password.is_empty() {
                return Err(Error::Input(format!(
                    "the instructor password file {} has no password on its first line",
                    path.display()
                )));
            }
            Some(password)
        }
        None => std::env::var("AIDQUIZ_INSTRUCTOR_PASSWORD").ok(),
    }
    .filter(|password| !password.is_empty());
    Ok(ServeOptions {
        paths: BankPaths::from_args(args.paths, working_dir),
        store: store_path(args.store)?,
        listen: args.listen,
        instructor_password,
    })
}

fn report_options(args: ReportArgs, working_dir: &Path) -> Result<ReportOptions, Error> {
    let text = |value: Option<String>| value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let filters = Filters {
        learner: text(args.learner.as_deref().map(strip_controls)),
        exam_id: text(args.exam),
        topic: text(args.topic),
        since: text(args.since),
        until: text(args.until),
    };
    let filter = AttemptFilter {
        learner: filters.learner.clone(),
        exam_id: filters.exam_id.clone(),
        topic: filters.topic.clone(),
        since: filters
            .since
            .as_deref()
            .map(|d| moment(d, "--since", false))
            .transpose()?,
        before: filters
            .until
            .as_deref()
            .map(|d| moment(d, "--until", true))
            .transpose()?,
    };
    if let (Some(since), Some(before)) = (filter.since, filter.before)
        && since >= before
    {
        return Err(Error::Usage("--since must be before --until".into()));
    }
    Ok(ReportOptions {
        kind: match args.kind {
            ReportKind::Attempts => report::Kind::Attempts,
            ReportKind::Learners => report::Kind::Learners,
            ReportKind::Items => report::Kind::Items,
        },
        format: match args.format {
            ReportFormat::Csv => Format::Csv,
            ReportFormat::Json => Format::Json,
            ReportFormat::Md => Format::Markdown,
            ReportFormat::Html => Format::Html,
        },
        filter,
        filters,
        out: args.out,
        banks: BankPaths::from_args(args.banks, working_dir),
        store: store_path(args.store)?,
    })
}

/// A date (`2026-05-04`, midnight UTC) or an RFC 3339 time. As the end of a
/// range (`end`), a date counts whole and a time is included: the result is
/// the first moment after it.
fn moment(text: &str, option: &str, end: bool) -> Result<DateTime<Utc>, Error> {
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let date = if end {
            date.succ_opt().unwrap_or(date)
        } else {
            date
        };
        return Ok(date.and_time(NaiveTime::MIN).and_utc());
    }
    match DateTime::parse_from_rfc3339(text) {
        Ok(time) => {
            let time = time.with_timezone(&Utc);
            Ok(if end {
                time + chrono::Duration::nanoseconds(1)
            } else {
                time
            })
        }
        Err(_) => Err(Error::Usage(format!(
            "{option} `{text}` is not a date; write it as YYYY-MM-DD or an RFC 3339 time such as 2026-05-04T09:00:00+02:00"
        ))),
    }
}

/// `--store`, else `AIDQUIZ_STORE` (clap reads both), else the platform's
/// data folder.
fn store_path(args: StoreArgs) -> Result<PathBuf, Error> {
    if let Some(path) = args.path {
        return Ok(path);
    }
    directories::ProjectDirs::from("", "", "aidquiz")
        .map(|dirs| dirs.data_dir().join("progress.sqlite3"))
        .ok_or_else(|| {
            Error::Usage("cannot find a data folder for the progress store; pass --store PATH".into())
        })
}

fn selection(args: SelectionArgs) -> Selection {
    Selection {
        topics: args.topics,
        tags: args.tags,
        difficulties: difficulties(args.difficulties),
        count: args.count,
    }
}

fn difficulties(args: Vec<DifficultyArg>) -> Vec<Difficulty> {
    args.into_iter()
        .map(|d| match d {
            DifficultyArg::Easy => Difficulty::Easy,
            DifficultyArg::Medium => Difficulty::Medium,
            DifficultyArg::Hard => Difficulty::Hard,
        })
        .collect()
}

fn import_options(args: ImportArgs) -> ImportOptions {
    ImportOptions {
        files: args.files,
        from: args.from.map(|from| match from {
            ImportFormatArg::Gift => ImportFormat::Gift,
            ImportFormatArg::MoodleXml => ImportFormat::MoodleXml,
        }),
        topic: args.topic,
        bank_id: args.bank_id,
        out: args.out,
        force: args.force,
        strict: args.strict,
        verbose: args.verbose,
    }
}

fn export_options(args: ExportArgs, working_dir: &Path) -> ExportOptions {
    ExportOptions {
        paths: BankPaths::from_args(args.paths, working_dir),
        selection: Selection {
            topics: args.filter.topics,
            tags: args.filter.tags,
            difficulties: difficulties(args.filter.difficulties),
            count: 0,
        },
        to: match args.to {
            ExportFormatArg::Gift => ExportFormat::Gift,
            ExportFormatArg::MoodleXml => ExportFormat::MoodleXml,
            ExportFormatArg::QtiCanvas => ExportFormat::QtiCanvas,
        },
        out: args.out,
        force: args.force,
        allow_placeholders: args.allow_placeholders,
    }
}

/// 53 bits: a seed any JSON reader (JavaScript included) reads exactly.
fn draw_seed() -> u64 {
    rand::random::<u64>() >> 11
}

fn generate_options(args: GenerateArgs, working_dir: &Path) -> GenerateOptions {
    GenerateOptions {
        paths: BankPaths::from_args(args.paths, working_dir),
        spec: ExamSpec {
            title: strip_controls(&args.title),
            selection: selection(args.selection),
            seed: args.seed.unwrap_or_else(draw_seed),
            versions: args.versions,
            distinct: args.distinct,
            time_limit_secs: args.time_limit.map(|d| d.as_secs()),
            pass_mark: args.pass_mark,
            date: args.date.unwrap_or_else(|| chrono::Local::now().date_naive()),
        },
        out: args.out,
        force: args.force,
    }
}

/// The live terminal front end needs a terminal on both ends; anything else
/// (a pipe, a file, a test) gets plain text.
fn front() -> Front {
    if io::stdin().is_terminal() && io::stdout().is_terminal() {
        Front::Terminal
    } else {
        Front::Plain
    }
}

fn checked_learner(name: &str) -> Result<String, Error> {
    let learner = strip_controls(name);
    if learner.is_empty() {
        return Err(Error::Usage("--learner needs a name".into()));
    }
    // As a sheet and the browser: a longer name is a mistake, and one of a
    // few thousand characters no PostgreSQL index takes.
    let length = learner.chars().count();
    if length > NAME_LIMIT {
        return Err(Error::Usage(format!(
            "--learner is {length} characters long; a name has at most {NAME_LIMIT}"
        )));
    }
    Ok(learner)
}
