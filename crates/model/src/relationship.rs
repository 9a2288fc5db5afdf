//! Declared relationships: connections stated directly by a resource's own configuration.
//!
//! The import emits these from API fields (an instance's `SubnetId`, an interface's `Groups`). The
//! graph crate turns them into edges and adds the connections that need analysis (network
//! reachability, IAM access, trust). Every relationship carries the evidence that made it, in the
//! API's own words, so a person can check it.

use serde::{Deserialize, Serialize};

use crate::ResourceId;

/// What a relationship means. Direction is always `from` → `to` as documented per variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RelationshipKind {
    /// `from` contains `to`: account → region → VPC → subnet → interface → instance, account →
    /// global resource, ECS cluster → service → task.
    Contains,
    /// `from` is attached to `to`: interface → security group, volume → instance, gateway → VPC,
    /// instance → interface, endpoint → route table, target group → load balancer.
    AttachedTo,
    /// `from` uses the network path `to`: subnet → route table, subnet → network ACL, route table →
    /// gateway / peering / transit gateway / endpoint / NAT gateway.
    RoutesVia,
    /// `from` joins two networks: peering connection → requester and accepter VPCs, transit gateway
    /// attachment → transit gateway and VPC.
    Connects,
    /// `from` forwards traffic to `to`: load balancer → listener → target group → target.
    ForwardsTo,
    /// `from` triggers `to`: S3 notification / SNS subscription / event source mapping → function or
    /// queue.
    Triggers,
    /// `from` runs with the permissions of role `to`: instance → instance profile → role, function →
    /// role, task definition → task role.
    UsesRole,
    /// `from` is the execution role of `to` (ECS task execution role): task definition → role.
    UsesExecutionRole,
    /// `from` is an instance of / runs `to`: task → task definition, service → task definition,
    /// instance → image, volume → snapshot.
    InstanceOf,
    /// `from` is encrypted with KMS key `to`.
    EncryptedBy,
    /// `from` (a user, group or role) has managed policy `to` attached, or `to` is its boundary.
    HasPolicy,
    /// `from` (a user) is a member of group `to`.
    MemberOf,
    /// `from` (an Organizations policy) applies to account `to`.
    AppliesTo,
    /// `from` writes logs or data to `to`: trail → bucket, flow log → bucket, VPC → flow log.
    LogsTo,
}

impl RelationshipKind {
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
        }
    }
}

/// A declared connection from one resource to another.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Relationship {
    /// The source.
    pub from: ResourceId,
    /// The target. It may name a resource that was not collected (another account's VPC, a deleted
    /// gateway): consumers must not assume it resolves.
    pub to: ResourceId,
    /// What the connection means.
    pub kind: RelationshipKind,
    /// Where it came from, e.g. `ec2:DescribeInstances Instances[].SubnetId`.
    pub evidence: String,
}

impl Relationship {
    /// A relationship with its evidence.
    pub fn new(
        from: ResourceId,
        kind: RelationshipKind,
        to: ResourceId,
        evidence: impl Into<String>,
    ) -> Self {
        Self {
            from,
            to,
            kind,
            evidence: evidence.into(),
        }
    }
}
