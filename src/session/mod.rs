//! Taking a quiz: the session state machine and the front ends that drive it.

pub mod plain;
pub mod render;
pub mod state;
pub mod terminal;

pub use state::{Feedback, Outcome, Report, Session, Settings};
