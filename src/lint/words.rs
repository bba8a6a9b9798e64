//! Word-level helpers for the rules: content words, plurals, and the sound
//! a word starts with. Heuristics for English course text, documented in
//! docs/lint.md; they need to be right often, not always, because every
//! rule can be allowed with a reason where they are wrong.

/// Words that carry no content of their own, left out when rules compare
/// wording. (A `match` rather than a list: rules ask this of every word.)
pub fn is_filler(word: &str) -> bool {
    matches!(
        word,
        "a" | "about"
            | "after"
            | "also"
            | "am"
            | "an"
            | "and"
            | "any"
            | "are"
            | "as"
            | "at"
            | "be"
            | "been"
            | "being"
            | "but"
            | "by"
            | "can"
            | "could"
            | "did"
            | "do"
            | "does"
            | "for"
            | "from"
            | "had"
            | "has"
            | "have"
            | "he"
            | "her"
            | "him"
            | "his"
            | "how"
            | "i"
            | "if"
            | "in"
            | "into"
            | "is"
            | "it"
            | "its"
            | "may"
            | "me"
            | "might"
            | "my"
            | "of"
            | "on"
            | "or"
            | "our"
            | "she"
            | "should"
            | "so"
            | "than"
            | "that"
            | "the"
            | "their"
            | "them"
            | "then"
            | "there"
            | "these"
            | "they"
            | "this"
            | "those"
            | "to"
            | "up"
            | "was"
            | "we"
            | "were"
            | "what"
            | "when"
            | "where"
            | "which"
            | "who"
            | "whom"
            | "why"
            | "will"
            | "with"
            | "would"
            | "you"
            | "your"
    )
}

/// A lower-case word without a plural `s`, so that "packs" and "pack"
/// compare equal (but "stress" and "nucleus" keep theirs).
pub fn singular(word: &str) -> &str {
    let keeps_s = word.len() <= 3 || word.ends_with("ss") || word.ends_with("us") || word.ends_with("is");
    match word.strip_suffix('s') {
        Some(stem) if !keeps_s => stem,
        _ => word,
    }
}

/// The content words of a text already passed through
/// [`normalise`](crate::text::normalise): singular, without filler,
/// sorted and without repeats.
pub fn content_words(normalised: &str) -> Vec<&str> {
    let mut words: Vec<&str> = normalised
        .split(' ')
        .filter(|w| !w.is_empty() && !is_filler(w))
        .map(singular)
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// How many words two sorted, deduplicated lists share.
pub fn shared(a: &[&str], b: &[&str]) -> usize {
    a.iter().filter(|w| b.binary_search(w).is_ok()).count()
}

/// The words of a text with their byte offsets, in their written case.
pub fn written_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let start = text.as_ptr() as usize;
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        // Each word is a slice of `text`, so its distance from the start is its offset.
        .map(move |word| (word.as_ptr() as usize - start, word))
}

/// Whether a word is said starting with a vowel sound, so that it takes
/// "an" rather than "a". Spelling is a good guide with a few exceptions:
/// "a unit", "a one-off", "an hour", and abbreviations spelled out letter
/// by letter ("an NSAID", "a TENS unit" is read "a tens unit").
pub fn starts_with_vowel_sound(word: &str) -> bool {
    let Some(first) = word.chars().next() else {
        return false;
    };
    if first.is_ascii_digit() {
        // "an 8-hour shift", "an 11-year-old", "an 18-month-old".
        return first == '8' || ((word.starts_with("11") || word.starts_with("18")) && word.len() == 2);
    }
    let lower = word.to_lowercase();
    let is_initialism = word.len() > 1
        && word.chars().all(|c| c.is_ascii_uppercase())
        && !SAID_AS_WORDS.contains(&lower.as_str());
    if is_initialism {
        // The names of these letters start with a vowel: "an F", "an MRI".
        return "AEFHILMNORSX".contains(first);
    }
    const CONSONANT_SOUND: &[&str] = &[
        "eu", "ewe", "once", "one", "ubiq", "uni", "ura", "ure", "uri", "uro", "use", "usu", "uti",
    ];
    const VOWEL_SOUND: &[&str] = &["heir", "honest", "honor", "honour", "hour"];
    if CONSONANT_SOUND.iter().any(|prefix| lower.starts_with(prefix)) {
        return false;
    }
    if VOWEL_SOUND.iter().any(|prefix| lower.starts_with(prefix)) {
        return true;
    }
    lower.starts_with(['a', 'e', 'i', 'o', 'u'])
}

/// Capitalised abbreviations read as words, not letter by letter.
const SAID_AS_WORDS: &[&str] = &["aids", "nasa", "nato", "tens", "covid"];

#[cfg(test)]
mod tests {
    use super::{content_words, is_filler, singular, starts_with_vowel_sound, written_words};

    #[test]
    fn filler_words_carry_no_content() {
        assert!(is_filler("the") && is_filler("which") && is_filler("your"));
        assert!(!is_filler("ice") && !is_filler("not") && !is_filler("because"));
    }

    #[test]
    fn plurals_lose_their_s_but_stress_keeps_it() {
        assert_eq!(singular("packs"), "pack");
        assert_eq!(singular("stress"), "stress");
        assert_eq!(singular("nucleus"), "nucleus");
        assert_eq!(singular("gas"), "gas");
    }

    #[test]
    fn content_words_are_singular_sorted_and_unique() {
        assert_eq!(
            content_words("apply the ice packs and an ice pack"),
            ["apply", "ice", "pack"]
        );
    }

    #[test]
    fn written_words_keep_case_and_offsets() {
        let words: Vec<(usize, &str)> = written_words("Which is NOT (a) cold–pack?").collect();
        assert_eq!(
            words,
            [
                (0, "Which"),
                (6, "is"),
                (9, "NOT"),
                (14, "a"),
                (17, "cold"),
                (24, "pack")
            ]
        );
    }

    #[test]
    fn vowel_sounds() {
        for word in [
            "ice", "NSAID", "hour", "MRI", "8", "18", "honest", "elbow", "urgent",
        ] {
            assert!(starts_with_vowel_sound(word), "{word}");
        }
        for word in [
            "heat", "unit", "one", "TENS", "Bananas", "useful", "European", "180", "urine",
        ] {
            assert!(!starts_with_vowel_sound(word), "{word}");
        }
    }
}
