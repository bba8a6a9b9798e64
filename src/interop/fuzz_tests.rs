//! Bounded fuzzing (issue #18): mutated GIFT, Moodle XML and bank files, run
//! through the readers and the loader, must give diagnostics, never a panic
//! or a hang. A few hundred cases each keep it to seconds in `cargo test`.

use proptest::prelude::*;

use super::{gift, into_questions, moodle};
use crate::bank::load::load_file;

const GIFT_SEEDS: [&str; 3] = [
    include_str!("../../tests/fixtures/interop/constructs.gift"),
    include_str!("../../tests/fixtures/interop/moodle-rules.gift"),
    include_str!("../../tests/fixtures/interop/real/moodle-gift-examples.txt"),
];
const XML_SEEDS: [&str; 3] = [
    include_str!("../../tests/fixtures/interop/constructs.xml"),
    include_str!("../../tests/fixtures/interop/moodle-rules.xml"),
    include_str!("../../tests/fixtures/interop/real/moodle-xml-nested_categories_with_questions.xml"),
];
const BANK_SEEDS: [&str; 2] = [
    include_str!("../../quizzes/treatment.toml"),
    include_str!("../../tests/fixtures/bad/duplicate-choice.toml"),
];

/// What a mutation puts in: the characters each format gives meaning to,
/// numbers that overflow, and text in other scripts.
const PIECES: [&str; 28] = [
    "{",
    "}",
    "~",
    "=",
    "#",
    ":",
    "::",
    "\\",
    "%",
    "%1e309%",
    "%inf%",
    "->",
    "[html]",
    "$CATEGORY:",
    "\n",
    "\r\n",
    "\u{feff}",
    "<",
    ">",
    "</",
    "<![CDATA[",
    "]]>",
    "&amp;",
    "&#0;",
    "fraction=\"inf\"",
    "\"",
    "Шок",
    "*",
];

#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, usize),
    Delete(usize, usize),
    Duplicate(usize, usize),
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    prop::collection::vec(
        prop_oneof![
            (any::<usize>(), 0..PIECES.len()).prop_map(|(at, piece)| Mutation::Insert(at, piece)),
            (any::<usize>(), 1usize..40).prop_map(|(at, len)| Mutation::Delete(at, len)),
            (any::<usize>(), 1usize..200).prop_map(|(at, len)| Mutation::Duplicate(at, len)),
        ],
        1..12,
    )
}

/// The seed with the mutations applied, each at a char boundary.
fn mutate(seed: &str, mutations: &[Mutation]) -> String {
    let mut text = seed.to_owned();
    let boundary = |text: &str, at: usize| {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    for mutation in mutations {
        match *mutation {
            Mutation::Insert(at, piece) => {
                let at = boundary(&text, at);
                text.insert_str(at, PIECES[piece]);
            }
            Mutation::Delete(at, len) => {
                let start = boundary(&text, at);
                let end = boundary(&text, start + len);
                text.replace_range(start..end.max(start), "");
            }
            Mutation::Duplicate(at, len) => {
                let start = boundary(&text, at);
                let end = boundary(&text, start + len).max(start);
                let copy = text[start..end].to_owned();
                text.insert_str(end, &copy);
            }
        }
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_gift_never_panics(seed in 0..GIFT_SEEDS.len(), changes in mutations()) {
        let text = mutate(GIFT_SEEDS[seed], &changes);
        let parsed = gift::parse(0, "fuzz.gift", &text);
        let mut diagnostics = parsed.diagnostics;
        into_questions(parsed.questions, Some("fuzz"), &|_| "fuzz.gift".to_owned(), &mut diagnostics);
    }

    #[test]
    fn mutated_moodle_xml_never_panics(seed in 0..XML_SEEDS.len(), changes in mutations()) {
        let text = mutate(XML_SEEDS[seed], &changes);
        let parsed = moodle::parse(0, "fuzz.xml", &text);
        let mut diagnostics = parsed.diagnostics;
        into_questions(parsed.questions, Some("fuzz"), &|_| "fuzz.xml".to_owned(), &mut diagnostics);
    }

    #[test]
    fn mutated_banks_never_panic(seed in 0..BANK_SEEDS.len(), changes in mutations()) {
        let text = mutate(BANK_SEEDS[seed], &changes);
        let mut diagnostics = Vec::new();
        let _ = load_file(0, &text, &mut diagnostics);
    }
}
