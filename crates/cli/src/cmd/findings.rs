//! `nephos findings`: run every misconfiguration check over a snapshot and print the findings.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::ValueEnum;
use nephos_checks::{Severity, Status, suppress};
use nephos_report::findings::{FindingsFormat, FindingsReport};

use super::common::{self, ImportArgs, StoreArgs};
use crate::output;

/// How `nephos findings` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum FormatArg {
    /// Failures (most severe first), a summary and the suppressions.
    #[default]
    Table,
    /// `{"findings": [...], "summary": {...}, "suppressions": [...]}` (docs/output-findings.md).
    Json,
    /// CSV (RFC 4180), one row per finding.
    Csv,
    /// SARIF 2.1.0.
    Sarif,
    /// OCSF 1.1 Compliance Finding events (class 2003).
    Ocsf,
    /// AWS Security Finding Format for Security Hub (`{"Findings": [...]}`).
    Asff,
}

impl From<FormatArg> for FindingsFormat {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Table => Self::Table,
            FormatArg::Json => Self::Json,
            FormatArg::Csv => Self::Csv,
            FormatArg::Sarif => Self::Sarif,
            FormatArg::Ocsf => Self::Ocsf,
            FormatArg::Asff => Self::Asff,
        }
    }
}

/// Run the misconfiguration checks (`nephos checks` lists them). With DIR, imports it (and stores a
/// snapshot); without DIR, judges the newest stored snapshot (or --snapshot).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Account-data folder to import and judge (also stored as a snapshot); omit to judge a stored
    /// snapshot.
    #[arg(value_name = "DIR", conflicts_with = "snapshot")]
    dir: Option<PathBuf>,
    /// With DIR: fail (exit 2) when any file could not be read in full.
    #[arg(long, requires = "dir")]
    strict: bool,
    /// With DIR: do not keep a snapshot in the store.
    #[arg(long, requires = "dir")]
    no_store: bool,
    /// Stored snapshot to judge instead of the newest (see `nephos snapshots`).
    #[arg(long, value_name = "ID")]
    snapshot: Option<i64>,
    /// Only these checks (ids from `nephos checks`). Repeatable.
    #[arg(long = "check", value_name = "ID")]
    checks: Vec<String>,
    /// A YAML file of suppressions: check, resource pattern (`*` wildcards), reason, expires.
    #[arg(long, value_name = "FILE")]
    suppressions: Option<PathBuf>,
    /// Write only failures (the table always shows only failures).
    #[arg(long)]
    failed_only: bool,
    /// Exit with status 1 when an unsuppressed failure of this severity or higher exists.
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    fail_on: Option<Severity>,
    #[command(flatten)]
    store: StoreArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: FormatArg,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse()
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    for id in &args.checks {
        if nephos_checks::registry::find(id).is_none() {
            bail!("unknown check `{id}`; `nephos checks` lists them");
        }
    }
    let rules = match &args.suppressions {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading suppressions `{}`", path.display()))?;
            suppress::parse(&text, &path.display().to_string())?
        }
        None => Vec::new(),
    };
    let inventory = match &args.dir {
        Some(dir) => {
            let imported = common::load(&ImportArgs {
                dir: dir.clone(),
                strict: args.strict,
            })?;
            if !args.no_store {
                let mut store = args.store.open()?;
                store.save(&common::estate_name(dir), &imported.inventory)?;
            }
            imported.inventory
        }
        None => {
            let store = args.store.open()?;
            let id = match args.snapshot {
                Some(id) => id,
                None => {
                    store
                        .latest(None)?
                        .context("the store holds no snapshot yet: run `nephos scan DIR` first")?
                        .id
                }
            };
            store.load(id)?
        }
    };
    let ids: Vec<&str> = args.checks.iter().map(String::as_str).collect();
    let mut findings = nephos_checks::run_selected(&inventory, &ids);
    let today = chrono::Utc::now().date_naive();
    let uses = suppress::apply(&mut findings, &rules, today);
    for u in uses.iter().filter(|u| u.expired) {
        eprintln!(
            "warning: suppression of `{}` on `{}` expired on {} and is not honoured",
            u.suppression.check,
            u.suppression.resource,
            u.suppression
                .expires
                .map(|d| d.to_string())
                .unwrap_or_default()
        );
    }
    if args.failed_only {
        findings.retain(|f| f.status == Status::Fail);
    }
    let report = FindingsReport {
        findings: &findings,
        suppressions: &uses,
        generated_at: inventory.taken_at.unwrap_or_else(chrono::Utc::now),
    };
    let mut out = output::stdout();
    nephos_report::findings::write(&mut out, &report, args.format.into())?;
    output::finish(out)?;
    let failed = args.fail_on.is_some_and(|min| {
        findings
            .iter()
            .any(|f| f.is_open_failure() && f.check.severity >= min)
    });
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
