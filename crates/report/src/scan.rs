//! `nephos scan` output: the summary of every stage that ran (documented in docs/output-scan.md).
//!
//! Stages add their own section as they land; fields are only ever added.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use nephos_model::Inventory;
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
    writeln!(out)?;
    let mut t = Table::new(["KIND", "COUNT"]);
    for (kind, n) in &inv.by_kind {
        t.row([(*kind).to_owned(), n.to_string()]);
    }
    t.write(out)?;
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
