//! Instructor exams: reproducible versions, printable papers and keys, and
//! batch grading of a class's responses.

pub mod batch;
pub mod generate;
pub mod manifest;
pub mod paper;
pub mod validate;

pub use generate::{ExamSpec, generate};
pub use manifest::Manifest;
