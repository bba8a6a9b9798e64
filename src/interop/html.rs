//! HTML in imported text, turned into the bank's plain text, and plain text
//! turned into HTML for formats that only take HTML (Canvas QTI).
//!
//! Imports keep the words and drop the markup: `<br>` and paragraph ends
//! become line breaks, other tags are removed, entities are decoded, and
//! white space that only wraps the source lines is folded to one space.

/// Plain text from an HTML fragment. Returns the text and whether markup
/// other than line and paragraph breaks and inline emphasis was dropped
/// (images, links, tables: worth a note to the instructor).
pub fn to_text(html: &str) -> (String, bool) {
    if is_plain(html) {
        return (html.to_owned(), false);
    }
    read_markup(html)
}

/// [`to_text`] of any fragment, plain or not.
fn read_markup(html: &str) -> (String, bool) {
    let mut out = String::with_capacity(html.len());
    let mut lost = false;
    // Inside `<pre>` the source's line breaks and spaces are the text.
    let mut preformatted = 0usize;
    let mut rest = html;
    while let Some(start) = rest.bytes().position(is_special) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.starts_with('<') {
            let Some(end) = memchr::memchr(b'>', rest.as_bytes()) else {
                // A lone `<` is text, as browsers read it.
                out.push('<');
                rest = &rest[1..];
                continue;
            };
            let tag = rest[1..end].trim();
            let bare = tag.trim_start_matches('/').as_bytes();
            let length = bare.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
            // Lowercased on the stack: a fragment has a tag every few words.
            // A longer name is none of those below: markup that is dropped.
            let mut lower = [0u8; 8];
            let name = match lower.get_mut(..length) {
                Some(name) => {
                    name.copy_from_slice(&bare[..length]);
                    name.make_ascii_lowercase();
                    std::str::from_utf8(name).unwrap_or("?")
                }
                None => "?",
            };
            let closing = tag.starts_with('/');
            match name {
                "br" => out.push('\n'),
                "pre" if closing => {
                    preformatted = preformatted.saturating_sub(1);
                    push_break(&mut out);
                }
                "pre" => {
                    if !out.is_empty() && !out.ends_with('\n') {
                        push_break(&mut out);
                    }
                    preformatted += 1;
                }
                "code" | "tt" | "kbd" | "samp" => {}
                "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if closing => {
                    push_break(&mut out);
                }
                "p" | "div" | "span" | "b" | "i" | "em" | "strong" | "u" | "sub" | "sup" | "ul" | "ol"
                | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "font" => {}
                "" if tag.starts_with('!') => {}
                _ => lost = true,
            }
            rest = &rest[end + 1..];
        } else if rest.starts_with('&') {
            let (decoded, used) = entity(rest);
            out.push_str(&decoded);
            rest = &rest[used..];
        } else if preformatted > 0 {
            let end = rest.find(|c: char| !c.is_whitespace()).unwrap_or(rest.len());
            out.extend(rest[..end].chars().filter(|&c| c != '\r'));
            rest = &rest[end..];
        } else {
            // Line breaks in HTML source are not line breaks on the page.
            let end = rest.find(|c: char| !c.is_whitespace()).unwrap_or(rest.len());
            if !out.ends_with([' ', '\n']) && !out.is_empty() {
                out.push(' ');
            }
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    // Trimmed in place: most texts need no new copy.
    out.truncate(out.trim_end_matches(['\n', ' ']).len());
    let lead = out.len() - out.trim_start_matches(['\n', ' ']).len();
    out.drain(..lead);
    (out, lost)
}

/// Whether [`to_text`] gives `html` back as it is: it has no markup, no
/// entity, no white space but single spaces and none at either end. Most
/// imported texts (a choice, a name) are such.
pub fn is_plain(html: &str) -> bool {
    !html.bytes().any(is_special) && !html.starts_with(' ') && !html.ends_with(' ')
}

/// The bytes [`to_text`] acts on: a tag, an entity, white space but a space.
fn is_special(byte: u8) -> bool {
    matches!(byte, b'<' | b'&' | b'\n' | b'\r' | b'\t')
}

/// An `<img>` tag of an HTML fragment: its `src` and `alt`, entities decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageTag {
    pub src: String,
    pub alt: Option<String>,
}

/// The `<img>` tags of an HTML fragment, in order, and the fragment without
/// them (so that taking the pictures out is not reported as lost markup).
pub fn take_images(html: &str) -> (Vec<ImageTag>, String) {
    let mut tags = Vec::new();
    let mut rest_of_text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = find_ignoring_case(rest, "<img") {
        let after = rest.as_bytes().get(start + 4).copied();
        if !matches!(after, Some(b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>')) {
            rest_of_text.push_str(&rest[..start + 4]);
            rest = &rest[start + 4..];
            continue;
        }
        rest_of_text.push_str(&rest[..start]);
        let end = rest[start..].find('>').map_or(rest.len(), |i| start + i + 1);
        let tag = &rest[start + 4..end];
        tags.push(ImageTag {
            src: attribute(tag, "src").unwrap_or_default(),
            alt: attribute(tag, "alt"),
        });
        rest = &rest[end..];
    }
    rest_of_text.push_str(rest);
    (tags, rest_of_text)
}

fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The value of attribute `name` in the inside of a tag, quoted with `"`
/// or `'` or not at all, entities decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let bytes = tag.as_bytes();
    let mut from = 0;
    while let Some(found) = find_ignoring_case(&tag[from..], name).map(|i| from + i) {
        from = found + name.len();
        let before_ok = found == 0 || bytes[found - 1].is_ascii_whitespace();
        let rest = tag[from..].trim_start();
        let Some(value) = rest.strip_prefix('=').filter(|_| before_ok) else {
            continue;
        };
        let value = value.trim_start();
        let raw = match value.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let inner = &value[1..];
                &inner[..inner.find(quote).unwrap_or(inner.len())]
            }
            _ => {
                &value[..value
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(value.len())]
            }
        };
        return Some(to_text(raw).0);
    }
    None
}

fn push_break(out: &mut String) {
    let kept = out.trim_end_matches(' ').len();
    out.truncate(kept);
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
    }
}

/// Decodes the entity at the start of `text`: the text it stands for and
/// the bytes it used. An unknown entity is kept as written.
fn entity(text: &str) -> (String, usize) {
    let Some(end) = text[1..].find(';').map(|i| i + 1).filter(|&i| i <= 12) else {
        return ("&".to_owned(), 1);
    };
    let name = &text[1..end];
    let decoded = if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse().ok(),
        };
        code.and_then(char::from_u32)
    } else {
        NAMED.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
    };
    match decoded {
        Some(c) => (c.to_string(), end + 1),
        None => ("&".to_owned(), 1),
    }
}

/// The named entities met in course material; others stay as written.
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("hellip", '…'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("deg", '°'),
    ("times", '×'),
    ("plusmn", '±'),
    ("le", '≤'),
    ("ge", '≥'),
    ("eacute", 'é'),
    ("egrave", 'è'),
    ("agrave", 'à'),
    ("ccedil", 'ç'),
    ("uuml", 'ü'),
    ("ouml", 'ö'),
    ("auml", 'ä'),
    ("szlig", 'ß'),
    ("micro", 'µ'),
    ("frac12", '½'),
];

/// Plain text as an HTML fragment: special characters escaped, line
/// breaks as `<br>`.
pub fn from_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{from_text, read_markup, to_text};

    proptest! {
        /// Plain text is handed back without being read: exactly what
        /// reading it would give.
        #[test]
        fn plain_text_is_read_as_markup_reads_it(text in "[a ÿ✓<>&;#/bpre\n\r\t]{0,24}") {
            prop_assert_eq!(to_text(&text), read_markup(&text));
        }
    }

    #[test]
    fn markup_goes_words_stay() {
        assert_eq!(
            to_text("<p>Press <b>hard</b> &amp; fast:\n  100&ndash;120/min</p><p>Then &lt;AED&gt;</p>"),
            ("Press hard & fast: 100–120/min\n\nThen <AED>".to_owned(), false)
        );
        assert_eq!(
            to_text("a<br/>b &#233;&#x41; &bogus; x < y"),
            ("a\nb éA &bogus; x < y".to_owned(), false)
        );
        assert!(to_text("See <img src=\"x.png\">").1);
    }

    #[test]
    fn preformatted_code_keeps_its_line_breaks_and_indentation() {
        assert_eq!(
            to_text(
                "<p>What does this print?</p><pre><code>if x:\r\n    print(1)\n    print(2)</code></pre><p>Pick one.</p>"
            ),
            (
                "What does this print?\n\nif x:\n    print(1)\n    print(2)\n\nPick one.".to_owned(),
                false
            )
        );
    }

    #[test]
    fn image_tags_are_taken_out_with_their_source_and_alt_text() {
        let (tags, rest) = super::take_images(
            "<p>Where? <IMG SRC='@@PLUGINFILE@@/hand%20placement.png' alt=\"Hands &amp; chest\"/> <img src=x.png> <imgx></p>",
        );
        assert_eq!(
            tags,
            [
                super::ImageTag {
                    src: "@@PLUGINFILE@@/hand%20placement.png".into(),
                    alt: Some("Hands & chest".into())
                },
                super::ImageTag {
                    src: "x.png".into(),
                    alt: None
                },
            ]
        );
        assert_eq!(rest, "<p>Where?   <imgx></p>");
    }

    #[test]
    fn text_survives_html_and_back() {
        let text = "a < b & \"c\"\nnext line";
        assert_eq!(to_text(&from_text(text)).0, text);
    }
}
