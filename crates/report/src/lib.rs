//! Output formats: how nephos's results are shown to people and handed to other tools.
//!
//! Owns: the plain-text table renderer, CSV quoting, and the documented JSON shapes of each
//! command's output (the `*View` types: stable field names, see `docs/`), the check catalogue
//! (`docs/checks.md`) and the findings formats (JSON, CSV, SARIF, OCSF, ASFF). Later: the HTML report.
//!
//! Must not: compute anything. Every function here takes finished results and writes them; the
//! analyses live in their own crates. Only this crate and the CLI know about output formats.

pub mod checks;
pub mod csv;
pub mod findings;
pub mod inventory;
pub mod scan;
pub mod table;

/// Writing an output failed.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The destination could not be written (a closed pipe, a full disk).
    #[error("cannot write output: {0}")]
    Io(#[from] std::io::Error),
    /// A value could not be encoded as JSON.
    #[error("cannot encode output as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Writes `value` as pretty JSON followed by a newline.
pub fn write_json<T: serde::Serialize>(
    out: &mut dyn std::io::Write,
    value: &T,
) -> Result<(), ReportError> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    out.write_all(b"\n")?;
    Ok(())
}
