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
    let mut out = String::with_capacity(html.len());
    let mut lost = false;
    // Inside `<pre>` the source's line breaks and spaces are the text.
    let mut preformatted = 0usize;
    let mut rest = html;
    while let Some(start) = rest.find(['<', '&', '\n', '\r', '\t']) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.starts_with('<') {
            let Some(end) = rest.find('>') else {
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
    let trimmed = out.trim_matches(|c: char| c == '\n' || c == ' ');
    (trimmed.to_owned(), lost)
}

/// The images an HTML fragment shows, each as `FILE` or `FILE ("ALT")`,
/// with Moodle's `@@PLUGINFILE@@/` taken off: named in the warning when
/// they are dropped, so no image disappears unnoticed.
pub fn images(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<img").or_else(|| rest.find("<IMG")) {
        rest = &rest[start + 4..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        let attribute = |name: &str| {
            let at = tag.find(&format!("{name}=\""))? + name.len() + 2;
            let value = &tag[at..];
            Some(value[..value.find('"')?].to_owned())
        };
        let src = attribute("src").unwrap_or_default();
        let file = src.strip_prefix("@@PLUGINFILE@@/").unwrap_or(&src).to_owned();
        found.push(match attribute("alt").filter(|a| !a.trim().is_empty()) {
            Some(alt) => format!("{file} (\"{alt}\")"),
            None => file,
        });
    }
    found
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
    use super::{from_text, to_text};

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
    fn images_are_named_with_their_alt_text() {
        assert_eq!(
            super::images(
                "<p>Moodle <img src=\"@@PLUGINFILE@@/logo.jpg\" alt=\"Moodle logo\" /> and <img src=\"x.png\"></p>"
            ),
            ["logo.jpg (\"Moodle logo\")", "x.png"]
        );
        assert!(super::images("no pictures").is_empty());
    }

    #[test]
    fn text_survives_html_and_back() {
        let text = "a < b & \"c\"\nnext line";
        assert_eq!(to_text(&from_text(text)).0, text);
    }
}
