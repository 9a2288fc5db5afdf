//! Attack paths: chains of network and IAM edges from an entry point to a crown jewel.
//!
//! **Entry points**: the internet (every exposure the `net` engine reports; a load-balancer target
//! enters through its load balancer), another account (a `may_assume` edge from an account root
//! outside the estate, or from `*`), and a compromised user (an IAM user with an open credential
//! finding: console without MFA, stale or root access keys).
//!
//! **Hops** (graph edges, each with the edge's evidence): compute → instance profile → role
//! (`uses_role`; credential theft through the instance metadata service is likelier with IMDSv1),
//! function / task → role, principal → role (`may_assume`), role → data store (`may_read`,
//! `may_write`).
//!
//! Two more kinds of hop come from the other engines: **lateral movement** (`net`'s
//! [`nephos_net::LateralGroup`]s: an internet-exposed resource opens a connection to a database,
//! instance or ECS task its security groups, network ACLs and routes let it reach, evidence = the
//! rules) and **privilege escalation** (the IAM engine's shortest escalation path from a principal
//! on the path to full access, evidence = the primitive and the statements that allow it; see
//! [`crate::privilege`]).
//!
//! **Crown jewels**: a data store tagged `data-classification` (or `classification`,
//! `sensitivity`) other than `public`/`internal`, or whose name has a `customer`, `pii`,
//! `payment`, `secret` or `confidential` token; a role or user with administrator access as the
//! IAM engine decides it (every policy, group, boundary and SCP considered); and administrator
//! access gained by escalation from a principal the path reaches.
//!
//! **Ranking**: `score = 100 × likelihood × impact`, likelihood the product of the step
//! likelihoods (documented per hop in [`hop_likelihood`]), impact 1.0 for sensitive data, 0.9 for
//! administrator access, times 0.85 when the target's `env` tag names a non-production
//! environment. One path is kept per (entry, first step, target): the instances of one fleet
//! behind one load balancer are one way in. Search is a bounded best-first relaxation ([`MAX_DEPTH`] IAM hops) from
//! each distinct start node, cached per node: linear in the edges it visits, never all pairs.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use nephos_checks::Finding;
use nephos_graph::{EdgeKind, Graph, NodeIx};
use nephos_model::props::Properties;
use nephos_model::{Inventory, Resource, ResourceId, ResourceKind};
use nephos_net::{ExposureReport, LateralGroup};
use serde::Serialize;

use crate::privilege::Privilege;

/// Most IAM hops followed after the entry.
pub const MAX_DEPTH: usize = 6;

/// Most paths reported (best first).
pub const MAX_PATHS: usize = 500;

/// The likelihood of a lateral network hop (a held resource opens a connection to a database,
/// instance or task in reach): the attacker still needs the target's credentials or a flaw in
/// the service it listens with.
pub const LATERAL_LIKELIHOOD: f64 = 0.5;

/// Most lateral targets `net` is asked for per class of exposed resources (same subnet, security
/// groups and addressing).
pub const MAX_LATERAL_TARGETS: usize = 32;

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathStep {
    /// Resource id.
    pub resource: String,
    /// Its kind.
    pub kind: String,
    /// How the attacker gets here from the previous step, with the evidence.
    pub via: String,
    /// The likelihood of this step.
    pub likelihood: f64,
}

/// One attack path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttackPath {
    /// `internet`, `account:<id>`, `anyone` or `user:<arn>`.
    pub entry: String,
    /// Resource ids in order, entry side first (the entry itself is not a resource).
    pub steps: Vec<String>,
    /// `100 × likelihood × impact`.
    pub score: f64,
    /// Product of the step likelihoods.
    pub likelihood: f64,
    /// 1.0 sensitive data, 0.9 administrator access.
    pub impact: f64,
    /// The crown jewel (last step).
    pub target: String,
    /// What the attacker gains: `read`, `write` or `administrator access`.
    pub action: String,
    /// One line per step: how the attacker gets there.
    pub evidence: Vec<String>,
    /// The steps in detail.
    pub detail: Vec<PathStep>,
}

/// Why a resource is a crown jewel, if it is one: `(impact, reason)`.
pub fn crown_jewel(
    r: &Resource,
    admin_roles: &BTreeSet<usize>,
    position: usize,
) -> Option<(f64, String)> {
    if r.kind.is_data_store() && r.kind != ResourceKind::KmsKey {
        if let Some(c) = sensitive_tag(r) {
            return Some((1.0, format!("data store tagged {c}")));
        }
        let lower = r.name.to_ascii_lowercase();
        for token in lower.split(['-', '_', '.', '/']) {
            if [
                "customer",
                "customers",
                "pii",
                "payment",
                "payments",
                "secret",
                "confidential",
            ]
            .contains(&token)
                && r.kind != ResourceKind::Queue
                && r.kind != ResourceKind::Topic
            {
                return Some((1.0, format!("data store named `{}` ({token})", r.name)));
            }
        }
    }
    if admin_roles.contains(&position) {
        match r.kind {
            ResourceKind::IamRole => {
                return Some((0.9, "role with administrator access".to_owned()));
            }
            ResourceKind::IamUser => {
                return Some((0.9, "user with administrator access".to_owned()));
            }
            _ => {}
        }
    }
    None
}

/// The data-classification tag of a resource when it marks sensitive data:
/// `data-classification=confidential`.
pub fn sensitive_tag(r: &Resource) -> Option<String> {
    for (k, v) in &r.tags {
        let key = k.to_ascii_lowercase();
        if matches!(
            key.as_str(),
            "data-classification" | "dataclassification" | "classification" | "sensitivity"
        ) {
            let val = v.to_ascii_lowercase();
            if !matches!(val.as_str(), "public" | "internal" | "none" | "") {
                return Some(format!("{k}={v}"));
            }
        }
    }
    None
}

/// The likelihood of one hop, by edge kind and the resource left:
/// - internet → load balancer 0.9; load balancer → target 0.6 (needs an application flaw);
///   internet → directly exposed resource 0.7;
/// - instance → instance profile: 0.9 with IMDSv1 (SSRF suffices), 0.5 with IMDSv2 only (needs
///   code execution); function / task / service → role 0.5; profile → role 1.0;
/// - principal → role it may assume 0.9; role → data store it may read 1.0, write 0.8;
/// - lateral movement (not a graph edge): [`LATERAL_LIKELIHOOD`]; escalation steps:
///   [`crate::privilege::step_likelihood`].
pub fn hop_likelihood(graph: &Graph, from: NodeIx, kind: EdgeKind) -> Option<f64> {
    match kind {
        EdgeKind::UsesRole | EdgeKind::UsesExecutionRole => {
            let r = graph.resource(from);
            match r.map(|r| &r.props) {
                Some(Properties::Instance(p)) => Some(if p.metadata_options.allows_imdsv1() {
                    0.9
                } else {
                    0.5
                }),
                _ => match graph.kind(from) {
                    Some(ResourceKind::InstanceProfile) => Some(1.0),
                    Some(k) if k.is_compute() => Some(0.5),
                    Some(ResourceKind::EcsTaskDefinition) => Some(0.5),
                    _ => None,
                },
            }
        }
        EdgeKind::MayAssume => Some(0.9),
        EdgeKind::MayRead => Some(1.0),
        EdgeKind::MayWrite => Some(0.8),
        EdgeKind::InstanceOf => match graph.kind(from) {
            // A service or task runs its task definition (whose role it holds).
            Some(ResourceKind::EcsTask | ResourceKind::EcsService) => Some(1.0),
            _ => None,
        },
        _ => None,
    }
}

fn describe_hop(graph: &Graph, kind: EdgeKind, from: NodeIx, to: NodeIx, evidence: &str) -> String {
    let what = match kind {
        EdgeKind::UsesRole | EdgeKind::UsesExecutionRole => match graph.resource(from) {
            Some(Resource {
                props: Properties::Instance(p),
                ..
            }) if p.metadata_options.allows_imdsv1() => {
                "instance metadata (IMDSv1 allowed) returns the credentials of".to_owned()
            }
            Some(Resource {
                props: Properties::Instance(_),
                ..
            }) => "instance metadata (IMDSv2) returns the credentials of".to_owned(),
            _ => "runs with".to_owned(),
        },
        EdgeKind::MayAssume => "may assume".to_owned(),
        EdgeKind::MayRead => "may read".to_owned(),
        EdgeKind::MayWrite => "may write".to_owned(),
        EdgeKind::InstanceOf => "runs".to_owned(),
        other => other.as_str().to_owned(),
    };
    format!(
        "{} {what} {} ({evidence})",
        graph.id(from).short(),
        graph.id(to).short()
    )
}

/// The account a node belongs to: its resource's, else its id's account field (placeholders).
fn account_of(graph: &Graph, node: NodeIx) -> Option<&str> {
    match graph.resource(node) {
        Some(r) => Some(r.account.as_str()),
        None => graph
            .id(node)
            .arn_parts()
            .map(|p| p.account)
            .filter(|a| !a.is_empty()),
    }
}

/// The best way found to a node: `(likelihood, predecessor, evidence, step likelihood, edge kind,
/// depth)`.
type Label = (f64, Option<NodeIx>, String, f64, EdgeKind, usize);

/// A best chain from a start node to a jewel.
#[derive(Debug, Clone)]
struct Chain {
    /// The jewel, or the principal that escalates.
    jewel: NodeIx,
    /// Product of the step likelihoods (escalation steps not included).
    likelihood: f64,
    /// `(node, how, step likelihood, edge kind)`.
    steps: Vec<(NodeIx, String, f64, EdgeKind)>,
    /// The inventory position of the escalating principal (`jewel`) when the chain ends in a
    /// privilege escalation.
    escalation: Option<usize>,
}

/// Hops that are not graph edges: lateral network moves (a held node → its group's targets,
/// `(node, ports, rules)`), and the principals (with their positions) that can escalate to
/// administrator access.
#[derive(Default)]
struct ExtraHops {
    lateral_of: HashMap<NodeIx, usize>,
    lateral: Vec<Vec<(NodeIx, String)>>,
    escalates: HashMap<NodeIx, usize>,
}

/// Bounded best-first relaxation from `start` over the hop edges; one best chain per reachable
/// crown jewel, and one per reached principal that can escalate to administrator access.
fn chains_from(
    graph: &Graph,
    start: NodeIx,
    jewels: &HashMap<NodeIx, (f64, String)>,
    extra: &ExtraHops,
) -> Vec<Chain> {
    // best[node] = (likelihood, predecessor, evidence, step likelihood, edge kind, depth)
    let mut best: HashMap<NodeIx, Label> = HashMap::new();
    best.insert(start, (1.0, None, String::new(), 1.0, EdgeKind::Other, 0));
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        let Some(&(p, _, _, _, _, depth)) = best.get(&node) else {
            continue;
        };
        if depth >= MAX_DEPTH {
            continue;
        }
        // Data stores end a chain. A principal jewel holds administrator access over its account:
        // going on inside that account gains nothing (the attacker already has it all), so from it
        // only hops into other accounts are followed.
        if node != start && graph.kind(node).is_some_and(ResourceKind::is_data_store) {
            continue;
        }
        let admin_account = (node != start && jewels.contains_key(&node))
            .then(|| account_of(graph, node))
            .flatten();
        for e in graph.outgoing(node) {
            if admin_account.is_some() && account_of(graph, e.to) == admin_account {
                continue;
            }
            let Some(step) = hop_likelihood(graph, node, e.kind) else {
                continue;
            };
            let q = p * step;
            let better = best.get(&e.to).is_none_or(|b| q > b.0 + 1e-12);
            if better {
                let text = describe_hop(graph, e.kind, node, e.to, &e.evidence);
                best.insert(e.to, (q, Some(node), text, step, e.kind, depth + 1));
                queue.push_back(e.to);
            }
        }
        let group = extra
            .lateral_of
            .get(&node)
            .and_then(|&g| extra.lateral.get(g));
        for (to, text) in group.into_iter().flatten() {
            let q = p * LATERAL_LIKELIHOOD;
            if *to != node && best.get(to).is_none_or(|b| q > b.0 + 1e-12) {
                best.insert(
                    *to,
                    (
                        q,
                        Some(node),
                        format!("{} {text}", graph.id(node).short()),
                        LATERAL_LIKELIHOOD,
                        EdgeKind::Other,
                        depth + 1,
                    ),
                );
                queue.push_back(*to);
            }
        }
    }
    let mut out = Vec::new();
    let mut found: Vec<(NodeIx, Option<usize>)> = best
        .keys()
        .copied()
        .filter(|n| *n != start && jewels.contains_key(n))
        .map(|n| (n, None))
        .collect();
    // Principals reached (the start too: a compromised user) that can escalate.
    found.extend(
        best.keys()
            .filter_map(|n| extra.escalates.get(n).map(|&pos| (*n, Some(pos)))),
    );
    found.sort();
    for (jewel, escalation) in found {
        let mut chain = Vec::new();
        let mut cur = jewel;
        let mut guard = 0;
        while let Some((_, Some(prev), text, step, kind, _)) = best.get(&cur) {
            chain.push((cur, text.clone(), *step, *kind));
            cur = *prev;
            guard += 1;
            if guard > MAX_DEPTH + 1 {
                break;
            }
        }
        chain.reverse();
        let likelihood = best.get(&jewel).map_or(0.0, |b| b.0);
        out.push(Chain {
            jewel,
            likelihood,
            steps: chain,
            escalation,
        });
    }
    out
}

/// 1.0 for production data (an `env` tag of `prod`/`production`, or none), 0.85 for data in
/// other environments.
fn env_factor(r: Option<&Resource>) -> f64 {
    let env = r.and_then(|r| {
        ["env", "environment", "Environment", "Env"]
            .iter()
            .find_map(|k| r.tag(k))
    });
    match env.map(str::to_ascii_lowercase).as_deref() {
        None | Some("prod" | "production") => 1.0,
        Some(_) => 0.85,
    }
}

/// One way in: the entry label, the steps before the IAM search and their likelihood.
struct Entry {
    entry: String,
    prefix: Vec<PathStep>,
    likelihood: f64,
    start: NodeIx,
}

fn step_of(graph: &Graph, node: NodeIx, via: String, likelihood: f64) -> PathStep {
    PathStep {
        resource: graph.id(node).to_string(),
        kind: graph.kind(node).map_or("", ResourceKind::as_str).to_owned(),
        via,
        likelihood,
    }
}

/// Port ranges as text: `22`, `8000-8080`, comma-separated.
pub fn port_text(p: &[[u16; 2]]) -> String {
    p.iter()
        .map(|[a, b]| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn entries(
    resources: &[&Resource],
    graph: &Graph,
    exposures: &ExposureReport,
    findings: &[Finding],
) -> Vec<Entry> {
    let mut out: BTreeMap<(String, NodeIx), Entry> = BTreeMap::new();
    for e in &exposures.exposures {
        let Some(node) = graph.find(&ResourceId::new(e.resource.as_str())) else {
            continue;
        };
        let rules = e.rules.join("; ");
        let (prefix, likelihood) = match e.through.as_deref() {
            Some(through) => {
                let (lb, port) = through.rsplit_once(':').unwrap_or((through, ""));
                let Some(lb_node) = graph.find(&ResourceId::new(lb)) else {
                    continue;
                };
                (
                    vec![
                        step_of(
                            graph,
                            lb_node,
                            format!("internet reaches the load balancer's listener on {port}"),
                            0.9,
                        ),
                        step_of(
                            graph,
                            node,
                            format!(
                                "load balancer forwards {} {} to the target ({rules})",
                                e.protocol,
                                port_text(&e.ports)
                            ),
                            0.6,
                        ),
                    ],
                    0.54,
                )
            }
            None => (
                vec![step_of(
                    graph,
                    node,
                    format!(
                        "internet reaches {} {} ({rules})",
                        e.protocol,
                        port_text(&e.ports)
                    ),
                    0.7,
                )],
                0.7,
            ),
        };
        let key = ("internet".to_owned(), node);
        let keep = out.get(&key).is_none_or(|old| likelihood > old.likelihood);
        if keep {
            out.insert(
                key,
                Entry {
                    entry: "internet".to_owned(),
                    prefix,
                    likelihood,
                    start: node,
                },
            );
        }
    }
    let accounts: BTreeSet<&str> = resources.iter().map(|r| r.account.as_str()).collect();
    for node in graph.nodes() {
        let id = graph.id(node).as_str();
        let external = if id == "*" {
            Some("anyone".to_owned())
        } else if let Some(acct) = id
            .strip_prefix("arn:aws:iam::")
            .and_then(|r| r.strip_suffix(":root"))
        {
            (!accounts.contains(acct)).then(|| format!("account:{acct}"))
        } else {
            None
        };
        if let Some(entry) = external
            && graph.outgoing(node).any(|e| e.kind == EdgeKind::MayAssume)
        {
            out.insert(
                (entry.clone(), node),
                Entry {
                    entry,
                    prefix: Vec::new(),
                    likelihood: 0.6,
                    start: node,
                },
            );
        }
    }
    const CREDENTIAL_CHECKS: [&str; 4] = [
        "iam_user_mfa_enabled_console_access",
        "iam_user_console_without_mfa",
        "iam_user_accesskey_unused",
        "iam_access_key_stale",
    ];
    for f in findings {
        if !f.is_open_failure() || f.kind != ResourceKind::IamUser {
            continue;
        }
        let id = f.check.id;
        let credential = CREDENTIAL_CHECKS.contains(&id)
            || id.contains("mfa")
            || id.contains("access_key")
            || id.contains("accesskey");
        if !credential {
            continue;
        }
        if let Some(node) = graph.find(&f.resource) {
            let entry = format!("user:{}", f.resource);
            out.entry((entry.clone(), node)).or_insert(Entry {
                entry,
                prefix: vec![step_of(
                    graph,
                    node,
                    format!("credentials of the user are weak ({id})"),
                    0.3,
                )],
                likelihood: 0.3,
                start: node,
            });
        }
    }
    out.into_values().collect()
}

/// Every attack path, best first (at most [`MAX_PATHS`]): [`attack_paths_in`] with the IAM
/// engine's administrators and escalations, without lateral network moves.
pub fn attack_paths(
    inventory: &Inventory,
    graph: &Graph,
    exposures: &ExposureReport,
    findings: &[Finding],
) -> Vec<AttackPath> {
    let resources: Vec<&Resource> = inventory.resources().iter().collect();
    let privilege = crate::privilege::privilege(&resources, graph);
    attack_paths_in(&resources, graph, exposures, findings, &privilege, &[])
}

/// Every attack path, best first (at most [`MAX_PATHS`]), over the graph's edges plus `net`'s
/// lateral moves and the IAM engine's escalations. `privilege` is filed by position in
/// `resources`.
pub fn attack_paths_in(
    resources: &[&Resource],
    graph: &Graph,
    exposures: &ExposureReport,
    findings: &[Finding],
    privilege: &Privilege,
    lateral: &[LateralGroup],
) -> Vec<AttackPath> {
    let admins = &privilege.admins;
    let positions: HashMap<&ResourceId, usize> = resources
        .iter()
        .enumerate()
        .map(|(i, r)| (&r.id, i))
        .collect();
    let mut jewels: HashMap<NodeIx, (f64, String)> = HashMap::new();
    for node in graph.nodes() {
        let Some(r) = graph.resource(node) else {
            continue;
        };
        let Some(&pos) = positions.get(&r.id) else {
            continue;
        };
        if let Some(j) = crown_jewel(r, admins, pos) {
            jewels.insert(node, j);
        }
    }
    let mut extra = ExtraHops::default();
    for &pos in privilege.escalations.keys() {
        if let Some(node) = resources.get(pos).and_then(|r| graph.find(&r.id)) {
            extra.escalates.insert(node, pos);
        }
    }
    for g in lateral {
        let targets: Vec<(NodeIx, String)> = g
            .targets
            .iter()
            .filter_map(|t| {
                let to = graph.find(&ResourceId::new(t.to.as_str()))?;
                Some((
                    to,
                    format!(
                        "opens {} {} to {} on the network ({})",
                        t.protocol,
                        port_text(&t.ports),
                        graph.id(to).short(),
                        t.rules.join("; ")
                    ),
                ))
            })
            .collect();
        let index = extra.lateral.len();
        extra.lateral.push(targets);
        for from in &g.from {
            if let Some(node) = graph.find(&ResourceId::new(from.as_str())) {
                extra.lateral_of.insert(node, index);
            }
        }
    }
    let mut cache: HashMap<NodeIx, Vec<Chain>> = HashMap::new();
    let mut paths = Vec::new();
    for entry in entries(resources, graph, exposures, findings) {
        let chains = cache
            .entry(entry.start)
            .or_insert_with(|| chains_from(graph, entry.start, &jewels, &extra));
        // The entry resource itself may be the jewel (a public database).
        let mut all: Vec<Chain> = chains.clone();
        if jewels.contains_key(&entry.start) {
            all.push(Chain {
                jewel: entry.start,
                likelihood: 1.0,
                steps: Vec::new(),
                escalation: None,
            });
        }
        for chain in all {
            let jewel = chain.jewel;
            let escalation = chain
                .escalation
                .and_then(|pos| privilege.escalations.get(&pos));
            let (impact, why) = match (escalation, jewels.get(&jewel)) {
                (Some(_), _) => (
                    0.9,
                    "administrator access by privilege escalation".to_owned(),
                ),
                (None, Some((impact, why))) => (*impact, why.clone()),
                (None, None) => continue,
            };
            let mut detail = entry.prefix.clone();
            let mut action = "read".to_owned();
            for (node, text, step, kind) in &chain.steps {
                detail.push(step_of(graph, *node, text.clone(), *step));
                action = match kind {
                    EdgeKind::MayWrite => "write".to_owned(),
                    _ => "read".to_owned(),
                };
            }
            let mut p = chain.likelihood;
            let mut target = graph.id(jewel).to_string();
            if let Some(steps) = escalation {
                for s in steps {
                    let kind = graph
                        .find(&ResourceId::new(s.resource.as_str()))
                        .and_then(|n| graph.kind(n))
                        .map_or("", ResourceKind::as_str);
                    detail.push(PathStep {
                        resource: s.resource.clone(),
                        kind: kind.to_owned(),
                        via: s.text.clone(),
                        likelihood: s.likelihood,
                    });
                    p *= s.likelihood;
                    target.clone_from(&s.resource);
                }
            }
            if escalation.is_some()
                || matches!(
                    graph.kind(jewel),
                    Some(ResourceKind::IamRole | ResourceKind::IamUser)
                )
            {
                action = "administrator access".to_owned();
            }
            if detail.is_empty() {
                continue;
            }
            if let Some(last) = detail.last_mut() {
                last.via = format!("{} — crown jewel: {why}", last.via);
            }
            let likelihood = entry.likelihood * p;
            let impact = impact * env_factor(graph.resource(jewel));
            paths.push(AttackPath {
                entry: entry.entry.clone(),
                steps: detail.iter().map(|s| s.resource.clone()).collect(),
                score: 100.0 * likelihood * impact,
                likelihood,
                impact,
                target,
                action,
                evidence: detail.iter().map(|s| s.via.clone()).collect(),
                detail,
            });
        }
    }
    paths.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.steps.len().cmp(&b.steps.len()))
            .then_with(|| a.entry.cmp(&b.entry))
            .then_with(|| a.steps.cmp(&b.steps))
    });
    // One path per (entry, first step, target): the fleet behind one load balancer is one way in.
    let mut seen = BTreeSet::new();
    paths.retain(|p| seen.insert((p.entry.clone(), p.steps.first().cloned(), p.target.clone())));
    paths.truncate(MAX_PATHS);
    paths
}

#[cfg(test)]
mod tests {
    use nephos_model::props::IamRoleProps;
    use nephos_model::{Resource, ResourceId};

    use super::*;

    fn role(account: &str, name: &str, trust: &str, attached: &[&str]) -> Resource {
        let mut r = Resource::new(
            ResourceId::new(format!("arn:aws:iam::{account}:role/{name}")),
            ResourceKind::IamRole,
            account,
            None,
            name,
        );
        r.props = Properties::IamRole(Box::new(IamRoleProps {
            trust_policy: trust.to_owned(),
            attached_policy_arns: attached.iter().map(|s| (*s).to_owned()).collect(),
            ..IamRoleProps::default()
        }));
        r
    }

    fn trust(principal: &str) -> String {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{principal}"}},"Action":"sts:AssumeRole"}}]}}"#
        )
    }

    #[test]
    fn outside_account_reaches_admin_through_assume_role_chain() {
        let mut inv = Inventory::new("test");
        // 999999999999 is outside the estate; it may assume `vendor`, which may assume `admin`.
        inv.insert(role(
            "111111111111",
            "vendor",
            &trust("arn:aws:iam::999999999999:root"),
            &[],
        ));
        inv.insert(role(
            "111111111111",
            "admin",
            &trust("arn:aws:iam::111111111111:role/vendor"),
            &["arn:aws:iam::aws:policy/AdministratorAccess"],
        ));
        inv.insert(role(
            "111111111111",
            "isolated-admin",
            &trust("arn:aws:iam::111111111111:root"),
            &["arn:aws:iam::aws:policy/AdministratorAccess"],
        ));
        let graph = Graph::build(&inv);
        let paths = attack_paths(&inv, &graph, &ExposureReport::default(), &[]);
        let outside: Vec<&AttackPath> = paths
            .iter()
            .filter(|p| p.entry == "account:999999999999")
            .collect();
        assert_eq!(outside.len(), 1, "{paths:#?}");
        let p = outside[0];
        assert_eq!(
            p.steps,
            [
                "arn:aws:iam::111111111111:role/vendor",
                "arn:aws:iam::111111111111:role/admin"
            ]
        );
        assert_eq!(p.action, "administrator access");
        assert!((p.likelihood - 0.6 * 0.9 * 0.9).abs() < 1e-9);
        // The account's own root is inside the estate: no entry from it.
        assert!(paths.iter().all(|p| p.entry != "account:111111111111"));
    }

    fn exposed_web_and_orders_db() -> (Inventory, ExposureReport) {
        let mut inv = Inventory::new("test");
        let web = Resource::new(
            ResourceId::new("arn:aws:ec2:us-east-1:111111111111:instance/i-web"),
            ResourceKind::Instance,
            "111111111111",
            Some("us-east-1".into()),
            "web",
        );
        let mut db = Resource::new(
            ResourceId::new("arn:aws:rds:us-east-1:111111111111:db:orders"),
            ResourceKind::DbInstance,
            "111111111111",
            Some("us-east-1".into()),
            "orders",
        );
        db.tags
            .insert("data-classification".into(), "confidential".into());
        let exposures = ExposureReport {
            exposures: vec![nephos_net::Exposure {
                resource: web.id.to_string(),
                kind: web.kind.as_str().to_owned(),
                protocol: "tcp".into(),
                ports: vec![[443, 443]],
                via: vec!["sg-web".into()],
                rules: vec!["sg-web#ingress/0".into()],
                assumptions: Vec::new(),
                through: None,
            }],
        };
        inv.insert(web);
        inv.insert(db);
        (inv, exposures)
    }

    #[test]
    fn lateral_move_from_an_exposed_instance_reaches_a_sensitive_database() {
        let (inv, exposures) = exposed_web_and_orders_db();
        let graph = Graph::build(&inv);
        let resources: Vec<&Resource> = inv.resources().iter().collect();
        let privilege = crate::privilege::privilege(&resources, &graph);
        let web = "arn:aws:ec2:us-east-1:111111111111:instance/i-web";
        let db = "arn:aws:rds:us-east-1:111111111111:db:orders";
        let lateral = [LateralGroup {
            from: vec![web.into()],
            targets: vec![nephos_net::LateralTarget {
                to: db.into(),
                to_kind: ResourceKind::DbInstance,
                protocol: "tcp".into(),
                ports: vec![[5432, 5432]],
                rules: vec!["sg-db#ingress/0".into()],
                assumptions: Vec::new(),
            }],
        }];
        let paths = attack_paths_in(&resources, &graph, &exposures, &[], &privilege, &lateral);
        assert_eq!(paths.len(), 1, "{paths:#?}");
        let p = &paths[0];
        assert_eq!(p.entry, "internet");
        assert_eq!(p.steps, [web, db]);
        assert_eq!(p.target, db);
        assert!(p.evidence[1].contains("sg-db#ingress/0"), "{p:#?}");
        assert!(p.evidence[1].contains("5432"), "{p:#?}");
        assert!((p.likelihood - 0.7 * LATERAL_LIKELIHOOD).abs() < 1e-9);

        // Without the move (net found no rule admitting the instance), no path.
        let paths = attack_paths_in(&resources, &graph, &exposures, &[], &privilege, &[]);
        assert!(paths.is_empty(), "{paths:#?}");
    }

    #[test]
    fn lateral_moves_chain_through_an_internal_instance() {
        let (mut inv, exposures) = exposed_web_and_orders_db();
        let app = "arn:aws:ec2:us-east-1:111111111111:instance/i-app";
        inv.insert(Resource::new(
            ResourceId::new(app),
            ResourceKind::Instance,
            "111111111111",
            Some("us-east-1".into()),
            "app",
        ));
        let graph = Graph::build(&inv);
        let resources: Vec<&Resource> = inv.resources().iter().collect();
        let privilege = crate::privilege::privilege(&resources, &graph);
        let web = "arn:aws:ec2:us-east-1:111111111111:instance/i-web";
        let db = "arn:aws:rds:us-east-1:111111111111:db:orders";
        let target = |to: &str, kind: ResourceKind, port: u16| nephos_net::LateralTarget {
            to: to.into(),
            to_kind: kind,
            protocol: "tcp".into(),
            ports: vec![[port, port]],
            rules: vec![format!("sg-{port}#ingress/0")],
            assumptions: Vec::new(),
        };
        // Only the app server reaches the database; the web server reaches the app server.
        let lateral = [
            LateralGroup {
                from: vec![web.into()],
                targets: vec![target(app, ResourceKind::Instance, 8080)],
            },
            LateralGroup {
                from: vec![app.into()],
                targets: vec![target(db, ResourceKind::DbInstance, 5432)],
            },
        ];
        let paths = attack_paths_in(&resources, &graph, &exposures, &[], &privilege, &lateral);
        assert_eq!(paths.len(), 1, "{paths:#?}");
        assert_eq!(paths[0].steps, [web, app, db]);
        assert!(paths[0].evidence[1].contains("sg-8080#ingress/0"));
        assert!(paths[0].evidence[2].contains("sg-5432#ingress/0"));
        let want = 0.7 * LATERAL_LIKELIHOOD * LATERAL_LIKELIHOOD;
        assert!((paths[0].likelihood - want).abs() < 1e-9);
    }
}
