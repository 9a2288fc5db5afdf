//! `nephos scan` output: the summary of every stage that ran (documented in docs/output-scan.md).
//!
//! Stages add their own section as they land; fields are only ever added.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use nephos_model::Inventory;
use nephos_risk::{ArchitectureRisk, AssetRisk, AttackPath, OutlierScore, RankedFinding};
use serde::Serialize;

use crate::{ReportError, table::Table};

/// Where the scan's snapshot was stored.
#[derive(Debug, Clone, Serialize)]
pub struct SnapshotRef {
    /// Snapshot number.
    pub id: i64,
    /// Estate name.
    pub estate: String,
    /// Database path.
    pub db: String,
}

/// A file that could not be read in full.
#[derive(Debug, Clone, Serialize)]
pub struct ProblemView {
    /// The file.
    pub file: String,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// 1-based column, where known.
    pub column: Option<usize>,
    /// `malformed_json`, `truncated_json`, `wrong_shape`, `unreadable`, `too_large`,
    /// `unknown_account`.
    pub kind: &'static str,
    /// What went wrong.
    pub message: String,
}

/// A source that was not collected for an account.
#[derive(Debug, Clone, Serialize)]
pub struct NotCollectedView {
    /// Account id.
    pub account: String,
    /// Account-data file stem.
    pub source: String,
    /// Regions where it is missing.
    pub regions: Vec<String>,
    /// Why, when known.
    pub reason: Option<String>,
}

/// The import stage.
#[derive(Debug, Clone, Serialize)]
pub struct ImportView {
    /// Account folders imported.
    pub accounts: usize,
    /// Files read.
    pub files: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Wall time in milliseconds.
    pub elapsed_ms: u128,
    /// Files that could not be read in full.
    pub problems: Vec<ProblemView>,
    /// Sources not collected.
    pub not_collected: Vec<NotCollectedView>,
}

/// What the inventory holds.
#[derive(Debug, Clone, Serialize)]
pub struct InventorySummary {
    /// Resources.
    pub resources: usize,
    /// Declared relationships.
    pub relationships: usize,
    /// Account ids.
    pub accounts: Vec<String>,
    /// Regions with regional resources.
    pub regions: Vec<String>,
    /// Resources per kind.
    pub by_kind: BTreeMap<&'static str, usize>,
}

impl InventorySummary {
    /// Summarises an inventory.
    pub fn of(inventory: &Inventory) -> Self {
        let regions: BTreeSet<&str> = inventory
            .resources()
            .iter()
            .filter_map(|r| r.region.as_deref())
            .collect();
        Self {
            resources: inventory.len(),
            relationships: inventory.relationships().len(),
            accounts: inventory
                .accounts()
                .into_iter()
                .map(str::to_owned)
                .collect(),
            regions: regions.into_iter().map(str::to_owned).collect(),
            by_kind: inventory.counts_by_kind(),
        }
    }
}

/// The whole scan result.
#[derive(Debug, Clone, Serialize)]
pub struct ScanView {
    /// The folder scanned (or the demo estate's description).
    pub source: String,
    /// Where the snapshot was stored; `null` with `--no-store`.
    pub snapshot: Option<SnapshotRef>,
    /// The import stage.
    pub import: ImportView,
    /// The inventory.
    pub inventory: InventorySummary,
    /// Wall time of each analysis stage in milliseconds (`graph`, `net`, `checks`, `risk`).
    pub stages: BTreeMap<&'static str, u128>,
    /// Open failed findings per severity.
    pub finding_counts: BTreeMap<String, usize>,
    /// Architectures, risky first then by score.
    pub architectures: Vec<ArchitectureRisk>,
    /// Assets with some risk factor besides criticality, riskiest first, with the factor
    /// breakdown.
    pub assets: Vec<AssetRisk>,
    /// Attack paths, best first.
    pub attack_paths: Vec<AttackPath>,
    /// Outliers (score ≥ 0.5), oddest first, with reasons.
    pub outliers: Vec<OutlierScore>,
    /// Open failed findings, by priority (severity × the asset's exposure and data reach).
    pub findings: Vec<RankedFinding>,
}

/// Counts findings per severity.
pub fn finding_counts(findings: &[RankedFinding]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for f in findings {
        *out.entry(f.severity.clone()).or_default() += 1;
    }
    out
}

/// A short handle for a resource: the AWS id, or `type/name` for load balancer ARNs (whose last
/// segment is a hash).
pub fn short(id: &str) -> String {
    let rid = nephos_model::ResourceId::new(id);
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

fn clip(s: &str, n: usize) -> String {
    let s = crate::table::sanitize(s);
    if s.chars().count() <= n {
        s
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Writes the risk part of the human summary: riskiest architectures, top assets, attack paths,
/// outliers and finding counts.
fn write_risk(out: &mut dyn Write, scan: &ScanView) -> Result<(), ReportError> {
    writeln!(out, "\nRISKIEST ARCHITECTURES")?;
    let mut t = Table::new(["SCORE", "RISKY", "NAME", "OWNER", "PATHS", "WHY"]);
    for a in scan.architectures.iter().take(10) {
        t.row([
            format!("{:.0}", a.score),
            if a.risky { "yes" } else { "" }.to_owned(),
            a.name.clone(),
            a.owner.clone().unwrap_or_else(|| "-".to_owned()),
            a.attack_paths.to_string(),
            clip(a.reasons.first().map_or("", String::as_str), 90),
        ]);
    }
    t.write(out)?;
    writeln!(out, "\nTOP ASSETS")?;
    let mut t = Table::new(["SCORE", "KIND", "RESOURCE", "NAME", "WHY"]);
    for a in scan.assets.iter().take(10) {
        t.row([
            format!("{:.0}", a.score),
            a.kind.clone(),
            short(&a.resource),
            clip(&a.name, 30),
            clip(&a.reasons.join("; "), 100),
        ]);
    }
    t.write(out)?;
    writeln!(out, "\nATTACK PATHS ({} found)", scan.attack_paths.len())?;
    for (i, p) in scan.attack_paths.iter().take(5).enumerate() {
        let steps: Vec<String> = p.steps.iter().map(|s| short(s)).collect();
        writeln!(
            out,
            "{}. [{:.0}] {} → {} ({})",
            i + 1,
            p.score,
            p.entry,
            crate::table::sanitize(&steps.join(" → ")),
            p.action
        )?;
        for e in &p.evidence {
            writeln!(out, "     {}", clip(e, 140))?;
        }
    }
    writeln!(out, "\nOUTLIERS ({} scoring ≥ 0.5)", scan.outliers.len())?;
    for o in scan.outliers.iter().take(5) {
        writeln!(
            out,
            "  {:.2} {} — {}",
            o.score,
            short(&o.resource),
            clip(
                &o.reasons
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; "),
                140
            )
        )?;
    }
    let counts: Vec<String> = ["critical", "high", "medium", "low", "informational"]
        .iter()
        .filter_map(|s| scan.finding_counts.get(*s).map(|n| format!("{n} {s}")))
        .collect();
    writeln!(
        out,
        "\nFINDINGS: {} open ({})",
        scan.findings.len(),
        if counts.is_empty() {
            "none".to_owned()
        } else {
            counts.join(", ")
        }
    )?;
    Ok(())
}

/// Writes the human summary.
pub fn write_table(out: &mut dyn Write, scan: &ScanView) -> Result<(), ReportError> {
    let inv = &scan.inventory;
    writeln!(
        out,
        "nephos scan of {}",
        crate::table::sanitize(&scan.source)
    )?;
    writeln!(
        out,
        "{} resources, {} relationships, {} accounts, {} regions",
        inv.resources,
        inv.relationships,
        inv.accounts.len(),
        inv.regions.len()
    )?;
    match &scan.snapshot {
        Some(s) => writeln!(
            out,
            "stored as snapshot {} of `{}` in {}",
            s.id,
            crate::table::sanitize(&s.estate),
            s.db
        )?,
        None => writeln!(out, "not stored (--no-store)")?,
    }
    write_risk(out, scan)?;
    let imp = &scan.import;
    if !imp.not_collected.is_empty() {
        writeln!(
            out,
            "\n{} sources not collected (analyses that need them say so)",
            imp.not_collected.len()
        )?;
    }
    if imp.problems.is_empty() {
        writeln!(out, "\nno import problems")?;
    } else {
        writeln!(
            out,
            "\n{} files could not be read in full:",
            imp.problems.len()
        )?;
        for p in &imp.problems {
            let place = match (p.line, p.column) {
                (Some(l), Some(c)) => format!(":{l}:{c}"),
                _ => String::new(),
            };
            writeln!(
                out,
                "  {}{place}: {} ({})",
                crate::table::sanitize(&p.file),
                crate::table::sanitize(&p.message),
                p.kind
            )?;
        }
    }
    Ok(())
}
