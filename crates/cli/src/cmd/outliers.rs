//! `nephos outliers DIR`: resources that look odd next to their peers, with reasons.

use std::process::ExitCode;

use anyhow::Context;
use nephos_graph::Graph;

use super::common::{self, ImportArgs};
use super::exposure::NetFormat;
use crate::output;

/// List resources that look odd next to their peer group (same kind in the same architecture,
/// else account, else estate), with the reasons behind each score. `--export-features FILE`
/// writes the feature matrix as CSV (for comparing other detectors, scripts/outliers-pyod.py).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    import: ImportArgs,
    /// Output format: table, or json (`{"outliers": [{"resource", "score", "reasons", …}]}`).
    #[arg(long, value_enum, default_value_t)]
    format: NetFormat,
    /// Write the feature matrix (one row per compared resource) to FILE as CSV.
    #[arg(long, value_name = "FILE")]
    export_features: Option<std::path::PathBuf>,
    /// Lowest score listed.
    #[arg(long, default_value_t = nephos_risk::outliers::THRESHOLD)]
    min_score: f64,
}

#[derive(serde::Serialize)]
struct OutliersView<'a> {
    outliers: Vec<&'a nephos_risk::OutlierScore>,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let imported = common::load(&args.import)?;
    let inventory = &imported.inventory;
    let stage = crate::progress::Stage::start("scoring outliers".to_owned());
    let graph = Graph::build(inventory);
    let (_, scores) = nephos_risk::outlier_scores(inventory, &graph);
    stage.done();
    if let Some(path) = &args.export_features {
        std::fs::write(path, nephos_risk::feature_matrix_csv(inventory, &graph))
            .with_context(|| format!("writing `{}`", path.display()))?;
        eprintln!("wrote the feature matrix to {}", path.display());
    }
    let mut listed: Vec<&nephos_risk::OutlierScore> = scores
        .iter()
        .filter(|s| s.score >= args.min_score)
        .collect();
    listed.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.resource.cmp(&b.resource))
    });
    let mut out = output::stdout();
    match args.format {
        NetFormat::Json => nephos_report::write_json(&mut out, &OutliersView { outliers: listed })?,
        NetFormat::Table => {
            let mut t =
                nephos_report::table::Table::new(["SCORE", "RESOURCE", "PEER GROUP", "REASONS"]);
            for o in listed {
                t.row([
                    format!("{:.2}", o.score),
                    nephos_report::scan::short(&o.resource),
                    format!("{} ({})", o.peer_group, o.peers),
                    o.reasons
                        .iter()
                        .take(3)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("; "),
                ]);
            }
            t.write(&mut out)?;
        }
    }
    output::finish(out)?;
    Ok(ExitCode::SUCCESS)
}
