//! The command line, as clap reads it. Nothing past `run` sees these types.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "aidquiz",
    version,
    about = "Question banks, quizzes and progress records for CPR and first-aid courses",
    after_help = "Banks: PATHs are bank files or folders of *.toml banks. With none, ./quizzes is used if it exists, else the banks built into aidquiz.\n\nExit codes: 0 success, 1 problems found (bank diagnostics, bad input), 2 usage error."
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
    /// Print the JSON Schema of the bank format (for editors and tools)
    Schema,
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
