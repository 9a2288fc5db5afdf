//! `nephos access`: decide one request against an estate's IAM policies, in the IAM policy
//! simulator's words, with the statements that decided.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Context as _;
use nephos_iam::AccessModel;
use nephos_iam::answer::AccessAnswer;
use nephos_report::table::Table;

use super::common::{self, ImportArgs};
use crate::output::{self, Format};

/// Decide whether a principal may perform an action on a resource: `allowed`, `explicitDeny` or
/// `implicitDeny`, with the deciding statements (identity, resource, boundary, SCP and RCP
/// policies are all read from DIR).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    import: ImportArgs,
    /// The caller: a user, role, assumed-role session or root ARN.
    #[arg(long, value_name = "ARN")]
    principal: String,
    /// The action, `service:Action` (any case).
    #[arg(long, value_name = "ACTION")]
    action: String,
    /// The resource ARN (`*` for actions without one).
    #[arg(long, value_name = "ARN", default_value = "*")]
    resource: String,
    /// A request context key and value; repeat a key for a multi-valued key
    /// (`--context aws:TagKeys=a --context aws:TagKeys=b`).
    #[arg(long, value_name = "KEY=VALUE")]
    context: Vec<String>,
    /// Output format: table or json (`{"decision", "matched": [{"policy", "sid", "effect"}]}`).
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Imports DIR and builds its access model, reporting problems on stderr.
pub fn load_model(import: &ImportArgs) -> anyhow::Result<AccessModel> {
    let imported = common::load(import)?;
    let estate = nephos_iam::estate::estate(&imported.inventory);
    for p in &estate.problems {
        eprintln!("  iam: {p}");
    }
    for e in &estate.model.errors {
        eprintln!("  iam: {e}");
    }
    Ok(estate.model)
}

/// Parses `--context KEY=VALUE` pairs into a request context.
pub fn parse_context(pairs: &[String]) -> anyhow::Result<nephos_iam::Context> {
    let mut ctx = nephos_iam::Context::new();
    let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
    for pair in pairs {
        let (k, v) = pair
            .split_once('=')
            .with_context(|| format!("`{pair}` is not KEY=VALUE"))?;
        match grouped
            .iter_mut()
            .find(|(key, _)| key.eq_ignore_ascii_case(k))
        {
            Some((_, values)) => values.push(v.to_owned()),
            None => grouped.push((k.to_owned(), vec![v.to_owned()])),
        }
    }
    for (k, values) in grouped {
        ctx.set_all(&k, values);
    }
    Ok(ctx)
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let model = load_model(&args.import)?;
    let ctx = parse_context(&args.context)?;
    let response = model
        .evaluate(&args.principal, &args.action, &args.resource, ctx)
        .context("deciding the request")?;
    let answer = AccessAnswer::from(&response);
    let mut out = output::stdout();
    match args.format {
        Format::Json => nephos_report::write_json(&mut out, &answer)?,
        Format::Table | Format::Csv => {
            writeln!(out, "decision: {}", answer.decision)?;
            if let Some(m) = &answer.missing {
                writeln!(out, "missing allow: {m}")?;
            }
            let mut t = Table::new(["POLICY", "SID", "EFFECT"]);
            for m in &answer.matched {
                t.row([m.policy.as_str(), m.sid.as_str(), m.effect]);
            }
            t.write(&mut out)?;
        }
    }
    output::finish(out)?;
    Ok(ExitCode::SUCCESS)
}
