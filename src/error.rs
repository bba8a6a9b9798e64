//! The errors a command can end with, and the exit code of each.

use std::io;
use std::path::PathBuf;

use crate::diagnostic::Severity;

/// Exit code for a run that found problems (bank diagnostics, bad input).
pub const EXIT_PROBLEMS: i32 = 1;
/// Exit code for a command line that could not be understood (clap's too).
pub const EXIT_USAGE: i32 = 2;

#[derive(Debug)]
pub enum Error {
    /// The banks have problems; the diagnostics have already been printed.
    BankProblems { errors: usize },
    /// `aidquiz lint` found `count` findings of the `deny` severity or
    /// worse; they have already been printed.
    Findings { count: usize, deny: Severity },
    /// Writing the command's output failed.
    Output(io::Error),
    /// A file the command needed could not be written.
    Write { path: PathBuf, source: io::Error },
    /// The progress store could not be opened, read or written.
    Store(crate::store::StoreError),
    /// The banks cannot make the quiz asked for.
    Assemble(crate::assemble::AssembleError),
    /// An input file (exam manifest, response sheet) that cannot be used;
    /// the message names the file and the place.
    Input(String),
    /// A response sheet with bad rows, already listed; nothing was saved.
    BadRows { rows: usize },
    /// A report whose filters select no attempt: a message, not an empty file.
    EmptyReport { filters: String, store: PathBuf },
    /// Arguments that parse but make no sense together.
    Usage(String),
    /// The learner quit a quiz; what they answered is saved.
    Interrupted { attempt: crate::record::AttemptId },
    /// A terminal quiz ended by SIGTERM or SIGHUP; the terminal is restored
    /// and what was answered is saved, as abandoned.
    Signalled {
        attempt: crate::record::AttemptId,
        signal: i32,
    },
    /// A quiz's output could not be written (its reader went away, as in
    /// `take | head`): the quiz stopped, saved with `status`.
    QuizOutput {
        attempt: crate::record::AttemptId,
        status: crate::record::Status,
        source: io::Error,
    },
}

/// Exit code for a quiz the learner quit with Ctrl-C (128 + SIGINT, as shells do).
pub const EXIT_INTERRUPTED: i32 = 130;

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::BankProblems { .. }
            | Error::Output(_)
            | Error::Write { .. }
            | Error::Store(_)
            | Error::Assemble(_)
            | Error::Input(_)
            | Error::BadRows { .. }
            | Error::Findings { .. }
            | Error::EmptyReport { .. }
            | Error::QuizOutput { .. } => EXIT_PROBLEMS,
            Error::Usage(_) => EXIT_USAGE,
            Error::Interrupted { .. } => EXIT_INTERRUPTED,
            // 128 + the signal, as shells report a process it ended.
            Error::Signalled { signal, .. } => 128 + signal,
        }
    }

    /// A closed pipe (`aidquiz list | head`) is not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::BankProblems { errors } => {
                let s = if *errors == 1 { "" } else { "s" };
                write!(f, "{errors} problem{s} in the banks (see above)")
            }
            Error::Findings { count, deny } => {
                let s = if *count == 1 { "" } else { "s" };
                match deny {
                    Severity::Error => write!(f, "{count} error{s} in the banks (see above)"),
                    Severity::Warning => {
                        write!(
                            f,
                            "{count} finding{s} in the banks, and `--deny warnings` fails on any (see above)"
                        )
                    }
                }
            }
            Error::Output(source) => write!(f, "cannot write output: {source}"),
            Error::Write { path, source } => write!(f, "cannot write {}: {source}", path.display()),
            Error::Store(error) => error.fmt(f),
            Error::Assemble(error) => error.fmt(f),
            Error::Usage(message) | Error::Input(message) => f.write_str(message),
            Error::BadRows { rows } => {
                let s = if *rows == 1 { "" } else { "s" };
                write!(
                    f,
                    "{rows} bad row{s} (listed above); nothing was saved. Fix them, or pass --skip-bad-rows to save the good rows"
                )
            }
            Error::EmptyReport { filters, store } => write!(
                f,
                "nothing to report: {filters} in {}; no report was written",
                store.display()
            ),
            Error::Interrupted { attempt } => {
                write!(
                    f,
                    "quiz abandoned; the answers given are saved as attempt {attempt}"
                )
            }
            Error::Signalled { attempt, signal } => write!(
                f,
                "quiz ended by signal {signal}; the answers given are saved as attempt {attempt}, abandoned"
            ),
            Error::QuizOutput {
                attempt,
                status,
                source,
            } => write!(
                f,
                "cannot write the quiz to standard output ({source}); the quiz stopped, and the answers given are saved as attempt {attempt}, {}",
                status.as_str()
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Findings { .. } => None,
            Error::Output(source) | Error::Write { source, .. } | Error::QuizOutput { source, .. } => {
                Some(source)
            }
            Error::Store(error) => Some(error),
            Error::Assemble(error) => Some(error),
            Error::BankProblems { .. }
            | Error::Usage(_)
            | Error::Input(_)
            | Error::BadRows { .. }
            | Error::EmptyReport { .. }
            | Error::Interrupted { .. }
            | Error::Signalled { .. } => None,
        }
    }
}

impl From<io::Error> for Error {
    fn from(error: io::Error) -> Self {
        Error::Output(error)
    }
}

impl From<crate::store::StoreError> for Error {
    fn from(error: crate::store::StoreError) -> Self {
        Error::Store(error)
    }
}

impl From<crate::assemble::AssembleError> for Error {
    fn from(error: crate::assemble::AssembleError) -> Self {
        Error::Assemble(error)
    }
}
