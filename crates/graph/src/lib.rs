//! The resource graph, architectures and architecture diagrams.
//!
//! This crate owns:
//! - [`Graph`]: resources as nodes with dense indices, typed edges ([`EdgeKind`]) that each carry
//!   their evidence, built from an [`nephos_model::Inventory`] (the import's declared relationships)
//!   plus the edges [`derive`](mod@derive) reads from configuration (trust, data access, triggers, placement);
//!   updated incrementally by [`Graph::apply`] with a [`Change`];
//! - architectures ([`arch`]): the applications the graph supports, with stable ids, names and
//!   owners, and the shared dependencies ("hubs") that do not glue them together;
//! - diagrams ([`diagram`]): an architecture drawn as nested containers, as SVG, DOT, Mermaid or
//!   JSON.
//!
//! Trust and data-access edges are decided by the IAM engine (`nephos_iam`): the graph keeps its
//! model of the estate up to date one change at a time (`nephos_iam::estate::LiveEstate`) and
//! re-derives only the trust and access edges the change can reach ([`derive`](mod@derive)).
//!
//! It must NOT: read files or talk to AWS (the `aws` crate imports), decide reachability (the `net`
//! engine) or implement IAM semantics itself (it asks the `iam` engine; its own policy reading only
//! finds candidates and trigger sources).

pub mod arch;
pub mod derive;
pub mod diagram;
pub mod edge;
mod graph;
use nephos_model::hash;

pub use arch::{Architecture, HUB_THRESHOLD, Join, JoinKind, Reach};
pub use edge::{DeriveRule, Edge, EdgeKind, Origin};
pub use graph::{Change, ChangeReport, EdgeIx, Graph, NodeIx};
