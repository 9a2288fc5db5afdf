//! AWS account-data: the folder layout, the AWS API response shapes, and the import into the nephos
//! model.
//!
//! This crate owns:
//! - the layout of an account-data folder (`docs/account-data.md`): `ROOT/<account>/<region>/
//!   <service>-<operation>.json` and `<service>-<operation>/<url-encoded parameter>`, with `ROOT`
//!   either a folder of account folders or one account folder ([`layout`]);
//! - the AWS response shapes, as typed serde structs that borrow from the file's bytes (never
//!   `serde_json::Value`), tolerant of missing optional fields and unknown fields ([`services`], one
//!   module per service, and [`services::SOURCES`], the registry of files read);
//! - the import ([`import`]): every file parsed in parallel into resources with typed properties,
//!   declared relationships with the API field that states them as evidence, and coverage (what was
//!   collected, what failed per `collect-errors.json`, what is missing).
//!
//! It must NOT: call AWS (the `collect` crate does), analyse anything (reachability, IAM evaluation,
//! checks belong to other crates), or print (the CLI prints [`ImportStats`] and the problems).
//!
//! Rules the import follows:
//! - One bad file loses only its own data: malformed or truncated JSON, a wrong shape, an unreadable
//!   file or one over [`ImportOptions::max_file_bytes`] (2 GiB by default) is an [`ImportProblem`]
//!   naming the file, line and column; the rest goes on. A wrong shape inside one item of a list
//!   (a VPC without `VpcId`) loses only that item ([`items`]); the file then counts as failed in
//!   the coverage, so nothing is concluded from what it seems to lack.
//! - The account id comes from `us-east-1/sts-get-caller-identity.json`, else the first IAM ARN of
//!   the authorization details, else an EC2 `OwnerId`, else the folder name when it is 12 digits.
//! - Names: the API's name where it has one, else the `Name` tag, else the short id.
//! - Policy documents in any of the three spellings (object, JSON text, URL-encoded JSON text) are
//!   kept as decoded JSON text.
//! - `{}` in a per-parameter or single file is "collected, not configured": e.g. a bucket's
//!   `policy` is `Some(None)`; a missing file leaves `None` ("not collected").
//! - References by short id (`subnet-…`), KMS key id or alias, group name or private IP are resolved
//!   after all files are read through hash indexes per account and region; subnets without an
//!   explicit route table association route via their VPC's main table.

pub mod import;
pub mod items;
pub mod layout;
pub mod out;
pub mod problem;
pub mod resolve;
pub mod services;
pub mod stats;
pub mod text;

pub use import::{ImportOptions, Imported, import, import_with};
pub use problem::{ImportError, ImportProblem, ProblemKind};
pub use stats::{ImportStats, NotCollected};
