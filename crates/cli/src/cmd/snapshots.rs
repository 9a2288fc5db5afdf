//! `nephos snapshots`: the snapshots kept in the store.

use std::process::ExitCode;

use nephos_report::table::Table;

use super::common::StoreArgs;
use crate::output::{self, Format};

/// List the stored snapshots (every `scan` or `inventory DIR` stores one).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    store: StoreArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = args.store.open()?;
    let snapshots = store.snapshots()?;
    let mut out = output::stdout();
    match args.format {
        Format::Json => {
            nephos_report::write_json(&mut out, &serde_json::json!({ "snapshots": snapshots }))?
        }
        Format::Csv => {
            nephos_report::csv::write_record(
                &mut out,
                [
                    "id",
                    "estate",
                    "source",
                    "taken_at",
                    "imported_at",
                    "resources",
                ],
            )?;
            for s in &snapshots {
                nephos_report::csv::write_record(
                    &mut out,
                    [
                        s.id.to_string(),
                        s.estate.clone(),
                        s.source.clone(),
                        s.taken_at.clone().unwrap_or_default(),
                        s.imported_at.clone(),
                        s.resources.to_string(),
                    ],
                )?;
            }
        }
        Format::Table => {
            let mut t = Table::new(["ID", "ESTATE", "TAKEN AT", "RESOURCES", "SOURCE"]);
            for s in &snapshots {
                t.row([
                    s.id.to_string(),
                    s.estate.clone(),
                    s.taken_at.clone().unwrap_or_else(|| "-".into()),
                    s.resources.to_string(),
                    s.source.clone(),
                ]);
            }
            t.write(&mut out)?;
        }
    }
    output::finish(out)?;
    Ok(ExitCode::SUCCESS)
}
