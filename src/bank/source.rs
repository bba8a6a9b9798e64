//! Where banks come from: files and folders on disk, or the copies built
//! into the binary. The only part of the bank layer that touches the disk.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::check::Field;
use super::load::{self, Catalog, LoadedBank, LockScope};
use super::lock::{LOCK_FILE, Lock};
use super::model::ImagePlace;
use crate::diagnostic::{Diagnostic, FileId, Location, Severity, SourceMap};
use crate::input::read_capped;

include!(concat!(env!("OUT_DIR"), "/embedded_banks.rs"));

/// What the user asked to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BankPaths {
    /// Bank files and folders given on the command line.
    Given(Vec<PathBuf>),
    /// The banks built into the binary.
    Embedded,
}

impl BankPaths {
    /// PATHs as given; with none, `./quizzes` if it is there, else the
    /// built-in banks.
    pub fn from_args(paths: Vec<PathBuf>, working_dir: &Path) -> BankPaths {
        if !paths.is_empty() {
            return BankPaths::Given(paths);
        }
        let local = working_dir.join("quizzes");
        if local.is_dir() {
            BankPaths::Given(vec![PathBuf::from("quizzes")])
        } else {
            BankPaths::Embedded
        }
    }
}

/// Reads and loads every bank `paths` names.
pub fn load_banks(paths: &BankPaths) -> Catalog {
    let mut sources = SourceMap::default();
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    let mut scopes: Vec<LockScope> = Vec::new();
    match paths {
        BankPaths::Embedded => {
            for (name, text) in EMBEDDED_BANKS {
                files.push(sources.add(format!("{BUILT_IN_PREFIX}{name}"), *text));
            }
        }
        BankPaths::Given(paths) => {
            for path in paths {
                let first = files.len();
                read_path(path, &mut sources, &mut files, &mut diagnostics);
                let lock_path = lock_path_for(path);
                let scope = match scopes.iter_mut().find(|s| s.path == lock_path) {
                    Some(scope) => scope,
                    None => {
                        scopes.push(read_lock(lock_path, &mut sources, &mut diagnostics));
                        scopes.last_mut().expect("just pushed")
                    }
                };
                scope.files.extend_from_slice(&files[first..]);
            }
        }
    }
    let mut catalog = load::load(sources, &files, diagnostics);
    load::check_locks(&mut catalog, scopes);
    check_image_files(&mut catalog);
    catalog
}

/// The name the built-in banks' files are given in diagnostics.
const BUILT_IN_PREFIX: &str = "<built-in>/";

impl Catalog {
    /// The folder a bank file is in, which its image paths start from;
    /// `None` for a built-in bank.
    pub fn folder_of(&self, loaded: &LoadedBank) -> Option<PathBuf> {
        let name = self.sources.name(loaded.file);
        if name.starts_with(BUILT_IN_PREFIX) {
            return None;
        }
        Some(Path::new(name).parent().unwrap_or(Path::new("")).to_owned())
    }
}

/// Every image a bank names must be a picture file in the bank's folder:
/// a paper or page would otherwise show a broken picture, and `serve`
/// would hand out whatever a link there points to.
fn check_image_files(catalog: &mut Catalog) {
    let mut found = Vec::new();
    for loaded in &catalog.banks {
        let folder = catalog.folder_of(loaded);
        for (place, image) in loaded.bank.images() {
            // A path `check` refuses already has its diagnostic.
            if !super::check::is_bank_relative(&image.file) {
                continue;
            }
            let path = folder.as_ref().map(|f| f.join(&image.file));
            // Not there at all (a link to nothing included), or there but
            // not a picture this bank may show.
            let problem = match (&folder, &path) {
                (Some(folder), Some(path)) if path.exists() => match picture_problem(folder, &image.file) {
                    Some(problem) => problem,
                    None => continue,
                },
                _ => {
                    let looked = path.map_or_else(
                        || "a built-in bank has no folder for pictures".to_owned(),
                        |p| format!("looked for {}", p.display()),
                    );
                    (
                        "missing-image",
                        format!("is not there ({looked})"),
                        "put the picture there, or correct `file` (paths start from the bank file's folder)",
                    )
                }
            };
            let (what, location) = match place {
                ImagePlace::Scenario(index) => (
                    format!("scenario `{}`", loaded.bank.meta.scenarios[index].id),
                    loaded.header_location(&Field::Item("scenarios", index)),
                ),
                ImagePlace::Question(index) => (
                    format!("question `{}`", loaded.bank.questions[index].meta.id),
                    loaded.question_location(index, &Field::Key("image")),
                ),
                ImagePlace::Choice(index, choice) => (
                    format!(
                        "the choice \"{choice}\" of question `{}`",
                        loaded.bank.questions[index].meta.id
                    ),
                    loaded.question_location(index, &Field::MapKey("choice_images", choice.to_owned())),
                ),
            };
            let (code, reason, hint) = problem;
            found.push(
                Diagnostic::error(
                    code,
                    format!("{what}: the image file `{}` {reason}", image.file),
                    location,
                )
                .with_hint(hint),
            );
        }
    }
    catalog.diagnostics.extend(found);
}

/// Why the picture `file` of a bank in `folder`, which is there, cannot be
/// shown: its code, the reason and a hint.
fn picture_problem(folder: &Path, file: &str) -> Option<(&'static str, String, &'static str)> {
    match crate::input::picture_head(folder, file, super::check::picture_head_bytes(file)) {
        Err(problem) => Some((
            "unusable-image",
            format!("cannot be used: {problem}"),
            "put the picture file itself in the bank's folder: a regular file, not a folder, a pipe, a device or a link out of the folder",
        )),
        Ok(head) => super::check::picture_content_problem(file, &head).map(|reason| {
            (
                "not-a-picture",
                reason,
                "save the picture again in the format its name says, or correct `file`",
            )
        }),
    }
}

/// The lock covering the banks of `path`: in the folder itself, or beside
/// a bank file.
pub fn lock_path_for(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join(LOCK_FILE)
    } else {
        path.parent().unwrap_or(Path::new("")).join(LOCK_FILE)
    }
}

/// Reads the lock at `path`. A missing lock is an empty one that does not
/// exist yet (revisions are then not checked); an unreadable one is an error.
fn read_lock(path: PathBuf, sources: &mut SourceMap, diagnostics: &mut Vec<Diagnostic>) -> LockScope {
    let mut scope = LockScope {
        path,
        lock: None,
        files: Vec::new(),
    };
    if !scope.path.is_file() {
        return scope;
    }
    let hint = "the lock is written by `aidquiz lock`; delete it and run `aidquiz lock` to write it afresh";
    let Some(file) = read_text(&scope.path, sources, diagnostics, "a lock file", hint) else {
        return scope;
    };
    match Lock::parse(sources.text(file)) {
        Ok(lock) => scope.lock = Some(lock),
        Err(error) => diagnostics.push(
            Diagnostic::error(
                "lock-file",
                format!("{} cannot be read: {}", scope.path.display(), error.message),
                Location {
                    file,
                    span: error.span.unwrap_or(0..0),
                },
            )
            .with_hint(hint),
        ),
    }
    scope
}

fn read_path(
    path: &Path,
    sources: &mut SourceMap,
    files: &mut Vec<FileId>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let name = path.display().to_string();
    let problem = |sources: &mut SourceMap, code, message: String, hint: &str| {
        let file = sources.add(name.clone(), "");
        Diagnostic::error(code, message, Location { file, span: 0..0 }).with_hint(hint)
    };
    match fs::metadata(path) {
        Err(error) => diagnostics.push(problem(
            sources,
            "io",
            format!("cannot read {name}: {error}"),
            "give a bank file or a folder of `*.toml` banks",
        )),
        Ok(meta) if meta.is_dir() => {
            let walked = Walk::new(path).and_then(|mut walk| walk.collect(path).map(|()| walk));
            let mut walk = match walked {
                Ok(walk) => walk,
                Err(error) => {
                    diagnostics.push(problem(
                        sources,
                        "io",
                        format!("cannot read folder {name}: {error}"),
                        "check its permissions",
                    ));
                    return;
                }
            };
            for (link, folder) in &walk.skipped {
                let file = sources.add(link.display().to_string(), "");
                diagnostics.push(Diagnostic {
                    severity: Severity::Warning,
                    ..Diagnostic::error(
                        "link-loop",
                        format!(
                            "{} leads to {}, a folder already read; not followed",
                            link.display(),
                            folder.display()
                        ),
                        Location { file, span: 0..0 },
                    )
                    .with_hint("remove the link, or give each folder once")
                });
            }
            if walk.found.is_empty() {
                diagnostics.push(problem(
                    sources,
                    "no-banks",
                    format!("no `*.toml` bank files in {name}"),
                    "banks are TOML files; see docs/bank-format.md",
                ));
            }
            walk.found.sort();
            for file in walk.found {
                read_file(&file, sources, files, diagnostics);
            }
        }
        Ok(_) => read_file(path, sources, files, diagnostics),
    }
}

fn read_file(
    path: &Path,
    sources: &mut SourceMap,
    files: &mut Vec<FileId>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    files.extend(read_text(
        path,
        sources,
        diagnostics,
        "a bank file",
        "save the bank as UTF-8",
    ));
}

/// Reads a text file into `sources`. A file that cannot be read, is not a
/// regular file, is too large or is not UTF-8 becomes a diagnostic that
/// names it (and the first bad byte); `what` names the kind of file
/// expected ("a bank") and `utf8_hint` how to fix its encoding.
pub fn read_text(
    path: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
    what: &str,
    utf8_hint: &str,
) -> Option<FileId> {
    let name = path.display().to_string();
    match read_capped(path, what) {
        Ok(bytes) => match String::from_utf8(bytes) {
            // Windows editors and spreadsheets start files with a byte-order
            // mark; it is no text, and left in it would shift the first
            // line's columns in every diagnostic.
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.drain(..'\u{feff}'.len_utf8());
                }
                Some(sources.add(name, text))
            }
            Err(error) => {
                let offset = error.utf8_error().valid_up_to();
                let valid = String::from_utf8_lossy(&error.as_bytes()[..offset]).into_owned();
                let file = sources.add(name.clone(), valid + " ");
                diagnostics.push(
                    Diagnostic::error(
                        "encoding",
                        format!("{name} is not valid UTF-8 (byte {offset})"),
                        Location {
                            file,
                            span: offset..offset + 1,
                        },
                    )
                    .with_hint(utf8_hint),
                );
                None
            }
        },
        Err(problem) => {
            let file = sources.add(name.clone(), "");
            diagnostics.push(Diagnostic::error("io", problem.0, Location { file, span: 0..0 }));
            None
        }
    }
}

/// The `*.toml` files under one folder, and the links to folders not
/// followed because their folder was already walked.
#[derive(Default)]
struct Walk {
    /// Folders walked, by their real path.
    visited: HashSet<PathBuf>,
    found: Vec<PathBuf>,
    /// (link, the folder it leads to)
    skipped: Vec<(PathBuf, PathBuf)>,
}

impl Walk {
    fn new(root: &Path) -> std::io::Result<Walk> {
        let mut walk = Walk::default();
        walk.visited.insert(fs::canonicalize(root)?);
        Ok(walk)
    }

    /// A symbolic link back up the tree would otherwise be walked forever,
    /// and one into a sibling would read its banks twice.
    fn collect(&mut self, dir: &Path) -> std::io::Result<()> {
        for entry in fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                let real = fs::canonicalize(&path)?;
                if self.visited.insert(real.clone()) {
                    self.collect(&path)?;
                } else {
                    self.skipped.push((path, real));
                }
            } else if path.extension().is_some_and(|e| e == "toml") {
                self.found.push(path);
            }
        }
        Ok(())
    }
}
