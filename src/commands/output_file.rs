//! Output files written whole or not at all: every file a command writes
//! (exam papers and keys, imported banks, exports, reports) goes through here.
//!
//! The text goes into `FILE.partial` beside the target, is synced to disk,
//! then renamed over the target. A full disk or a killed run never leaves
//! half a file under the name asked for, and a symbolic link at the output
//! path is replaced, never followed to overwrite the file it points to.

use std::ffi::OsString;
use std::fs::{self, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::Error;

/// What the temporary file beside an output is named.
const PARTIAL: &str = ".partial";

/// Writes what `render` writes into `path`, completely or not at all.
///
/// A device or a pipe (`--out /dev/null`, `--out /dev/stdout`) is written
/// into as it is: renaming a file over it would replace the device.
pub fn write_atomically(
    path: &Path,
    render: impl FnOnce(&mut dyn Write) -> Result<(), Error>,
) -> Result<(), Error> {
    stage(path, render)?.commit()
}

/// A file written and synced to disk under its temporary name, not yet
/// under its own: [`Staged::commit`] puts it there. Dropped without a
/// commit, the temporary file is removed and `path` is left as it was.
///
/// Staging lets a command do the slow part of a durable write (the data's
/// sync) on another thread while it finishes something else, and still
/// decide afterwards whether the file appears.
#[must_use = "a staged file appears only when committed"]
pub struct Staged {
    path: PathBuf,
    /// `None` for a device or a pipe, written into directly.
    partial: Option<PathBuf>,
}

/// Writes what `render` writes into a temporary file beside `path` and
/// syncs it, without putting it in place (see [`Staged`]).
pub fn stage(path: &Path, render: impl FnOnce(&mut dyn Write) -> Result<(), Error>) -> Result<Staged, Error> {
    let mut staging = Staging::create(path)?;
    let mut out = BufWriter::with_capacity(1 << 16, &mut staging);
    render(&mut out)
        .and_then(|()| out.flush().map_err(Error::Output))
        .map_err(|error| match error {
            Error::Output(source) => staging_error(path, source),
            other => other,
        })?;
    drop(out);
    staging.finish()
}

fn staging_error(path: &Path, source: io::Error) -> Error {
    Error::Write {
        path: path.to_owned(),
        source,
    }
}

/// A file being written under its temporary name, for a command that
/// writes it as it goes ([`Staging::finish`] syncs it and gives the
/// [`Staged`] file). Dropped unfinished, the temporary file is removed.
///
/// The disk is asked to start on what is written every few megabytes, on
/// a thread of its own, so that little is left for the final sync.
pub struct Staging {
    file: fs::File,
    staged: Staged,
    written: u64,
    /// How much had been written when the disk was last asked to catch up.
    flushed: u64,
    /// That request, while it runs.
    catching_up: Option<std::thread::JoinHandle<()>>,
}

/// How much is written before the disk is asked to catch up.
const CATCH_UP: u64 = 1 << 20;

impl Staging {
    /// Opens the temporary file beside `path` (or `path` itself when it is
    /// a device or a pipe, such as `/dev/null`).
    pub fn create(path: &Path) -> Result<Staging, Error> {
        let write_error = |source| staging_error(path, source);
        if fs::metadata(path).is_ok_and(|meta| !meta.is_file() && !meta.is_dir()) {
            let file = OpenOptions::new().write(true).open(path).map_err(write_error)?;
            return Ok(Staging::new(file, path, None));
        }
        let partial = partial_path(path);
        // A run killed before its rename left this behind; it was never complete.
        remove_if_there(&partial).map_err(write_error)?;
        // `create_new` does not follow a link planted at the temporary name.
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&partial)
            .map_err(write_error)?;
        Ok(Staging::new(file, path, Some(partial)))
    }

    fn new(file: fs::File, path: &Path, partial: Option<PathBuf>) -> Staging {
        Staging {
            file,
            // From here on the temporary file is removed if anything fails.
            staged: Staged {
                path: path.to_owned(),
                partial,
            },
            written: 0,
            flushed: 0,
            catching_up: None,
        }
    }

    /// Writes all of `bytes`.
    pub fn write_bytes(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.write_all(bytes)
            .map_err(|source| staging_error(&self.staged.path, source))
    }

    /// Syncs the file to disk: it is then [`Staged`], to be committed.
    pub fn finish(mut self) -> Result<Staged, Error> {
        if let Some(catching_up) = self.catching_up.take() {
            let _ = catching_up.join();
        }
        if self.staged.partial.is_some() {
            self.file
                .sync_all()
                .map_err(|source| staging_error(&self.staged.path, source))?;
        }
        Ok(self.staged)
    }

    /// Every [`CATCH_UP`] bytes, unless the last request still runs, a
    /// thread syncs what is written so far (best effort: the final sync
    /// is what makes the file durable).
    fn catch_up(&mut self) {
        if self.staged.partial.is_none() || self.written - self.flushed < CATCH_UP {
            return;
        }
        if self
            .catching_up
            .as_ref()
            .is_some_and(|running| !running.is_finished())
        {
            return;
        }
        let Ok(file) = self.file.try_clone() else {
            return;
        };
        self.flushed = self.written;
        self.catching_up = std::thread::Builder::new()
            .name("sync".into())
            .spawn(move || {
                let _ = file.sync_data();
            })
            .ok();
    }
}

impl Write for Staging {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.file.write(bytes)?;
        self.written += written as u64;
        self.catch_up();
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Staged {
    /// Renames the synced file over `path` and syncs the folder, so the
    /// file is there after a power cut once this returns.
    pub fn commit(mut self) -> Result<(), Error> {
        let Some(partial) = self.partial.take() else {
            return Ok(());
        };
        if let Err(source) = fs::rename(&partial, &self.path) {
            let _ = fs::remove_file(&partial);
            return Err(Error::Write {
                path: self.path.clone(),
                source,
            });
        }
        sync_folder(&self.path);
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(partial) = self.partial.take() {
            let _ = fs::remove_file(partial);
        }
    }
}

/// Writes `bytes` into `path` as [`write_atomically`] does.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_atomically(path, |out| out.write_all(bytes).map_err(Error::Output))
}

/// The temporary name `path` is written under until it is complete.
pub fn partial_path(path: &Path) -> PathBuf {
    let mut partial = OsString::from(path.as_os_str());
    partial.push(PARTIAL);
    PathBuf::from(partial)
}

/// Removes the `*.partial` files a killed run left in `dir` (files or
/// links only: a folder of that name is not ours).
pub fn remove_leftovers(dir: &Path) -> Result<(), Error> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(Error::Write {
                path: dir.to_owned(),
                source,
            });
        }
    };
    for entry in entries.flatten() {
        let is_partial = entry.file_name().to_string_lossy().ends_with(PARTIAL);
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_partial && !is_dir {
            let path = entry.path();
            fs::remove_file(&path).map_err(|source| Error::Write { path, source })?;
        }
    }
    Ok(())
}

/// Whether `name` is a temporary file this module writes.
pub fn is_partial(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().ends_with(PARTIAL)
}

fn remove_if_there(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

/// Makes the rename itself durable. Best effort: some file systems refuse
/// to open or sync a folder, and the file's bytes are already on disk.
fn sync_folder(path: &Path) {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if let Ok(dir) = fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::io;

    use super::{partial_path, stage, write_atomically, write_bytes};
    use crate::error::Error;

    #[test]
    fn a_failing_writer_leaves_the_old_file_and_no_partial() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        fs::write(&path, "the old report").unwrap();
        let result = write_atomically(&path, |out| {
            out.write_all(b"half a rep").map_err(Error::Output)?;
            Err(Error::Output(io::Error::from_raw_os_error(28)))
        });
        let error = result.unwrap_err();
        assert!(matches!(error, Error::Write { .. }), "{error:?}");
        assert!(error.to_string().contains("report.html"), "{error}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "the old report");
        assert!(!partial_path(&path).exists());
    }

    #[test]
    fn a_staged_file_appears_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bank.toml");
        fs::write(&path, "the old bank").unwrap();
        let staged = stage(&path, |out| out.write_all(b"the new bank").map_err(Error::Output)).unwrap();
        assert_eq!(fs::read_to_string(partial_path(&path)).unwrap(), "the new bank");
        assert_eq!(fs::read_to_string(&path).unwrap(), "the old bank");
        drop(staged);
        assert_eq!(fs::read_to_string(&path).unwrap(), "the old bank");
        assert!(!partial_path(&path).exists());

        let staged = stage(&path, |out| out.write_all(b"the new bank").map_err(Error::Output)).unwrap();
        staged.commit().unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "the new bank");
        assert!(!partial_path(&path).exists());
    }

    #[test]
    fn a_leftover_partial_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key.csv");
        fs::write(partial_path(&path), "from a killed run").unwrap();
        write_bytes(&path, b"version,number\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "version,number\n");
        assert!(!partial_path(&path).exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_at_the_partial_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, "keep me").unwrap();
        let path = dir.path().join("out.gift");
        std::os::unix::fs::symlink(&victim, partial_path(&path)).unwrap();
        write_bytes(&path, b"::q1:: x {T}\n").unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
        assert_eq!(fs::read_to_string(&path).unwrap(), "::q1:: x {T}\n");
    }
}
