//! Moodle XML: reading it into imported questions and writing banks as
//! Moodle XML that Moodle imports without changes.
//!
//! Texts are written with `format="plain_text"`, so Moodle shows `<` and
//! `&` as characters; HTML texts read from Moodle become plain text (see
//! `interop::html`).

mod parse;
mod write;

pub use parse::parse;
pub use write::write;
