//! Pictures moving between banks and Moodle or Canvas files: the bytes an
//! export embeds, the files an import brings out, and the names they get.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, general_purpose};
use sha2::{Digest, Sha256};

use crate::bank::check::picture_content_problem;
use crate::bank::model::{Image, content_type};
use crate::input::MAX_PICTURE_BYTES;

/// The pictures an export embeds, keyed by the `file` of the images of the
/// questions it is given (the export command reads them from beside the banks).
pub type Pictures = BTreeMap<String, Vec<u8>>;

/// A picture found in an imported question: its name in the source, the
/// alt text written there, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedImage {
    /// The file's name as the source gives it (`@@PLUGINFILE@@/…` taken off).
    pub name: String,
    /// `None` when the source has no alt text (the import then warns and
    /// uses the file name).
    pub alt: Option<String>,
    /// The picture's bytes: embedded in the source (Moodle XML), or read
    /// from beside the source file by the import command (GIFT); `None`
    /// until then.
    pub bytes: Option<Vec<u8>>,
}

/// Base64 as Moodle writes it (standard alphabet, padded).
pub fn encode(bytes: &[u8]) -> String {
    general_purpose::STANDARD.encode(bytes)
}

/// Base64 as PHP's `base64_decode` reads what Moodle exports: line breaks
/// and spaces ignored, padding optional.
pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    LENIENT.decode(compact).map_err(|e| e.to_string())
}

/// Decodes the `%XX` escapes of a URL path (Moodle writes file names in
/// `@@PLUGINFILE@@` links URL-encoded); a malformed escape is kept as written.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes
            .get(at + 1..at + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[at], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                at += 3;
            }
            (byte, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A file name safe in any folder and URL: the last part of `name`, with
/// anything but ASCII letters, digits, `.`, `-` and `_` made `-`.
pub fn safe_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let safe = safe_chars(base);
    if safe.is_empty() || !safe.contains('.') {
        format!("{}.png", if safe.is_empty() { "image" } else { &safe })
    } else {
        safe
    }
}

/// `text` with anything but ASCII letters, digits, `.`, `-` and `_` made
/// `-`, and no leading `.` or `-` (no hidden files, no option-like names).
pub fn safe_chars(text: &str) -> String {
    let safe: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    safe.trim_start_matches(['.', '-']).to_owned()
}

/// The pictures an import brings out, each under a name of its own: the
/// same bytes under the same name are kept once, different bytes under a
/// name already taken get `-2`, `-3`, ….
#[derive(Debug, Default)]
pub struct MediaSet {
    /// Name → bytes, in the order first added.
    pub files: Vec<(String, Vec<u8>)>,
    by_name: BTreeMap<String, usize>,
    by_digest: BTreeMap<Vec<u8>, String>,
}

impl MediaSet {
    /// Adds `image` and returns the bank image pointing at its name (the
    /// caller puts the media folder in front), plus a note when the source
    /// had no alt text or the picture is not a format browsers show.
    pub fn add(&mut self, image: ImportedImage, notes: &mut Vec<String>) -> Option<Image> {
        let Some(bytes) = image.bytes else {
            notes.push(format!(
                "the image {} could not be read, so it is not brought over; add it as `image` by hand",
                image.name
            ));
            return None;
        };
        let mut name = safe_file_name(&image.name);
        if content_type(&name).is_none() {
            notes.push(format!(
                "the file {} is not a picture format browsers show (PNG, JPEG, GIF, WebP, SVG): not brought over",
                image.name
            ));
            return None;
        }
        // What `check` would refuse in the bank is left out here, with why.
        if bytes.len() as u64 > MAX_PICTURE_BYTES {
            notes.push(format!(
                "the picture {} is {} MB, more than the {} MB a bank may show: not brought over",
                image.name,
                bytes.len() >> 20,
                MAX_PICTURE_BYTES >> 20
            ));
            return None;
        }
        if let Some(problem) = picture_content_problem(&name, &bytes) {
            notes.push(format!("the picture {} {problem}: not brought over", image.name));
            return None;
        }
        let alt = match image.alt.filter(|a| !a.trim().is_empty()) {
            Some(alt) => alt.trim().to_owned(),
            None => {
                notes.push(format!(
                    "the image {} has no alt text: its file name is used; say in `alt` what it shows",
                    image.name
                ));
                image.name.clone()
            }
        };
        let digest = Sha256::digest(&bytes).to_vec();
        let same_bytes = self.by_digest.get(&digest).cloned();
        if let Some(existing) = same_bytes.filter(|n| *n == name || !self.by_name.contains_key(&name)) {
            name = existing;
        } else if self.by_name.contains_key(&name) {
            let (stem, extension) = name.rsplit_once('.').unwrap_or((&name, "png"));
            let (stem, extension) = (stem.to_owned(), extension.to_owned());
            name = (2..)
                .map(|n| format!("{stem}-{n}.{extension}"))
                .find(|candidate| !self.by_name.contains_key(candidate))
                .unwrap_or_default();
            self.insert(name.clone(), digest, bytes);
        } else {
            self.insert(name.clone(), digest, bytes);
        }
        Some(Image { file: name, alt })
    }

    fn insert(&mut self, name: String, digest: Vec<u8>, bytes: Vec<u8>) {
        self.by_name.insert(name.clone(), self.files.len());
        self.by_digest.entry(digest).or_insert_with(|| name.clone());
        self.files.push((name, bytes));
    }
}

#[cfg(test)]
mod tests {
    use super::{ImportedImage, MediaSet, decode, encode, percent_decode, safe_file_name};

    #[test]
    fn base64_survives_a_round_trip_and_reads_wrapped_lines() {
        let bytes = b"\x89PNG\r\n\x1a\n any bytes".to_vec();
        assert_eq!(decode(&encode(&bytes)).unwrap(), bytes);
        let wrapped = encode(&bytes)
            .chars()
            .enumerate()
            .fold(String::new(), |mut s, (i, c)| {
                if i % 8 == 0 {
                    s.push('\n');
                }
                s.push(c);
                s
            });
        assert_eq!(decode(&wrapped).unwrap(), bytes);
        assert!(decode("not base64!").is_err());
    }

    #[test]
    fn names_are_made_safe_and_kept_apart() {
        assert_eq!(
            safe_file_name("/a/b/Hand placement (1).PNG"),
            "Hand-placement--1-.PNG"
        );
        assert_eq!(safe_file_name("../../etc/passwd"), "passwd.png");
        assert_eq!(percent_decode("hand%20placement.png"), "hand placement.png");
        let mut set = MediaSet::default();
        let mut notes = Vec::new();
        // A PNG's first bytes, then what tells two pictures apart.
        let image = |bytes: &[u8]| ImportedImage {
            name: "a.png".into(),
            alt: Some("A".into()),
            bytes: Some([&b"\x89PNG\r\n\x1a\n"[..], bytes].concat()),
        };
        assert_eq!(set.add(image(b"1"), &mut notes).unwrap().file, "a.png");
        assert_eq!(set.add(image(b"1"), &mut notes).unwrap().file, "a.png");
        assert_eq!(set.add(image(b"2"), &mut notes).unwrap().file, "a-2.png");
        assert_eq!(set.files.len(), 2);
        assert!(notes.is_empty());
    }

    #[test]
    fn a_picture_check_would_refuse_is_left_out_with_why() {
        let mut set = MediaSet::default();
        let mut notes = Vec::new();
        let image = |name: &str, bytes: Vec<u8>| ImportedImage {
            name: name.into(),
            alt: Some("A".into()),
            bytes: Some(bytes),
        };
        assert!(
            set.add(image("page.png", b"<html>".to_vec()), &mut notes)
                .is_none()
        );
        let mut huge = b"\x89PNG\r\n\x1a\n".to_vec();
        huge.resize(21 << 20, 0);
        assert!(set.add(image("huge.png", huge), &mut notes).is_none());
        assert!(set.files.is_empty());
        assert_eq!(
            notes,
            [
                "the picture page.png is not a PNG, JPEG, GIF or WebP picture (its first bytes are not those of any): not brought over",
                "the picture huge.png is 21 MB, more than the 20 MB a bank may show: not brought over",
            ]
        );
    }
}
