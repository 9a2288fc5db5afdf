//! The IAM policy language: parse policy documents, decide requests the way AWS does, and (in
//! later modules) derive effective access and privilege escalation.
//!
//! This crate owns:
//! - [`Policy`]: a parsed, compiled policy document ([`Policy::parse`]), with precise
//!   [`PolicyError`]s (statement index and field) for invalid documents;
//! - matching: [`glob`] (IAM's `*` / `?`), [`arn`] (segment-wise ARN patterns), [`condition`]
//!   (every condition operator, `IfExists`, `ForAllValues` / `ForAnyValue`), [`variables`];
//! - [`PolicySet::evaluate`]: the decision for a [`Request`] (`allowed`, `explicitDeny`,
//!   `implicitDeny`) with the statements that decided and the layer that lacked an `Allow`.
//!
//! Effective access ([`access`], [`trust`], [`escalation`]) works on an [`AccessModel`] of plain
//! data; [`estate`] is the one module that reads a `nephos_model::Inventory` to build it.
//!
//! It must NOT read files or do I/O, and the core (parser, evaluator, effective access) must not
//! depend on the inventory: it works on policy text and requests only, so it can be understood and
//! tested alone. Semantics follow the AWS IAM
//! documentation (see `/docs` and the module docs); where the project's notes and AWS disagree, AWS
//! wins and the module doc says so.

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
