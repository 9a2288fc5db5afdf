//! The internet side: which internet hosts reach an interface directly, and whether an interface
//! reaches the internet.
//!
//! An interface is reachable from internet host *s* on (proto, P) directly when (semantics §A4):
//! it has a public IPv4 address or EIP (for IPv4 *s*) or an IPv6 address (for IPv6 *s*); its
//! subnet's route for *s* targets an internet gateway attached to the VPC (the reply must leave the
//! way it came: a NAT gateway or egress-only gateway route means no inbound path); the subnet's ACL
//! admits (proto, P) from *s* before any deny and lets the reply out to *s* on some ephemeral
//! port; and some security group rule admits (proto, P) from a CIDR or prefix list containing *s*.
//!
//! Internet hosts are the public address space ([`AddressSet::internet`]). The analysis never
//! enumerates hosts: it cuts the address space at every boundary named by the subnet's routes, the
//! ACL and the security groups, and evaluates one address per piece; every address of a piece
//! gets the same answer from every rule.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::IpNet;
use nephos_model::props::RouteTarget;

use crate::address::{AddressSet, v4_range, v6_range};
use crate::evidence::{Assumption, Evidence};
use crate::flow::{Block, target_name};
use crate::model::{FastMap, NetworkModel, SgSlot, source};
use crate::range_set::RangeSet;
use crate::security_group::Peer;
use crate::traffic::{PortSet, Protocol};

/// Where an internet packet would land: an interface class or a load balancer node.
#[derive(Debug, Clone, Copy)]
pub struct Landing<'m, 'a> {
    /// Account id.
    pub account: &'a str,
    /// Region.
    pub region: &'a str,
    /// Subnet index, when collected.
    pub subnet: Option<u32>,
    /// `subnet-…`.
    pub subnet_id: &'a str,
    /// `vpc-…`.
    pub vpc_id: &'a str,
    /// Security groups.
    pub sgs: &'m [SgSlot<'a>],
    /// False when there are no security groups to pass (an NLB without groups).
    pub sg_filtered: bool,
    /// Has a public IPv4 address.
    pub public_v4: bool,
    /// Has an IPv6 address.
    pub v6: bool,
}

/// One way in from the internet: the protocol and ports, and the evidence of each hop.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DirectPath<'a> {
    /// Protocol.
    pub proto: Protocol,
    /// Ports (or encoded ICMP messages).
    pub ports: PortSet,
    /// The internet gateway (`igw-…`), when known.
    pub gateway: Option<&'a str>,
    /// Assumption about the gateway (not collected).
    pub gateway_assumption: Option<Assumption<'a>>,
    /// The route to the internet host.
    pub route: Evidence<'a>,
    /// The ACL entry admitting the request.
    pub nacl_in: Evidence<'a>,
    /// The ACL entry letting the reply out.
    pub nacl_out: Evidence<'a>,
    /// The security group rule admitting the request.
    pub sg: Evidence<'a>,
}

impl<'a> DirectPath<'a> {
    /// Every assumption the path rests on.
    pub fn assumptions(&self) -> Vec<Assumption<'a>> {
        let mut v: Vec<Assumption<'a>> = [self.route, self.nacl_in, self.nacl_out, self.sg]
            .iter()
            .filter_map(|e| e.assumption())
            .chain(self.gateway_assumption)
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

/// The answer for one landing: every path, or the most telling block when there is none.
#[derive(Debug, Clone, Default)]
pub struct Ingress<'a> {
    /// Paths, grouped by evidence; ports within a group are merged.
    pub paths: Vec<DirectPath<'a>>,
    /// Why nothing (or not the queried flow) gets in.
    pub blocked: Option<Block<'a>>,
}

/// The flow protocols of one address family.
fn protocols(v6: bool) -> [Protocol; 3] {
    if v6 {
        [Protocol::Tcp, Protocol::Udp, Protocol::Icmpv6]
    } else {
        [Protocol::Tcp, Protocol::Udp, Protocol::Icmp]
    }
}

/// One representative address per piece of public address space cut at the boundaries of `nets`:
/// the address space is split at every start and end of a network, and each piece that holds
/// some public address is represented by its first public address. Every rule that names only
/// networks in `nets` gives the same answer for every address of a piece.
pub fn internet_pieces(nets: &[IpNet], v6: bool) -> Vec<IpAddr> {
    let internet = AddressSet::internet_ref();
    if v6 {
        let mut cuts: Vec<u128> = vec![0];
        for n in nets {
            if let IpNet::V6(n) = n {
                let (a, b) = v6_range(n);
                cuts.push(a);
                cuts.extend(b.checked_add(1));
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        let ends: Vec<u128> = cuts
            .iter()
            .skip(1)
            .map(|c| c - 1)
            .chain([u128::MAX])
            .collect();
        cuts.iter()
            .zip(ends)
            .filter_map(|(&lo, hi)| internet.v6.intersection(&RangeSet::range(lo, hi)).first())
            .map(|a| IpAddr::V6(Ipv6Addr::from(a)))
            .collect()
    } else {
        let mut cuts: Vec<u32> = vec![0];
        for n in nets {
            if let IpNet::V4(n) = n {
                let (a, b) = v4_range(n);
                cuts.push(a);
                cuts.extend(b.checked_add(1));
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        let ends: Vec<u32> = cuts
            .iter()
            .skip(1)
            .map(|c| c - 1)
            .chain([u32::MAX])
            .collect();
        cuts.iter()
            .zip(ends)
            .filter_map(|(&lo, hi)| internet.v4.intersection(&RangeSet::range(lo, hi)).first())
            .map(|a| IpAddr::V4(Ipv4Addr::from(a)))
            .collect()
    }
}

/// The internet-gateway part of a route to an internet host.
pub(crate) enum InternetRoute<'a> {
    Gateway {
        evidence: Evidence<'a>,
        igw: Option<&'a str>,
        assumption: Option<Assumption<'a>>,
    },
    Blocked(Block<'a>),
}

impl<'a> NetworkModel<'a> {
    /// Keeps `b` when it got further than the block already kept.
    fn keep_block(slot: &mut Option<Block<'a>>, b: Block<'a>) {
        if slot.as_ref().is_none_or(|old| b.stage > old.stage) {
            *slot = Some(b);
        }
    }

    /// Like [`Self::keep_block`], building the block only when it would be kept (explanations
    /// are formatted text; most blocked pieces are never shown).
    fn keep_block_with(slot: &mut Option<Block<'a>>, stage: u8, b: impl FnOnce() -> Block<'a>) {
        if slot.as_ref().is_none_or(|old| stage > old.stage) {
            *slot = Some(b());
        }
    }

    /// Does the subnet's route for internet host `host` go to an internet gateway attached to the
    /// VPC (the only target that carries unsolicited inbound traffic and its replies)?
    pub(crate) fn internet_route(
        &self,
        account: &'a str,
        region: &'a str,
        rtb: Result<u32, Assumption<'a>>,
        vpc_id: &'a str,
        host: IpAddr,
        egress: bool,
    ) -> InternetRoute<'a> {
        let rtb = match rtb {
            Ok(r) => r,
            Err(a) => {
                return InternetRoute::Gateway {
                    evidence: Evidence::Assumed(a),
                    igw: None,
                    assumption: None,
                };
            }
        };
        let block = |code: &'static str, evidence: Option<Evidence<'a>>, reason: String| {
            InternetRoute::Blocked(Block {
                code,
                evidence,
                component: self.route_table(rtb).map(|t| t.res.id.to_string()),
                reason,
                stage: 2,
            })
        };
        let Some((ev, route)) = self.route_lookup(rtb, host) else {
            return block(
                "CANNOT_ROUTE",
                None,
                format!("no route matches internet host {host}"),
            );
        };
        if !route.active {
            return block(
                "BLACKHOLE_ROUTE",
                Some(ev),
                format!("the route for {host} is a blackhole (its target was deleted)"),
            );
        }
        match &route.target {
            RouteTarget::InternetGateway(igw) => match self.igws.get(igw.as_str()) {
                Some((_, p)) if p.attached_vpcs.iter().any(|v| v == vpc_id) => {
                    InternetRoute::Gateway {
                        evidence: ev,
                        igw: Some(igw.as_str()),
                        assumption: None,
                    }
                }
                Some(_) => block(
                    "IGW_NOT_ATTACHED",
                    Some(ev),
                    format!("{igw} is not attached to {vpc_id}"),
                ),
                None if self.collected(account, region, source::INTERNET_GATEWAYS) => block(
                    "IGW_NOT_FOUND",
                    Some(ev),
                    format!("{igw} does not exist (it was deleted or is not in this account)"),
                ),
                None => InternetRoute::Gateway {
                    evidence: ev,
                    igw: Some(igw.as_str()),
                    assumption: Some(Assumption::InternetGatewaysNotCollected),
                },
            },
            RouteTarget::EgressOnlyInternetGateway(x) if egress => InternetRoute::Gateway {
                evidence: ev,
                igw: Some(x.as_str()),
                assumption: None,
            },
            RouteTarget::EgressOnlyInternetGateway(x) => block(
                "EGRESS_ONLY_GATEWAY",
                Some(ev),
                format!("the route for {host} goes to egress-only gateway {x}: outbound only"),
            ),
            RouteTarget::NatGateway(x) if !egress => block(
                "NAT_GATEWAY_EGRESS_ONLY",
                Some(ev),
                format!(
                    "the route for {host} goes to NAT gateway {x}: it gives egress, not ingress, and replies leave through it"
                ),
            ),
            other => block(
                "CANNOT_ROUTE",
                Some(ev),
                format!(
                    "the route for {host} goes to {}, not to an internet gateway",
                    target_name(other)
                ),
            ),
        }
    }

    /// Every path from the internet into a landing, optionally restricted to one protocol and
    /// port set (for reach queries).
    pub fn internet_ingress(
        &self,
        l: &Landing<'_, 'a>,
        query: Option<(Protocol, &PortSet)>,
    ) -> Ingress<'a> {
        let mut out = Ingress::default();
        let (rtb, nacl) = self.subnet_tables(l.account, l.region, l.subnet, l.subnet_id);
        let mut nets = Vec::new();
        if let Ok(r) = rtb {
            self.route_nets(r, &mut nets);
        }
        if let Ok(n) = nacl {
            self.nacl_nets(n, &mut nets);
        }
        self.sg_nets(l.sgs, false, &mut nets);
        let mut groups: FastMap<DirectPath<'a>, PortSet> = FastMap::default();
        if !l.public_v4 && !l.v6 {
            out.blocked = Some(Block {
                code: "NO_PUBLIC_ADDRESS",
                evidence: None,
                component: None,
                reason: "the interface has no public IPv4 address, Elastic IP or IPv6 address"
                    .into(),
                stage: 1,
            });
            return out;
        }
        for v6 in [false, true] {
            if (v6 && !l.v6) || (!v6 && !l.public_v4) {
                continue;
            }
            let protos: Vec<Protocol> = match query {
                Some((p, _)) if (v6 && p == Protocol::Icmp) || (!v6 && p == Protocol::Icmpv6) => {
                    Vec::new()
                }
                Some((p, _)) => vec![p],
                None => protocols(v6).to_vec(),
            };
            for host in internet_pieces(&nets, v6) {
                let route = self.internet_route(l.account, l.region, rtb, l.vpc_id, host, false);
                let (route_ev, igw, gw_assumption) = match route {
                    InternetRoute::Gateway {
                        evidence,
                        igw,
                        assumption,
                    } => (evidence, igw, assumption),
                    InternetRoute::Blocked(b) => {
                        Self::keep_block(&mut out.blocked, b);
                        continue;
                    }
                };
                for &proto in &protos {
                    let ports = query.map_or_else(PortSet::full, |(_, p)| p.clone());
                    self.ingress_at(
                        l,
                        nacl,
                        host,
                        proto,
                        &ports,
                        route_ev,
                        igw,
                        gw_assumption,
                        &mut groups,
                        &mut out.blocked,
                    );
                }
            }
        }
        let mut paths: Vec<DirectPath<'a>> = groups
            .into_iter()
            .map(|(mut k, ports)| {
                k.ports = ports;
                k
            })
            .collect();
        paths.sort();
        out.paths = paths;
        out
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "one hop of a path with its context"
    )]
    fn ingress_at(
        &self,
        l: &Landing<'_, 'a>,
        nacl: Result<u32, Assumption<'a>>,
        host: IpAddr,
        proto: Protocol,
        ports: &PortSet,
        route: Evidence<'a>,
        gateway: Option<&'a str>,
        gateway_assumption: Option<Assumption<'a>>,
        groups: &mut FastMap<DirectPath<'a>, PortSet>,
        blocked: &mut Option<Block<'a>>,
    ) {
        let acl_component = nacl
            .ok()
            .and_then(|n| self.nacl(n))
            .map(|a| a.res.id.to_string());
        let (acl_in, acl_out) = match nacl {
            Err(a) => (
                vec![(ports.clone(), Evidence::Assumed(a))],
                Some(Evidence::Assumed(a)),
            ),
            Ok(n) => {
                let decisions = self.nacl_evaluate(n, false, proto, host, ports);
                let allowed: Vec<_> = decisions
                    .iter()
                    .filter(|d| d.allow)
                    .map(|d| (d.ports.clone(), d.evidence))
                    .collect();
                if allowed.is_empty() {
                    Self::keep_block_with(blocked, 3, || Block {
                        code: "NACL_INGRESS_DENIED",
                        evidence: decisions.iter().find(|d| !d.allow).map(|d| d.evidence),
                        component: acl_component,
                        reason: format!("the network ACL denies {} from {host}", proto.name()),
                        stage: 3,
                    });
                    return;
                }
                let ret = self.nacl_evaluate(n, true, proto, host, &proto.return_ports());
                match ret.iter().find(|d| d.allow) {
                    Some(d) => (allowed, Some(d.evidence)),
                    None => {
                        Self::keep_block_with(blocked, 4, || Block {
                            code: "NACL_RETURN_DENIED",
                            evidence: ret.iter().find(|d| !d.allow).map(|d| d.evidence),
                            component: acl_component,
                            reason: format!(
                                "the network ACL lets no reply out to {host} on ephemeral ports 1024-65535"
                            ),
                            stage: 4,
                        });
                        return;
                    }
                }
            }
        };
        let Some(nacl_out) = acl_out else { return };
        let sg_parts = if l.sg_filtered {
            let peer = Peer {
                addr: host,
                groups: &[],
                groups_visible: false,
            };
            self.sg_evaluate(l.sgs, false, proto, &peer, ports)
        } else {
            vec![(ports.clone(), Evidence::NoSecurityGroups)]
        };
        let mut any = false;
        for (acl_ports, nacl_in) in &acl_in {
            for (sg_ports, sg) in &sg_parts {
                let p = acl_ports.intersection(sg_ports);
                if p.is_empty() {
                    continue;
                }
                any = true;
                let key = DirectPath {
                    proto,
                    ports: PortSet::empty(),
                    gateway,
                    gateway_assumption,
                    route,
                    nacl_in: *nacl_in,
                    nacl_out,
                    sg: *sg,
                };
                let slot = groups.entry(key).or_default();
                *slot = slot.union(&p);
            }
        }
        if !any {
            Self::keep_block_with(blocked, 5, || Block {
                code: "SG_INGRESS_DENIED",
                evidence: None,
                component: Some(self.sg_names(l.sgs)),
                reason: format!(
                    "no inbound rule of {} admits {} from {host} on the ports the network ACL allows",
                    self.sg_names(l.sgs),
                    proto.name()
                ),
                stage: 5,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn v4net() -> impl Strategy<Value = IpNet> {
        (any::<u32>(), 0u8..=32).prop_map(|(a, l)| {
            IpNet::V4(ipnet::Ipv4Net::new(Ipv4Addr::from(a), l).unwrap().trunc())
        })
    }

    proptest! {
        /// Every public address has a representative that every network classifies alike.
        #[test]
        fn pieces_represent_every_public_address(nets in prop::collection::vec(v4net(), 0..6), x in any::<u32>()) {
            let x = IpAddr::V4(Ipv4Addr::from(x));
            prop_assume!(AddressSet::internet_ref().contains(x));
            let reps = internet_pieces(&nets, false);
            prop_assert!(reps.iter().all(|r| AddressSet::internet_ref().contains(*r)));
            prop_assert!(reps.iter().any(|r| nets.iter().all(|n| n.contains(&x) == n.contains(r))));
        }
    }

    #[test]
    fn no_rules_means_one_piece_per_family() {
        assert_eq!(internet_pieces(&[], false).len(), 1);
        assert_eq!(internet_pieces(&[], true).len(), 1);
    }
}
