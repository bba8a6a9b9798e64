//! Small text helpers shared by the checks and the grader.

/// Lower-cases, trims, drops punctuation and folds runs of white space, so
/// that "Ibuprofen." and "  ibuprofen" compare equal.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '/' {
            // "cat-cow" must read as "cat cow", not "catcow".
            pending_space = true;
        }
        // Other punctuation ("child's", "Advil.") is dropped outright.
    }
    out
}

/// Levenshtein distance in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(word, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Lower-case hexadecimal, for digests.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::{closest, edit_distance, hex, normalise};

    #[test]
    fn hex_pads_each_byte() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }

    #[test]
    fn normalise_ignores_case_space_and_punctuation() {
        assert_eq!(normalise("  Ibuprofen. "), "ibuprofen");
        assert_eq!(normalise("Cat-Cow  stretch!"), "cat cow stretch");
        assert_eq!(normalise("child's pose"), "childs pose");
    }

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("naproxen", "naproxen"), 0);
        assert_eq!(edit_distance("acetaminophen", "acetaminofen"), 2);
    }

    #[test]
    fn closest_suggests_only_near_misses() {
        let keys = ["explanation", "prompt", "section"];
        assert_eq!(closest("explaination", keys), Some("explanation"));
        assert_eq!(closest("colour", keys), None);
    }
}
