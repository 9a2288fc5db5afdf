//! The IAM policy language: parse policy documents, decide requests the way AWS does, and derive
//! effective access, role trust and privilege escalation for a whole estate.
//!
//! This crate owns:
//! - [`Policy`]: a parsed, compiled policy document ([`Policy::parse`]), with precise
//!   [`PolicyError`]s (statement index and field) for invalid documents;
//! - matching: [`glob`] (IAM's `*` / `?`), [`arn`] (segment-wise ARN patterns), [`condition`]
//!   (every condition operator, `IfExists`, `ForAllValues` / `ForAnyValue`), [`variables`];
//! - [`PolicySet::evaluate`]: the decision for a [`Request`] (`allowed`, `explicitDeny`,
//!   `implicitDeny`) with the statements that decided and the layer that lacked an `Allow`;
//! - [`mod@catalogue`]: AWS actions and their access levels (generated data, see `data/`);
//! - effective access over an [`AccessModel`] of plain data: [`access`] (evaluate, who-can,
//!   can-do), [`trust`] (assume-role graph, chains, exposures), [`escalation`] (primitives and
//!   paths to full access); [`answer`] holds the JSON shapes the CLI prints;
//! - [`estate`]: the one module that reads a `nephos_model::Inventory` to build the model, and
//!   keeps it up to date one resource change at a time (`estate::LiveEstate`).
//!
//! It must NOT read files or do I/O, and the core (parser, evaluator, effective access) must not
//! depend on the inventory: it works on policy text and requests only, so it can be understood and
//! tested alone.
//!
//! Semantics follow the AWS IAM documentation. Where AWS leaves a point open, nephos decides and
//! says so in the module doc: an unresolvable policy variable makes its statement not apply
//! ([`condition`]); `Principal: "*"` in a same-account resource policy allows like naming the
//! caller (as PMapper does; [`eval`]); `NotPrincipal` excludes a caller only when every link of
//! its chain is listed ([`principal`]); a single-valued operator on a multi-valued key is read as
//! "some value matches" / "no value equals" ([`condition`]); operator names ignore case.

pub mod access;
pub mod answer;
pub mod arn;
pub mod catalogue;
pub mod condition;
mod error;
pub mod escalation;
pub mod estate;
pub mod eval;
pub mod glob;
mod parse;
pub mod policy;
pub mod principal;
pub mod request;
pub mod trust;
pub mod variables;

pub use access::{
    AccessError, AccessModel, Evidence, Group, Identity, IdentityKind, ResourceEntry,
};
pub use catalogue::{AccessLevel, catalogue};
pub use error::PolicyError;
pub use eval::{Decision, MatchedStatement, MissingAllow, PolicySet, Response};
pub use parse::{VERSION_2008, VERSION_2012};
pub use policy::{Effect, Policy, PolicyKind, Statement};
pub use principal::{Principal, PrincipalKind};
pub use request::{Context, Request};
