//! One module per subcommand: each loads what it needs, calls the core and
//! writes its output.

use std::io::Write;
use std::path::Path;

use codespan_reporting::term::termcolor::WriteColor;

use crate::bank::{BankPaths, Catalog, load_banks};
use crate::error::Error;
use crate::input::require_regular;
use crate::record::BankRef;
use crate::store::Store;
use sha2::{Digest, Sha256};

use crate::text::hex;

pub mod check;
pub mod exam;
pub mod export;
pub mod history;
pub mod import;
pub mod lint;
pub mod list;
pub mod lock;
pub mod output_file;
mod recorder;
pub mod report;
pub mod schema;
pub mod store;
pub mod study;
pub mod take;

/// Where a command writes: its result, and the diagnostics for people.
pub struct Output<'a> {
    pub out: &'a mut dyn Write,
    pub diagnostics: &'a mut dyn WriteColor,
}

/// Opens the progress store, saying so on stderr first when a store written
/// by an older aidquiz is to be upgraded, which takes a while on a large
/// one (about 12 s per million attempts for schema 6).
pub fn open_store(path: &Path, diagnostics: &mut dyn WriteColor) -> Result<Store, Error> {
    refuse_special_file(path)?;
    let mut noted = Ok(());
    let store = Store::open_noting_upgrade(path, &mut |from, to| {
        noted = note_upgrade(diagnostics, path, from, to);
    })?;
    noted?;
    Ok(store)
}

/// Opens an existing store for a command that only reads: `None` when there
/// is none yet (no file or an empty one), which is never created.
pub fn open_existing_store(path: &Path, diagnostics: &mut dyn WriteColor) -> Result<Option<Store>, Error> {
    refuse_special_file(path)?;
    let mut noted = Ok(());
    let store = Store::open_existing(path, &mut |from, to| {
        noted = note_upgrade(diagnostics, path, from, to);
    })?;
    noted?;
    Ok(store)
}

/// Opening a named pipe blocks until someone writes to it, and SQLite would
/// wait forever: a store path must be a regular file (or nothing yet).
fn refuse_special_file(path: &Path) -> Result<(), Error> {
    if path.to_str().is_some_and(crate::store::is_postgres_url) {
        return Ok(());
    }
    require_regular(path, "a progress store").map_err(|p| Error::Input(p.0))
}

fn note_upgrade(diagnostics: &mut dyn WriteColor, path: &Path, from: i64, to: i64) -> std::io::Result<()> {
    writeln!(
        diagnostics,
        "upgrading the progress store {} from schema {from} to {to} (once; a large store takes a while)",
        crate::store::display_name(path).display()
    )
}

/// Loads the banks and stops, with every diagnostic printed, if any has an
/// error. Warnings are printed and the banks used.
pub fn load_clean_banks(paths: &BankPaths, output: &mut Output<'_>) -> Result<Catalog, Error> {
    let catalog = load_banks(paths);
    catalog.sources.emit(output.diagnostics, &catalog.diagnostics)?;
    if catalog.has_errors() {
        let errors = catalog
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Error)
            .count();
        return Err(Error::BankProblems { errors });
    }
    Ok(catalog)
}

/// Every bank loaded (the pool a seed draws from), with a hash of its text,
/// so a record or exam can tell later whether its banks have changed.
pub fn bank_refs(catalog: &Catalog) -> Vec<BankRef> {
    catalog
        .banks
        .iter()
        .map(|loaded| BankRef {
            id: loaded.bank.meta.id.clone(),
            hash: format!(
                "sha256:{}",
                hex(&Sha256::digest(catalog.sources.text(loaded.file).as_bytes()))
            ),
        })
        .collect()
}
