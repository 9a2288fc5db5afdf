//! `nephos scan`: import an estate, store a snapshot, run every analysis stage, summarise.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use nephos_report::scan::{
    ImportView, InventorySummary, NotCollectedView, ProblemView, ScanView, SnapshotRef,
};

use super::common::{self, ImportArgs, StoreArgs};
use super::demo::DemoSize;
use crate::output::{self, Format};

/// Import an account-data folder, keep it as a snapshot, run every analysis and print a summary.
///
/// With --demo, first generates a demo estate (sized by --accounts, --resources, --seed) in a
/// temporary folder and scans that.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Account-data folder: a folder of account folders, or one account folder.
    #[arg(
        value_name = "DIR",
        required_unless_present = "demo",
        conflicts_with = "demo"
    )]
    dir: Option<PathBuf>,
    /// Scan a freshly generated demo estate instead of DIR.
    #[arg(long)]
    demo: bool,
    #[command(flatten)]
    demo_size: DemoSize,
    /// Fail (exit 2) when any file could not be read in full.
    #[arg(long)]
    strict: bool,
    /// Do not keep a snapshot in the store.
    #[arg(long)]
    no_store: bool,
    #[command(flatten)]
    store: StoreArgs,
    /// Output format: table (a summary for people) or json (everything; docs/output-scan.md).
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Also write a self-contained HTML report (diagrams, risks, paths, findings, outliers).
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    /// Draw diagrams in the HTML report for at most this many architectures (riskiest first).
    #[arg(long, value_name = "N", default_value_t = 25)]
    html_diagrams: usize,
    /// Collect the estate live into DIR first (read-only AWS API calls; the options below are
    /// those of `nephos collect`), then scan it.
    #[cfg(feature = "collect")]
    #[arg(long, requires = "dir")]
    collect: bool,
    #[cfg(feature = "collect")]
    #[command(flatten)]
    collect_settings: super::collect::CollectSettings,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.format == Format::Csv {
        bail!("`scan` prints table or json; use `inventory --format csv` for CSV");
    }
    // The temporary folder lives until the scan is done.
    let (dir, estate, _tmp) = if args.demo {
        let tmp = tempfile::Builder::new().prefix("nephos-demo-").tempdir()?;
        let dir = tmp.path().join("estate");
        super::demo::generate(&dir, &args.demo_size)?;
        (dir, args.demo_size.estate_name(), Some(tmp))
    } else {
        let Some(dir) = args.dir.clone() else {
            bail!("give an account-data DIR, or --demo");
        };
        #[cfg(feature = "collect")]
        if args.collect {
            super::collect::collect(&args.collect_settings, dir.clone())?;
        }
        let estate = common::estate_name(&dir);
        (dir, estate, None)
    };
    let imported = common::load(&ImportArgs {
        dir: dir.clone(),
        strict: args.strict,
    })?;
    crate::progress::trace_memory("import");
    let inventory = &imported.inventory;

    let snapshot = if args.no_store {
        None
    } else {
        let mut store = args.store.open()?;
        let stage = crate::progress::Stage::start("storing the snapshot");
        let info = store.save(&estate, inventory);
        stage.done();
        let info = info?;
        Some(SnapshotRef {
            id: info.id,
            estate: info.estate,
            db: store.path().display().to_string(),
        })
    };

    // Stage order keeps the peak memory down: the checks run first, while only the inventory is
    // alive, and only their open failures (all the later stages read) are kept; the network model
    // lives only inside its stage; the graph comes last before the risk stage.
    let mut stages = std::collections::BTreeMap::new();
    let (findings, ms) = time_stage("running checks", || open_failures(inventory));
    stages.insert("checks", ms);
    let (net, ms) = time_stage("computing internet exposure and lateral reach", || {
        let model = nephos_net::NetworkModel::build(inventory);
        let exposures = model.exposures();
        let lateral = lateral_reach(&model, &exposures);
        (exposures, lateral)
    });
    let (exposures, lateral) = net;
    stages.insert("net", ms);
    // The summaries the output needs from the import, then the inventory moves into the graph
    // (no second copy of every resource): the risk stage borrows the resources from the graph.
    let import = import_view(&imported);
    let inventory_summary = InventorySummary::of(inventory);
    let (graph, ms) = time_stage("building the graph", || {
        nephos_graph::Graph::from_inventory(imported.inventory)
    });
    stages.insert("graph", ms);
    let resources: Vec<&nephos_model::Resource> =
        graph.nodes().filter_map(|n| graph.resource(n)).collect();
    // Computed once: the risk stage aggregates over them and the HTML report draws them.
    let graph_architectures = graph.architectures();
    let (risk, ms) = time_stage("scoring risk and attack paths", || {
        nephos_risk::analyse_in(
            &resources,
            &graph,
            &graph_architectures,
            &exposures,
            &lateral,
            &findings,
        )
    });
    stages.insert("risk", ms);
    drop((findings, exposures, lateral, resources));
    let view = ScanView {
        source: if args.demo {
            estate.clone()
        } else {
            dir.display().to_string()
        },
        snapshot,
        import,
        inventory: inventory_summary,
        stages,
        finding_counts: nephos_report::scan::finding_counts(&risk.findings),
        architectures: risk.architectures,
        assets: risk.assets,
        attack_paths: risk.attack_paths,
        outliers: risk.outliers,
        findings: risk.findings,
    };
    if let Some(path) = &args.html {
        let by_id: std::collections::HashMap<&str, &nephos_graph::Architecture> =
            graph_architectures
                .iter()
                .map(|a| (a.id.as_str(), a))
                .collect();
        let mut diagrams = std::collections::BTreeMap::new();
        for a in view.architectures.iter().take(args.html_diagrams) {
            let Some(arch) = by_id.get(a.id.as_str()) else {
                continue;
            };
            let d = nephos_graph::diagram::Diagram::of_architecture(&graph, arch);
            if let Ok(svg) = nephos_graph::diagram::render(&d, nephos_graph::diagram::Format::Svg) {
                diagrams.insert(a.id.clone(), svg);
            }
        }
        let mut file = std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("creating `{}`", path.display()))?,
        );
        nephos_report::html::write(&mut file, &view, &diagrams)?;
        std::io::Write::flush(&mut file)?;
        eprintln!("wrote the HTML report to {}", path.display());
        crate::progress::trace_memory("the HTML report");
    }
    // The report holds everything the output needs: free the estate before writing it.
    drop((graph_architectures, graph));
    crate::progress::trace_memory("freeing the estate");
    let mut out = output::stdout();
    match args.format {
        Format::Json => nephos_report::write_json(&mut out, &view)?,
        _ => nephos_report::scan::write_table(&mut out, &view)?,
    }
    output::finish(out)?;
    crate::progress::trace_memory("output");
    Ok(ExitCode::SUCCESS)
}

/// Lateral moves from what the internet reaches (directly or through a load balancer), then one
/// more round from the instances and tasks those moves reach, so a path can go exposed instance →
/// internal instance → database. Each round is bounded per source class by the network engine.
fn lateral_reach(
    model: &nephos_net::NetworkModel<'_>,
    exposures: &nephos_net::ExposureReport,
) -> Vec<nephos_net::LateralGroup> {
    use std::collections::BTreeSet;
    let exposed: BTreeSet<nephos_model::ResourceId> = exposures
        .exposures
        .iter()
        .map(|e| nephos_model::ResourceId::new(e.resource.as_str()))
        .collect();
    let mut groups = model.lateral_moves(exposed.iter(), nephos_risk::paths::MAX_LATERAL_TARGETS);
    let reached: BTreeSet<nephos_model::ResourceId> = groups
        .iter()
        .flat_map(|g| &g.targets)
        .filter(|t| {
            matches!(
                t.to_kind,
                nephos_model::ResourceKind::Instance | nephos_model::ResourceKind::EcsTask
            )
        })
        .map(|t| nephos_model::ResourceId::new(t.to.as_str()))
        .filter(|id| !exposed.contains(id))
        .collect();
    groups.extend(model.lateral_moves(reached.iter(), nephos_risk::paths::MAX_LATERAL_TARGETS));
    groups
}

/// Every check's open failures (what the risk stage reads), filtered check by check as they
/// finish, so the passes of the whole estate are never held at once.
fn open_failures(inventory: &nephos_model::Inventory) -> Vec<nephos_checks::Finding> {
    nephos_checks::run_where(inventory, &[], nephos_checks::Finding::is_open_failure)
}

/// Runs one stage under a progress spinner; returns its value and wall time in milliseconds.
fn time_stage<T>(name: &str, f: impl FnOnce() -> T) -> (T, u128) {
    let stage = crate::progress::Stage::start(name.to_owned());
    let start = std::time::Instant::now();
    let value = f();
    let ms = start.elapsed().as_millis();
    stage.done();
    crate::progress::trace_memory(name);
    (value, ms)
}

fn import_view(imported: &nephos_aws::Imported) -> ImportView {
    let s = &imported.stats;
    ImportView {
        accounts: s.accounts,
        files: s.files_read,
        bytes: s.bytes,
        elapsed_ms: s.elapsed.as_millis(),
        problems: imported
            .problems
            .iter()
            .map(|p| ProblemView {
                file: p.path.display().to_string(),
                line: p.line,
                column: p.column,
                kind: p.kind.as_str(),
                message: p.message.clone(),
            })
            .collect(),
        not_collected: s
            .not_collected
            .iter()
            .map(|n| NotCollectedView {
                account: n.account.clone(),
                source: n.source.clone(),
                regions: n.regions.clone(),
                reason: n.reason.clone(),
            })
            .collect(),
    }
}
