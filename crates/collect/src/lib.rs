//! Live collection from AWS into the account-data layout (`docs/account-data.md`).
//!
//! This crate owns every call to AWS: it resolves credentials with the standard chain (or a profile,
//! assumed roles, or every account of an AWS Organization), calls the read-only APIs the importer
//! needs in each account, region and service, and writes each response **as the AWS CLI prints it**
//! (the API's own member names, every page merged, ISO 8601 timestamps) to
//! `ROOT/<account>/<region>/<service>-<operation>.json` or `.../<service>-<operation>/<parameter>`.
//!
//! - Calls are bounded by one semaphore across accounts, regions and services; the SDK's adaptive
//!   retry mode backs off on throttling.
//! - A failed call never stops the rest: it is classified ([`ErrorClass`]) and written to
//!   `ROOT/<account>/collect-errors.json`; "not configured" answers (`NoSuchBucketPolicy`, …) are
//!   written as `{}`.
//!
//! Invariants: this is the only crate that depends on the AWS SDK (so the rest of the workspace
//! builds without it). It makes read-only calls only (plus `iam generate-credential-report`, which
//! SecurityAudit allows), never writes or logs credentials, and does not interpret what it collects:
//! parsing the files into the model is `nephos-aws`'s job.

mod ctx;
mod error;
mod json;
mod options;
mod run;
mod services;
mod summary;

pub use ctx::parameter_file_name;
pub use error::{CallError, CollectError, ErrorClass};
pub use options::{CollectOptions, RegionSelection};
pub use summary::{AccountSummary, CollectSummary};

/// Collects every account, region and service `opts` names into `opts.out`.
///
/// Owns its tokio runtime, so callers stay synchronous. Fails only when nothing can be collected
/// (no runtime, no credentials for a single account, an output folder that cannot be written);
/// failed API calls are in the summary and in each account's `collect-errors.json`.
pub fn collect(opts: &CollectOptions) -> Result<CollectSummary, CollectError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(CollectError::Runtime)?;
    runtime.block_on(run::run(opts))
}
