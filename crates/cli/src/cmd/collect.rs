//! `nephos collect`: live collection into the account-data layout (`docs/collect.md`).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use nephos_collect::{CollectOptions, RegionSelection};

/// Collect an AWS estate live (read-only API calls) into the account-data layout.
///
/// Uses the standard AWS credential chain (or --profile, --role-arn, --org), calls the read-only
/// APIs of every enabled region (or --regions) and writes one file per call and parameter under
/// DIR/<account>/<region>/. Failed calls are listed in DIR/<account>/collect-errors.json.
#[derive(Debug, clap::Args)]
pub struct CollectArgs {
    #[command(flatten)]
    pub settings: CollectSettings,
    /// The output folder: one folder per account is written below it.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// How to collect: credentials, accounts, regions, endpoint, concurrency. Shared by `nephos collect`
/// and `nephos scan --collect`.
#[derive(Debug, Clone, clap::Args)]
pub struct CollectSettings {
    /// Named profile from the shared AWS config files (default: the standard credential chain).
    #[arg(long)]
    pub profile: Option<String>,
    /// `all` (every enabled region) or a comma-separated list (`us-east-1,eu-west-1`).
    #[arg(long, default_value = "all")]
    pub regions: String,
    /// Assume this role and collect its account (repeatable: one account per role).
    #[arg(long = "role-arn", value_name = "ARN")]
    pub role_arns: Vec<String>,
    /// Collect every account of the caller's AWS Organization.
    #[arg(long)]
    pub org: bool,
    /// The role assumed in each organization account.
    #[arg(
        long,
        default_value = "OrganizationAccountAccessRole",
        requires = "org"
    )]
    pub org_role: String,
    /// Endpoint for every service (an emulator or a private endpoint); the SDK also honours
    /// `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>`.
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Most API calls in flight at once (across accounts, regions and services).
    #[arg(long, default_value_t = 16)]
    pub concurrency: usize,
    /// Most accounts collected at once (with --role-arn or --org); their calls share --concurrency.
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub account_concurrency: usize,
    /// Attempts per call; the SDK's adaptive retry backs off between them on throttling.
    #[arg(long, default_value_t = 5)]
    pub max_attempts: u32,
    /// Hide the progress bars.
    #[arg(long)]
    pub no_progress: bool,
}

impl CollectSettings {
    /// The library options for collecting into `out`.
    pub fn options(&self, out: PathBuf) -> anyhow::Result<CollectOptions> {
        let mut opts = CollectOptions::new(out);
        opts.profile = self.profile.clone();
        opts.regions = RegionSelection::parse(&self.regions)?;
        opts.role_arns = self.role_arns.clone();
        opts.org_role = self.org.then(|| self.org_role.clone());
        opts.endpoint_url = self.endpoint_url.clone();
        opts.concurrency = self.concurrency.max(1);
        opts.account_concurrency = self.account_concurrency.max(1);
        opts.max_attempts = self.max_attempts.max(1);
        opts.progress = !self.no_progress;
        Ok(opts)
    }
}

/// Runs the command.
pub fn run(args: &CollectArgs) -> anyhow::Result<ExitCode> {
    collect(&args.settings, args.out.clone())?;
    Ok(ExitCode::SUCCESS)
}

/// Collects into `out` and prints the summary to stderr.
pub fn collect(settings: &CollectSettings, out: PathBuf) -> anyhow::Result<()> {
    let opts = settings.options(out)?;
    let summary = nephos_collect::collect(&opts)
        .with_context(|| format!("collecting into `{}`", opts.out.display()))?;
    eprint!("{}", summary.render());
    Ok(())
}
