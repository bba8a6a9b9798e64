//! `aidquiz lock`: records each question's revision and fingerprint in the
//! lock file beside its banks, refusing a changed question whose revision
//! was not bumped unless the author names the edit editorial.

use std::fs;
use std::path::Path;

use crate::bank::lock::{self, Lock, Update};
use crate::bank::{BankPaths, load_banks};
use crate::diagnostic::Severity;
use crate::error::Error;

use super::Output;

pub fn run(paths: &BankPaths, editorial: &[String], output: &mut Output<'_>) -> Result<(), Error> {
    if *paths == BankPaths::Embedded {
        return Err(Error::Usage(
            "the built-in banks have no lock to write; give the folder of your banks, such as `aidquiz lock quizzes`"
                .into(),
        ));
    }
    let catalog = load_banks(paths);
    // The lock's own findings are what this command resolves; anything
    // else wrong with the banks must be fixed first.
    let resolves = ["revision-needed", "lock-outdated"];
    let blocking: Vec<_> = catalog
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && !resolves.contains(&d.code))
        .cloned()
        .collect();
    if !blocking.is_empty() {
        catalog.sources.emit(output.diagnostics, &blocking)?;
        return Err(Error::BankProblems {
            errors: blocking.len(),
        });
    }

    let mut planned = Vec::new();
    let mut refused = Vec::new();
    for scope in &catalog.locks {
        let current: Vec<_> = catalog
            .current_for(&scope.files)
            .into_iter()
            .map(|(current, _)| current)
            .collect();
        let old = scope.lock.clone().unwrap_or_default();
        let (next, update) = lock::update(&old, &current, editorial);
        if update.is_refused() {
            refused.push((scope.path.clone(), update));
        } else {
            planned.push((scope.path.clone(), scope.lock.is_some(), next, update));
        }
    }
    for id in editorial {
        let named_anywhere = planned.iter().any(|(.., u)| !u.not_changed.contains(id))
            || refused.iter().any(|(_, u)| !u.not_changed.contains(id));
        if !named_anywhere {
            writeln!(
                output.diagnostics,
                "warning: --editorial {id}: its graded content has not changed, so there is nothing to accept"
            )?;
        }
    }
    if !refused.is_empty() {
        for (path, update) in &refused {
            explain_refusal(&path.display().to_string(), update, output)?;
        }
        return Err(Error::Input(format!(
            "nothing was written: {} question(s) changed without a revision bump or went back a revision",
            refused
                .iter()
                .map(|(_, u)| u.refused.len() + u.went_back.len())
                .sum::<usize>()
        )));
    }
    for (path, existed, next, update) in planned {
        if update.changes() == 0 && existed {
            writeln!(output.out, "{}: up to date", path.display())?;
            continue;
        }
        write_lock(&path, &next)?;
        writeln!(
            output.out,
            "{}: {} new, {} revised, {} editorial",
            path.display(),
            update.added.len(),
            update.bumped.len(),
            update.editorial.len()
        )?;
    }
    Ok(())
}

fn explain_refusal(path: &str, update: &Update, output: &mut Output<'_>) -> Result<(), Error> {
    for (id, revision) in &update.refused {
        writeln!(
            output.diagnostics,
            "error: `{id}` changed since {path} recorded revision {revision}\n  = help: if the change alters what is right, set `revision = {}` in the bank; if it only corrects wording, run again with `--editorial {id}`",
            revision + 1
        )?;
    }
    for (id, locked) in &update.went_back {
        writeln!(
            output.diagnostics,
            "error: `{id}` has a lower revision than the {locked} {path} records\n  = help: revisions never go back: set `revision = {}` or higher",
            locked + 1
        )?;
    }
    Ok(())
}

/// Writes beside the old lock and renames over it, so an interrupted write
/// never leaves half a lock.
fn write_lock(path: &Path, lock: &Lock) -> Result<(), Error> {
    let temporary = path.with_extension("lock.tmp");
    let io = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    fs::write(&temporary, lock.render()).map_err(io)?;
    fs::rename(&temporary, path).map_err(io)
}
