//! `nephos can-do`: what a user or role of an estate may do, by access level.

use std::process::ExitCode;

use anyhow::Context as _;
use nephos_iam::answer::CanDoAnswer;
use nephos_report::table::Table;

use super::access::load_model;
use super::common::ImportArgs;
use crate::output::{self, Format};

/// List the actions a principal is granted (wildcards expanded through the action catalogue),
/// with their access level (list, read, write, permissions-management, tagging) and resources.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    import: ImportArgs,
    /// The user, role or assumed-role session ARN.
    #[arg(long, value_name = "ARN")]
    principal: String,
    /// Output format: table or json (`{"principal", "actions": [...]}`).
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let model = load_model(&args.import)?;
    let grants = model
        .can_do(&args.principal)
        .context("listing the principal's access")?;
    let answer = CanDoAnswer::new(&args.principal, &grants);
    let mut out = output::stdout();
    match args.format {
        Format::Json => nephos_report::write_json(&mut out, &answer)?,
        Format::Table | Format::Csv => {
            let mut t = Table::new(["ACTION", "LEVEL", "RESOURCES"]);
            for a in &answer.actions {
                t.row([
                    a.action.as_str(),
                    a.level.unwrap_or("-"),
                    a.resources.join(", ").as_str(),
                ]);
            }
            t.write(&mut out)?;
        }
    }
    output::finish(out)?;
    Ok(ExitCode::SUCCESS)
}
