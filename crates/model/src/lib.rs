//! The nephos resource model: what an estate *is*, independent of how it was read.
//!
//! This crate owns the vocabulary every other crate speaks:
//! - [`ResourceId`]: the stable identifier of a resource (the ARN where AWS defines one, otherwise a
//!   documented ARN-like id, see [`id`]);
//! - [`ResourceKind`]: the typed kind, named with AWS Config / CloudFormation type names;
//! - [`Resource`]: one resource with its account, region, name, tags and typed [`Properties`];
//! - [`Relationship`]: a declared connection between two resources, with the API field that made it;
//! - [`Inventory`]: one snapshot of an estate, with when it was taken, where it came from and which
//!   parts of the estate were actually collected ([`Coverage`]).
//!
//! Invariants: this crate does no I/O and knows no file formats. Serde derives exist so that the store
//! and the outputs can persist resources, but parsing AWS API responses is the `aws` crate's job.
//! Property types keep AWS's own field meanings (a security group rule is a security group rule) but
//! use Rust names and parsed values (CIDRs, ports, timestamps) rather than raw strings.

pub mod hash;
pub mod id;
pub mod inventory;
pub mod kind;
pub mod props;
pub mod relationship;
pub mod resource;

pub use id::{IdError, ResourceId, partition_for_region};
pub use inventory::{Coverage, Inventory, InventoryIndex};
pub use kind::{ResourceKind, UnknownKind};
pub use props::Properties;
pub use relationship::{Relationship, RelationshipKind};
pub use resource::{Provider, Resource, Tags, Timestamp};
