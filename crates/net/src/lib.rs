//! Network reachability engine: which flows AWS would let through, and why.
//!
//! This crate owns:
//! - range arithmetic over addresses and ports ([`range_set`], [`address`]);
//! - the per-component rules of AWS networking: security groups ([`security_group`]), network ACLs
//!   ([`network_acl`]) and route tables ([`route_table`]);
//! - an index of an [`nephos_model::Inventory`] built once ([`NetworkModel::build`]) with
//!   interfaces grouped into equivalence classes (same subnet, security groups and addressing);
//! - the two questions asked of it: internet [`exposure`] of every interface-bearing resource,
//!   and [`reach`] between two resources or the internet, each answer naming the rule that decided
//!   every hop; [`lateral`] asks `reach` from a held resource to the databases, instances and ECS
//!   tasks of its own and peered VPCs (bounded per source).
//!
//! It must NOT read files, parse AWS JSON (that is `nephos-aws`), render tables or other output
//! formats (the CLI and `nephos-report` do; the answers derive `Serialize` in the documented JSON
//! shape of `docs/output-net.md`, which is their public contract) or evaluate IAM policies (that is
//! `nephos-iam`). It never enumerates pairs of interfaces: answers are computed once per
//! equivalence class (more precisely per *landing*: VPC, route table, ACL, security groups and
//! addressing) on sets of address and port ranges.
//!
//! Entry points: [`NetworkModel::build`], then [`NetworkModel::exposures`] (every exposure),
//! [`NetworkModel::exposures_of`] (one resource) and [`NetworkModel::reach`].
//!
//! Where the answer depends on data that was not collected (no route tables, no network ACLs, a
//! security group from another account), the engine assumes the permissive case and says so in the
//! answer's `assumptions`: it never guesses silently.

pub mod address;
pub mod evidence;
pub mod exposure;
pub mod flow;
pub mod internet;
pub mod lateral;
pub mod model;
pub mod network_acl;
pub mod range_set;
pub mod reach;
pub mod route_table;
pub mod security_group;
pub mod traffic;

pub use evidence::{Assumption, Evidence};
pub use exposure::{Exposure, ExposureReport};
pub use lateral::{LateralGroup, LateralTarget};
pub use model::NetworkModel;
pub use reach::{Endpoint, Hop, ReachAnswer, ReachError, ReachQuery};
pub use traffic::Protocol;
