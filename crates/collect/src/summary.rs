//! What a collection did: per account, calls made, files written, errors met.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::error::{CallError, ErrorClass};

/// The outcome of collecting one account.
#[derive(Debug, Clone)]
pub struct AccountSummary {
    /// The account folder's name (the alias, else the account id).
    pub name: String,
    /// The account id, when the caller's identity could be read.
    pub account_id: Option<String>,
    /// The regions collected.
    pub regions: Vec<String>,
    /// HTTP requests made (pages and retries of the SDK not counted separately).
    pub calls: u64,
    /// Files written.
    pub files: u64,
    /// Calls that failed (also written to `collect-errors.json`).
    pub errors: Vec<CallError>,
    /// Files that could not be written.
    pub write_failures: Vec<String>,
}

/// The outcome of a whole collection.
#[derive(Debug, Clone)]
pub struct CollectSummary {
    /// One entry per account collected or attempted.
    pub accounts: Vec<AccountSummary>,
    /// Wall-clock time.
    pub elapsed: Duration,
    /// The most calls allowed in flight at once.
    pub concurrency: usize,
}

impl CollectSummary {
    /// Requests made across accounts.
    pub fn calls(&self) -> u64 {
        self.accounts.iter().map(|a| a.calls).sum()
    }

    /// Files written across accounts.
    pub fn files(&self) -> u64 {
        self.accounts.iter().map(|a| a.files).sum()
    }

    /// Requests per second of wall-clock time.
    pub fn calls_per_second(&self) -> f64 {
        let s = self.elapsed.as_secs_f64();
        if s > 0.0 {
            self.calls() as f64 / s
        } else {
            0.0
        }
    }

    /// Failed calls by class, across accounts.
    pub fn errors_by_class(&self) -> BTreeMap<ErrorClass, usize> {
        let mut out = BTreeMap::new();
        for e in self.accounts.iter().flat_map(|a| &a.errors) {
            *out.entry(e.class).or_insert(0) += 1;
        }
        out
    }

    /// A human-readable report: one line per account, errors grouped by class and service.
    pub fn render(&self) -> String {
        let mut s = format!(
            "collected {} account(s): {} calls, {} files in {:.1}s ({:.0} calls/s, concurrency {})\n",
            self.accounts.len(),
            self.calls(),
            self.files(),
            self.elapsed.as_secs_f64(),
            self.calls_per_second(),
            self.concurrency
        );
        for a in &self.accounts {
            s.push_str(&format!(
                "  {} ({}): {} region(s), {} calls, {} files, {} error(s)\n",
                a.name,
                a.account_id.as_deref().unwrap_or("unknown id"),
                a.regions.len(),
                a.calls,
                a.files,
                a.errors.len()
            ));
            let mut groups: BTreeMap<(ErrorClass, &str, &str), (usize, &str)> = BTreeMap::new();
            for e in &a.errors {
                let g = groups
                    .entry((e.class, e.service.as_str(), e.error_code.as_str()))
                    .or_insert((0, e.message.as_str()));
                g.0 += 1;
            }
            for ((class, service, code), (n, msg)) in groups {
                let msg: String = msg.chars().take(160).collect();
                s.push_str(&format!(
                    "    {}: {service} {code} x{n}: {msg}\n",
                    class.as_str()
                ));
            }
            for w in &a.write_failures {
                s.push_str(&format!("    write failed: {w}\n"));
            }
        }
        s
    }
}
