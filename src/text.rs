//! Small text helpers shared by the checks and the grader.

use chrono::{DateTime, Datelike, SecondsFormat, Timelike, Utc};

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
            // Course text is mostly ASCII, which needs no Unicode case tables.
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else if c.is_whitespace() || c == '-' || c == '/' {
            // "cat-cow" must read as "cat cow", not "catcow".
            pending_space = true;
        }
        // Other punctuation ("child's", "Advil.") is dropped outright.
    }
    out
}

/// A key that sorts names as people read them, without a locale library:
/// case, accents and punctuation aside ("ana" < "Élise" < "O'Brien, Pat" <
/// "oscar"), the name itself breaking ties so the order is total.
pub fn reading_order(name: &str) -> (String, String) {
    let mut folded = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        match fold_accent(c) {
            Some(plain) => folded.push_str(plain),
            None if c.is_alphanumeric() => folded.push(c),
            None if c.is_whitespace() && !folded.ends_with(' ') => folded.push(' '),
            None => {}
        }
    }
    (folded.trim().to_owned(), name.to_owned())
}

/// The letters of the Latin alphabets people's names most often carry,
/// as the plain letters they are filed under.
fn fold_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// `1 bank`, `2 banks`: a count with its noun, singular for one.
pub fn counted<N>(count: N, singular: &str, plural: &str) -> String
where
    N: std::fmt::Display + PartialEq + From<u8>,
{
    let noun = if count == N::from(1) { singular } else { plural };
    format!("{count} {noun}")
}

/// A control character that must not reach a terminal, an HTML page or an
/// XML file (ESC, BEL, NUL, DEL, the C1 range …). Tabs and line breaks are
/// ordinary text.
pub fn is_hostile_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// The first hostile control character in `text`, with its byte offset.
pub fn find_control(text: &str) -> Option<(usize, char)> {
    // Every control character's UTF-8 begins with a byte below 0x20, with
    // 0x7F, or with 0xC2 (U+0080 to U+009F), each at a character boundary.
    // The text is read eight bytes at a time for those (most of a bank's or
    // an import's strings are a few words: per-string cost is what counts).
    let suspects = |word: u64| bytes_below(word, 0x20) | bytes_equal(word, 0x7f) | bytes_equal(word, 0xc2);
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = first_flagged(bytes, from, suspects) {
        let c = text[at..].chars().next()?;
        if is_hostile_control(c) {
            return Some((at, c));
        }
        from = at + c.len_utf8();
    }
    None
}

/// Whether `text` holds a control character, DEL, `"` or `\`: the bytes
/// a string written between double quotes in TOML cannot carry as they are.
pub fn has_quote_breaker(text: &str) -> bool {
    let breakers = |word: u64| {
        bytes_below(word, 0x20) | bytes_equal(word, 0x7f) | bytes_equal(word, b'"') | bytes_equal(word, b'\\')
    };
    first_flagged(text.as_bytes(), 0, breakers).is_some()
}

// Eight bytes at a time ("SWAR"): a `u64` read from the text, tested with a
// few integer operations that set the high bit of each byte that matches
// (Anderson's "Bit Twiddling Hacks": a byte below n; a zero byte). Above the
// lowest match a bit may be set for a byte that does not match, so only the
// lowest set bit is taken as a position.
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// High bits set from the lowest byte of `word` below `n` (`n` at most 0x80).
fn bytes_below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS
}

/// High bits set from the lowest byte of `word` equal to `byte`.
fn bytes_equal(word: u64, byte: u8) -> u64 {
    bytes_below(word ^ (ONES * u64::from(byte)), 1)
}

/// The offset of the first byte at or after `from` that `flags` marks.
fn first_flagged(bytes: &[u8], from: usize, flags: impl Fn(u64) -> u64) -> Option<usize> {
    let mut at = from;
    while let Some(word) = bytes.get(at..at + 8) {
        let found = flags(u64::from_le_bytes(word.try_into().ok()?));
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let rest = bytes.get(at..).filter(|rest| !rest.is_empty())?;
    let len = rest.len();
    // Fewer than eight bytes are left. From four on, the first four and
    // the last four (which may overlap) make the word: a match in the
    // first half is the first match; one in the second half is the first
    // past them, at its own offset from the end. Fewer are shifted in.
    let (word, second_half_at) = if len >= 4 {
        let half = |from: usize| {
            u64::from(u32::from_le_bytes([
                rest[from],
                rest[from + 1],
                rest[from + 2],
                rest[from + 3],
            ]))
        };
        (half(0) | half(len - 4) << 32, len - 4)
    } else {
        let word = rest
            .iter()
            .enumerate()
            .fold(0u64, |word, (n, &b)| word | u64::from(b) << (8 * n));
        (word, 4)
    };
    // The zeros after the end match some tests: they are masked off.
    let found = flags(word)
        & if len >= 4 {
            u64::MAX
        } else {
            (1u64 << (len * 8)) - 1
        };
    let found = found.trailing_zeros() as usize / 8;
    (found < 8).then(|| {
        at + if found < 4 {
            found
        } else {
            second_half_at + found - 4
        }
    })
}

/// The longest learner name, in characters: a browser's sign-in and a
/// response sheet's row refuse a longer one (on a sheet, most often a
/// quote left open that swallowed the rows after it).
pub const NAME_LIMIT: usize = 80;

/// A learner's name or an exam title as typed, without control characters
/// (an ESC in a name would restyle every terminal and report that shows
/// it) or the spaces around it.
pub fn strip_controls(raw: &str) -> String {
    raw.chars()
        .filter(|&c| !c.is_control())
        .collect::<String>()
        .trim()
        .to_owned()
}

/// How a control character is named in messages: `U+001B`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
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

/// Whether `a` can be turned into `b` with at most `max` single-character
/// edits. Only the diagonal band of width `2·max + 1` is computed, so that
/// comparing long texts for a small difference stays cheap.
pub fn within_edits(a: &str, b: &str, max: usize) -> bool {
    // Texts whose lengths differ by more than `max` need more edits; most
    // pairs stop here, before anything is allocated.
    if a.chars().count().abs_diff(b.chars().count()) > max {
        return false;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Cells outside the band hold FAR, so they never win a minimum.
    const FAR: usize = usize::MAX / 2;
    let mut previous = vec![FAR; b.len() + 1];
    let mut current = vec![FAR; b.len() + 1];
    for (j, cell) in previous.iter_mut().enumerate().take(max + 1) {
        *cell = j;
    }
    for i in 1..=a.len() {
        let low = i.saturating_sub(max);
        let high = (i + max).min(b.len());
        if low == 0 {
            current[0] = i;
        } else {
            current[low - 1] = FAR;
        }
        let mut row_min = if low == 0 { i } else { FAR };
        for j in low.max(1)..=high {
            let substitution = previous[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let cell = substitution.min(previous[j] + 1).min(current[j - 1] + 1);
            current[j] = cell;
            row_min = row_min.min(cell);
        }
        if high < b.len() {
            current[high + 1] = FAR;
        }
        if row_min > max {
            return false;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()] <= max
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

/// A relative file path as a URL path: each byte a URL cannot hold as it
/// is (a space, `#`, `?`, `%`, non-ASCII) percent-encoded, `/` kept.
pub fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The two forms of a UTC time aidquiz writes ([`push_utc`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UtcForm {
    /// To the second, the offset written out: `2026-11-30T10:00:00+00:00`
    /// (reports).
    Seconds,
    /// To the nanosecond, with `Z`: `2026-11-30T10:00:00.000000000Z` (the
    /// store's records).
    Nanos,
}

/// Appends `time` as chrono's `to_rfc3339_opts` writes it in `form`, field
/// by field for the years 0 to 9999: chrono's general formatter took a
/// tenth of a million-row report's time and of a sheet's grading. Other
/// years, and a leap second, are left to chrono.
pub fn push_utc(out: &mut String, time: DateTime<Utc>, form: UtcForm) {
    let (date, clock) = (time.date_naive(), time.time());
    let nanos = clock.nanosecond();
    let year = u64::try_from(date.year()).ok().filter(|year| *year <= 9999);
    let Some(year) = year.filter(|_| nanos < 1_000_000_000) else {
        let (seconds, use_z) = match form {
            UtcForm::Seconds => (SecondsFormat::Secs, false),
            UtcForm::Nanos => (SecondsFormat::Nanos, true),
        };
        out.push_str(&time.to_rfc3339_opts(seconds, use_z));
        return;
    };
    push_padded(out, year, 4);
    for (separator, value) in [
        ('-', date.month()),
        ('-', date.day()),
        ('T', clock.hour()),
        (':', clock.minute()),
        (':', clock.second()),
    ] {
        out.push(separator);
        push_padded(out, u64::from(value), 2);
    }
    match form {
        UtcForm::Seconds => out.push_str("+00:00"),
        UtcForm::Nanos => {
            out.push('.');
            push_padded(out, u64::from(nanos), 9);
            out.push('Z');
        }
    }
}

/// `value` in decimal, with leading zeros to `width` digits.
pub fn push_padded(out: &mut String, value: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut start = digits.len();
    let mut rest = value;
    while rest > 0 || digits.len() - start < width {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    digits[start..]
        .iter()
        .for_each(|&digit| out.push(char::from(digit)));
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{
        closest, edit_distance, find_control, has_quote_breaker, hex, is_hostile_control, normalise,
        within_edits,
    };

    #[test]
    fn hex_pads_each_byte() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }

    #[test]
    fn normalise_ignores_case_space_and_punctuation() {
        assert_eq!(normalise("  Ibuprofen. "), "ibuprofen");
        assert_eq!(normalise("Cat-Cow  stretch!"), "cat cow stretch");
        assert_eq!(normalise("child's pose"), "childs pose");
        assert_eq!(normalise("Ärzte – ÉCOLE"), "ärzte école");
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

    #[test]
    fn within_edits_bounds_the_distance() {
        assert!(within_edits("ice pack", "ice packs", 1));
        assert!(!within_edits("ice pack", "heat pack", 3));
        assert!(within_edits("ice pack", "heat pack", 4));
        assert!(within_edits("", "ab", 2));
        assert!(!within_edits("abc", "", 2));
    }

    proptest! {
        #[test]
        fn within_edits_agrees_with_edit_distance(a in "[abc ]{0,12}", b in "[abc ]{0,12}", max in 0..5usize) {
            prop_assert_eq!(within_edits(&a, &b, max), edit_distance(&a, &b) <= max);
        }

        #[test]
        fn find_control_agrees_with_a_scan_of_every_character(
            // A clean run first, so that the control characters fall in any
            // block the scan passes over, and on its edges.
            text in "[aé€😀 ]{0,70}[a\t\n\r\u{0}\u{1b}\u{7f}\u{80}\u{85}\u{9f}\u{a0}\u{c2}\u{100}é€😀]{0,40}"
        ) {
            let expected = text.char_indices().find(|&(_, c)| is_hostile_control(c));
            prop_assert_eq!(find_control(&text), expected);
        }

        #[test]
        fn quote_breakers_are_found_wherever_they_are(
            text in "[aé€😀 ]{0,20}[a\t\n\r\u{0}\u{1b}\u{7f}\u{80}\u{c2}é\"\\\\'~]{0,12}[aé€😀 ]{0,20}"
        ) {
            let expected = text.bytes().any(|b| b < 0x20 || b == 0x7f || b == b'"' || b == b'\\');
            prop_assert_eq!(has_quote_breaker(&text), expected);
        }
    }

    #[test]
    fn names_sort_as_people_read_them() {
        let mut names = vec![
            "oscar",
            "O'Brien, Pat",
            "Zoë",
            "ana",
            "Élise",
            "Ana Pereira",
            "bob",
        ];
        names.sort_by_cached_key(|n| super::reading_order(n));
        assert_eq!(
            names,
            [
                "ana",
                "Ana Pereira",
                "bob",
                "Élise",
                "O'Brien, Pat",
                "oscar",
                "Zoë"
            ]
        );
    }
}
