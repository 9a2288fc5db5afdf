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
