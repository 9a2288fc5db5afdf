//! `nephos architectures`: the applications an estate supports, with names and owners.

use std::process::ExitCode;

use clap::ValueEnum;
use nephos_graph::{Architecture, Graph};
use nephos_report::table::Table;
use serde::Serialize;

use super::common::{self, ImportArgs};
use crate::output;

/// List the architectures (applications) of an estate: every VPC (with what is peered or routed
/// to it), every Lambda function outside a VPC and every ECS cluster seeds one; shared hubs are
/// listed per architecture. JSON shape: docs/output-architectures.md.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    import: ImportArgs,
    /// Output format: table, or json (`{"architectures": [...]}`).
    #[arg(long, value_enum, default_value_t)]
    format: ArchitecturesFormat,
}

/// How `architectures` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ArchitecturesFormat {
    /// Aligned columns for people.
    #[default]
    Table,
    /// JSON for machines.
    Json,
}

#[derive(Serialize)]
struct ArchitecturesView<'a> {
    architectures: &'a [Architecture],
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let imported = common::load(&args.import)?;
    let stage = crate::progress::Stage::start("building the graph and architectures".to_owned());
    let graph = Graph::build(&imported.inventory);
    let architectures = graph.architectures();
    stage.done();
    let mut out = output::stdout();
    match args.format {
        ArchitecturesFormat::Json => nephos_report::write_json(
            &mut out,
            &ArchitecturesView {
                architectures: &architectures,
            },
        )?,
        ArchitecturesFormat::Table => {
            let mut table = Table::new(["ID", "NAME", "OWNER", "SEEDS", "MEMBERS", "SHARED"]);
            for a in &architectures {
                let seeds = match a.seeds.as_slice() {
                    [one] => one.short().to_owned(),
                    many => format!("{} (+{})", many[0].short(), many.len() - 1),
                };
                table.row([
                    a.id.clone(),
                    a.name.clone(),
                    a.owner.clone().unwrap_or_else(|| "-".to_owned()),
                    seeds,
                    a.members.len().to_string(),
                    a.shared.len().to_string(),
                ]);
            }
            table.write(&mut out)?;
        }
    }
    output::finish(out)?;
    Ok(ExitCode::SUCCESS)
}
