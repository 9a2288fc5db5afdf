//! Which edges pull a resource into an architecture, and how strongly.
//!
//! A seed's *body* is what a walk from the seed reaches. Each step is judged by the edge's kind and
//! direction, the kind of the resource being left, and the kind of the resource reached, and gives
//! a [`Reach`]:
//!
//! | edge (direction walked) | reach |
//! | --- | --- |
//! | contains (parent → child only) | strong |
//! | attached to, connects, forwards to (either way), routes via (forward) | strong |
//! | triggers (either way: a function pulls its trigger sources) | member |
//! | uses role / execution role, instance of a task definition, may read / write (forward) | member |
//! | encrypted by, has policy, logs to, instance of an image / snapshot (forward) | dependency |
//! | may assume, member of, applies to, contains upwards | not walked |
//!
//! The resource reached lowers the reach: a VPC, subnet, security group, interface, route table or
//! network ACL reached by *attaching to it* (walking an attached-to edge forward) is an anchor (it
//! glues, but the walk stops there: the VPC's own walk holds what is inside); a transit gateway,
//! KMS key, managed policy, image or snapshot is at most a dependency; a peering connection that is
//! not `active` is a dependency.
//! Accounts and regions are never reached. The walk does not continue from data stores, managed
//! policies, transit gateways, images, snapshots and placeholders (except along dependency
//! edges), from resources reached as dependencies (except along dependency edges), nor from another
//! seed.
//!
//! How reaches glue seeds together is in [`super`].

use nephos_model::{Properties, Resource, ResourceKind};

use crate::edge::EdgeKind;

/// How strongly a walk from a seed reached a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reach {
    /// A dependency (key, policy, log destination): listed, never glues architectures.
    Dependency = 1,
    /// Part of the application (role, data store, trigger): glues unless it is a hub.
    Member = 2,
    /// A piece of network a resource is attached to (its subnet, interface, security group):
    /// always glues, but the walk does not continue from it (the VPC's own walk holds what is
    /// inside it).
    Anchor = 3,
    /// Part of the network or the compute itself: always glues.
    Strong = 4,
}

impl Reach {
    /// Every reach, weakest first.
    pub(crate) const ALL: [Reach; 4] = [Self::Dependency, Self::Member, Self::Anchor, Self::Strong];

    /// The position of the reach in [`Reach::ALL`].
    pub(crate) fn position(self) -> usize {
        self as usize - 1
    }

    /// The reach stored as a byte by the walk.
    pub(crate) fn from_u8(b: u8) -> Self {
        match b {
            4 => Self::Strong,
            3 => Self::Anchor,
            2 => Self::Member,
            _ => Self::Dependency,
        }
    }

    /// Strong and anchor reaches always glue.
    pub fn glues_always(self) -> bool {
        self >= Self::Anchor
    }
}

/// True for resources that seed an architecture: VPCs, functions outside a VPC, ECS clusters.
pub fn is_seed(resource: &Resource) -> bool {
    match resource.kind {
        ResourceKind::Vpc | ResourceKind::EcsCluster => true,
        ResourceKind::LambdaFunction => match &resource.props {
            Properties::LambdaFunction(f) => f
                .vpc_config
                .as_ref()
                .is_none_or(|v| v.vpc_id.is_empty() && v.subnet_ids.is_empty()),
            _ => true,
        },
        _ => false,
    }
}

/// True for a peering connection whose status is `active`.
pub(crate) fn peering_active(resource: &Resource) -> bool {
    match &resource.props {
        Properties::VpcPeeringConnection(p) => p.status.eq_ignore_ascii_case("active"),
        _ => false,
    }
}

/// Network pieces a resource attaches itself to; reached that way they are anchors.
fn is_network_anchor(kind: ResourceKind) -> bool {
    matches!(
        kind,
        ResourceKind::Vpc
            | ResourceKind::Subnet
            | ResourceKind::SecurityGroup
            | ResourceKind::NetworkInterface
            | ResourceKind::RouteTable
            | ResourceKind::NetworkAcl
    )
}

/// Resources the walk does not continue from (beyond dependency edges).
fn is_leaf(kind: Option<ResourceKind>) -> bool {
    match kind {
        None => true,
        Some(k) => {
            k.is_data_store()
                || matches!(
                    k,
                    ResourceKind::IamPolicy
                        | ResourceKind::TransitGateway
                        | ResourceKind::Image
                        | ResourceKind::Snapshot
                        | ResourceKind::IamUser
                        | ResourceKind::IamGroup
                )
        }
    }
}

/// The reach a step along `edge` (walked forward = from → to) gives, before looking at the
/// resource reached; `None` when the walk does not take it.
pub(crate) fn base(
    cur_kind: Option<ResourceKind>,
    cur_reach: Reach,
    edge: EdgeKind,
    forward: bool,
) -> Option<Reach> {
    let dependency_edge = forward
        && matches!(
            edge,
            EdgeKind::EncryptedBy | EdgeKind::LogsTo | EdgeKind::HasPolicy
        );
    if cur_reach == Reach::Anchor {
        return None;
    }
    if cur_reach == Reach::Dependency || is_leaf(cur_kind) {
        return dependency_edge.then_some(Reach::Dependency);
    }
    let reach = match (edge, forward) {
        (EdgeKind::Contains, true) | (EdgeKind::RoutesVia, true) => Reach::Strong,
        (EdgeKind::AttachedTo | EdgeKind::Connects | EdgeKind::ForwardsTo, _) => Reach::Strong,
        (EdgeKind::Triggers, _) => Reach::Member,
        (
            EdgeKind::UsesRole
            | EdgeKind::UsesExecutionRole
            | EdgeKind::InstanceOf
            | EdgeKind::MayRead
            | EdgeKind::MayWrite,
            true,
        ) => Reach::Member,
        (EdgeKind::EncryptedBy | EdgeKind::HasPolicy | EdgeKind::LogsTo, true) => Reach::Dependency,
        _ => return None,
    };
    Some(reach)
}

/// Lowers a step's reach by what it reaches; `None` for resources never reached.
pub(crate) fn adjust(
    reach: Reach,
    edge: EdgeKind,
    forward: bool,
    other: Option<&Resource>,
) -> Option<Reach> {
    let Some(other) = other else {
        return Some(reach);
    };
    if edge == EdgeKind::AttachedTo && forward && is_network_anchor(other.kind) {
        return Some(Reach::Anchor);
    }
    match other.kind {
        ResourceKind::Account | ResourceKind::Region => None,
        ResourceKind::TransitGateway
        | ResourceKind::KmsKey
        | ResourceKind::IamPolicy
        | ResourceKind::Image
        | ResourceKind::Snapshot => Some(Reach::Dependency),
        ResourceKind::VpcPeeringConnection if !peering_active(other) => Some(Reach::Dependency),
        _ => Some(reach),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containment_is_walked_downwards_only() {
        let vpc = Some(ResourceKind::Vpc);
        assert_eq!(
            base(vpc, Reach::Strong, EdgeKind::Contains, true),
            Some(Reach::Strong)
        );
        assert_eq!(base(vpc, Reach::Strong, EdgeKind::Contains, false), None);
    }

    #[test]
    fn data_stores_are_leaves() {
        let bucket = Some(ResourceKind::Bucket);
        assert_eq!(base(bucket, Reach::Member, EdgeKind::Triggers, true), None);
        assert_eq!(
            base(bucket, Reach::Member, EdgeKind::EncryptedBy, true),
            Some(Reach::Dependency)
        );
    }

    #[test]
    fn trust_is_never_walked() {
        let role = Some(ResourceKind::IamRole);
        assert_eq!(base(role, Reach::Member, EdgeKind::MayAssume, false), None);
        assert_eq!(base(role, Reach::Member, EdgeKind::MayAssume, true), None);
    }
}
