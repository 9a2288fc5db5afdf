//! Security groups: stateful, allow-only, evaluated as the union of every rule of every group.
//!
//! AWS semantics (VPC user guide, "Security group rules"; EC2 API `IpPermission`):
//! - inbound rules apply at the destination interface, outbound rules at the source interface, and
//!   replies to an allowed flow always pass (stateful);
//! - protocol `-1` (and any protocol other than tcp/udp/icmp/icmpv6) admits every port: the rule's
//!   port range is ignored;
//! - tcp/udp match the inclusive range `[FromPort, ToPort]`; icmp matches type `FromPort` and code
//!   `ToPort`, `-1` being a wildcard;
//! - a CIDR peer matches by containment (IPv4 and IPv6 separately), a prefix list by its entries,
//!   and a security group peer matches only the **private** addresses of interfaces carrying that
//!   group in the same VPC or a VPC peered within the same Region (AWS: inter-Region peering does
//!   not support security group references; nor does a transit gateway unless its
//!   security-group-referencing option is on, which nephos does not read): never internet or
//!   public-IP traffic.

use std::net::IpAddr;

use nephos_model::props::{IpProtocol, SecurityGroupPeer, SecurityGroupRule};

use crate::evidence::{Assumption, Evidence};
use crate::model::{NetworkModel, SgSlot};
use crate::traffic::{PortSet, Protocol, icmp_messages, port_range};

/// The other end of a flow, as a security group rule sees it.
#[derive(Debug, Clone, Copy)]
pub struct Peer<'m, 'a> {
    /// Its address.
    pub addr: IpAddr,
    /// The security groups on its interface (empty for internet hosts).
    pub groups: &'m [SgSlot<'a>],
    /// True when group references can match: `addr` is the peer's private address in the same or
    /// a peered VPC.
    pub groups_visible: bool,
}

/// The ports (or encoded ICMP messages) a rule admits for a flow protocol; empty when the rule's
/// protocol does not apply.
pub fn rule_ports(rule: &SecurityGroupRule, proto: Protocol) -> PortSet {
    if !proto.matched_by(rule.protocol) {
        return PortSet::empty();
    }
    match rule.protocol {
        IpProtocol::Tcp | IpProtocol::Udp => port_range(rule.from_port, rule.to_port),
        IpProtocol::Icmp | IpProtocol::Icmpv6 => {
            icmp_messages(rule.from_port.unwrap_or(-1), rule.to_port.unwrap_or(-1))
        }
        // `-1` and other protocols: the port range is ignored.
        IpProtocol::All | IpProtocol::Number(_) => PortSet::full(),
    }
}

impl<'a> NetworkModel<'a> {
    /// Does a rule's peer match? `Err` when it depends on a prefix list that was not collected.
    fn peer_matches(
        &self,
        peer: &SecurityGroupPeer,
        who: &Peer<'_, 'a>,
    ) -> Result<bool, Assumption<'a>> {
        match peer {
            SecurityGroupPeer::Cidr { cidr } => Ok(cidr.contains(&who.addr)),
            SecurityGroupPeer::PrefixList { prefix_list_id } => {
                match self
                    .prefix_lists
                    .get_key_value(prefix_list_id.as_str())
                    .and_then(|(k, p)| p.set.as_ref().map(|s| (k, s)))
                {
                    Some((_, set)) => Ok(set.contains(who.addr)),
                    None => Err(Assumption::PrefixListNotCollected(
                        self.prefix_lists
                            .get_key_value(prefix_list_id.as_str())
                            .map_or("(unknown prefix list)", |(k, _)| k),
                    )),
                }
            }
            SecurityGroupPeer::SecurityGroup { group_id, .. } => Ok(who.groups_visible
                && who.groups.iter().any(|g| match g {
                    SgSlot::Known(i) => self.sg(*i).is_some_and(|s| {
                        s.props.group_id == *group_id || s.res.id.short() == group_id
                    }),
                    SgSlot::Missing(id) => id == group_id,
                })),
        }
    }

    /// Which of `ports` the groups admit for `proto` to or from `peer`, each part with the first
    /// rule (group order, then rule order) that admits it. Missing groups admit everything, on an
    /// assumption; an empty `groups` admits nothing (AWS never leaves an interface without one; use
    /// [`Evidence::NoSecurityGroups`] for load balancers that have none).
    pub fn sg_evaluate(
        &self,
        groups: &[SgSlot<'a>],
        egress: bool,
        proto: Protocol,
        peer: &Peer<'_, 'a>,
        ports: &PortSet,
    ) -> Vec<(PortSet, Evidence<'a>)> {
        let mut out = Vec::new();
        let mut left = ports.clone();
        for slot in groups {
            let SgSlot::Known(g) = *slot else { continue };
            let Some(sg) = self.sg(g) else { continue };
            let rules = if egress {
                &sg.props.egress
            } else {
                &sg.props.ingress
            };
            for (i, rule) in rules.iter().enumerate() {
                if left.is_empty() {
                    return out;
                }
                let admitted = rule_ports(rule, proto);
                if admitted.is_empty() {
                    continue;
                }
                let evidence = match self.peer_matches(&rule.peer, peer) {
                    Ok(false) => continue,
                    Ok(true) => Evidence::SgRule {
                        sg: g,
                        egress,
                        index: u32::try_from(i).unwrap_or(u32::MAX),
                    },
                    Err(a) => Evidence::Assumed(a),
                };
                let part = admitted.intersection(&left);
                if !part.is_empty() {
                    left = left.difference(&part);
                    out.push((part, evidence));
                }
            }
        }
        for slot in groups {
            if let SgSlot::Missing(id) = *slot
                && !left.is_empty()
            {
                out.push((
                    left.clone(),
                    Evidence::Assumed(Assumption::SecurityGroupNotCollected(id)),
                ));
                left = PortSet::empty();
            }
        }
        out
    }

    /// The networks the groups' rules in one direction name (CIDRs and prefix list entries): the
    /// boundaries at which their answer can change.
    pub fn sg_nets(&self, groups: &[SgSlot<'a>], egress: bool, out: &mut Vec<ipnet::IpNet>) {
        for slot in groups {
            let SgSlot::Known(g) = *slot else { continue };
            let Some(sg) = self.sg(g) else { continue };
            let rules = if egress {
                &sg.props.egress
            } else {
                &sg.props.ingress
            };
            for rule in rules {
                match &rule.peer {
                    SecurityGroupPeer::Cidr { cidr } => out.push(*cidr),
                    SecurityGroupPeer::PrefixList { prefix_list_id } => {
                        if let Some(nets) = self
                            .prefix_lists
                            .get(prefix_list_id.as_str())
                            .and_then(|p| p.nets.as_ref())
                        {
                            out.extend(nets.iter().copied());
                        }
                    }
                    SecurityGroupPeer::SecurityGroup { .. } => {}
                }
            }
        }
    }
}

/// The union of the parts of an evaluation.
pub fn admitted(parts: &[(PortSet, Evidence<'_>)]) -> PortSet {
    parts
        .iter()
        .fold(PortSet::empty(), |acc, (p, _)| acc.union(p))
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use ipnet::{IpNet, Ipv4Net};
    use nephos_model::props::SecurityGroupProps;
    use nephos_model::{Inventory, Properties, Resource, ResourceId, ResourceKind};
    use proptest::prelude::*;

    use super::*;

    fn rule() -> impl Strategy<Value = SecurityGroupRule> {
        (
            prop_oneof![
                Just(IpProtocol::All),
                Just(IpProtocol::Tcp),
                Just(IpProtocol::Udp)
            ],
            (any::<u8>(), 0u8..=8),
            (0i32..70, 0i32..70),
        )
            .prop_map(|(protocol, (a, len), (p, q))| SecurityGroupRule {
                protocol,
                from_port: Some(p.min(q)),
                to_port: Some(p.max(q)),
                peer: SecurityGroupPeer::Cidr {
                    cidr: IpNet::V4(
                        Ipv4Net::new(Ipv4Addr::new(a, 0, 0, 0), len)
                            .unwrap()
                            .trunc(),
                    ),
                },
                description: None,
            })
    }

    proptest! {
        /// Allowed exactly when some rule of some group matches (union, order-free), and every
        /// allowed port is attributed to one matching rule.
        #[test]
        fn evaluation_is_the_union_of_rules(
            g1 in prop::collection::vec(rule(), 0..5),
            g2 in prop::collection::vec(rule(), 0..5),
            tcp in any::<bool>(),
            a in any::<u8>(),
            port in 0u16..80,
        ) {
            let mut inv = Inventory::new("t");
            for (i, rules) in [&g1, &g2].iter().enumerate() {
                let mut r = Resource::new(ResourceId::new(format!("arn:aws:ec2:r:1:security-group/sg-{i}")), ResourceKind::SecurityGroup, "1", Some("r".into()), "sg");
                r.props = Properties::SecurityGroup(SecurityGroupProps { group_id: format!("sg-{i}"), ingress: (*rules).clone(), ..SecurityGroupProps::default() });
                inv.insert(r);
            }
            let m = NetworkModel::build(&inv);
            let proto = if tcp { Protocol::Tcp } else { Protocol::Udp };
            let addr = IpAddr::V4(Ipv4Addr::new(a, 1, 2, 3));
            let peer = Peer { addr, groups: &[], groups_visible: false };
            let parts = m.sg_evaluate(&[SgSlot::Known(0), SgSlot::Known(1)], false, proto, &peer, &PortSet::full());
            let naive = g1.iter().chain(g2.iter()).any(|r| {
                let proto_ok = match r.protocol {
                    IpProtocol::All => true,
                    IpProtocol::Tcp => tcp,
                    IpProtocol::Udp => !tcp,
                    _ => false,
                };
                let port_ok = r.protocol == IpProtocol::All
                    || (r.from_port.unwrap_or(0) <= i32::from(port) && i32::from(port) <= r.to_port.unwrap_or(65535));
                let SecurityGroupPeer::Cidr { cidr } = &r.peer else { return false };
                proto_ok && port_ok && cidr.contains(&addr)
            });
            prop_assert_eq!(admitted(&parts).contains(port), naive);
            let hits = parts.iter().filter(|(p, _)| p.contains(port)).count();
            prop_assert!(hits <= 1);
        }
    }
}
