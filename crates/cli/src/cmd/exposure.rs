//! `nephos exposure DIR`: every resource reachable from the internet, with the path and the rules.

use std::io::Write;
use std::process::ExitCode;

use nephos_model::ResourceId;
use nephos_net::{ExposureReport, NetworkModel};

use super::common::{self, ImportArgs};

/// How `exposure` and `reach` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum NetFormat {
    /// Aligned columns for people.
    #[default]
    Table,
    /// JSON for machines.
    Json,
}

/// List every resource reachable from the internet: protocol, ports and the path (gateway → route
/// → network ACL rule → security group rule → interface, or through a load balancer). Where the
/// answer rests on data that was not collected, the resource is reported with its assumptions.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    import: ImportArgs,
    /// Output format: table, or json (`{"exposures": [{"resource", "protocol", "ports", "via",
    /// "rules", "assumptions", "through"}]}`).
    #[arg(long, value_enum, default_value_t)]
    format: NetFormat,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let imported = common::load(&args.import)?;
    let model = NetworkModel::build(&imported.inventory);
    let report = model.exposures();
    let mut out = crate::output::stdout();
    match args.format {
        NetFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        NetFormat::Table => write_table(&mut out, &report)?,
    }
    crate::output::finish(out)?;
    Ok(ExitCode::SUCCESS)
}

/// A short handle for the table: the AWS id, or `type/name` for load balancer ARNs (whose last
/// segment is a hash).
fn short(id: &str) -> String {
    let rid = ResourceId::new(id);
    match rid.arn_parts() {
        Some(p) if p.service == "elasticloadbalancing" => {
            let mut parts = p.resource.split('/');
            let kind = parts.next().unwrap_or("");
            let name = parts.nth(1).unwrap_or(p.resource);
            format!("{kind}/{name}")
        }
        _ => rid.short().to_owned(),
    }
}

fn ports(p: &[[u16; 2]]) -> String {
    let v: Vec<String> = p
        .iter()
        .map(|[a, b]| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect();
    v.join(",")
}

fn write_table(out: &mut impl Write, report: &ExposureReport) -> anyhow::Result<()> {
    let rows: Vec<[String; 5]> = report
        .exposures
        .iter()
        .map(|e| {
            let via: Vec<String> = e.via.iter().map(|v| short(v)).collect();
            [
                e.resource.clone(),
                e.protocol.clone(),
                ports(&e.ports),
                via.join(" > "),
                if e.assumptions.is_empty() {
                    String::new()
                } else {
                    format!("ASSUMED: {}", e.assumptions.join("; "))
                },
            ]
        })
        .collect();
    let head = ["RESOURCE", "PROTOCOL", "PORTS", "PATH", "ASSUMPTIONS"];
    let mut w = head.map(str::len);
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(x) = w.get_mut(i) {
                *x = (*x).max(c.chars().count());
            }
        }
    }
    let line = |cells: [&str; 5]| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let width = w.get(i).copied().unwrap_or(0);
            s.push_str(&format!("{c:<width$}  "));
        }
        s.trim_end().to_owned()
    };
    writeln!(out, "{}", line(head))?;
    for r in &rows {
        writeln!(out, "{}", line([&r[0], &r[1], &r[2], &r[3], &r[4]]))?;
    }
    let assumed = report
        .exposures
        .iter()
        .filter(|e| !e.assumptions.is_empty())
        .count();
    writeln!(out, "\n{} exposures", report.exposures.len())?;
    if assumed > 0 {
        writeln!(
            out,
            "{assumed} of them rest on data that was not collected (ASSUMED): nephos assumed the permissive case"
        )?;
    }
    Ok(())
}
