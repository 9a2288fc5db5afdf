//! `nephos who-can`: which users and roles of an estate may perform an action on a resource.

use std::process::ExitCode;

use nephos_iam::answer::WhoCanAnswer;
use nephos_report::table::Table;

use super::access::load_model;
use super::common::ImportArgs;
use crate::output::{self, Format};

/// List the users and roles allowed to perform an action on a resource, with the statements that
/// allow each, and the action's access level.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    import: ImportArgs,
    /// The action, `service:Action`.
    #[arg(long, value_name = "ACTION")]
    action: String,
    /// The resource ARN (`*` for actions without one).
    #[arg(long, value_name = "ARN", default_value = "*")]
    resource: String,
    /// Output format: table or json (`{"action", "resource", "level", "principals": [...]}`).
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let model = load_model(&args.import)?;
    let allowed = model.who_can(&args.action, &args.resource);
    let answer = WhoCanAnswer::new(&args.action, &args.resource, &allowed);
    let mut out = output::stdout();
    match args.format {
        Format::Json => nephos_report::write_json(&mut out, &answer)?,
        Format::Table | Format::Csv => {
            let mut t = Table::new(["PRINCIPAL", "LEVEL", "ALLOWED BY"]);
            for p in &answer.principals {
                let by: Vec<String> = p
                    .matched
                    .iter()
                    .map(|m| {
                        if m.sid.is_empty() {
                            m.policy.clone()
                        } else {
                            format!("{}#{}", m.policy, m.sid)
                        }
                    })
                    .collect();
                t.row([
                    p.principal.as_str(),
                    answer.level.unwrap_or("-"),
                    by.join(", ").as_str(),
                ]);
            }
            t.write(&mut out)?;
        }
    }
    output::finish(out)?;
    Ok(ExitCode::SUCCESS)
}
