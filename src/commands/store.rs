//! `aidquiz store copy`: every record from one progress store into another,
//! with a table of counts and checksums that says whether both agree.

use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

use super::Output;
use crate::error::Error;
use crate::store::{self, CopyProgress, Store};

pub fn run_copy(from: &Path, to: &Path, output: &mut Output<'_>) -> Result<(), Error> {
    let (from_name, to_name) = (store::display_name(from), store::display_name(to));
    if from_name == to_name || same_file(&from_name, &to_name) {
        return Err(Error::Usage(format!(
            "--from and --to are the same store ({}); give two different ones",
            from_name.display()
        )));
    }
    let source = super::open_existing_store(from, output.diagnostics)?.ok_or_else(|| {
        Error::Input(format!(
            "nothing to copy: there is no progress store at {} (a missing or empty file, or a database without aidquiz's tables)",
            from_name.display()
        ))
    })?;
    let mut target = super::open_store(to, output.diagnostics)?;
    // Drawn only on a terminal (indicatif hides it elsewhere).
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("copying {msg:20} {bar:40} {pos}/{len} rows")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let copies = source.copy_to(&mut target, &mut |CopyProgress { table, done, rows }| {
        bar.set_message(table);
        bar.set_length(rows);
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    drop(target);
    drop::<Store>(source);

    let out = &mut *output.out;
    writeln!(out, "Copied {} into {}:", from_name.display(), to_name.display())?;
    writeln!(
        out,
        "{:<20} {:>10} {:>10} {:>10}  {:<16}  check",
        "table", "source", "added", "target", "checksum"
    )?;
    for copy in &copies {
        writeln!(
            out,
            "{:<20} {:>10} {:>10} {:>10}  {:<16}  {}",
            copy.table,
            copy.source_rows,
            copy.added,
            copy.target_rows,
            &copy.source_checksum[..16],
            if copy.matches() { "same" } else { "DIFFERENT" }
        )?;
    }
    let different: Vec<&str> = copies.iter().filter(|c| !c.matches()).map(|c| c.table).collect();
    if different.is_empty() {
        let added: u64 = copies.iter().map(|c| c.added).sum();
        let rows: u64 = copies.iter().map(|c| c.source_rows).sum();
        writeln!(
            out,
            "Every table matches: {added} of {rows} rows added, the others were there already."
        )?;
        return Ok(());
    }
    Err(Error::Input(format!(
        "the target differs from the source in {}: it held other records before the copy (every row the source has was added where it was missing; rows with the same key were left as the target had them)",
        different.join(", ")
    )))
}

/// Whether two SQLite paths name one file under two spellings (`a.db` and
/// `./a.db`, a link and its target, two hard links). A URL is no file.
fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(first), Ok(second)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        first.dev() == second.dev() && first.ino() == second.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (first, second);
        std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok()
    }
}
