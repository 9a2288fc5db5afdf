//! Internet exposure of every interface-bearing resource, with the path and the rules.
//!
//! Reported resources: instances, ECS tasks (their awsvpc interfaces), stand-alone ENIs, RDS
//! instances (on their endpoint port; `PubliclyAccessible` gives a public address, which still
//! needs an internet gateway route), internet-facing load balancers (ELBv2 and classic, on their
//! listener ports) and the targets behind them ("*e*:Q via LB:P"). Lambda functions are never
//! reported: AWS gives them no inbound network path (exposure through API Gateway or function URLs
//! is an IAM question). Gateway Load Balancers are not reported.
//!
//! The JSON shape (`ExposureReport`) is the public contract of `nephos exposure --format json`:
//! `{"exposures": [{"resource", "kind", "protocol", "ports": [[from, to]], "via": [ids],
//! "rules": [rule ids], "assumptions": [..], "through": "<lb arn>:<port>"}]}`. For ICMP, `ports`
//! lists ICMP **types**. `protocol` is `tcp`, `udp`, `icmp`, `icmpv6` or `all` (every protocol and
//! port through the same rules).

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr};

use nephos_model::{Resource, ResourceId};
use serde::Serialize;

use crate::evidence::Assumption;
use crate::flow::{FlowEnd, Passed};
use crate::internet::{DirectPath, Ingress, Landing};
use crate::model::{FastMap, Interface, NetworkModel, Role, SgSlot};
use crate::traffic::{PortSet, Protocol, icmp_types};

/// One way the internet reaches a resource.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Exposure {
    /// The exposed resource's id.
    pub resource: String,
    /// Its kind (`AWS::EC2::Instance`, …).
    pub kind: String,
    /// `tcp`, `udp`, `icmp`, `icmpv6` or `all`.
    pub protocol: String,
    /// Inclusive port ranges (ICMP types for ICMP).
    pub ports: Vec<[u16; 2]>,
    /// Components on the path, internet side first.
    pub via: Vec<String>,
    /// The rule that allowed each hop.
    pub rules: Vec<String>,
    /// Missing data the answer assumed permissively.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<String>,
    /// For targets: the load balancer and listener port that forward to it (`<lb arn>:<port>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub through: Option<String>,
}

/// Every exposure of an estate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ExposureReport {
    /// Sorted by resource, protocol and ports.
    pub exposures: Vec<Exposure>,
}

/// Renders a port set for output.
pub fn port_list(proto: Protocol, ports: &PortSet) -> Vec<[u16; 2]> {
    if proto.is_icmp() {
        icmp_types(ports)
            .ranges()
            .iter()
            .map(|&(a, b)| [u16::from(a), u16::from(b)])
            .collect()
    } else {
        ports.ranges().iter().map(|&(a, b)| [a, b]).collect()
    }
}

/// (VPC, route table, ACL, security groups, filtered, public IPv4, IPv6): what decides a direct
/// internet answer.
type LandingKey<'a> = (
    &'a str,
    Result<u32, Assumption<'a>>,
    Result<u32, Assumption<'a>>,
    Vec<SgSlot<'a>>,
    bool,
    bool,
    bool,
);

/// Direct internet answers shared by landings with the same [`LandingKey`].
#[derive(Default)]
struct LandingCache<'a> {
    index: FastMap<LandingKey<'a>, usize>,
    answers: Vec<Ingress<'a>>,
}

/// A load balancer as exposure sees it (ELBv2 or classic).
struct Balancer<'a> {
    res: &'a Resource,
    subnets: &'a [String],
    vpc_id: &'a str,
    sgs: Vec<SgSlot<'a>>,
    v6: bool,
    listeners: Vec<Front<'a>>,
    listeners_known: bool,
}

/// A listener and where it forwards.
struct Front<'a> {
    res: Option<&'a Resource>,
    port: u16,
    protos: Vec<Protocol>,
    /// (target group, interface, target port)
    targets: Vec<(Option<&'a Resource>, u32, u16)>,
    assumptions: Vec<Assumption<'a>>,
}

fn listener_protocols(p: &str) -> Vec<Protocol> {
    match p.to_ascii_uppercase().as_str() {
        "UDP" => vec![Protocol::Udp],
        "TCP_UDP" => vec![Protocol::Tcp, Protocol::Udp],
        "GENEVE" => Vec::new(),
        _ => vec![Protocol::Tcp],
    }
}

impl<'a> NetworkModel<'a> {
    /// The landing of an interface's class.
    fn landing<'m>(&self, i: &'m Interface<'a>) -> Landing<'m, 'a> {
        Landing {
            account: i.account,
            region: i.region,
            subnet: i.subnet,
            subnet_id: i.subnet_id,
            vpc_id: i.vpc_id,
            sgs: &i.sgs,
            sg_filtered: true,
            public_v4: i.public_v4,
            v6: !i.v6.is_empty(),
        }
    }

    /// The direct internet paths into an interface (computed once per class by [`Self::exposures`]).
    pub fn interface_ingress(
        &self,
        iface: u32,
        query: Option<(Protocol, &PortSet)>,
    ) -> Ingress<'a> {
        match self.interfaces.get(iface as usize) {
            Some(i) => self.internet_ingress(&self.landing(i), query),
            None => Ingress::default(),
        }
    }

    fn render_path(&self, p: &DirectPath<'a>, via: &mut Vec<String>, rules: &mut Vec<String>) {
        if let Some(g) = p.gateway {
            via.push(
                self.igws
                    .get(g)
                    .map_or_else(|| g.to_string(), |(r, _)| r.id.to_string()),
            );
        }
        for e in [p.route, p.nacl_in, p.sg] {
            if let Some(c) = self.component_id(e)
                && !via.contains(&c)
            {
                via.push(c);
            }
        }
        for e in [p.route, p.nacl_in, p.nacl_out, p.sg] {
            rules.push(self.rule_id(e));
        }
    }

    fn direct_exposures(
        &self,
        iface: &Interface<'a>,
        ingress: &Ingress<'a>,
        out: &mut Vec<Exposure>,
    ) {
        let only_port = match iface.role {
            Role::Compute => None,
            Role::Database { port } => Some(port),
            Role::Lambda | Role::ServiceManaged => return,
        };
        for p in &ingress.paths {
            let ports = match only_port {
                None => p.ports.clone(),
                Some(_) if p.proto != Protocol::Tcp => continue,
                Some(None) => p.ports.clone(),
                Some(Some(port)) => p.ports.intersection(&PortSet::single(port)),
            };
            if ports.is_empty() {
                continue;
            }
            let mut via = Vec::new();
            let mut rules = Vec::new();
            self.render_path(p, &mut via, &mut rules);
            if let Some(eni) = iface.eni
                && eni != iface.owner
            {
                via.push(eni.to_string());
            }
            out.push(Exposure {
                resource: iface.owner.to_string(),
                kind: iface.owner_kind.as_str().to_string(),
                protocol: p.proto.name(),
                ports: port_list(p.proto, &ports),
                via,
                rules,
                assumptions: p.assumptions().iter().map(Assumption::text).collect(),
                through: None,
            });
        }
    }

    /// The direct internet answer for a landing, computed once per (VPC, route table, ACL,
    /// security groups, addressing): subnets sharing their tables share the answer.
    fn cached_ingress(&self, cache: &mut LandingCache<'a>, l: &Landing<'_, 'a>) -> usize {
        let (rtb, nacl) = self.subnet_tables(l.account, l.region, l.subnet, l.subnet_id);
        let key = (
            l.vpc_id,
            rtb,
            nacl,
            l.sgs.to_vec(),
            l.sg_filtered,
            l.public_v4,
            l.v6,
        );
        *cache.index.entry(key).or_insert_with(|| {
            cache.answers.push(self.internet_ingress(l, None));
            cache.answers.len() - 1
        })
    }

    /// Every internet exposure of the estate.
    pub fn exposures(&self) -> ExposureReport {
        let mut cache = LandingCache::default();
        let mut by_class: FastMap<u32, usize> = FastMap::default();
        let mut out = Vec::new();
        for iface in &self.interfaces {
            if matches!(iface.role, Role::Lambda | Role::ServiceManaged) {
                continue;
            }
            let slot = match by_class.get(&iface.class) {
                Some(&i) => i,
                None => {
                    let i = self.cached_ingress(&mut cache, &self.landing(iface));
                    by_class.insert(iface.class, i);
                    i
                }
            };
            if let Some(ingress) = cache.answers.get(slot) {
                self.direct_exposures(iface, ingress, &mut out);
            }
        }
        for b in self.balancers(None) {
            self.balancer_exposures(&b, &mut cache, &mut out);
        }
        ExposureReport {
            exposures: merge_all_protocols(out),
        }
    }

    /// The exposures of one resource (reach queries use this).
    pub fn exposures_of(&self, id: &ResourceId) -> Vec<Exposure> {
        let mut out = Vec::new();
        for &i in self.interfaces_of.get(id).map_or(&[][..], Vec::as_slice) {
            if let Some(iface) = self.interfaces.get(i as usize) {
                let ingress = self.internet_ingress(&self.landing(iface), None);
                self.direct_exposures(iface, &ingress, &mut out);
            }
        }
        let mut cache = LandingCache::default();
        for b in self.balancers(Some(id)) {
            let mut all = Vec::new();
            self.balancer_exposures(&b, &mut cache, &mut all);
            out.extend(all.into_iter().filter(|e| e.resource == id.as_str()));
        }
        merge_all_protocols(out)
    }

    /// The interfaces registered behind a target id of a target group in `vpc_id`.
    fn target_interfaces(&self, target_type: &str, id: &str, vpc_id: &str) -> Vec<u32> {
        match target_type {
            "ip" => id
                .parse::<Ipv4Addr>()
                .ok()
                .and_then(|ip| self.interface_by_ip.get(&(vpc_id, ip)).copied())
                .into_iter()
                .collect(),
            "instance" | "" => self
                .interfaces_of_instance
                .get(id)
                .cloned()
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// Internet-facing load balancers; with `only`, just those that are `only` or forward to it.
    fn balancers(&self, only: Option<&ResourceId>) -> Vec<Balancer<'a>> {
        // With a filter, only the load balancers that are `only` or forward to it (by instance id
        // or private address) are built.
        let (elbv2, classic): (Vec<u32>, Vec<u32>) = match only {
            None => (
                (0..self.load_balancers.len())
                    .filter_map(|i| u32::try_from(i).ok())
                    .collect(),
                (0..self.classic_load_balancers.len())
                    .filter_map(|i| u32::try_from(i).ok())
                    .collect(),
            ),
            Some(id) => {
                let mut keys: Vec<String> = vec![id.short().to_string()];
                keys.extend(
                    self.interfaces_of
                        .get(id)
                        .into_iter()
                        .flatten()
                        .filter_map(|&i| self.interfaces.get(i as usize))
                        .flat_map(|i| i.private_v4.iter().map(ToString::to_string)),
                );
                let mut e: Vec<u32> = keys
                    .iter()
                    .filter_map(|k| self.lbs_by_target.get(k.as_str()))
                    .flatten()
                    .copied()
                    .collect();
                let mut c: Vec<u32> = self
                    .classic_by_instance
                    .get(id.short())
                    .cloned()
                    .unwrap_or_default();
                if let Some(&i) = self.lb_by_id.get(id.as_str()) {
                    if self
                        .load_balancers
                        .get(i as usize)
                        .is_some_and(|l| &l.res.id == id)
                    {
                        e.push(i);
                    } else {
                        c.push(i);
                    }
                }
                e.sort_unstable();
                e.dedup();
                c.sort_unstable();
                c.dedup();
                (e, c)
            }
        };
        let mut out = Vec::new();
        for lb in elbv2
            .iter()
            .filter_map(|&i| self.load_balancers.get(i as usize))
        {
            if !lb.props.internet_facing() || lb.props.lb_type.eq_ignore_ascii_case("gateway") {
                continue;
            }
            let vpc_id = lb.props.vpc_id.as_deref().unwrap_or("");
            let mut fronts = Vec::new();
            for (lres, l) in &lb.listeners {
                let Some(port) = l.port else { continue };
                let mut targets = Vec::new();
                let mut assumptions = Vec::new();
                for a in &l.default_actions {
                    if !a.action_type.eq_ignore_ascii_case("forward") {
                        continue;
                    }
                    for tg_arn in &a.target_group_arns {
                        let Some((tres, tg)) = self.target_groups.get(tg_arn.as_str()) else {
                            continue;
                        };
                        if !tg.targets_collected {
                            assumptions.push(Assumption::TargetsNotCollected(tres.id.as_str()));
                        }
                        let tvpc = tg.vpc_id.as_deref().unwrap_or(vpc_id);
                        for t in &tg.targets {
                            let Some(q) = t.port.or(tg.port) else {
                                continue;
                            };
                            for i in self.target_interfaces(&tg.target_type, &t.id, tvpc) {
                                targets.push((Some(*tres), i, q));
                            }
                        }
                    }
                }
                fronts.push(Front {
                    res: Some(lres),
                    port,
                    protos: listener_protocols(&l.protocol),
                    targets,
                    assumptions,
                });
            }
            let listeners_known = !lb.listeners.is_empty()
                || self.collected(
                    &lb.res.account,
                    lb.res.region.as_deref().unwrap_or(""),
                    "elbv2-describe-listeners",
                );
            if !self.concerns(only, lb.res, &fronts) {
                continue;
            }
            out.push(Balancer {
                res: lb.res,
                subnets: &lb.props.subnet_ids,
                vpc_id,
                sgs: self.sg_slots(&lb.props.security_group_ids),
                v6: lb.props.ip_address_type.starts_with("dualstack"),
                listeners: fronts,
                listeners_known,
            });
        }
        for (res, p) in classic
            .iter()
            .filter_map(|&i| self.classic_load_balancers.get(i as usize))
        {
            if !p.scheme.eq_ignore_ascii_case("internet-facing") {
                continue;
            }
            let fronts: Vec<Front<'a>> = p
                .listeners
                .iter()
                .map(|l| Front {
                    res: None,
                    port: l.load_balancer_port,
                    protos: listener_protocols(&l.protocol),
                    targets: p
                        .instance_ids
                        .iter()
                        .flat_map(|i| self.target_interfaces("instance", i, ""))
                        .map(|i| (None, i, l.instance_port))
                        .collect(),
                    assumptions: Vec::new(),
                })
                .collect();
            if !self.concerns(only, res, &fronts) {
                continue;
            }
            out.push(Balancer {
                res,
                subnets: &p.subnet_ids,
                vpc_id: p.vpc_id.as_deref().unwrap_or(""),
                sgs: self.sg_slots(&p.security_group_ids),
                v6: false,
                listeners: fronts,
                listeners_known: true,
            });
        }
        out
    }

    /// True when no filter is set, or the load balancer is `only` or forwards to it.
    fn concerns(&self, only: Option<&ResourceId>, lb: &Resource, fronts: &[Front<'a>]) -> bool {
        let Some(id) = only else { return true };
        &lb.id == id
            || fronts.iter().any(|f| {
                f.targets.iter().any(|&(_, i, _)| {
                    self.interfaces
                        .get(i as usize)
                        .is_some_and(|t| t.owner == id)
                })
            })
    }

    fn balancer_exposures(
        &self,
        b: &Balancer<'a>,
        cache: &mut LandingCache<'a>,
        out: &mut Vec<Exposure>,
    ) {
        let account = b.res.account.as_str();
        let region = b.res.region.as_deref().unwrap_or("");
        let mut answers: Vec<(&'a str, usize)> = Vec::new();
        for s in b.subnets {
            let landing = Landing {
                account,
                region,
                subnet: self.subnet_by_id.get(s.as_str()).copied(),
                subnet_id: s,
                vpc_id: b.vpc_id,
                sgs: &b.sgs,
                sg_filtered: !b.sgs.is_empty(),
                public_v4: true,
                v6: b.v6,
            };
            answers.push((s.as_str(), self.cached_ingress(cache, &landing)));
        }
        let paths: Vec<(&'a str, &DirectPath<'a>)> = answers
            .iter()
            .filter_map(|&(s, i)| cache.answers.get(i).map(|a| (s, a)))
            .flat_map(|(s, a)| a.paths.iter().map(move |p| (s, p)))
            .collect();
        let kind = b.res.kind.as_str().to_string();
        if !b.listeners_known {
            for (_, p) in &paths {
                let mut via = Vec::new();
                let mut rules = Vec::new();
                self.render_path(p, &mut via, &mut rules);
                via.push(b.res.id.to_string());
                let mut assumptions: Vec<String> =
                    p.assumptions().iter().map(Assumption::text).collect();
                assumptions.push(Assumption::ListenersNotCollected(b.res.id.as_str()).text());
                out.push(Exposure {
                    resource: b.res.id.to_string(),
                    kind: kind.clone(),
                    protocol: p.proto.name(),
                    ports: port_list(p.proto, &p.ports),
                    via,
                    rules,
                    assumptions,
                    through: None,
                });
            }
            return;
        }
        for f in &b.listeners {
            for &proto in &f.protos {
                let Some((subnet_id, p)) = paths
                    .iter()
                    .find(|(_, p)| p.proto == proto && p.ports.contains(f.port))
                else {
                    continue;
                };
                let mut via = Vec::new();
                let mut rules = Vec::new();
                self.render_path(p, &mut via, &mut rules);
                via.push(b.res.id.to_string());
                if let Some(l) = f.res {
                    via.push(l.id.to_string());
                }
                let mut assumptions: Vec<String> =
                    p.assumptions().iter().map(Assumption::text).collect();
                assumptions.extend(f.assumptions.iter().map(Assumption::text));
                out.push(Exposure {
                    resource: b.res.id.to_string(),
                    kind: kind.clone(),
                    protocol: proto.name(),
                    ports: vec![[f.port, f.port]],
                    via: via.clone(),
                    rules: rules.clone(),
                    assumptions: assumptions.clone(),
                    through: None,
                });
                let mut seen = BTreeSet::new();
                for &(tg, iface, q) in &f.targets {
                    if !seen.insert((iface, q)) {
                        continue;
                    }
                    let Some(t) = self.interfaces.get(iface as usize) else {
                        continue;
                    };
                    let Some(passed) = self.balancer_hop(b, subnet_id, t, proto, q) else {
                        continue;
                    };
                    let mut tvia = via.clone();
                    if let Some(tg) = tg {
                        tvia.push(tg.id.to_string());
                    }
                    let mut trules = rules.clone();
                    let mut tassumptions = assumptions.clone();
                    for s in &passed.stages {
                        if let Some(c) = &s.component
                            && !tvia.contains(c)
                        {
                            tvia.push(c.clone());
                        }
                        if let Some((_, e)) = s
                            .parts
                            .iter()
                            .find(|(ports, _)| ports.contains(q) || !proto_has_ports(proto))
                            .or(s.parts.first())
                        {
                            trules.push(self.rule_id(*e));
                            if let Some(a) = e.assumption() {
                                tassumptions.push(a.text());
                            }
                        }
                    }
                    if let Some(eni) = t.eni
                        && eni != t.owner
                    {
                        tvia.push(eni.to_string());
                    }
                    tassumptions.sort();
                    tassumptions.dedup();
                    out.push(Exposure {
                        resource: t.owner.to_string(),
                        kind: t.owner_kind.as_str().to_string(),
                        protocol: proto.name(),
                        ports: vec![[q, q]],
                        via: tvia,
                        rules: trules,
                        assumptions: tassumptions,
                        through: Some(format!("{}:{}", b.res.id, f.port)),
                    });
                }
            }
        }
    }

    /// The hop from a load balancer node in `subnet_id` to a target interface on port `q`.
    ///
    /// The node's address is taken as the fifth address of its subnet (the first four are AWS's):
    /// nephos does not know which address each node holds, and ACL entries that split a subnet's
    /// range are not modelled for load balancer nodes. Network Load Balancer client IP
    /// preservation (targets seeing the client's address) is not modelled: the hop is checked
    /// with the node's address.
    fn balancer_hop(
        &self,
        b: &Balancer<'a>,
        subnet_id: &'a str,
        t: &Interface<'a>,
        proto: Protocol,
        q: u16,
    ) -> Option<Passed<'a>> {
        let subnet = self.subnet_by_id.get(subnet_id).copied();
        let node = subnet
            .and_then(|s| self.subnet(s))
            .and_then(|s| s.props.cidr_block)
            .map(|c| IpAddr::V4(Ipv4Addr::from(u32::from(c.network()).saturating_add(4))))?;
        let dst_addr = t.private_v4.first().map(|a| IpAddr::V4(*a))?;
        let src = FlowEnd {
            account: &b.res.account,
            region: b.res.region.as_deref().unwrap_or(""),
            subnet,
            subnet_id,
            vpc_id: b.vpc_id,
            sgs: &b.sgs,
            sg_filtered: !b.sgs.is_empty(),
            addr: node,
        };
        let dst = FlowEnd {
            account: t.account,
            region: t.region,
            subnet: t.subnet,
            subnet_id: t.subnet_id,
            vpc_id: t.vpc_id,
            sgs: &t.sgs,
            sg_filtered: true,
            addr: dst_addr,
        };
        self.flow(&src, &dst, proto, &PortSet::single(q)).ok()
    }
}

fn proto_has_ports(p: Protocol) -> bool {
    matches!(p, Protocol::Tcp | Protocol::Udp)
}

/// Replaces tcp, udp and icmp entries of one resource that pass through the same components and
/// rules on every port with one `all` entry.
fn merge_all_protocols(mut v: Vec<Exposure>) -> Vec<Exposure> {
    v.sort();
    v.dedup();
    type Same = (
        String,
        Vec<String>,
        Vec<String>,
        Vec<String>,
        Option<String>,
    );
    let full = |e: &Exposure| {
        (matches!(e.protocol.as_str(), "tcp" | "udp") && e.ports == [[0, u16::MAX]])
            || (matches!(e.protocol.as_str(), "icmp" | "icmpv6") && e.ports == [[0, 255]])
    };
    let mut groups: FastMap<Same, Vec<usize>> = FastMap::default();
    for (i, e) in v.iter().enumerate().filter(|(_, e)| full(e)) {
        groups
            .entry((
                e.resource.clone(),
                e.via.clone(),
                e.rules.clone(),
                e.assumptions.clone(),
                e.through.clone(),
            ))
            .or_default()
            .push(i);
    }
    let mut drop = vec![false; v.len()];
    let mut add = Vec::new();
    for idx in groups.values() {
        let full = |name: &str, max: u16| {
            idx.iter().find(|&&i| {
                v.get(i)
                    .is_some_and(|e| e.protocol == name && e.ports == [[0, max]])
            })
        };
        let (Some(&t), Some(&u)) = (full("tcp", u16::MAX), full("udp", u16::MAX)) else {
            continue;
        };
        let Some(&c) = full("icmp", 255).or_else(|| full("icmpv6", 255)) else {
            continue;
        };
        for i in [t, u, c] {
            if let Some(d) = drop.get_mut(i) {
                *d = true;
            }
        }
        if let Some(e) = v.get(t) {
            add.push(Exposure {
                protocol: "all".into(),
                ..e.clone()
            });
        }
    }
    let mut out: Vec<Exposure> = v
        .into_iter()
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|(e, _)| e)
        .chain(add)
        .collect();
    out.sort();
    out
}
