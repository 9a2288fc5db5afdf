//! `nephos inventory`: list resources, from a folder or from the store.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use nephos_model::Resource;

use super::common::{self, ImportArgs, StoreArgs};
use super::filter::FilterArgs;
use crate::output::{self, Format};

/// List resources with filters. With DIR, imports it (and stores a snapshot); without DIR, lists
/// the newest stored snapshot (or --snapshot).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Account-data folder to import; omit to list a stored snapshot.
    #[arg(value_name = "DIR", conflicts_with = "snapshot")]
    dir: Option<PathBuf>,
    /// With DIR: fail (exit 2) when any file could not be read in full.
    #[arg(long, requires = "dir")]
    strict: bool,
    /// With DIR: do not keep a snapshot in the store.
    #[arg(long, requires = "dir")]
    no_store: bool,
    /// Stored snapshot to list instead of the newest (see `nephos snapshots`).
    #[arg(long, value_name = "ID")]
    snapshot: Option<i64>,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    store: StoreArgs,
    /// Output format: table, json (`{"resources": [...]}`, see docs/output-inventory.md) or csv.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let filter = args.filter.compile()?;
    let inventory = match &args.dir {
        Some(dir) => {
            let imported = common::load(&ImportArgs {
                dir: dir.clone(),
                strict: args.strict,
            })?;
            if !args.no_store {
                let mut store = args.store.open()?;
                store.save(&common::estate_name(dir), &imported.inventory)?;
            }
            imported.inventory
        }
        None => {
            let store = args.store.open()?;
            let id = match args.snapshot {
                Some(id) => id,
                None => {
                    store
                        .latest(None)?
                        .context("the store holds no snapshot yet: run `nephos scan DIR` first")?
                        .id
                }
            };
            store.load(id)?
        }
    };
    let mut selected: Vec<&Resource> = inventory
        .resources()
        .iter()
        .filter(|r| filter.matches(r))
        .collect();
    selected.sort_by(|a, b| (a.kind.as_str(), &a.id).cmp(&(b.kind.as_str(), &b.id)));
    let mut out = output::stdout();
    match args.format {
        Format::Json => nephos_report::inventory::write_json(&mut out, &selected)?,
        Format::Table => nephos_report::inventory::write_table(&mut out, &selected)?,
        Format::Csv => nephos_report::inventory::write_csv(&mut out, &selected)?,
    }
    output::finish(out)?;
    Ok(ExitCode::SUCCESS)
}
