//! `nephos reach DIR --from SRC --to DST`: can SRC open a connection to DST, and which rule decides
//! each hop.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use nephos_model::{Inventory, ResourceId};
use nephos_net::{Endpoint, NetworkModel, Protocol, ReachAnswer, ReachQuery};

use super::common::{self, ImportArgs};
use super::exposure::NetFormat;

/// Answer whether SRC can open a connection to DST (resource ids, short ids such as `i-0abc`, or
/// `internet`), naming the rule that allows or blocks it at each hop.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    import: ImportArgs,
    /// Who opens the connection: a resource id (ARN or short id) or `internet`.
    #[arg(long, value_name = "SRC")]
    from: String,
    /// Who accepts it: a resource id (ARN or short id) or `internet`.
    #[arg(long, value_name = "DST")]
    to: String,
    /// Protocol: tcp, udp, icmp, icmpv6 or a protocol number.
    #[arg(long, default_value = "tcp")]
    protocol: String,
    /// Destination port (the ICMP type for icmp); omit to ask about any port.
    #[arg(long)]
    port: Option<u16>,
    /// Output format: table, or json (`{"reachable", "hops", "blocked_by", "code", "reason",
    /// "ports", "assumptions"}`).
    #[arg(long, value_enum, default_value_t)]
    format: NetFormat,
}

/// `internet`, a full id, or a short id that names exactly one resource.
fn endpoint(inventory: &Inventory, s: &str) -> anyhow::Result<Endpoint> {
    if s.eq_ignore_ascii_case("internet") {
        return Ok(Endpoint::Internet);
    }
    if inventory.get(&ResourceId::new(s)).is_some() {
        return Ok(Endpoint::Resource(ResourceId::new(s)));
    }
    let mut found = inventory.resources().iter().filter(|r| r.id.short() == s);
    let first = found
        .next()
        .with_context(|| format!("no resource `{s}` in the inventory"))?;
    if found.next().is_some() {
        anyhow::bail!("`{s}` names several resources: give the full id (ARN)");
    }
    Ok(Endpoint::Resource(first.id.clone()))
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let protocol = Protocol::parse(&args.protocol).with_context(|| {
        format!(
            "`{}` is not a protocol: use tcp, udp, icmp, icmpv6 or a number",
            args.protocol
        )
    })?;
    let imported = common::load(&args.import)?;
    let query = ReachQuery {
        from: endpoint(&imported.inventory, &args.from)?,
        to: endpoint(&imported.inventory, &args.to)?,
        protocol,
        port: args.port,
    };
    let model = NetworkModel::build(&imported.inventory);
    let answer = model.reach(&query)?;
    let mut out = crate::output::stdout();
    match args.format {
        NetFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &answer)?;
            writeln!(out)?;
        }
        NetFormat::Table => write_table(&mut out, &answer)?,
    }
    crate::output::finish(out)?;
    Ok(ExitCode::SUCCESS)
}

fn write_table(out: &mut impl Write, a: &ReachAnswer) -> anyhow::Result<()> {
    writeln!(out, "reachable: {}", if a.reachable { "yes" } else { "no" })?;
    for h in &a.hops {
        let component = h.component.as_deref().unwrap_or("");
        let rule = h
            .rule
            .as_deref()
            .map_or(String::new(), |r| format!("  [{r}]"));
        writeln!(out, "  {:<28} {component}{rule}", h.step)?;
    }
    if let Some(b) = &a.blocked_by {
        let code = a.code.as_deref().unwrap_or("");
        let reason = a.reason.as_deref().unwrap_or("");
        if b == code {
            writeln!(out, "blocked: {code}: {reason}")?;
        } else {
            writeln!(out, "blocked by: {b} ({code}): {reason}")?;
        }
    }
    if !a.assumptions.is_empty() {
        writeln!(out, "ASSUMED (not collected): {}", a.assumptions.join("; "))?;
    }
    Ok(())
}
