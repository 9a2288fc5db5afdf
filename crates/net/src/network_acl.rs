//! Network ACLs: stateless, ordered, first match wins, one per subnet.
//!
//! AWS semantics (VPC user guide, "Control subnet traffic with network access control lists"):
//! entries are evaluated in ascending rule number and the first entry that matches decides; the
//! final `*` entry denies. An ACL applies only to traffic that crosses its subnet's boundary, so two
//! interfaces in one subnet are never filtered by it. Being stateless, a flow needs the request
//! allowed out of the client's subnet and into the server's, and the reply allowed out of the
//! server's subnet and back into the client's on the client's ephemeral port (see
//! [`crate::traffic::EPHEMERAL_PORTS`]).

use std::net::IpAddr;

use nephos_model::props::{IpProtocol, NetworkAclEntry};

use crate::evidence::Evidence;
use crate::model::NetworkModel;
use crate::traffic::{PortSet, Protocol, icmp_messages, port_range};

/// The ports (or ICMP messages) an entry matches for a flow protocol; empty if it does not apply.
pub fn entry_ports(entry: &NetworkAclEntry, proto: Protocol) -> PortSet {
    if !proto.matched_by(entry.protocol) {
        return PortSet::empty();
    }
    match entry.protocol {
        IpProtocol::Tcp | IpProtocol::Udp => match entry.port_range {
            Some((a, b)) => port_range(Some(a), Some(b)),
            None => PortSet::full(),
        },
        IpProtocol::Icmp | IpProtocol::Icmpv6 => match entry.icmp_type_code {
            Some((t, c)) => icmp_messages(t, c),
            None => PortSet::full(),
        },
        IpProtocol::All | IpProtocol::Number(_) => PortSet::full(),
    }
}

/// One part of an ACL's decision: these ports, this entry, allowed or denied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AclDecision<'a> {
    /// The ports the entry decided.
    pub ports: PortSet,
    /// The deciding entry.
    pub evidence: Evidence<'a>,
    /// Allowed or denied.
    pub allow: bool,
}

impl<'a> NetworkModel<'a> {
    /// Splits `ports` by the entry that decides them for traffic of `proto` with the remote end
    /// at `remote` (the source for ingress, the destination for egress).
    pub fn nacl_evaluate(
        &self,
        nacl: u32,
        egress: bool,
        proto: Protocol,
        remote: IpAddr,
        ports: &PortSet,
    ) -> Vec<AclDecision<'a>> {
        let mut out = Vec::new();
        let mut left = ports.clone();
        let Some(acl) = self.nacl(nacl) else {
            return out;
        };
        let entries = if egress { &acl.egress } else { &acl.ingress };
        for e in entries {
            if left.is_empty() {
                break;
            }
            if !e.cidr.contains(&remote) {
                continue;
            }
            let part = entry_ports(e, proto).intersection(&left);
            if part.is_empty() {
                continue;
            }
            left = left.difference(&part);
            out.push(AclDecision {
                ports: part,
                evidence: Evidence::NaclEntry {
                    nacl,
                    egress,
                    number: e.rule_number,
                },
                allow: e.allow,
            });
        }
        if !left.is_empty() {
            out.push(AclDecision {
                ports: left,
                evidence: Evidence::NaclFinalDeny { nacl, egress },
                allow: false,
            });
        }
        out
    }

    /// The networks an ACL's entries name.
    pub fn nacl_nets(&self, nacl: u32, out: &mut Vec<ipnet::IpNet>) {
        if let Some(acl) = self.nacl(nacl) {
            out.extend(acl.ingress.iter().chain(acl.egress.iter()).map(|e| e.cidr));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use ipnet::{IpNet, Ipv4Net};
    use nephos_model::props::NetworkAclProps;
    use nephos_model::{Inventory, Properties, Resource, ResourceId, ResourceKind};
    use proptest::prelude::*;

    use super::*;

    fn entry() -> impl Strategy<Value = NetworkAclEntry> {
        (
            1i32..200,
            any::<bool>(),
            prop_oneof![
                Just(IpProtocol::All),
                Just(IpProtocol::Tcp),
                Just(IpProtocol::Udp)
            ],
            any::<bool>(),
            (any::<u8>(), 0u8..=8),
            (0i32..70, 0i32..70),
        )
            .prop_map(
                |(n, egress, protocol, allow, (a, len), (p, q))| NetworkAclEntry {
                    rule_number: n,
                    egress,
                    protocol,
                    allow,
                    cidr: IpNet::V4(
                        Ipv4Net::new(Ipv4Addr::new(a, 0, 0, 0), len)
                            .unwrap()
                            .trunc(),
                    ),
                    port_range: Some((p.min(q), p.max(q))),
                    icmp_type_code: None,
                },
            )
    }

    /// The naive reading of AWS's rule: walk entries by ascending number, first match decides,
    /// otherwise deny.
    fn naive(
        entries: &[NetworkAclEntry],
        egress: bool,
        proto: Protocol,
        addr: IpAddr,
        port: u16,
    ) -> bool {
        let mut sorted: Vec<&NetworkAclEntry> =
            entries.iter().filter(|e| e.egress == egress).collect();
        sorted.sort_by_key(|e| e.rule_number);
        for e in sorted {
            let proto_ok = e.protocol == IpProtocol::All
                || (e.protocol == IpProtocol::Tcp && proto == Protocol::Tcp)
                || (e.protocol == IpProtocol::Udp && proto == Protocol::Udp);
            let port_ok = e.protocol == IpProtocol::All
                || e.port_range
                    .is_none_or(|(a, b)| i32::from(port) >= a && i32::from(port) <= b);
            if proto_ok && port_ok && e.cidr.contains(&addr) {
                return e.allow;
            }
        }
        false
    }

    proptest! {
        #[test]
        fn evaluation_matches_first_match_wins(
            mut entries in prop::collection::vec(entry(), 0..8),
            egress in any::<bool>(),
            tcp in any::<bool>(),
            a in any::<u8>(),
            port in 0u16..80,
        ) {
            // Rule numbers are unique per direction in AWS.
            entries.sort_by_key(|e| (e.egress, e.rule_number));
            entries.dedup_by_key(|e| (e.egress, e.rule_number));
            let mut inv = Inventory::new("t");
            let mut r = Resource::new(ResourceId::new("arn:aws:ec2:r:1:network-acl/acl-1"), ResourceKind::NetworkAcl, "1", Some("r".into()), "acl");
            r.props = Properties::NetworkAcl(NetworkAclProps { entries: entries.clone(), ..NetworkAclProps::default() });
            inv.insert(r);
            let m = NetworkModel::build(&inv);
            let proto = if tcp { Protocol::Tcp } else { Protocol::Udp };
            let addr = IpAddr::V4(Ipv4Addr::new(a, 1, 2, 3));
            let parts = m.nacl_evaluate(0, egress, proto, addr, &PortSet::full());
            // The parts partition the port space.
            let total = parts.iter().fold(PortSet::empty(), |acc, d| {
                assert!(!acc.intersects(&d.ports));
                acc.union(&d.ports)
            });
            prop_assert!(total.is_full());
            let decided = parts.iter().find(|d| d.ports.contains(port)).map(|d| d.allow);
            prop_assert_eq!(decided, Some(naive(&entries, egress, proto, addr, port)));
        }
    }
}
