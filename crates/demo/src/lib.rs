//! Deterministic synthetic AWS estate generator with an answer key.
//!
//! [`generate`] writes an AWS Organization's worth of account-data (the CloudMapper `collect`
//! layout described in `docs/account-data.md`: AWS API responses as the AWS CLI prints them) plus
//! `labels.json`, the answer key: planted misconfigurations, a clean sample, outliers and an attack
//! path, each pointing at resource ARNs (schema in `docs/demo-labels.md`).
//!
//! Output depends only on [`DemoOptions`]: a ChaCha8 stream per account (seeded from `seed`) and
//! timestamps fixed relative to a constant epoch make it byte-identical across runs, and accounts are
//! generated in parallel.
//!
//! This crate must NOT import or analyse what it writes (that is `nephos_aws::import` and the
//! engines), read the clock or the environment, or hold an account's output as one JSON value:
//! items are serialized as they are made.

mod account;
mod apps;
mod arch_key;
mod compute;
mod data;
mod iam;
pub mod labels;
mod network;
mod org;
mod out;
mod plan;
mod policy;
mod rng;
mod time;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use nephos_model::ResourceKind;
use rayon::prelude::*;
use serde::Serialize;

pub use labels::{Labels, Problem};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// Minimum number of accounts (more are added above 15,000 resources per account).
    pub accounts: usize,
    /// Target number of resources (the result is within ±10% from 1,000 up).
    pub resources: usize,
    /// Seed: the same options give byte-identical output.
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self {
            accounts: 4,
            resources: 2_000,
            seed: 42,
        }
    }
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoSummary {
    /// Accounts generated.
    pub accounts: usize,
    /// Files written (including `labels.json`).
    pub files: u64,
    /// Bytes written.
    pub bytes: u64,
    /// Resources per kind, as an importer should count them.
    pub resources: BTreeMap<ResourceKind, usize>,
    /// Wall-clock time taken.
    pub elapsed: Duration,
    /// Where the answer key is.
    pub labels: PathBuf,
}

impl DemoSummary {
    /// Total resources.
    pub fn total_resources(&self) -> usize {
        self.resources.values().sum()
    }
}

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// A file or folder could not be written.
    #[error("cannot write `{path}`: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A document could not be serialized.
    #[error("cannot serialize `{file}`: {source}")]
    Json {
        /// The file being written.
        file: String,
        /// The cause.
        source: serde_json::Error,
    },
    /// The output folder exists and is not empty.
    #[error("output folder `{0}` is not empty; choose a new or empty folder")]
    NotEmpty(PathBuf),
}

/// Writes the estate for `opts` under `out` (which must not exist or be empty).
pub fn generate(out: &Path, opts: &DemoOptions) -> Result<DemoSummary, DemoError> {
    let start = Instant::now();
    if out.exists() {
        let mut entries = std::fs::read_dir(out).map_err(|source| DemoError::Io {
            path: out.to_path_buf(),
            source,
        })?;
        if entries.next().is_some() {
            return Err(DemoError::NotEmpty(out.to_path_buf()));
        }
    }
    std::fs::create_dir_all(out).map_err(|source| DemoError::Io {
        path: out.to_path_buf(),
        source,
    })?;
    let plan = plan::plan(opts);
    let results: Vec<account::AccountResult> = plan
        .accounts
        .par_iter()
        .map(|a| account::build_account(&plan, a, out))
        .collect::<Result<_, _>>()?;

    let mut resources: BTreeMap<ResourceKind, usize> = BTreeMap::new();
    let mut shared = std::collections::BTreeSet::new();
    let (mut files, mut bytes) = (0u64, 0u64);
    let mut problems = Vec::new();
    let mut clean = Vec::new();
    let mut outliers = Vec::new();
    let mut attack_paths = Vec::new();
    for r in results {
        files += r.files;
        bytes += r.bytes;
        for (k, n) in r.counts {
            *resources.entry(k).or_insert(0) += n;
        }
        shared.extend(r.shared);
        problems.extend(r.labels.problems);
        clean.extend(r.labels.clean);
        outliers.extend(r.labels.outliers);
        attack_paths.extend(r.labels.attack_paths);
    }
    for (kind, _) in &shared {
        *resources.entry(*kind).or_insert(0) += 1;
    }

    let labels = Labels {
        version: 1,
        seed: opts.seed,
        epoch: time::now(),
        organization_id: plan.org_id.clone(),
        management_account_id: plan.management().id.clone(),
        accounts: plan
            .accounts
            .iter()
            .map(|a| labels::AccountLabel {
                id: a.id.clone(),
                name: a.name.clone(),
                environment: a.env.as_str().to_owned(),
                parent_id: a.parent_id.clone(),
                regions: a.regions.iter().map(|r| r.name.to_owned()).collect(),
            })
            .collect(),
        resource_counts: resources
            .iter()
            .map(|(k, n)| (k.as_str().to_owned(), *n))
            .collect(),
        problems,
        clean,
        outliers,
        attack_paths,
        architectures: arch_key::architectures(&plan),
    };
    let labels_path = out.join("labels.json");
    let text = serde_json::to_vec_pretty(&labels).map_err(|source| DemoError::Json {
        file: labels_path.display().to_string(),
        source,
    })?;
    std::fs::write(&labels_path, &text).map_err(|source| DemoError::Io {
        path: labels_path.clone(),
        source,
    })?;
    Ok(DemoSummary {
        accounts: plan.accounts.len(),
        files: files + 1,
        bytes: bytes + text.len() as u64,
        resources,
        elapsed: start.elapsed(),
        labels: labels_path,
    })
}
