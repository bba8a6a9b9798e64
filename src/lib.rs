//! aidquiz: question banks for CPR and first-aid courses, checked, listed and
//! (in later work) assembled into timed quizzes, graded and recorded.
//!
//! The core (`bank`, `lint`, `assemble`, `grade`, `session`, `study`, `text`)
//! is pure; `commands` and `run` are the edges that read files and write to
//! the terminal, and `store` keeps progress records in SQLite.

pub mod assemble;
pub mod bank;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod diagnostic;
pub mod error;
pub mod exam;
pub mod grade;
pub mod input;
pub mod interop;
pub mod lint;
pub mod pass;
pub mod record;
pub mod report;
pub mod response;
mod run;
pub mod serve;
pub mod session;
pub mod store;
pub mod study;
pub mod text;

pub use error::Error;
pub use run::run;
