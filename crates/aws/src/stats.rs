//! Figures about one import, printable as a summary.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// A source (account-data file stem) that was not collected for an account.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NotCollected {
    /// The 12-digit account id.
    pub account: String,
    /// The source, e.g. `ec2-describe-route-tables`.
    pub source: String,
    /// Regions where it is missing (`us-east-1` for global sources).
    pub regions: Vec<String>,
    /// Why, when `collect-errors.json` says (e.g. `AccessDenied: …`).
    pub reason: Option<String>,
}

/// Figures about one import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportStats {
    /// Account folders imported.
    pub accounts: usize,
    /// Files read (parsed or attempted).
    pub files_read: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Resources in the inventory.
    pub resources: usize,
    /// Relationships in the inventory.
    pub relationships: usize,
    /// Wall time.
    pub elapsed: Duration,
    /// Sources not collected, once per account and source.
    pub not_collected: Vec<NotCollected>,
    /// Files and folders that are not part of the layout, ignored.
    pub unknown_files: Vec<PathBuf>,
}

impl fmt::Display for ImportStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.elapsed.as_secs_f64();
        let mib = self.bytes as f64 / (1024.0 * 1024.0);
        writeln!(
            f,
            "imported {} resources and {} relationships from {} account{} ({} files, {:.1} MiB) in {:.2} s",
            self.resources,
            self.relationships,
            self.accounts,
            if self.accounts == 1 { "" } else { "s" },
            self.files_read,
            mib,
            secs
        )?;
        if !self.not_collected.is_empty() {
            writeln!(f, "not collected ({}):", self.not_collected.len())?;
            for n in &self.not_collected {
                write!(f, "  {} {}", n.account, n.source)?;
                if !n.regions.is_empty() {
                    write!(f, " [{}]", n.regions.join(", "))?;
                }
                if let Some(r) = &n.reason {
                    write!(f, ": {r}")?;
                }
                writeln!(f)?;
            }
        }
        if !self.unknown_files.is_empty() {
            writeln!(f, "ignored unknown files ({}):", self.unknown_files.len())?;
            for p in &self.unknown_files {
                writeln!(f, "  {}", p.display())?;
            }
        }
        Ok(())
    }
}
