//! Question banks: the model, loading with diagnostics, and the content rules.

pub mod check;
mod fields;
pub mod load;
pub mod lock;
pub mod model;
pub mod source;
mod spans;
#[cfg(test)]
pub(crate) mod testing;
pub mod write;

pub use load::{Catalog, LoadedBank};
pub use model::{Answer, Bank, Difficulty, LintSettings, Question, QuestionId, QuestionType, Scenario};
pub use source::{BankPaths, load_banks};
