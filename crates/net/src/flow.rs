//! One flow between two private ends (interfaces, load balancer nodes), hop by hop.
//!
//! The order is the packet's: the source's security groups (outbound), the source subnet's ACL
//! (outbound), the source subnet's route (local, peering or transit gateway) and the route back,
//! the destination subnet's ACL (inbound), the destination's security groups (inbound), then the
//! reply through both ACLs on the client's ephemeral ports. ACLs are skipped when both ends share a
//! subnet. Security group references match only when both ends are in the same or peered VPCs
//! (AWS: referencing across a transit gateway is a separate opt-in feature, not modelled).

use std::net::IpAddr;

use nephos_model::props::RouteTarget;

use crate::evidence::{Assumption, Evidence};
use crate::model::{NetworkModel, SgSlot, source};
use crate::network_acl::AclDecision;
use crate::security_group::{Peer, admitted};
use crate::traffic::{PortSet, Protocol};

/// One end of a flow.
#[derive(Debug, Clone, Copy)]
pub struct FlowEnd<'m, 'a> {
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
    /// False for ends without security groups (a Network Load Balancer without groups).
    pub sg_filtered: bool,
    /// The address used for the flow.
    pub addr: IpAddr,
}

/// Why a flow cannot happen: a code in the style of Reachability Analyzer's explanation codes, the
/// deciding evidence when one rule decided, and a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block<'a> {
    /// `CANNOT_ROUTE`, `SG_INGRESS_DENIED`, …
    pub code: &'static str,
    /// The rule or route that decided, when one did.
    pub evidence: Option<Evidence<'a>>,
    /// The component that blocked, when no single rule did (a security group with no matching
    /// rule, a route table with no route).
    pub component: Option<String>,
    /// What happened, for people.
    pub reason: String,
    /// How far the packet got (higher is further), to pick the most telling block among several.
    pub stage: u8,
}

/// One hop of an allowed flow: what it is and the parts of the port set each rule allowed.
#[derive(Debug, Clone)]
pub struct Stage<'a> {
    /// `security group egress`, `network ACL ingress`, `route`, …
    pub label: &'static str,
    /// The component the hop passes (security group, ACL, route table), when there is one.
    pub component: Option<String>,
    /// Ports and the rule that allowed them.
    pub parts: Vec<(PortSet, Evidence<'a>)>,
}

/// An allowed flow: the ports that pass every hop, and the hops.
#[derive(Debug, Clone)]
pub struct Passed<'a> {
    /// Ports (or ICMP messages) allowed end to end.
    pub ports: PortSet,
    /// Hops in packet order.
    pub stages: Vec<Stage<'a>>,
}

impl<'a> NetworkModel<'a> {
    /// The route table and network ACL of a subnet, or the assumption made when unknown.
    pub fn subnet_tables(
        &self,
        account: &'a str,
        region: &'a str,
        subnet: Option<u32>,
        subnet_id: &'a str,
    ) -> (Result<u32, Assumption<'a>>, Result<u32, Assumption<'a>>) {
        let s = subnet.and_then(|i| self.subnet(i));
        let rtb = match s.and_then(|s| s.route_table) {
            Some(r) => Ok(r),
            None if !self.collected(account, region, source::ROUTE_TABLES) => {
                Err(Assumption::RouteTablesNotCollected)
            }
            None if s.is_none() => Err(Assumption::SubnetNotCollected(subnet_id)),
            None => Err(Assumption::NoRouteTable(subnet_id)),
        };
        let nacl = match s.and_then(|s| s.nacl) {
            Some(n) => Ok(n),
            None if !self.collected(account, region, source::NETWORK_ACLS) => {
                Err(Assumption::NetworkAclsNotCollected)
            }
            None if s.is_none() => Err(Assumption::SubnetNotCollected(subnet_id)),
            None => Err(Assumption::NoNetworkAcl(subnet_id)),
        };
        (rtb, nacl)
    }

    /// The allowed parts of an ACL decision, or a block naming the first denying entry.
    #[expect(
        clippy::too_many_arguments,
        reason = "one hop with its block code and stage"
    )]
    fn acl_stage(
        &self,
        nacl: Result<u32, Assumption<'a>>,
        egress: bool,
        proto: Protocol,
        remote: IpAddr,
        ports: &PortSet,
        code: &'static str,
        stage: u8,
    ) -> Result<Stage<'a>, Block<'a>> {
        let label = if egress {
            "network ACL egress"
        } else {
            "network ACL ingress"
        };
        match nacl {
            Err(a) => Ok(Stage {
                label,
                component: None,
                parts: vec![(ports.clone(), Evidence::Assumed(a))],
            }),
            Ok(n) => {
                let decisions = self.nacl_evaluate(n, egress, proto, remote, ports);
                let component = self.nacl(n).map(|a| a.res.id.to_string());
                let parts: Vec<_> = decisions
                    .iter()
                    .filter(|d| d.allow)
                    .map(|d| (d.ports.clone(), d.evidence))
                    .collect();
                if parts.is_empty() {
                    let deny = decisions.iter().find(|d: &&AclDecision<'a>| !d.allow);
                    return Err(Block {
                        code,
                        evidence: deny.map(|d| d.evidence),
                        component,
                        reason: format!(
                            "the network ACL denies {} {} {}",
                            proto.name(),
                            if egress { "to" } else { "from" },
                            remote
                        ),
                        stage,
                    });
                }
                Ok(Stage {
                    label,
                    component,
                    parts,
                })
            }
        }
    }

    /// Security groups of one end for a flow to or from `peer`.
    fn sg_stage(
        &self,
        end: &FlowEnd<'_, 'a>,
        egress: bool,
        proto: Protocol,
        peer: &Peer<'_, 'a>,
        ports: &PortSet,
        stage: u8,
    ) -> Result<Stage<'a>, Block<'a>> {
        let label = if egress {
            "security group egress"
        } else {
            "security group ingress"
        };
        if !end.sg_filtered {
            return Ok(Stage {
                label,
                component: None,
                parts: vec![(ports.clone(), Evidence::NoSecurityGroups)],
            });
        }
        let parts = self.sg_evaluate(end.sgs, egress, proto, peer, ports);
        if admitted(&parts).is_empty() {
            return Err(Block {
                code: if egress {
                    "SG_EGRESS_DENIED"
                } else {
                    "SG_INGRESS_DENIED"
                },
                evidence: None,
                component: Some(self.sg_names(end.sgs)),
                reason: format!(
                    "no {} rule of {} admits {} {} {}",
                    if egress { "outbound" } else { "inbound" },
                    self.sg_names(end.sgs),
                    proto.name(),
                    if egress { "to" } else { "from" },
                    peer.addr
                ),
                stage,
            });
        }
        Ok(Stage {
            label,
            component: Some(self.sg_names(end.sgs)),
            parts,
        })
    }

    /// The ids of some security groups, comma-separated.
    pub fn sg_names(&self, sgs: &[SgSlot<'a>]) -> String {
        let names: Vec<String> = sgs
            .iter()
            .map(|s| match s {
                SgSlot::Known(i) => self
                    .sg(*i)
                    .map_or_else(String::new, |g| g.res.id.to_string()),
                SgSlot::Missing(id) => (*id).to_string(),
            })
            .collect();
        names.join(",")
    }

    /// Evaluates a flow from `src` to `dst` on `ports` of `proto`.
    pub fn flow(
        &self,
        src: &FlowEnd<'_, 'a>,
        dst: &FlowEnd<'_, 'a>,
        proto: Protocol,
        ports: &PortSet,
    ) -> Result<Passed<'a>, Block<'a>> {
        let visible = self.same_or_peered(src.vpc_id, dst.vpc_id);
        let mut stages = Vec::new();
        let to_dst = Peer {
            addr: dst.addr,
            groups: dst.sgs,
            groups_visible: visible,
        };
        let s = self.sg_stage(src, true, proto, &to_dst, ports, 1)?;
        let mut left = admitted(&s.parts);
        stages.push(s);

        let crosses = src.subnet_id != dst.subnet_id;
        let (src_rtb, src_acl) =
            self.subnet_tables(src.account, src.region, src.subnet, src.subnet_id);
        let (dst_rtb, dst_acl) =
            self.subnet_tables(dst.account, dst.region, dst.subnet, dst.subnet_id);
        if crosses {
            let s = self.acl_stage(
                src_acl,
                true,
                proto,
                dst.addr,
                &left,
                "NACL_EGRESS_DENIED",
                2,
            )?;
            left = left.intersection(&admitted(&s.parts));
            stages.push(s);
        }
        if crosses || src.vpc_id != dst.vpc_id {
            let route = self.route_to(src, src_rtb, dst.addr, dst.vpc_id, 3)?;
            stages.push(route);
            let back = self.route_to(dst, dst_rtb, src.addr, src.vpc_id, 4)?;
            stages.push(Stage {
                label: "return route",
                ..back
            });
        }
        if crosses {
            let s = self.acl_stage(
                dst_acl,
                false,
                proto,
                src.addr,
                &left,
                "NACL_INGRESS_DENIED",
                5,
            )?;
            left = left.intersection(&admitted(&s.parts));
            stages.push(s);
        }
        let from_src = Peer {
            addr: src.addr,
            groups: src.sgs,
            groups_visible: visible,
        };
        let s = self.sg_stage(dst, false, proto, &from_src, &left, 6)?;
        left = left.intersection(&admitted(&s.parts));
        stages.push(s);
        if left.is_empty() {
            return Err(Block {
                code: "NO_COMMON_PORTS",
                evidence: None,
                component: None,
                reason: format!(
                    "no {} port is allowed by every hop from {} to {}",
                    proto.name(),
                    src.addr,
                    dst.addr
                ),
                stage: 6,
            });
        }
        if crosses {
            let ret = proto.return_ports();
            let s = self.acl_stage(
                dst_acl,
                true,
                proto,
                src.addr,
                &ret,
                "NACL_RETURN_DENIED",
                7,
            )?;
            stages.push(Stage {
                label: "network ACL egress (reply)",
                ..s
            });
            let s = self.acl_stage(
                src_acl,
                false,
                proto,
                dst.addr,
                &ret,
                "NACL_RETURN_DENIED",
                8,
            )?;
            stages.push(Stage {
                label: "network ACL ingress (reply)",
                ..s
            });
        }
        Ok(Passed {
            ports: left,
            stages,
        })
    }

    /// The route from an end's subnet to `addr`, which must arrive in `to_vpc`.
    fn route_to(
        &self,
        from: &FlowEnd<'_, 'a>,
        rtb: Result<u32, Assumption<'a>>,
        addr: IpAddr,
        to_vpc: &'a str,
        stage: u8,
    ) -> Result<Stage<'a>, Block<'a>> {
        let rtb = match rtb {
            Ok(r) => r,
            Err(a) => {
                return Ok(Stage {
                    label: "route",
                    component: None,
                    parts: vec![(PortSet::full(), Evidence::Assumed(a))],
                });
            }
        };
        let component = self.route_table(rtb).map(|t| t.res.id.to_string());
        let block = |code: &'static str, evidence: Option<Evidence<'a>>, reason: String| Block {
            code,
            evidence,
            component: component.clone(),
            reason,
            stage,
        };
        let Some((ev, route)) = self.route_lookup(rtb, addr) else {
            return Err(block(
                "CANNOT_ROUTE",
                None,
                format!("no route matches {addr}"),
            ));
        };
        if !route.active {
            return Err(block(
                "BLACKHOLE_ROUTE",
                Some(ev),
                format!("the route for {addr} is a blackhole (its target was deleted)"),
            ));
        }
        let mut parts = vec![(PortSet::full(), ev)];
        match &route.target {
            RouteTarget::Local if from.vpc_id == to_vpc => {}
            RouteTarget::VpcPeeringConnection(pcx) => {
                let Some((_, p)) = self.peerings.get(pcx.as_str()) else {
                    return Err(block(
                        "CANNOT_ROUTE",
                        Some(ev),
                        format!("peering connection {pcx} not found"),
                    ));
                };
                if !p.status.eq_ignore_ascii_case("active") {
                    return Err(block(
                        "PEERING_NOT_ACTIVE",
                        Some(ev),
                        format!("peering connection {pcx} is {}", p.status),
                    ));
                }
                let other = if p.requester.vpc_id == from.vpc_id {
                    &p.accepter
                } else if p.accepter.vpc_id == from.vpc_id {
                    &p.requester
                } else {
                    return Err(block(
                        "CANNOT_ROUTE",
                        Some(ev),
                        format!("peering connection {pcx} does not join {}", from.vpc_id),
                    ));
                };
                if other.vpc_id != to_vpc {
                    return Err(block(
                        "CANNOT_ROUTE",
                        Some(ev),
                        format!(
                            "{pcx} joins {} and {}, but {addr} is in {to_vpc}: peering is not transitive",
                            from.vpc_id, other.vpc_id
                        ),
                    ));
                }
                parts.push((PortSet::full(), Evidence::Peering(pcx.as_str())));
            }
            RouteTarget::TransitGateway(tgw) => {
                let e = self
                    .tgw_forward(tgw, from.vpc_id, addr, to_vpc)
                    .map_err(|mut b| {
                        b.stage = stage;
                        b
                    })?;
                parts.push((PortSet::full(), e));
            }
            other => {
                return Err(block(
                    "CANNOT_ROUTE",
                    Some(ev),
                    format!(
                        "the route for {addr} goes to {}, not to {to_vpc}",
                        target_name(other)
                    ),
                ));
            }
        }
        Ok(Stage {
            label: "route",
            component,
            parts,
        })
    }

    /// A transit gateway hop: the route table associated with the source VPC's attachment picks
    /// the attachment to the destination VPC.
    fn tgw_forward(
        &self,
        tgw: &'a str,
        from_vpc: &'a str,
        addr: IpAddr,
        to_vpc: &'a str,
    ) -> Result<Evidence<'a>, Block<'a>> {
        let block = |code: &'static str, reason: String| Block {
            code,
            evidence: None,
            component: None,
            reason,
            stage: 0,
        };
        let Some((_, att)) = self.tgw_attachment_by_vpc.get(&(tgw, from_vpc)) else {
            return Err(block(
                "NO_TGW_ATTACHMENT",
                format!("{from_vpc} has no attachment to {tgw}"),
            ));
        };
        let Some(table_id) = att.association_route_table_id.as_deref() else {
            return Err(block(
                "NO_TGW_ROUTE_TABLE",
                format!(
                    "the attachment of {from_vpc} to {tgw} is not associated with a route table"
                ),
            ));
        };
        let Some((table_res, table)) = self.tgw_route_tables.get(table_id) else {
            return Ok(Evidence::Assumed(
                Assumption::TransitGatewayRoutesNotCollected(table_id),
            ));
        };
        if !table.routes_collected {
            return Ok(Evidence::Assumed(
                Assumption::TransitGatewayRoutesNotCollected(table_id),
            ));
        }
        let best = table
            .routes
            .iter()
            .enumerate()
            .filter(|(_, r)| r.destination.contains(&addr))
            .max_by_key(|(_, r)| (r.destination.prefix_len(), r.route_type == "static"));
        let Some((i, route)) = best else {
            return Err(Block {
                component: Some(table_res.id.to_string()),
                ..block(
                    "CANNOT_ROUTE",
                    format!("{table_id} has no route for {addr}"),
                )
            });
        };
        let evidence = Evidence::TgwRoute {
            table: table_id,
            index: u32::try_from(i).unwrap_or(u32::MAX),
        };
        if !route.active || route.attachment_ids.is_empty() {
            return Err(Block {
                evidence: Some(evidence),
                component: Some(table_res.id.to_string()),
                ..block(
                    "TGW_BLACKHOLE_ROUTE",
                    format!(
                        "{table_id} drops {addr}: blackhole route {}",
                        route.destination
                    ),
                )
            });
        }
        let lands = route.attachment_ids.iter().any(|a| {
            self.tgw_attachments
                .get(a.as_str())
                .is_some_and(|(_, p)| p.resource_id == to_vpc)
        });
        if !lands {
            return Err(Block {
                evidence: Some(evidence),
                component: Some(table_res.id.to_string()),
                ..block(
                    "CANNOT_ROUTE",
                    format!("{table_id} sends {addr} to an attachment that is not {to_vpc}"),
                )
            });
        }
        Ok(evidence)
    }
}

/// `igw-…`, `nat-…`, … for explanations.
pub fn target_name(t: &RouteTarget) -> String {
    match t {
        RouteTarget::Local => "local".into(),
        RouteTarget::InternetGateway(x)
        | RouteTarget::EgressOnlyInternetGateway(x)
        | RouteTarget::NatGateway(x)
        | RouteTarget::VpcPeeringConnection(x)
        | RouteTarget::TransitGateway(x)
        | RouteTarget::VpcEndpoint(x)
        | RouteTarget::VirtualPrivateGateway(x)
        | RouteTarget::NetworkInterface(x)
        | RouteTarget::Instance(x)
        | RouteTarget::Other(x) => x.clone(),
    }
}
