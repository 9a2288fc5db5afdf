//! `reach`: can SRC open a connection to DST? Each answer names the rule that allowed or blocked
//! every hop (Reachability Analyzer style codes for blocks: `CANNOT_ROUTE`, `SG_INGRESS_DENIED`,
//! `NACL_RETURN_DENIED`, …).
//!
//! Ends are resource ids or the internet. Resource ends use their interfaces' private addresses
//! (security group references only ever match private addresses). From the internet, the answer
//! is exactly the exposure analysis restricted to the queried protocol and port. To the internet,
//! the source's security groups, ACL and route must let it out: through an internet gateway with a
//! public address (IPv4) or an IPv6 address, through an egress-only gateway (IPv6), or through an
//! available NAT gateway whose own subnet routes to an internet gateway (IPv4).

use std::net::{IpAddr, Ipv4Addr};

use nephos_model::props::RouteTarget;
use nephos_model::{Properties, ResourceId, ResourceKind};
use serde::Serialize;

use crate::evidence::{Assumption, Evidence};
use crate::exposure::port_list;
use crate::flow::{Block, FlowEnd, Passed, Stage, target_name};
use crate::internet::{InternetRoute, Landing, internet_pieces};
use crate::model::{Interface, NetworkModel, Role, SgSlot};
use crate::security_group::{Peer, admitted};
use crate::traffic::{PortSet, Protocol, icmp_messages};

/// One end of a reach query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// Any internet host.
    Internet,
    /// A resource, by id.
    Resource(ResourceId),
}

impl Endpoint {
    /// `internet` (any case) or a resource id.
    pub fn parse(s: &str) -> Self {
        if s.eq_ignore_ascii_case("internet") {
            Self::Internet
        } else {
            Self::Resource(ResourceId::new(s))
        }
    }
}

/// A reach query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReachQuery {
    /// Who opens the connection.
    pub from: Endpoint,
    /// Who accepts it.
    pub to: Endpoint,
    /// The protocol (tcp by default in the CLI).
    pub protocol: Protocol,
    /// The destination port (for ICMP: the type); `None` asks for any port.
    pub port: Option<u16>,
}

/// One hop of an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// What the hop is (`security group ingress`, `route`, `internet gateway`, …).
    pub step: String,
    /// The component passed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// The rule that allowed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// The answer to a reach query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReachAnswer {
    /// Can the connection be opened?
    pub reachable: bool,
    /// Hops of the allowed path, or the hops passed before the block.
    pub hops: Vec<Hop>,
    /// The rule, or else the component, that blocks it.
    pub blocked_by: Option<String>,
    /// Why it is blocked (code), e.g. `CANNOT_ROUTE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Why it is blocked, for people.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The ports (ICMP types for ICMP) that pass, when reachable.
    pub ports: Vec<[u16; 2]>,
    /// Missing data the answer assumed permissively.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<String>,
}

/// A query that cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReachError {
    /// The id is not in the inventory.
    #[error("resource `{0}` is not in the inventory")]
    UnknownResource(String),
    /// The resource has no network interface nephos knows of.
    #[error("resource `{0}` has no network interface (is it in a VPC?)")]
    NoInterface(String),
    /// Both ends are the internet.
    #[error("`internet` to `internet` is not a question about this estate")]
    InternetToInternet,
}

/// A private end of a query: an interface or a load balancer node.
struct End<'m, 'a> {
    flow: FlowEnd<'m, 'a>,
    role: Role,
    /// Listener ports, for load balancer nodes.
    listener_ports: Option<PortSet>,
}

impl<'a> NetworkModel<'a> {
    /// Answers a reach query.
    pub fn reach(&self, q: &ReachQuery) -> Result<ReachAnswer, ReachError> {
        let ports = match (q.port, q.protocol.is_icmp()) {
            (None, _) => PortSet::full(),
            (Some(p), false) => PortSet::single(p),
            (Some(t), true) => icmp_messages(i32::from(t), -1),
        };
        match (&q.from, &q.to) {
            (Endpoint::Internet, Endpoint::Internet) => Err(ReachError::InternetToInternet),
            (Endpoint::Internet, Endpoint::Resource(id)) => self.reach_from_internet(id, q, &ports),
            (Endpoint::Resource(id), Endpoint::Internet) => {
                self.reach_internet(id, q.protocol, &ports)
            }
            (Endpoint::Resource(a), Endpoint::Resource(b)) => {
                self.reach_private(a, b, q.protocol, &ports)
            }
        }
    }

    fn check_known(&self, id: &ResourceId) -> Result<(), ReachError> {
        if self.inventory.get(id).is_none() {
            return Err(ReachError::UnknownResource(id.to_string()));
        }
        Ok(())
    }

    fn reach_from_internet(
        &self,
        id: &ResourceId,
        q: &ReachQuery,
        ports: &PortSet,
    ) -> Result<ReachAnswer, ReachError> {
        self.check_known(id)?;
        let proto = q.protocol;
        let wanted = port_list(proto, ports);
        // A target behind a load balancer is not reachable on its own port from the internet:
        // clients connect to the load balancer's listener (query the load balancer for that).
        for e in self
            .exposures_of(id)
            .into_iter()
            .filter(|e| e.through.is_none())
        {
            let proto_ok = e.protocol == "all" || e.protocol == proto.name();
            let port_ok = wanted
                .iter()
                .all(|[a, b]| e.ports.iter().any(|[x, y]| x <= a && b <= y))
                || (q.port.is_none() && !e.ports.is_empty());
            if !(proto_ok && port_ok) {
                continue;
            }
            let mut hops = vec![Hop {
                step: "internet".into(),
                component: None,
                rule: None,
            }];
            for c in &e.via {
                let prefix = format!("{c}#");
                let rules: Vec<&String> =
                    e.rules.iter().filter(|r| r.starts_with(&prefix)).collect();
                hops.push(Hop {
                    step: step_name(c),
                    component: Some(c.clone()),
                    rule: (!rules.is_empty()).then(|| {
                        rules
                            .iter()
                            .map(|r| r.as_str())
                            .collect::<Vec<_>>()
                            .join(" ")
                    }),
                });
            }
            hops.push(Hop {
                step: "destination".into(),
                component: Some(e.resource.clone()),
                rule: e.through.clone(),
            });
            let ports = if q.port.is_some() {
                wanted.clone()
            } else {
                e.ports.clone()
            };
            return Ok(ReachAnswer {
                reachable: true,
                hops,
                blocked_by: None,
                code: None,
                reason: None,
                ports,
                assumptions: e.assumptions.clone(),
            });
        }
        // Not reachable: say why, from the most telling block among the resource's interfaces.
        let ifaces = self.interfaces_of.get(id).cloned().unwrap_or_default();
        let mut best: Option<Block<'a>> = None;
        for i in &ifaces {
            let Some(iface) = self.interfaces.get(*i as usize) else {
                continue;
            };
            let b = match iface.role {
                Role::Lambda => Some(Block {
                    code: "NO_INBOUND_PATH",
                    evidence: None,
                    component: None,
                    reason: "a Lambda function's VPC interfaces accept no inbound connections; it is invoked through AWS APIs".into(),
                    stage: 9,
                }),
                Role::Database { port: Some(p) } if !ports.contains(p) || proto != Protocol::Tcp => Some(Block {
                    code: "NOT_LISTENING",
                    evidence: None,
                    component: None,
                    reason: format!("the database listens on tcp/{p} only"),
                    stage: 9,
                }),
                _ => {
                    let landing = Landing {
                        account: iface.account,
                        region: iface.region,
                        subnet: iface.subnet,
                        subnet_id: iface.subnet_id,
                        vpc_id: iface.vpc_id,
                        sgs: &iface.sgs,
                        sg_filtered: true,
                        public_v4: iface.public_v4,
                        v6: !iface.v6.is_empty(),
                    };
                    self.internet_ingress(&landing, Some((proto, ports))).blocked
                }
            };
            if let Some(b) = b
                && best.as_ref().is_none_or(|old| b.stage > old.stage)
            {
                best = Some(b);
            }
        }
        if best.is_none()
            && let Some(r) = self.inventory.get(id)
        {
            best = Some(match &r.props {
                Properties::LoadBalancer(p) if !p.internet_facing() => Block {
                    code: "INTERNAL_LOAD_BALANCER",
                    evidence: None,
                    component: Some(id.to_string()),
                    reason: "the load balancer's scheme is internal: its nodes have only private addresses".into(),
                    stage: 1,
                },
                Properties::ClassicLoadBalancer(p) if !p.scheme.eq_ignore_ascii_case("internet-facing") => Block {
                    code: "INTERNAL_LOAD_BALANCER",
                    evidence: None,
                    component: Some(id.to_string()),
                    reason: "the load balancer's scheme is internal: its nodes have only private addresses".into(),
                    stage: 1,
                },
                Properties::LoadBalancer(_) | Properties::ClassicLoadBalancer(_) => Block {
                    code: "NO_LISTENER_PATH",
                    evidence: None,
                    component: Some(id.to_string()),
                    reason: format!("no listener on {} {} is reachable from the internet", proto.name(), port_text(q.port)),
                    stage: 1,
                },
                Properties::LambdaFunction(_) => Block {
                    code: "NO_INBOUND_PATH",
                    evidence: None,
                    component: None,
                    reason: "a Lambda function accepts no inbound network connections; it is invoked through AWS APIs".into(),
                    stage: 1,
                },
                _ => return Err(ReachError::NoInterface(id.to_string())),
            });
        }
        let mut answer = self.blocked_answer(best, Vec::new());
        answer.hops.insert(
            0,
            Hop {
                step: "internet".into(),
                component: None,
                rule: None,
            },
        );
        Ok(answer)
    }

    fn blocked_answer(&self, b: Option<Block<'a>>, hops: Vec<Hop>) -> ReachAnswer {
        let (blocked_by, code, reason, assumptions) = match b {
            Some(b) => (
                Some(
                    b.evidence
                        .map(|e| self.rule_id(e))
                        .or(b.component.clone())
                        .unwrap_or_else(|| b.code.to_string()),
                ),
                Some(b.code.to_string()),
                Some(b.reason),
                b.evidence
                    .and_then(Evidence::assumption)
                    .map(|a| vec![a.text()])
                    .unwrap_or_default(),
            ),
            None => (
                Some("UNKNOWN".into()),
                Some("NO_PATH".into()),
                Some("no path found".into()),
                Vec::new(),
            ),
        };
        ReachAnswer {
            reachable: false,
            hops,
            blocked_by,
            code,
            reason,
            ports: Vec::new(),
            assumptions,
        }
    }

    fn passed_answer(
        &self,
        passed: &Passed<'a>,
        proto: Protocol,
        mut hops: Vec<Hop>,
        tail: Vec<Hop>,
    ) -> ReachAnswer {
        let port = passed.ports.first();
        let mut assumptions = Vec::new();
        for s in &passed.stages {
            hops.push(self.stage_hop(s, port, &mut assumptions));
        }
        hops.extend(tail);
        assumptions.sort();
        assumptions.dedup();
        ReachAnswer {
            reachable: true,
            hops,
            blocked_by: None,
            code: None,
            reason: None,
            ports: port_list(proto, &passed.ports),
            assumptions,
        }
    }

    fn stage_hop(&self, s: &Stage<'a>, port: Option<u16>, assumptions: &mut Vec<String>) -> Hop {
        // Parts of one stage split the port set, except routes, whose parts (the route, then a
        // peering or transit gateway hop, or an assumption) all carry every port.
        // Reply stages carry the client's ephemeral ports, not the destination port: they fall
        // back to their first part.
        let mut chosen: Vec<&(PortSet, Evidence<'a>)> = match port {
            Some(p) => s
                .parts
                .iter()
                .filter(|(ports, _)| ports.contains(p))
                .collect(),
            None => Vec::new(),
        };
        if chosen.is_empty() {
            chosen.extend(s.parts.first());
        }
        let rules: Vec<String> = chosen
            .iter()
            .map(|(_, e)| {
                if let Some(a) = e.assumption() {
                    assumptions.push(a.text());
                }
                self.rule_id(*e)
            })
            .collect();
        Hop {
            step: s.label.to_string(),
            component: s.component.clone(),
            rule: (!rules.is_empty()).then(|| rules.join(" ")),
        }
    }

    /// The private ends of a resource: its interfaces, or its load balancer nodes.
    fn ends(&self, id: &ResourceId) -> Result<(Vec<End<'_, 'a>>, Vec<SgSlot<'a>>), ReachError> {
        self.check_known(id)?;
        let mut out = Vec::new();
        for &i in self.interfaces_of.get(id).map_or(&[][..], Vec::as_slice) {
            let Some(iface) = self.interfaces.get(i as usize) else {
                continue;
            };
            if iface.role == Role::ServiceManaged && iface.owner != id {
                continue;
            }
            let Some(addr) = self.interface_addr(iface) else {
                continue;
            };
            out.push(End {
                flow: self.iface_end(iface, addr),
                role: iface.role,
                listener_ports: None,
            });
        }
        let mut lb_sgs = Vec::new();
        if out.is_empty()
            && let Some(lb) = self.load_balancers.iter().find(|l| &l.res.id == id)
        {
            lb_sgs = self.sg_slots(&lb.props.security_group_ids);
            let mut listener_ports = PortSet::empty();
            for (_, l) in &lb.listeners {
                if let Some(p) = l.port {
                    listener_ports.insert(p, p);
                }
            }
            for s in &lb.props.subnet_ids {
                out.push(End {
                    flow: FlowEnd {
                        account: &lb.res.account,
                        region: lb.res.region.as_deref().unwrap_or(""),
                        subnet: self.subnet_by_id.get(s.as_str()).copied(),
                        subnet_id: s,
                        vpc_id: lb.props.vpc_id.as_deref().unwrap_or(""),
                        sgs: &[],
                        sg_filtered: !lb.props.security_group_ids.is_empty(),
                        addr: self
                            .subnet_node_addr(s)
                            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
                    },
                    role: Role::ServiceManaged,
                    listener_ports: Some(listener_ports.clone()),
                });
            }
        }
        if out.is_empty() {
            return Err(ReachError::NoInterface(id.to_string()));
        }
        Ok((out, lb_sgs))
    }

    fn iface_end<'m>(&self, iface: &'m Interface<'a>, addr: IpAddr) -> FlowEnd<'m, 'a> {
        FlowEnd {
            account: iface.account,
            region: iface.region,
            subnet: iface.subnet,
            subnet_id: iface.subnet_id,
            vpc_id: iface.vpc_id,
            sgs: &iface.sgs,
            sg_filtered: true,
            addr,
        }
    }

    /// An interface's private address, or (for interfaces derived without one, such as a Lambda
    /// function's) a representative address of its subnet.
    fn interface_addr(&self, iface: &Interface<'a>) -> Option<IpAddr> {
        iface
            .private_v4
            .first()
            .map(|a| IpAddr::V4(*a))
            .or_else(|| self.subnet_node_addr(iface.subnet_id))
    }

    /// The fifth address of a subnet (the first four are reserved by AWS).
    fn subnet_node_addr(&self, subnet_id: &str) -> Option<IpAddr> {
        let s = self.subnet(*self.subnet_by_id.get(subnet_id)?)?;
        let c = s.props.cidr_block?;
        Some(IpAddr::V4(Ipv4Addr::from(
            u32::from(c.network()).saturating_add(4),
        )))
    }

    fn reach_private(
        &self,
        from: &ResourceId,
        to: &ResourceId,
        proto: Protocol,
        ports: &PortSet,
    ) -> Result<ReachAnswer, ReachError> {
        let (srcs, src_lb_sgs) = self.ends(from)?;
        let (dsts, dst_lb_sgs) = self.ends(to)?;
        let mut best: Option<Block<'a>> = None;
        for s in &srcs {
            for d in &dsts {
                let mut src = s.flow;
                if src.sgs.is_empty() && src.sg_filtered {
                    src.sgs = &src_lb_sgs;
                }
                let mut dst = d.flow;
                if dst.sgs.is_empty() && dst.sg_filtered {
                    dst.sgs = &dst_lb_sgs;
                }
                let mut want = ports.clone();
                if let Some(l) = &d.listener_ports {
                    want = want.intersection(l);
                }
                let b = match d.role {
                    Role::Lambda => Some(Block {
                        code: "NO_INBOUND_PATH",
                        evidence: None,
                        component: None,
                        reason: "a Lambda function's VPC interfaces accept no inbound connections"
                            .into(),
                        stage: 9,
                    }),
                    Role::Database { port: Some(p) } => {
                        want = want.intersection(&PortSet::single(p));
                        None
                    }
                    _ => None,
                };
                if let Some(b) = b {
                    keep(&mut best, b);
                    continue;
                }
                if want.is_empty() {
                    keep(
                        &mut best,
                        Block {
                            code: "NOT_LISTENING",
                            evidence: None,
                            component: Some(to.to_string()),
                            reason: format!("{to} does not listen on the queried port"),
                            stage: 0,
                        },
                    );
                    continue;
                }
                match self.flow(&src, &dst, proto, &want) {
                    Ok(p) => {
                        let head = vec![Hop {
                            step: "source".into(),
                            component: Some(from.to_string()),
                            rule: None,
                        }];
                        let tail = vec![Hop {
                            step: "destination".into(),
                            component: Some(to.to_string()),
                            rule: None,
                        }];
                        return Ok(self.passed_answer(&p, proto, head, tail));
                    }
                    Err(b) => keep(&mut best, b),
                }
            }
        }
        Ok(self.blocked_answer(best, Vec::new()))
    }

    fn reach_internet(
        &self,
        from: &ResourceId,
        proto: Protocol,
        ports: &PortSet,
    ) -> Result<ReachAnswer, ReachError> {
        self.check_known(from)?;
        if let Some(r) = self.inventory.get(from)
            && r.kind == ResourceKind::LambdaFunction
            && let Properties::LambdaFunction(p) = &r.props
            && p.vpc_config.is_none()
        {
            return Ok(ReachAnswer {
                reachable: true,
                hops: vec![Hop {
                    step: "Lambda service network (function not in a VPC)".into(),
                    component: Some(from.to_string()),
                    rule: None,
                }],
                blocked_by: None,
                code: None,
                reason: None,
                ports: port_list(proto, ports),
                assumptions: Vec::new(),
            });
        }
        let ifaces = self.interfaces_of.get(from).cloned().unwrap_or_default();
        if ifaces.is_empty() {
            return Err(ReachError::NoInterface(from.to_string()));
        }
        let mut best: Option<Block<'a>> = None;
        for i in ifaces {
            let Some(iface) = self.interfaces.get(i as usize) else {
                continue;
            };
            let Some(addr) = self.interface_addr(iface) else {
                continue;
            };
            let end = self.iface_end(iface, addr);
            match self.egress(iface, &end, proto, ports) {
                Ok(p) => {
                    let head = vec![Hop {
                        step: "source".into(),
                        component: Some(from.to_string()),
                        rule: None,
                    }];
                    let tail = vec![Hop {
                        step: "internet".into(),
                        component: None,
                        rule: None,
                    }];
                    return Ok(self.passed_answer(&p, proto, head, tail));
                }
                Err(b) => keep(&mut best, b),
            }
        }
        Ok(self.blocked_answer(best, Vec::new()))
    }

    /// Can an interface open a connection to some internet host?
    fn egress(
        &self,
        iface: &Interface<'a>,
        end: &FlowEnd<'_, 'a>,
        proto: Protocol,
        ports: &PortSet,
    ) -> Result<Passed<'a>, Block<'a>> {
        let (rtb, nacl) = self.subnet_tables(end.account, end.region, end.subnet, end.subnet_id);
        let mut nets = Vec::new();
        if let Ok(r) = rtb {
            self.route_nets(r, &mut nets);
        }
        if let Ok(n) = nacl {
            self.nacl_nets(n, &mut nets);
        }
        self.sg_nets(end.sgs, true, &mut nets);
        let mut best: Option<Block<'a>> = None;
        let families: &[bool] = if iface.v6.is_empty() {
            &[false]
        } else {
            &[false, true]
        };
        for &v6 in families {
            if (v6 && proto == Protocol::Icmp) || (!v6 && proto == Protocol::Icmpv6) {
                continue;
            }
            for host in internet_pieces(&nets, v6) {
                match self.egress_to(iface, end, rtb, nacl, host, proto, ports) {
                    Ok(p) => return Ok(p),
                    Err(b) => keep(&mut best, b),
                }
            }
        }
        Err(best.unwrap_or(Block {
            code: "NO_PATH",
            evidence: None,
            component: None,
            reason: "no internet host is reachable".into(),
            stage: 0,
        }))
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "one host of an egress analysis with its context"
    )]
    fn egress_to(
        &self,
        iface: &Interface<'a>,
        end: &FlowEnd<'_, 'a>,
        rtb: Result<u32, Assumption<'a>>,
        nacl: Result<u32, Assumption<'a>>,
        host: IpAddr,
        proto: Protocol,
        ports: &PortSet,
    ) -> Result<Passed<'a>, Block<'a>> {
        let mut stages = Vec::new();
        let peer = Peer {
            addr: host,
            groups: &[],
            groups_visible: false,
        };
        let parts = self.sg_evaluate(end.sgs, true, proto, &peer, ports);
        let mut left = admitted(&parts);
        if left.is_empty() {
            return Err(Block {
                code: "SG_EGRESS_DENIED",
                evidence: None,
                component: Some(self.sg_names(end.sgs)),
                reason: format!("no outbound rule admits {} to {host}", proto.name()),
                stage: 1,
            });
        }
        stages.push(Stage {
            label: "security group egress",
            component: Some(self.sg_names(end.sgs)),
            parts,
        });
        // The route, and what it means for a host without a public address.
        let (route_stage, nat_note) = self.egress_route(iface, end, rtb, host)?;
        stages.push(route_stage);
        match nacl {
            Err(a) => stages.push(Stage {
                label: "network ACL egress",
                component: None,
                parts: vec![(left.clone(), Evidence::Assumed(a))],
            }),
            Ok(n) => {
                let d = self.nacl_evaluate(n, true, proto, host, &left);
                let allowed: Vec<_> = d
                    .iter()
                    .filter(|x| x.allow)
                    .map(|x| (x.ports.clone(), x.evidence))
                    .collect();
                if allowed.is_empty() {
                    return Err(Block {
                        code: "NACL_EGRESS_DENIED",
                        evidence: d.iter().find(|x| !x.allow).map(|x| x.evidence),
                        component: self.nacl(n).map(|a| a.res.id.to_string()),
                        reason: format!("the network ACL denies {} to {host}", proto.name()),
                        stage: 3,
                    });
                }
                left = left.intersection(&admitted(&allowed));
                stages.push(Stage {
                    label: "network ACL egress",
                    component: self.nacl(n).map(|a| a.res.id.to_string()),
                    parts: allowed,
                });
                let r = self.nacl_evaluate(n, false, proto, host, &proto.return_ports());
                let Some(ok) = r.iter().find(|x| x.allow) else {
                    return Err(Block {
                        code: "NACL_RETURN_DENIED",
                        evidence: r.iter().find(|x| !x.allow).map(|x| x.evidence),
                        component: self.nacl(n).map(|a| a.res.id.to_string()),
                        reason: format!(
                            "the network ACL lets no reply in from {host} on ephemeral ports 1024-65535"
                        ),
                        stage: 4,
                    });
                };
                stages.push(Stage {
                    label: "network ACL ingress (reply)",
                    component: self.nacl(n).map(|a| a.res.id.to_string()),
                    parts: vec![(ok.ports.clone(), ok.evidence)],
                });
            }
        }
        if let Some(s) = nat_note {
            stages.push(s);
        }
        Ok(Passed {
            ports: left,
            stages,
        })
    }

    /// The route from an interface to an internet host.
    fn egress_route(
        &self,
        iface: &Interface<'a>,
        end: &FlowEnd<'_, 'a>,
        rtb: Result<u32, Assumption<'a>>,
        host: IpAddr,
    ) -> Result<(Stage<'a>, Option<Stage<'a>>), Block<'a>> {
        let r = match rtb {
            Err(a) => {
                return Ok((
                    Stage {
                        label: "route",
                        component: None,
                        parts: vec![(PortSet::full(), Evidence::Assumed(a))],
                    },
                    None,
                ));
            }
            Ok(r) => r,
        };
        let component = self.route_table(r).map(|t| t.res.id.to_string());
        let block = |code: &'static str, evidence: Option<Evidence<'a>>, reason: String| Block {
            code,
            evidence,
            component: component.clone(),
            reason,
            stage: 2,
        };
        let Some((ev, route)) = self.route_lookup(r, host) else {
            return Err(block(
                "CANNOT_ROUTE",
                None,
                format!("no route matches {host}"),
            ));
        };
        if !route.active {
            return Err(block(
                "BLACKHOLE_ROUTE",
                Some(ev),
                format!("the route for {host} is a blackhole (its target was deleted)"),
            ));
        }
        let stage = Stage {
            label: "route",
            component: component.clone(),
            parts: vec![(PortSet::full(), ev)],
        };
        let v6 = host.is_ipv6();
        match &route.target {
            RouteTarget::InternetGateway(_) => {
                if !v6 && !iface.public_v4 {
                    return Err(block(
                        "NO_PUBLIC_ADDRESS",
                        Some(ev),
                        format!(
                            "the route for {host} goes to an internet gateway but the interface has no public IPv4 address: packets are dropped"
                        ),
                    ));
                }
                match self.internet_route(end.account, end.region, rtb, end.vpc_id, host, true) {
                    InternetRoute::Blocked(b) => Err(b),
                    InternetRoute::Gateway { assumption, .. } => Ok((
                        Stage {
                            parts: stage
                                .parts
                                .iter()
                                .cloned()
                                .chain(assumption.map(|a| (PortSet::full(), Evidence::Assumed(a))))
                                .collect(),
                            ..stage
                        },
                        None,
                    )),
                }
            }
            RouteTarget::EgressOnlyInternetGateway(_) if v6 => Ok((stage, None)),
            RouteTarget::NatGateway(nat) if !v6 => {
                let Some((nat_res, p)) = self.nat_gateways.get(nat.as_str()) else {
                    return Err(block(
                        "NAT_GATEWAY_NOT_FOUND",
                        Some(ev),
                        format!("{nat} is not in the inventory"),
                    ));
                };
                if !p.state.is_empty() && !p.state.eq_ignore_ascii_case("available") {
                    return Err(block(
                        "BAD_STATE_NAT_GATEWAY",
                        Some(ev),
                        format!("{nat} is {}", p.state),
                    ));
                }
                if p.connectivity_type.eq_ignore_ascii_case("private") {
                    return Err(block(
                        "PRIVATE_NAT_GATEWAY",
                        Some(ev),
                        format!("{nat} is a private NAT gateway"),
                    ));
                }
                let acct = nat_res.account.as_str();
                let region = nat_res.region.as_deref().unwrap_or("");
                let subnet = self.subnet_by_id.get(p.subnet_id.as_str()).copied();
                let (nat_rtb, _) = self.subnet_tables(acct, region, subnet, &p.subnet_id);
                match self.internet_route(acct, region, nat_rtb, &p.vpc_id, host, false) {
                    InternetRoute::Blocked(mut b) => {
                        b.reason = format!("{nat}'s subnet {}: {}", p.subnet_id, b.reason);
                        Err(b)
                    }
                    InternetRoute::Gateway {
                        evidence,
                        assumption,
                        ..
                    } => Ok((
                        stage,
                        Some(Stage {
                            label: "NAT gateway",
                            component: Some(nat_res.id.to_string()),
                            parts: [(PortSet::full(), evidence)]
                                .into_iter()
                                .chain(assumption.map(|a| (PortSet::full(), Evidence::Assumed(a))))
                                .collect(),
                        }),
                    )),
                }
            }
            other => Err(block(
                "CANNOT_ROUTE",
                Some(ev),
                format!(
                    "the route for {host} goes to {}, which does not lead to the internet from here",
                    target_name(other)
                ),
            )),
        }
    }
}

fn keep<'a>(slot: &mut Option<Block<'a>>, b: Block<'a>) {
    if slot.as_ref().is_none_or(|old| b.stage > old.stage) {
        *slot = Some(b);
    }
}

fn port_text(p: Option<u16>) -> String {
    p.map_or_else(|| "any port".into(), |p| p.to_string())
}

/// A readable step name from a component id.
fn step_name(id: &str) -> String {
    let kind = id
        .rsplit_once(':')
        .map_or(id, |(_, r)| r)
        .split('/')
        .next()
        .unwrap_or("");
    match kind {
        "internet-gateway" => "internet gateway",
        "route-table" => "route",
        "network-acl" => "network ACL",
        "security-group" => "security group",
        "network-interface" => "network interface",
        "loadbalancer" => "load balancer",
        "listener" => "listener",
        "targetgroup" => "target group",
        _ => "component",
    }
    .into()
}
