//! GIFT, Moodle's plain-text question format: reading it into imported
//! questions and writing banks as GIFT that Moodle imports unchanged.
//!
//! Reference: Moodle's GIFT documentation (docs.moodle.org, "GIFT format").
//! Besides Moodle's own `// [tag:…]` comments, aidquiz writes a few
//! comment-borne settings Moodle ignores (`[points:2]`, `[typos:1]`,
//! `[unit:minutes]`, `[shuffle:false]`) so a bank survives a round trip.

mod parse;
mod write;

pub use parse::{parse, parse_each};
pub use write::write;

/// The characters GIFT gives a meaning to; a backslash makes them literal.
const SPECIAL: &[char] = &['~', '=', '#', '{', '}', ':', '\\'];
