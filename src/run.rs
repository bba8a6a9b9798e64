//! Parses the command line, runs the command, prints an error once and
//! decides the exit code.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};

use clap::Parser;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use crate::bank::BankPaths;
use crate::cli::{Cli, ColorWhen, Command, Deny};
use crate::commands::{self, Output};
use crate::diagnostic::Severity;
use crate::error::{EXIT_USAGE, Error};

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
        Command::List { paths, format } => {
            commands::list::run(&BankPaths::from_args(paths, &working_dir), format, &mut output)
        }
        Command::Lint { paths, format, deny } => {
            let deny = match deny {
                Deny::Warnings => Severity::Warning,
                Deny::Errors => Severity::Error,
            };
            let paths = BankPaths::from_args(paths, &working_dir);
            commands::lint::run(&paths, format, deny, &mut output)
        }
        Command::Schema => commands::schema::run(&mut output),
    };
    let result = result.and_then(|()| output.out.flush().map_err(Error::Output));
    match result {
        Ok(()) => 0,
        Err(error) if error.is_broken_pipe() => 0,
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
