//! Misconfiguration checks with compliance mappings.
//!
//! Owns: the check catalogue ([`registry::CHECKS`], one file per check under `src/<service>/`,
//! each holding its [`CheckMeta`] beside its logic), the [`Context`] that indexes an inventory once
//! for all checks, the [`Finding`] type (PASS/FAIL per resource in scope, with evidence), the
//! generated catalogue document ([`docs`]) and [`suppress`]ions.
//!
//! Must not: read files or the network, or know output formats (the `report` crate renders
//! findings). Checks judge only what was collected: a setting the collector did not read gives no
//! finding rather than a guess. "Full administrator" is decided by the IAM engine ([`admin`]);
//! other policy readings (public principals, trusted accounts, TLS-only) go through
//! [`policy_patterns`].

pub mod admin;
pub mod context;
pub mod docs;
pub mod exposure;
pub mod finding;
pub mod meta;
pub mod outsider;
pub mod policy_patterns;
pub mod registry;
pub mod secret_names;
pub mod suppress;

pub mod accessanalyzer;
pub mod cloudtrail;
pub mod config;
pub mod dynamodb;
pub mod ec2;
pub mod ecs;
pub mod elb;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod rds;
pub mod s3;
pub mod sns;
pub mod sqs;
pub mod vpc;

#[cfg(test)]
mod testutil;

pub use context::Context;
pub use finding::{Finding, Status, Suppressed};
pub use meta::{CIS_AWS_3_0, CheckMeta, Compliance, Severity};
pub use registry::{CHECKS, Check};

use nephos_model::Inventory;

/// Runs every registered check over `inventory`, building the [`Context`] once. Checks run in
/// parallel; findings come in registry order, then inventory order, whatever the thread count.
pub fn run_all(inventory: &Inventory) -> Vec<Finding> {
    run_selected(inventory, &[])
}

/// Runs the checks whose ids are in `ids` (all when `ids` is empty).
pub fn run_selected(inventory: &Inventory, ids: &[&str]) -> Vec<Finding> {
    run_where(inventory, ids, |_| true)
}

/// Runs the checks whose ids are in `ids` (all when `ids` is empty) and keeps the findings for
/// which `keep` holds, filtered check by check as each finishes, so what is dropped (e.g. the
/// passes of a whole estate) is never held at once. Order as [`run_all`].
pub fn run_where(
    inventory: &Inventory,
    ids: &[&str],
    keep: impl Fn(&Finding) -> bool + Sync,
) -> Vec<Finding> {
    use rayon::prelude::*;
    let ctx = Context::new(inventory);
    let per_check: Vec<Vec<Finding>> = CHECKS
        .par_iter()
        .filter(|check| ids.is_empty() || ids.contains(&check.meta.id))
        .map(|check| {
            let mut out = Vec::new();
            (check.run)(&ctx, &mut out);
            let before = out.len();
            out.retain(|f| keep(f));
            if out.len() < before {
                // release what was dropped now, not when every check has finished
                out.shrink_to_fit();
            }
            out
        })
        .collect();
    let mut out = Vec::with_capacity(per_check.iter().map(Vec::len).sum());
    for findings in per_check {
        out.extend(findings);
    }
    out
}
