//! `nephos kinds`: the resource kinds nephos knows.

use std::process::ExitCode;

use nephos_model::ResourceKind;
use nephos_report::table::Table;

use crate::output::{self, Format};

/// List the resource kinds nephos models (AWS Config / CloudFormation type names).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut out = output::stdout();
    match args.format {
        Format::Json => {
            let names: Vec<&str> = ResourceKind::ALL.iter().map(|k| k.as_str()).collect();
            nephos_report::write_json(&mut out, &serde_json::json!({ "kinds": names }))?;
        }
        Format::Csv => {
            nephos_report::csv::write_record(&mut out, ["kind"])?;
            for k in ResourceKind::ALL {
                nephos_report::csv::write_record(&mut out, [k.as_str()])?;
            }
        }
        Format::Table => {
            let mut t = Table::new(["KIND"]);
            for k in ResourceKind::ALL {
                t.row([k.as_str()]);
            }
            t.write(&mut out)?;
        }
    }
    output::finish(out)?;
    Ok(ExitCode::SUCCESS)
}
