//! `nephos checks`: the catalogue of misconfiguration checks.

use std::process::ExitCode;

use clap::ValueEnum;

use crate::output;

/// How `nephos checks` prints the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum CatalogueFormat {
    /// Aligned columns: id, severity, CIS ids, title.
    #[default]
    Table,
    /// `{"checks": [...]}` with every field of each check's metadata.
    Json,
    /// CSV (RFC 4180).
    Csv,
    /// The Markdown document kept as docs/checks.md.
    Markdown,
}

/// List the misconfiguration checks: id, severity, resource kinds, rationale, remediation,
/// references and compliance mapping (CIS AWS Foundations v3.0).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: CatalogueFormat,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut out = output::stdout();
    match args.format {
        CatalogueFormat::Table => nephos_report::checks::write_table(&mut out)?,
        CatalogueFormat::Json => nephos_report::checks::write_json(&mut out)?,
        CatalogueFormat::Csv => nephos_report::checks::write_csv(&mut out)?,
        CatalogueFormat::Markdown => nephos_report::checks::write_markdown(&mut out)?,
    }
    output::finish(out)?;
    Ok(ExitCode::SUCCESS)
}
