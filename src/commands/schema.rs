//! `aidquiz schema`: the JSON Schema of the bank format, derived from the
//! model types so that it cannot drift from what the loader accepts.

use crate::bank::Bank;
use crate::error::Error;

use super::Output;

pub fn bank_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Bank)).expect("a derived schema is valid JSON")
}

pub fn run(output: &mut Output<'_>) -> Result<(), Error> {
    serde_json::to_writer_pretty(&mut *output.out, &bank_schema()).map_err(std::io::Error::from)?;
    writeln!(output.out)?;
    Ok(())
}
