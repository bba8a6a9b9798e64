//! The command line, as clap reads it. Nothing past `run` sees these types.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "aidquiz",
    version,
    about = "Question banks, quizzes and progress records for CPR and first-aid courses",
    after_help = "Banks: PATHs are bank files or folders of *.toml banks. With none, ./quizzes is used if it exists, else the banks built into aidquiz.\n\nExit codes: 0 success, 1 problems found (bank diagnostics, bad input), 2 usage error, 130 quiz or study session quit with Ctrl-C (the answers given are saved)."
)]
pub struct Cli {
    /// When to colour diagnostics (NO_COLOR is honoured with `auto`)
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    pub color: ColorWhen,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check banks and report every problem with file, line and column
    Check {
        /// Bank files or folders (default: ./quizzes, else the built-in banks)
        paths: Vec<PathBuf>,
        /// How to print the problems
        #[arg(long, value_enum, default_value_t = DiagnosticFormat::Text)]
        format: DiagnosticFormat,
    },
    /// List banks, topics and question counts by type and difficulty
    List {
        /// Bank files or folders (default: ./quizzes, else the built-in banks)
        paths: Vec<PathBuf>,
        /// A table for people, or one JSON object per question
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Every column in full, with each bank's file (the default table fits 80 columns)
        #[arg(long)]
        wide: bool,
    },
    /// Find badly written questions: answer cues, negative stems, explanations that do not explain
    #[command(
        after_help = "Rules, thresholds, and how to allow a rule for a question with a reason: docs/lint.md\n\nBanks with `check` problems report those and are not linted.\n\nExit codes: 0 no finding at or above the denied severity, 1 otherwise, 2 usage error."
    )]
    Lint {
        /// Bank files or folders (default: ./quizzes, else the built-in banks)
        paths: Vec<PathBuf>,
        /// How to print the findings
        #[arg(long, value_enum, default_value_t = DiagnosticFormat::Text)]
        format: DiagnosticFormat,
        /// Exit 1 on findings of this severity or worse (`-D warnings` as in clippy)
        #[arg(long, short = 'D', value_enum, value_name = "SEVERITY", default_value_t = Deny::Errors)]
        deny: Deny,
    },
    /// Record each question's revision and graded-content fingerprint in the banks' aidquiz.lock
    #[command(
        after_help = "A question whose graded content (prompt, choices, key, numbers, points, critical, case) changed without a `revision` bump is refused until you either bump its `revision` (the change alters what is right: old records and memory stay with the old revision) or name it with --editorial (wording only: records and memory carry over). See docs/bank-format.md, \"Revisions and the lock file\"."
    )]
    Lock {
        /// Bank files or folders (default: ./quizzes)
        paths: Vec<PathBuf>,
        /// A question whose change is editorial only: record its new fingerprint under the same revision (repeat for each)
        #[arg(long, value_name = "ID")]
        editorial: Vec<String>,
    },
    /// Print the JSON Schema of the bank format (for editors and tools)
    Schema,
    /// Take a timed quiz in the terminal (or from piped answers); the attempt is saved as it goes
    #[command(after_help = ANSWER_HELP)]
    Take(TakeArgs),
    /// Instructor exams: printable versions and keys, and batch grading
    #[command(subcommand)]
    Exam(ExamCommand),
    /// A spaced-repetition session: questions due for review, then new ones
    #[command(after_help = STUDY_HELP)]
    Study {
        /// Bank files or folders (default: ./quizzes, else the built-in banks)
        paths: Vec<PathBuf>,
        /// Who is studying
        #[arg(long)]
        learner: String,
        /// Only this topic (repeat for several)
        #[arg(long = "topic", value_name = "TOPIC")]
        topics: Vec<String>,
        /// At most this many questions never seen before
        #[arg(long, default_value_t = 10)]
        new: usize,
        /// At most this many questions in all (due ones first)
        #[arg(long, default_value_t = 30)]
        limit: usize,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Where a learner stands: per topic seen, recall and recent accuracy; what is due
    Progress {
        /// Bank files or folders (default: ./quizzes, else the built-in banks)
        paths: Vec<PathBuf>,
        /// The learner
        #[arg(long)]
        learner: String,
        /// A table for people, or JSON for tools
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Import questions from GIFT or Moodle XML files into a new bank
    #[command(after_help = IMPORT_HELP)]
    Import(ImportArgs),
    /// Export questions as GIFT, Moodle XML or a Canvas QTI zip
    Export(ExportArgs),
    /// A learner's attempts, newest first
    History {
        /// The learner whose attempts to show
        #[arg(long)]
        learner: String,
        /// A table for people, or JSON for tools
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Score reports and item analysis, as CSV, JSON, Markdown or HTML
    #[command(after_help = REPORT_HELP)]
    Report(ReportArgs),
    /// Serve quizzes, study and progress to learners' browsers
    #[command(after_help = SERVE_HELP)]
    Serve(ServeArgs),
    /// Progress stores themselves: copy every record from one to another
    #[command(subcommand)]
    Store(StoreCommand),
}

const SERVE_HELP: &str = "\
The first line on stdout is `Listening on http://HOST:PORT/`. Ctrl-C or SIGTERM stops the
server after the requests in flight; open quizzes stay open and resume on the next start.
Learners open the address, give their name and take quizzes, study and see their progress.";

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Bank files or folders (default: ./quizzes, else the built-in banks)
    pub paths: Vec<PathBuf>,
    /// Address to listen on; port 0 picks a free one (`:PORT` is 127.0.0.1:PORT)
    #[arg(long, default_value = "127.0.0.1:8080", value_parser = parse_listen)]
    pub listen: std::net::SocketAddr,
    /// File whose first line is the instructor's password (turns the instructor pages on)
    #[arg(long, value_name = "FILE")]
    pub instructor_password_file: Option<PathBuf>,
    #[command(flatten)]
    pub store: StoreArgs,
}

/// `127.0.0.1:8080`, `[::1]:0`, or `:8080` for the loopback address.
pub fn parse_listen(text: &str) -> Result<std::net::SocketAddr, String> {
    let text = text.trim();
    let full = match text.strip_prefix(':') {
        Some(port) => format!("127.0.0.1:{port}"),
        None => text.to_owned(),
    };
    full.parse().map_err(|_| {
        format!("`{text}` is not an address to listen on; write it like 127.0.0.1:8080 or :8080")
    })
}

const REPORT_HELP: &str = "\
Reports:
  attempts  one row per attempt: score, percent, pass, time, a percent per topic
  learners  one row per learner: attempts, best and latest percent, mastery per topic, trend
  items     item analysis per question: facility, discrimination, time, choice picks, flags;
            with --exam also the test's mean, SD and reliability (KR-20 or Cronbach's alpha)

Filters combine. Dates are YYYY-MM-DD (UTC; --until includes that day) or RFC 3339 times.
A report that selects no attempt is an error (exit 1), never an empty file.
Formulas and thresholds: docs/item-analysis.md; the JSON schema: docs/reports.md.";

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Which report
    #[arg(value_enum, default_value_t = ReportKind::Attempts)]
    pub kind: ReportKind,
    /// Only this learner's attempts
    #[arg(long)]
    pub learner: Option<String>,
    /// Only attempts at this exam (its exam id)
    #[arg(long = "exam", value_name = "ID")]
    pub exam: Option<String>,
    /// Only questions of this topic
    #[arg(long)]
    pub topic: Option<String>,
    /// Only attempts started on or after this date or time
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only attempts started on or before this date (the whole day) or time
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Output format
    #[arg(long, value_enum)]
    pub format: ReportFormat,
    /// Write into this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Banks the item analysis takes question and choice texts from
    /// (repeatable; default: ./quizzes if there, else the built-in banks)
    #[arg(long = "bank", value_name = "PATH")]
    pub banks: Vec<PathBuf>,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportKind {
    Attempts,
    Learners,
    Items,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Csv,
    Json,
    Md,
    Html,
}

const STUDY_HELP: &str = "\
Every answer becomes a review for the FSRS scheduler: wrong = again; partly right or slower
than 45 s = hard; right within 8 s = easy; otherwise good. On a terminal the rating is shown
after each answer and keys 1-4 change it (Enter keeps it). Answers in `take` and graded exams
count as reviews too. See docs/study.md.";

const ANSWER_HELP: &str = "\
Answering:
  single choice   one letter: B
  select all      letters, any order: A,C
  true/false      T or F
  short answer    the word or phrase
  numeric         a number (the unit may follow): 20
  ordering        every letter in order: C,A,B,D
  matching        item numbers with letters: 1B 2A 3C
  An empty answer skips the question. Ctrl-C quits; answers given so far are kept.

On a terminal the quiz shows a live countdown. Piped (stdin not a terminal), it prints the
quiz as plain text and reads one answer per line; end of input ends the quiz.

Records: every answer is saved as it is given. An attempt counts as `abandoned` until it
ends as `completed` or `timed-out`, so a killed quiz is never lost.";

const IMPORT_HELP: &str = "\
Each question gets an id from its GIFT title or Moodle name (else a hash of its prompt), a topic
from its category (else --topic), and a note of where it came from. Where the source has no
section, explanation or difficulty, a placeholder is written and a warning says so. Anything
aidquiz cannot express exactly (a partial-credit weight, per-answer feedback on true/false, …)
is reported per question with its file and line; repeated warnings of one kind are shown once
with a count and their first places (--verbose lists each). Essays and descriptions are skipped
with a warning. A question with an error (a GIFT or XML syntax error, a rule `aidquiz check`
applies) is left out and listed with its file and line; the others are imported, and the summary
says \"imported N of M questions, K skipped\". With --strict any such error writes nothing.

Exit status: 0 the bank was written (skipped questions listed on stderr); 1 nothing was written
(a file cannot be read, no question can be imported, or --strict and an error); 2 bad usage.";

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// GIFT (.gift, .txt) or Moodle XML (.xml) files
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The files' format (default: from each file's extension)
    #[arg(long, value_enum)]
    pub from: Option<ImportFormatArg>,
    /// Topic for questions that have no category
    #[arg(long)]
    pub topic: Option<String>,
    /// The new bank's id (default: from the --out file name)
    #[arg(long)]
    pub bank_id: Option<String>,
    /// The bank file to write; its folder is created
    #[arg(long)]
    pub out: PathBuf,
    /// Replace --out if it exists
    #[arg(long)]
    pub force: bool,
    /// Write nothing if any question has an error (default: leave it out and import the rest)
    #[arg(long)]
    pub strict: bool,
    /// List every warning (default: one per kind, with a count and the first places)
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Bank files or folders (default: ./quizzes, else the built-in banks)
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The format to write
    #[arg(long, value_enum)]
    pub to: ExportFormatArg,
    /// The file to write (.gift, .xml, or .zip for qti-canvas); its folder is created
    #[arg(long)]
    pub out: PathBuf,
    /// Replace --out if it exists
    #[arg(long)]
    pub force: bool,
    /// Export questions whose explanation is still an import's "TODO: …" placeholder
    #[arg(long)]
    pub allow_placeholders: bool,
}

/// Which questions an export writes: every question that passes all filters.
#[derive(Debug, clap::Args)]
pub struct FilterArgs {
    /// Only this topic (repeat for several)
    #[arg(long = "topic", value_name = "TOPIC")]
    pub topics: Vec<String>,
    /// Only questions with this tag (repeat to allow several)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Only questions of this difficulty (repeat to allow several)
    #[arg(long = "difficulty", value_enum, value_name = "LEVEL")]
    pub difficulties: Vec<DifficultyArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormatArg {
    Gift,
    MoodleXml,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatArg {
    Gift,
    MoodleXml,
    QtiCanvas,
}

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Copy every record (attempts, responses, regrades, memory, reviews, rooms, …) from one store
    /// into another, SQLite or PostgreSQL, either way; then count and checksum each table on both
    #[command(
        after_help = "Rows keep their ids and only those the target lacks are added: running the copy again adds nothing, and a copy that was interrupted completes when run again. Exit status: 0 when every table matches, 1 when one does not (the target held other records), 2 on a usage error."
    )]
    Copy {
        /// The store to copy from (a file, `sqlite:PATH` or `postgres://…`); it must exist
        #[arg(long, value_name = "PATH|URL")]
        from: PathBuf,
        /// The store to copy into; created when missing (a file) or empty (a database)
        #[arg(long, value_name = "PATH|URL")]
        to: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExamCommand {
    /// Write reproducible exam versions: papers (Markdown, HTML), keys and the manifest
    Generate(GenerateArgs),
    /// Grade a class's response sheet (CSV) and save an attempt per learner
    #[command(after_help = SHEET_HELP)]
    Grade {
        /// The exam folder written by `aidquiz exam generate`
        dir: PathBuf,
        /// The responses: CSV with the header learner,version,1,2,…,N
        responses: PathBuf,
        /// Save the good rows even when some rows are bad (the bad ones are listed)
        #[arg(long)]
        skip_bad_rows: bool,
        #[command(flatten)]
        store: StoreArgs,
    },
}

const SHEET_HELP: &str = "\
The sheet: one row per learner, `learner,version,1,2,…,N`. A cell holds the answer as the
learner wrote it (B, A,C, T, 20, C,A,B,D, 1B 2A …); case and surrounding spaces are ignored,
and a blank cell is unanswered. Any bad row (unknown version, wrong number of columns, an
answer that cannot be one, a learner twice) is reported with its line and column, and nothing
is saved unless --skip-bad-rows. Grading a sheet again updates each learner's attempt; an
earlier grade is kept in the attempt's history.";

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// Bank files or folders (default: ./quizzes, else the built-in banks)
    pub paths: Vec<PathBuf>,
    /// How many versions (A, B, …): the same questions in different orders
    #[arg(long, default_value_t = 1)]
    pub versions: usize,
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Seed: the same banks, options and seed write the same exam (default: drawn and printed)
    #[arg(long, value_parser = seed_parser())]
    pub seed: Option<u64>,
    /// Folder to write the exam into (refused if it is not empty, unless --force)
    #[arg(long)]
    pub out: PathBuf,
    /// Title printed on the papers
    #[arg(long, default_value = "First-aid exam")]
    pub title: String,
    /// Time allowed, printed on the papers and kept in the manifest
    #[arg(long, value_parser = parse_duration)]
    pub time_limit: Option<Duration>,
    /// Percent needed to pass
    #[arg(long, default_value_t = 80.0, value_parser = parse_percent)]
    pub pass_mark: f64,
    /// Give every version its own questions (same spread over topics)
    #[arg(long)]
    pub distinct: bool,
    /// Write into a folder that is not empty
    #[arg(long)]
    pub force: bool,
    /// Date printed on the key and kept in the manifest, YYYY-MM-DD (default: today)
    #[arg(long)]
    pub date: Option<chrono::NaiveDate>,
}

/// Seeds are kept in SQLite and TOML, whose integers are signed 64-bit.
fn seed_parser() -> clap::builder::RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(..=i64::MAX.unsigned_abs())
}

#[derive(Debug, clap::Args)]
pub struct TakeArgs {
    /// Bank files or folders (default: ./quizzes, else the built-in banks)
    pub paths: Vec<PathBuf>,
    /// Who is taking the quiz (records are kept per learner)
    #[arg(long)]
    pub learner: String,
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Time allowed, such as 90s, 10m, 1h or 1h30m (default: no limit)
    #[arg(long, value_parser = parse_duration)]
    pub time_limit: Option<Duration>,
    /// study: feedback after each answer; exam: only at the end
    #[arg(long, value_enum, default_value_t = ModeArg::Study)]
    pub mode: ModeArg,
    /// Percent needed to pass
    #[arg(long, default_value_t = 80.0, value_parser = parse_percent)]
    pub pass_mark: f64,
    /// Seed for the question and choice order (default: drawn, and saved with the attempt)
    #[arg(long, value_parser = seed_parser())]
    pub seed: Option<u64>,
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Which questions a quiz draws.
#[derive(Debug, clap::Args)]
pub struct SelectionArgs {
    /// Draw from this topic (repeat for several; questions are spread evenly)
    #[arg(long = "topic", value_name = "TOPIC")]
    pub topics: Vec<String>,
    /// Only questions with this tag (repeat to allow several)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Only questions of this difficulty (repeat to allow several)
    #[arg(long = "difficulty", value_enum, value_name = "LEVEL")]
    pub difficulties: Vec<DifficultyArg>,
    /// How many questions
    #[arg(long, default_value_t = 10)]
    pub count: usize,
}

#[derive(Debug, clap::Args)]
pub struct StoreArgs {
    /// The progress store. `take`, `study` and `exam grade` create it; reports and
    /// `history`/`progress` only read it. A SQLite file (`PATH` or `sqlite:PATH`), or a
    /// PostgreSQL database: `postgres://USER[:PASSWORD]@HOST[:PORT]/DB`
    #[arg(
        long = "store",
        value_name = "PATH|URL",
        env = "AIDQUIZ_STORE",
        hide_env_values = true
    )]
    pub path: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    Study,
    Exam,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DifficultyArg {
    Easy,
    Medium,
    Hard,
}

/// `90s`, `10m`, `1h`, `1h30m`, or plain seconds; never zero.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let invalid = || format!("`{text}` is not a duration; write it like 90s, 10m, 1h or 1h30m");
    let zero = || format!("`{text}` is no time at all; a time limit must be positive, such as 90s or 10m");
    let text = text.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return if seconds == 0 {
            Err(zero())
        } else {
            Ok(Duration::from_secs(seconds))
        };
    }
    let mut total = 0u64;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return Err(invalid()),
        };
        let value: u64 = number.parse().map_err(|_| invalid())?;
        total = value
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(invalid)?;
        number.clear();
    }
    if !number.is_empty() || text.is_empty() {
        return Err(invalid());
    }
    if total == 0 {
        return Err(zero());
    }
    Ok(Duration::from_secs(total))
}

fn parse_percent(text: &str) -> Result<f64, String> {
    match text.trim().trim_end_matches('%').parse::<f64>() {
        Ok(value) if (0.0..=100.0).contains(&value) => Ok(value),
        _ => Err(format!("`{text}` is not a percentage from 0 to 100")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

/// The least severe finding that makes `aidquiz lint` fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
    Errors,
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::parse_duration;

    #[test]
    fn durations_read_like_people_write_them() {
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("45"), Ok(Duration::from_secs(45)));
        assert!(parse_duration("10 minutes").is_err());
        assert!(parse_duration("m").is_err());
        assert!(parse_duration("0s").unwrap_err().contains("must be positive"));
        assert!(parse_duration("0").unwrap_err().contains("must be positive"));
        assert!(parse_duration("0h0m").unwrap_err().contains("must be positive"));
        assert!(parse_duration("").unwrap_err().contains("not a duration"));
    }
}
