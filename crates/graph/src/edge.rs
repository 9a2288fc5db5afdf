//! Typed edges and their evidence.
//!
//! [`EdgeKind`] extends the model's [`RelationshipKind`] (connections the import read from API
//! fields) with the kinds the graph derives itself: trust ([`EdgeKind::MayAssume`]) and data access
//! ([`EdgeKind::MayRead`], [`EdgeKind::MayWrite`]). Every edge carries the evidence that made it: the
//! relationship's API field, or the policy statement / property a derivation read.

use std::sync::Arc;

use nephos_model::RelationshipKind;
use serde::Serialize;

use crate::NodeIx;

/// What an edge means. Direction is `from` → `to` as documented per variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// Containment: account → region → VPC → subnet → interface → instance / function / task / DB.
    Contains,
    /// Attachment: interface → security group, volume → instance, gateway → VPC, …
    AttachedTo,
    /// Routing: subnet → route table → gateway / peering / transit gateway / endpoint.
    RoutesVia,
    /// Joins networks: peering connection → VPCs, transit gateway attachment → gateway and VPC.
    Connects,
    /// Load balancing: load balancer → listener → target group → target.
    ForwardsTo,
    /// Invocation: S3 notification / SNS subscription / event source mapping / API → function.
    Triggers,
    /// Runs with a role: instance → instance profile → role, function → role, task definition → role.
    UsesRole,
    /// ECS task execution role: task definition → role.
    UsesExecutionRole,
    /// Runs / is an instance of: task → task definition, instance → image.
    InstanceOf,
    /// Encrypted with a KMS key: resource → key.
    EncryptedBy,
    /// Has a managed policy attached (or as boundary): principal → policy.
    HasPolicy,
    /// Group membership: user → group.
    MemberOf,
    /// An Organizations policy applies to an account.
    AppliesTo,
    /// Writes logs to: trail → bucket, flow log → bucket, VPC → flow log.
    LogsTo,
    /// Derived (trust): principal → role it may assume, decided by the IAM engine (trust policy,
    /// and for principals of the estate their own policies, boundary and SCPs).
    MayAssume,
    /// Derived (access): role → data store it may read, decided by the IAM engine.
    MayRead,
    /// Derived (access): role → data store it may write, decided by the IAM engine.
    MayWrite,
    /// A relationship kind this version of the graph does not know (the model may add kinds).
    Other,
}

impl EdgeKind {
    /// Every kind, in declaration order.
    pub const ALL: &'static [EdgeKind] = &[
        Self::Contains,
        Self::AttachedTo,
        Self::RoutesVia,
        Self::Connects,
        Self::ForwardsTo,
        Self::Triggers,
        Self::UsesRole,
        Self::UsesExecutionRole,
        Self::InstanceOf,
        Self::EncryptedBy,
        Self::HasPolicy,
        Self::MemberOf,
        Self::AppliesTo,
        Self::LogsTo,
        Self::MayAssume,
        Self::MayRead,
        Self::MayWrite,
        Self::Other,
    ];

    /// The snake_case name used in outputs.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Contains => "contains",
            Self::AttachedTo => "attached_to",
            Self::RoutesVia => "routes_via",
            Self::Connects => "connects",
            Self::ForwardsTo => "forwards_to",
            Self::Triggers => "triggers",
            Self::UsesRole => "uses_role",
            Self::UsesExecutionRole => "uses_execution_role",
            Self::InstanceOf => "instance_of",
            Self::EncryptedBy => "encrypted_by",
            Self::HasPolicy => "has_policy",
            Self::MemberOf => "member_of",
            Self::AppliesTo => "applies_to",
            Self::LogsTo => "logs_to",
            Self::MayAssume => "may_assume",
            Self::MayRead => "may_read",
            Self::MayWrite => "may_write",
            Self::Other => "other",
        }
    }

    /// The edge kind of a declared relationship.
    pub fn from_relationship(kind: RelationshipKind) -> Self {
        match kind {
            RelationshipKind::Contains => Self::Contains,
            RelationshipKind::AttachedTo => Self::AttachedTo,
            RelationshipKind::RoutesVia => Self::RoutesVia,
            RelationshipKind::Connects => Self::Connects,
            RelationshipKind::ForwardsTo => Self::ForwardsTo,
            RelationshipKind::Triggers => Self::Triggers,
            RelationshipKind::UsesRole => Self::UsesRole,
            RelationshipKind::UsesExecutionRole => Self::UsesExecutionRole,
            RelationshipKind::InstanceOf => Self::InstanceOf,
            RelationshipKind::EncryptedBy => Self::EncryptedBy,
            RelationshipKind::HasPolicy => Self::HasPolicy,
            RelationshipKind::MemberOf => Self::MemberOf,
            RelationshipKind::AppliesTo => Self::AppliesTo,
            RelationshipKind::LogsTo => Self::LogsTo,
            _ => Self::Other,
        }
    }

    /// True for the kinds a diagram draws as traffic (possible network connections).
    pub const fn is_traffic(self) -> bool {
        matches!(self, Self::ForwardsTo | Self::Connects | Self::RoutesVia)
    }

    /// True for the kinds a diagram draws as data flow (triggers and data access).
    pub const fn is_data_flow(self) -> bool {
        matches!(self, Self::Triggers | Self::MayRead | Self::MayWrite)
    }
}

/// Which derivation made an edge (the graph re-runs it when its owner changes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeriveRule {
    /// Who may assume a role, from the IAM engine's assume-role graph ([`crate::derive::trust`]).
    Trust,
    /// Data stores a role may read or write: candidates from its policy statements and the
    /// resource policies naming it, decided by the IAM engine ([`crate::derive::access`]).
    Access,
    /// Triggers read from properties: bucket notifications, topic subscriptions, event source
    /// mappings, a function's resource policy ([`crate::derive::triggers`]).
    Trigger,
    /// Placement read from properties: a function's / task's / service's subnets
    /// ([`crate::derive::placement`]).
    Placement,
}

/// Where an edge came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A relationship the import declared.
    Declared,
    /// Derived by `rule` from the configuration of `owner`.
    Derived {
        /// The resource whose configuration made the edge.
        owner: NodeIx,
        /// The derivation.
        rule: DeriveRule,
    },
}

/// One edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// Source node.
    pub from: NodeIx,
    /// Target node.
    pub to: NodeIx,
    /// What it means.
    pub kind: EdgeKind,
    /// Which API field, property or policy statement made it.
    pub evidence: Arc<str>,
    /// Declared or derived.
    pub origin: Origin,
}
