//! `aidquiz check`: every problem in the banks, rustc-style or as JSON.

use crate::bank::{BankPaths, load_banks};
use crate::cli::DiagnosticFormat;
use crate::diagnostic::Severity;
use crate::error::Error;
use crate::text::counted;

use super::Output;

pub fn run(paths: &BankPaths, format: DiagnosticFormat, output: &mut Output<'_>) -> Result<(), Error> {
    let catalog = load_banks(paths);
    let errors = catalog
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    match format {
        DiagnosticFormat::Json => {
            let records = catalog.sources.json_records(&catalog.diagnostics);
            serde_json::to_writer_pretty(&mut *output.out, &records).map_err(std::io::Error::from)?;
            writeln!(output.out)?;
        }
        DiagnosticFormat::Text => {
            catalog.sources.emit(output.diagnostics, &catalog.diagnostics)?;
            if errors == 0 {
                let warnings = catalog.diagnostics.len();
                writeln!(
                    output.out,
                    "checked {}, {}: {}",
                    counted(catalog.banks.len(), "bank", "banks"),
                    counted(catalog.question_count(), "question", "questions"),
                    if warnings == 0 {
                        "no problems".to_owned()
                    } else {
                        counted(warnings, "warning", "warnings")
                    }
                )?;
            }
        }
    }
    if errors > 0 {
        return Err(Error::BankProblems { errors });
    }
    Ok(())
}
