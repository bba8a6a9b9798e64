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
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::BankProblems { .. } | Error::Findings { .. } | Error::Output(_) | Error::Write { .. } => {
                EXIT_PROBLEMS
            }
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
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::BankProblems { .. } | Error::Findings { .. } => None,
            Error::Output(source) | Error::Write { source, .. } => Some(source),
        }
    }
}

impl From<io::Error> for Error {
    fn from(error: io::Error) -> Self {
        Error::Output(error)
    }
}
