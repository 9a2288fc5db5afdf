//! `nephos demo`: write a synthetic estate with its answer key.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use nephos_demo::DemoOptions;

/// Write a deterministic synthetic AWS estate (an organization of accounts with web tiers, ECS
/// services, Lambda pipelines, data stores, peered VPCs and realistic IAM) in the account-data
/// layout, with planted misconfigurations, outliers and an attack path listed in `labels.json`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Output folder (must not exist, or be empty).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub size: DemoSize,
}

/// Size and seed of a demo estate.
#[derive(Debug, Clone, clap::Args)]
pub struct DemoSize {
    /// Minimum number of accounts (more are added for large estates).
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub accounts: usize,
    /// Target number of resources (within ±10%; 1,000 to 1,000,000).
    #[arg(long, default_value_t = 2_000, value_name = "N")]
    pub resources: usize,
    /// Seed: the same seed and sizes give byte-identical output.
    #[arg(long, default_value_t = 42, value_name = "S")]
    pub seed: u64,
}

impl DemoSize {
    /// The generator's options.
    pub fn options(&self) -> anyhow::Result<DemoOptions> {
        if self.accounts == 0 {
            anyhow::bail!("--accounts must be at least 1");
        }
        if !(1_000..=1_000_000).contains(&self.resources) {
            anyhow::bail!(
                "--resources must be between 1000 and 1000000, got {}",
                self.resources
            );
        }
        Ok(DemoOptions {
            accounts: self.accounts,
            resources: self.resources,
            seed: self.seed,
        })
    }

    /// The estate name demo snapshots are kept under.
    pub fn estate_name(&self) -> String {
        format!(
            "demo:accounts={},resources={},seed={}",
            self.accounts, self.resources, self.seed
        )
    }
}

/// Generates with a progress spinner and prints what was written to stderr.
pub fn generate(
    out: &std::path::Path,
    size: &DemoSize,
) -> anyhow::Result<nephos_demo::DemoSummary> {
    let opts = size.options()?;
    let stage = crate::progress::Stage::start(format!(
        "generating a demo estate of ~{} resources",
        opts.resources
    ));
    let summary = nephos_demo::generate(out, &opts);
    stage.done();
    let summary =
        summary.with_context(|| format!("writing the demo estate to `{}`", out.display()))?;
    eprintln!(
        "generated {} resources in {} accounts ({} files, {:.1} MiB) in {:.2} s; answer key: {}",
        summary.total_resources(),
        summary.accounts,
        summary.files,
        summary.bytes as f64 / (1024.0 * 1024.0),
        summary.elapsed.as_secs_f64(),
        summary.labels.display()
    );
    Ok(summary)
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    generate(&args.out, &args.size)?;
    Ok(ExitCode::SUCCESS)
}
