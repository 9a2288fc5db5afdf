//! From an architecture to a diagram model: which resources are drawn, in which container, and
//! which edges connect them.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use nephos_model::props::RouteTarget;
use nephos_model::{Properties, Resource, ResourceId, ResourceKind};

use super::labels::{self, Category};
use super::{Container, ContainerKind, Diagram, DiagramEdge, INTERNET, Node, drawn_edge};
use crate::arch::Architecture;
use crate::edge::EdgeKind;
use crate::graph::{Graph, NodeIx};

/// Kinds never drawn as boxes (containers, or plumbing a reader does not draw).
fn hidden(kind: ResourceKind) -> bool {
    use ResourceKind as K;
    matches!(
        kind,
        K::Account
            | K::Region
            | K::Vpc
            | K::Subnet
            | K::NetworkInterface
            | K::SecurityGroup
            | K::NetworkAcl
            | K::RouteTable
            | K::InstanceProfile
            | K::IamPolicy
            | K::FlowLog
            | K::EventSourceMapping
            | K::TransitGatewayAttachment
            | K::TransitGatewayRouteTable
            | K::Listener
            | K::TargetGroup
            | K::PrefixList
            | K::Volume
            | K::Snapshot
            | K::Image
            | K::EcsTaskDefinition
    )
}

/// Hidden kinds an edge is followed through to what they lead to.
fn pass_through(kind: ResourceKind) -> bool {
    use ResourceKind as K;
    matches!(
        kind,
        K::NetworkInterface
            | K::InstanceProfile
            | K::Listener
            | K::TargetGroup
            | K::EcsTaskDefinition
    )
}

fn follows(kind: EdgeKind) -> bool {
    matches!(
        kind,
        EdgeKind::ForwardsTo
            | EdgeKind::UsesRole
            | EdgeKind::UsesExecutionRole
            | EdgeKind::Contains
            | EdgeKind::AttachedTo
    )
}

pub(super) fn build(g: &Graph, arch: &Architecture) -> Diagram {
    let shared: HashSet<&ResourceId> = arch.shared.iter().collect();
    let all: Vec<NodeIx> = arch
        .members
        .iter()
        .chain(arch.shared.iter())
        .filter_map(|id| g.find(id))
        .collect();
    let in_arch: HashSet<NodeIx> = all.iter().copied().collect();
    let drawn: BTreeSet<NodeIx> = all
        .iter()
        .copied()
        .filter(|&n| g.kind(n).is_none_or(|k| !hidden(k)))
        .collect();

    let mut containers: BTreeMap<String, Container> = BTreeMap::new();
    let mut nodes = Vec::new();
    let mut edges: BTreeSet<DiagramEdge> = BTreeSet::new();

    // Seed VPCs and the subnets of the architecture are drawn even when empty: they are the
    // network a reader expects to see.
    for seed in &arch.seeds {
        if let Some(n) = g.find(seed)
            && g.kind(n) == Some(ResourceKind::Vpc)
        {
            vpc_container(g, n, &mut containers);
        }
    }
    for &n in &all {
        if g.kind(n) == Some(ResourceKind::Subnet) && !shared.contains(g.id(n)) {
            subnet_container(g, n, &mut containers);
        }
    }

    for &n in &drawn {
        let id = g.id(n).clone();
        let is_shared = shared.contains(&id);
        let (kind, category, name, container, entry) = match g.resource(n) {
            Some(r) => {
                let container = if is_shared {
                    special(&mut containers, ContainerKind::Shared)
                } else {
                    place(g, n, r, &mut containers)
                };
                (
                    labels::kind_label(r.kind).to_owned(),
                    labels::category(r.kind),
                    r.name.clone(),
                    Some(container),
                    entry_point(r),
                )
            }
            None => {
                let (label, category) = labels::placeholder_label(&id);
                (
                    label.to_owned(),
                    category,
                    id.short().to_owned(),
                    Some(special(&mut containers, ContainerKind::External)),
                    label == "API Gateway",
                )
            }
        };
        if entry {
            edges.insert(DiagramEdge {
                from: INTERNET.to_owned(),
                to: id.as_str().to_owned(),
                kind: "internet".to_owned(),
            });
        }
        nodes.push(Node {
            id,
            kind,
            name,
            category,
            container,
            entry_point: entry,
            shared: is_shared,
        });
    }

    for &n in &drawn {
        for e in g.outgoing(n) {
            // A service / task runs a (hidden) task definition: draw what it leads to (its roles)
            // with the kind of the last step.
            let through_definition = e.kind == EdgeKind::InstanceOf
                && g.kind(e.to) == Some(ResourceKind::EcsTaskDefinition);
            if !drawn_edge(e.kind) && !through_definition {
                continue;
            }
            for (target, last) in lead_to(g, e.to, e.kind, &drawn, &in_arch) {
                let kind = if through_definition { last } else { e.kind };
                if target != n && drawn_edge(kind) {
                    edges.insert(DiagramEdge {
                        from: g.id(n).as_str().to_owned(),
                        to: g.id(target).as_str().to_owned(),
                        kind: kind.as_str().to_owned(),
                    });
                }
            }
        }
    }

    if edges.iter().any(|e| e.from == INTERNET) {
        nodes.push(Node {
            id: ResourceId::new(INTERNET),
            kind: "Internet".to_owned(),
            name: "internet".to_owned(),
            category: Category::Entry,
            container: None,
            entry_point: false,
            shared: false,
        });
    }
    nodes.sort_by(|a, b| a.id.cmp(&b.id));

    // Parents before children, siblings by id.
    let depth = |c: &Container| {
        let mut d = 0;
        let mut cur = c.parent.as_deref();
        while let Some(p) = cur {
            d += 1;
            cur = containers.get(p).and_then(|c| c.parent.as_deref());
        }
        d
    };
    let mut list: Vec<Container> = containers.values().cloned().collect();
    list.sort_by(|a, b| (depth(a), &a.id).cmp(&(depth(b), &b.id)));

    Diagram {
        architecture: arch.id.clone(),
        name: arch.name.clone(),
        owner: arch.owner.clone(),
        containers: list,
        nodes,
        edges: edges.into_iter().collect(),
    }
}

/// The drawn nodes an edge (of kind `first`) into `start` leads to, following hidden
/// pass-through resources, each with the kind of the last step taken.
fn lead_to(
    g: &Graph,
    start: NodeIx,
    first: EdgeKind,
    drawn: &BTreeSet<NodeIx>,
    in_arch: &HashSet<NodeIx>,
) -> Vec<(NodeIx, EdgeKind)> {
    let mut out = Vec::new();
    let mut stack = vec![(start, first, 0u8)];
    let mut seen = HashSet::new();
    while let Some((n, last, depth)) = stack.pop() {
        if !seen.insert(n) {
            continue;
        }
        if drawn.contains(&n) {
            out.push((n, last));
            continue;
        }
        if depth >= 4 || !in_arch.contains(&n) || !g.kind(n).is_some_and(pass_through) {
            continue;
        }
        for e in g.outgoing(n) {
            if follows(e.kind) {
                stack.push((e.to, e.kind, depth + 1));
            }
        }
    }
    out.sort();
    out
}

fn special(containers: &mut BTreeMap<String, Container>, kind: ContainerKind) -> String {
    let (id, label) = match kind {
        ContainerKind::Shared => ("shared", "Shared with other architectures"),
        _ => ("external", "Outside the collected estate"),
    };
    containers
        .entry(id.to_owned())
        .or_insert_with(|| Container {
            id: id.to_owned(),
            kind,
            label: label.to_owned(),
            parent: None,
            public: false,
        });
    id.to_owned()
}

fn account_container(
    containers: &mut BTreeMap<String, Container>,
    g: &Graph,
    account: &str,
) -> String {
    let id = format!("account:{account}");
    if !containers.contains_key(&id) {
        let name = g
            .find(&ResourceId::account(account))
            .and_then(|n| g.resource(n))
            .map(|r| r.name.clone())
            .filter(|n| n != account);
        let label = match name {
            Some(n) => format!("Account {account} · {n}"),
            None => format!("Account {account}"),
        };
        containers.insert(
            id.clone(),
            Container {
                id: id.clone(),
                kind: ContainerKind::Account,
                label,
                parent: None,
                public: false,
            },
        );
    }
    id
}

fn region_container(
    containers: &mut BTreeMap<String, Container>,
    g: &Graph,
    account: &str,
    region: &str,
) -> String {
    let parent = account_container(containers, g, account);
    let id = format!("region:{account}:{region}");
    containers.entry(id.clone()).or_insert_with(|| Container {
        id: id.clone(),
        kind: ContainerKind::Region,
        label: format!("Region {region}"),
        parent: Some(parent),
        public: false,
    });
    id
}

fn home(containers: &mut BTreeMap<String, Container>, g: &Graph, r: &Resource) -> String {
    match &r.region {
        Some(region) => region_container(containers, g, &r.account, region),
        None => account_container(containers, g, &r.account),
    }
}

fn vpc_container(g: &Graph, vpc: NodeIx, containers: &mut BTreeMap<String, Container>) -> String {
    let id = g.id(vpc).as_str().to_owned();
    if containers.contains_key(&id) {
        return id;
    }
    let Some(r) = g.resource(vpc) else {
        return special(containers, ContainerKind::External);
    };
    let parent = home(containers, g, r);
    let cidr = match &r.props {
        Properties::Vpc(p) => p
            .cidr_blocks
            .first()
            .map(|c| format!(" {c}"))
            .unwrap_or_default(),
        _ => String::new(),
    };
    let short = g.id(vpc).short();
    let label = if r.name == short {
        format!("VPC {short}{cidr}")
    } else {
        format!("VPC {} ({short}){cidr}", r.name)
    };
    containers.insert(
        id.clone(),
        Container {
            id: id.clone(),
            kind: ContainerKind::Vpc,
            label,
            parent: Some(parent),
            public: false,
        },
    );
    id
}

fn subnet_container(
    g: &Graph,
    subnet: NodeIx,
    containers: &mut BTreeMap<String, Container>,
) -> Option<String> {
    let id = g.id(subnet).as_str().to_owned();
    if containers.contains_key(&id) {
        return Some(id);
    }
    let r = g.resource(subnet)?;
    let vpc = parent_of_kind(g, subnet, ResourceKind::Vpc)?;
    let vpc_id = vpc_container(g, vpc, containers);
    let (az, cidr) = match &r.props {
        Properties::Subnet(p) => (
            p.availability_zone.clone(),
            p.cidr_block.map(|c| format!(" {c}")).unwrap_or_default(),
        ),
        _ => (String::new(), String::new()),
    };
    let parent = if az.is_empty() {
        vpc_id
    } else {
        let az_id = format!("az:{vpc_id}:{az}");
        containers
            .entry(az_id.clone())
            .or_insert_with(|| Container {
                id: az_id.clone(),
                kind: ContainerKind::AvailabilityZone,
                label: format!("AZ {az}"),
                parent: Some(vpc_id.clone()),
                public: false,
            });
        az_id
    };
    let public = is_public(g, subnet);
    let short = g.id(subnet).short();
    let name = if r.name == short {
        short.to_owned()
    } else {
        format!("{} ({short})", r.name)
    };
    containers.insert(
        id.clone(),
        Container {
            id: id.clone(),
            kind: ContainerKind::Subnet,
            label: format!(
                "{} · {name}{cidr}",
                if public { "Public" } else { "Private" }
            ),
            parent: Some(parent),
            public,
        },
    );
    Some(id)
}

/// A subnet is public when a route table it uses has an active route to an internet gateway.
fn is_public(g: &Graph, subnet: NodeIx) -> bool {
    g.outgoing(subnet)
        .filter(|e| e.kind == EdgeKind::RoutesVia)
        .filter_map(|e| g.resource(e.to))
        .any(|rt| match &rt.props {
            Properties::RouteTable(p) => p
                .routes
                .iter()
                .any(|r| r.active && matches!(r.target, RouteTarget::InternetGateway(_))),
            _ => false,
        })
}

/// The container of `kind` holding `n` by containment or attachment.
fn parent_of_kind(g: &Graph, n: NodeIx, kind: ResourceKind) -> Option<NodeIx> {
    g.incoming(n)
        .filter(|e| e.kind == EdgeKind::Contains)
        .map(|e| e.from)
        .chain(
            g.outgoing(n)
                .filter(|e| e.kind == EdgeKind::AttachedTo)
                .map(|e| e.to),
        )
        .filter(|&p| g.kind(p) == Some(kind))
        .min_by(|a, b| g.id(*a).cmp(g.id(*b)))
}

/// Subnets holding `n`, directly or through its interfaces.
fn subnets_of(g: &Graph, n: NodeIx) -> BTreeSet<NodeIx> {
    let mut out = BTreeSet::new();
    let neighbours = g
        .incoming(n)
        .filter(|e| e.kind == EdgeKind::Contains)
        .map(|e| e.from)
        .chain(
            g.outgoing(n)
                .filter(|e| e.kind == EdgeKind::AttachedTo)
                .map(|e| e.to),
        );
    for p in neighbours {
        match g.kind(p) {
            Some(ResourceKind::Subnet) => {
                out.insert(p);
            }
            Some(ResourceKind::NetworkInterface) => {
                if let Some(s) = parent_of_kind(g, p, ResourceKind::Subnet) {
                    out.insert(s);
                }
            }
            _ => {}
        }
    }
    out
}

fn place(
    g: &Graph,
    n: NodeIx,
    r: &Resource,
    containers: &mut BTreeMap<String, Container>,
) -> String {
    let subnets = subnets_of(g, n);
    if subnets.len() == 1
        && let Some(s) = subnets.first()
        && let Some(id) = subnet_container(g, *s, containers)
    {
        return id;
    }
    let vpc = subnets
        .iter()
        .find_map(|&s| parent_of_kind(g, s, ResourceKind::Vpc))
        .or_else(|| parent_of_kind(g, n, ResourceKind::Vpc));
    if let Some(vpc) = vpc {
        return vpc_container(g, vpc, containers);
    }
    home(containers, g, r)
}

/// Reachable from the internet by configuration alone (the exact answer is the network engine's).
fn entry_point(r: &Resource) -> bool {
    match &r.props {
        Properties::LoadBalancer(lb) => lb.internet_facing(),
        Properties::ClassicLoadBalancer(lb) => lb.scheme.eq_ignore_ascii_case("internet-facing"),
        Properties::Instance(i) => i.public_ip.is_some(),
        Properties::DbInstance(db) => db.publicly_accessible,
        _ => r.kind == ResourceKind::InternetGateway,
    }
}
