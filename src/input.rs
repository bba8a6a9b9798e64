//! The files aidquiz reads (banks, imports, exam manifests, response
//! sheets, stores) must be regular files of a sane size: a named pipe
//! blocks a read forever and `/dev/zero` never ends.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The largest bank, import or manifest file read: ten times the biggest
/// bank we know of (10,000 questions, 5.5 MB). Each is read whole.
pub const MAX_TEXT_BYTES: u64 = 64 << 20;

/// Why a path cannot be read as an input file: a sentence naming it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputProblem(pub String);

impl std::fmt::Display for InputProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of thing is at `path`, in words, unless it is a regular file
/// (following symbolic links). A path that cannot be examined is left to
/// the open that follows, whose error names the reason.
pub fn not_regular(path: &Path) -> Option<&'static str> {
    let kind = fs::metadata(path).ok()?.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// Refuses anything at `path` that is not a regular file, as `what` (a
/// bank, a response sheet …).
pub fn require_regular(path: &Path, what: &str) -> Result<(), InputProblem> {
    match not_regular(path) {
        Some(kind) => Err(InputProblem(format!(
            "{} is {kind}, not {what}; give a regular file",
            path.display()
        ))),
        None => Ok(()),
    }
}

/// Reads the regular file at `path` whole, refusing one larger than
/// [`MAX_TEXT_BYTES`].
pub fn read_capped(path: &Path, what: &str) -> Result<Vec<u8>, InputProblem> {
    read_with_cap(path, what, MAX_TEXT_BYTES, "split it")
}

/// The largest picture a bank may show: far above a photograph for a
/// printed page, low enough that a mistaken video is refused.
pub const MAX_PICTURE_BYTES: u64 = 20 << 20;

/// What a picture is called in messages, and what to do with one too large.
const PICTURE: &str = "a picture";
const SMALLER: &str = "save it smaller";

/// Reads the picture `file` of a bank in `folder` whole (see
/// [`picture_path`]), refusing one larger than [`MAX_PICTURE_BYTES`].
pub fn read_picture(folder: &Path, file: &str) -> Result<Vec<u8>, InputProblem> {
    read_with_cap(&picture_path(folder, file)?, PICTURE, MAX_PICTURE_BYTES, SMALLER)
}

/// The first `length` bytes (or fewer) of the picture `file` of a bank in
/// `folder`, after the checks [`read_picture`] makes: enough to tell what
/// kind of file it is without reading it whole.
pub fn picture_head(folder: &Path, file: &str, length: u64) -> Result<Vec<u8>, InputProblem> {
    let path = picture_path(folder, file)?;
    let (opened, _) = open_regular_picture(&path)?;
    let mut head = Vec::new();
    opened
        .take(length)
        .read_to_end(&mut head)
        .map_err(|error| InputProblem(format!("cannot read {}: {error}", path.display())))?;
    Ok(head)
}

/// The picture `file` of a bank in `folder`, opened after the checks
/// [`read_picture`] makes, and its size: for reading it piece by piece.
pub fn open_picture(folder: &Path, file: &str) -> Result<(fs::File, u64), InputProblem> {
    open_regular_picture(&picture_path(folder, file)?)
}

/// The picture at `path`, checked by [`picture_path`] already: opened if it
/// is a regular file no larger than [`MAX_PICTURE_BYTES`], with its size.
fn open_regular_picture(path: &Path) -> Result<(fs::File, u64), InputProblem> {
    require_regular(path, PICTURE)?;
    let cannot = |error: io::Error| InputProblem(format!("cannot read {}: {error}", path.display()));
    let opened = fs::File::open(path).map_err(cannot)?;
    let size = opened.metadata().map_err(cannot)?.len();
    if size > MAX_PICTURE_BYTES {
        return Err(too_big(path, PICTURE, MAX_PICTURE_BYTES, SMALLER));
    }
    Ok((opened, size))
}

/// Where the picture `file` of a bank in `folder` really is: symbolic
/// links followed, and refused when the path leads out of the folder by
/// any of them. A bank's pictures are the files in its folder: `serve`
/// hands them to every learner and exports carry them away, so a link to
/// `/etc/passwd` named `media/a.png` must not bring that file along.
pub fn picture_path(folder: &Path, file: &str) -> Result<PathBuf, InputProblem> {
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let path = folder.join(file);
    let cannot = |at: &Path, error: io::Error| InputProblem(format!("cannot read {}: {error}", at.display()));
    let real_folder = fs::canonicalize(folder).map_err(|error| cannot(folder, error))?;
    let real = fs::canonicalize(&path).map_err(|error| cannot(&path, error))?;
    if !real.starts_with(&real_folder) {
        return Err(InputProblem(format!(
            "{} leads out of the folder {} (to {}) by a symbolic link or `..`; put the picture itself in the folder",
            path.display(),
            folder.display(),
            real.display()
        )));
    }
    // The path read is the one checked: a link swapped in afterwards is
    // not followed.
    Ok(real)
}

/// Reads the regular file at `path` (`what`, in messages) whole, refusing
/// one larger than `cap` bytes with `advice` on what to do.
fn read_with_cap(path: &Path, what: &str, cap: u64, advice: &str) -> Result<Vec<u8>, InputProblem> {
    require_regular(path, what)?;
    let cannot = |error: io::Error| InputProblem(format!("cannot read {}: {error}", path.display()));
    let file = fs::File::open(path).map_err(cannot)?;
    let too_big = || too_big(path, what, cap, advice);
    let size = file.metadata().map_err(cannot)?.len();
    if size > cap {
        return Err(too_big());
    }
    // The size may grow while it is read (or be wrong, as in /proc): stop
    // one byte past the cap either way.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(cap + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > cap {
        return Err(too_big());
    }
    Ok(bytes)
}

fn too_big(path: &Path, what: &str, cap: u64, advice: &str) -> InputProblem {
    InputProblem(format!(
        "{} is larger than {} MB, too large for {what}; {advice}",
        path.display(),
        cap >> 20
    ))
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::{read_with_cap, require_regular};

    #[test]
    fn a_folder_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let problem = require_regular(dir.path(), "a bank").unwrap_err();
        assert!(
            problem
                .0
                .ends_with("is a folder, not a bank; give a regular file"),
            "{problem}"
        );
    }

    #[test]
    fn a_file_over_the_cap_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.toml");
        fs::write(&path, vec![b'#'; 3 << 20]).unwrap();
        let problem = read_with_cap(&path, "a bank", 2 << 20, "split it").unwrap_err();
        assert!(
            problem.0.contains("larger than 2 MB, too large for a bank"),
            "{problem}"
        );
        assert_eq!(
            read_with_cap(&path, "a bank", 3 << 20, "split it").unwrap().len(),
            3 << 20
        );
    }
}
