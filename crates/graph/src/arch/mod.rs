//! Architectures: the graph cut into the applications it supports.
//!
//! 1. **Seeds.** Every VPC, every Lambda function outside a VPC and every ECS cluster seeds an
//!    architecture ([`rules::is_seed`]).
//! 2. **Bodies.** From each seed, a walk over the graph collects what the seed holds, each resource
//!    with a [`Reach`]: strong (network and compute), member (roles, data stores, triggers) or
//!    dependency (keys, managed policies, log destinations). The per-edge rules are in [`rules`].
//! 3. **Glue.** Seeds are joined with union-find:
//!    - a resource reached *strongly* (or as an *anchor*) from several seeds joins them (a peering
//!      connection that is `active`; an interface, subnet or security group an ECS service or task
//!      attaches to; a load balancer forwarding to a function);
//!    - VPCs attached to one transit gateway whose route tables route each to the other (both ways,
//!      active routes) are joined (module `tgw`);
//!    - hubs: the peerings of a VPC with [`HUB_THRESHOLD`] or more active peerings (a network hub
//!      its spokes peer with) join nothing (the hub VPC still holds its own applications), and an
//!      ECS cluster whose services run in networks that are not otherwise one (a shared platform)
//!      joins nothing;
//!    - functions outside a VPC that run as one role (fewer than [`HUB_THRESHOLD`] of them) are
//!      joined, as one piece of compute;
//!    - then a resource reached as a *member* from 2 ≤ k < [`HUB_THRESHOLD`] of the groups formed so
//!      far joins them; reached from k ≥ [`HUB_THRESHOLD`] groups it is a **hub** and joins nothing;
//!    - a resource reached only as a *dependency* never joins anything.
//! 4. **Members and shared.** A resource reached from exactly one final architecture is a member of
//!    it; reached from several, it is listed as `shared` in each. A seed belongs to its own
//!    architecture only.
//! 5. **Identity.** The id is `arch-` + 16 hex digits of FNV-1a-64 over the sorted seed ids joined
//!    by newlines: the same estate gives the same ids, run after run. Names and owners come from
//!    tags ([`naming`]).
//!
//! Incremental: the graph tells which edges and nodes changed. Seeds whose body holds a changed
//! node (or that are one) are walked again; seeds whose walk could take a changed edge have their
//! body patched where that edge reaches (module `body`: delete and re-derive, no walk). The
//! union-find pass over the cached bodies (linear in the total body size, no walking) is redone
//! when a walked body changed at a junction (a resource two or more seeds reach: the only place
//! seeds are glued), when the transit gateway pairs changed, or when a patched junction may
//! change what it glues: the last grouping keeps each seed's phase-one group, and a junction
//! whose strong reaches are the same and whose member reaches glue the same groups (or none)
//! leaves the grouping as it is (`same_grouping`).

mod body;
pub mod naming;
pub mod rules;
pub(crate) mod tgw;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use nephos_model::{Resource, ResourceId, ResourceKind};
use serde::Serialize;

use crate::graph::{Graph, NodeIx, TouchedEdge};
use crate::hash::{FastMap, FastSet};
pub use rules::Reach;

/// A resource reached as a member from this many architectures (or more) is a hub: it is listed as
/// shared by each and glues none of them together.
pub const HUB_THRESHOLD: usize = 3;

/// One architecture, as outputs show it (the documented JSON shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Architecture {
    /// `arch-<16 hex>`, derived from the seed ids.
    pub id: String,
    /// From application / service / project tags, the CloudFormation stack, else the seed's name.
    pub name: String,
    /// From team / owner tags, else `null`.
    pub owner: Option<String>,
    /// The resources that seeded it, sorted.
    pub seeds: Vec<ResourceId>,
    /// Everything it holds (seeds included), sorted.
    pub members: Vec<ResourceId>,
    /// Hubs and dependencies it uses that other architectures use too, sorted.
    pub shared: Vec<ResourceId>,
    /// Why its seeds are one architecture: the resources that joined them, sorted (empty for a
    /// single seed).
    pub joined_by: Vec<Join>,
}

/// One resource that joined the seeds of an architecture.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Join {
    /// The resource (an active peering connection, a subnet or interface compute attaches to, a
    /// queue two applications use, a transit gateway attachment).
    pub resource: ResourceId,
    /// How it joins.
    pub how: JoinKind,
}

/// How a resource joins seeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JoinKind {
    /// Network or compute reached strongly from several seeds (peering, placement, load balancing).
    Network,
    /// A role, data store or trigger used by fewer than [`HUB_THRESHOLD`] groups.
    SharedUse,
    /// A transit gateway attachment whose route tables route both ways to another VPC.
    TransitGatewayRoutes,
}

/// What the architecture pass keeps between changes.
#[derive(Debug, Default)]
pub(crate) struct ArchState {
    /// Each seed's body.
    bodies: FastMap<NodeIx, body::Body>,
    /// Per node slot: the seeds whose body holds it, sorted by seed.
    reached_by: Vec<Vec<(NodeIx, Reach)>>,
    /// Seeds to walk again because a node of their body disappeared.
    pending: BTreeSet<NodeIx>,
    /// VPC pairs a transit gateway joins.
    tgw_pairs: Vec<(NodeIx, NodeIx, NodeIx)>,
    /// Nodes reached from two or more seeds: the only places seeds can be glued.
    junctions: FastSet<NodeIx>,
    /// Seeds sorted by resource id, `None` when the seed set changed since.
    sorted_seeds: Option<Vec<NodeIx>>,
    /// The final grouping.
    partition: Partition,
    /// While patches run: each junction's list as it was before the update (first change).
    pub(crate) journal: Option<FastMap<NodeIx, Vec<(NodeIx, Reach)>>>,
}

#[derive(Debug, Default, Clone)]
struct Partition {
    /// Architectures sorted by id: (id, seeds sorted by resource id).
    archs: Vec<(String, Vec<NodeIx>)>,
    of_seed: HashMap<NodeIx, usize>,
    /// Each seed's phase-one group (a representative index), and the seeds that join nothing
    /// (spanning clusters): what tells whether a changed junction can change the grouping
    /// (`same_grouping`).
    phase_one: FastMap<NodeIx, usize>,
    no_join: FastSet<NodeIx>,
}

impl ArchState {
    pub(crate) fn ensure_capacity(&mut self, n: usize) {
        if self.reached_by.len() < n {
            self.reached_by.resize_with(n, Vec::new);
        }
    }

    pub(crate) fn forget_node(&mut self, node: NodeIx) {
        self.junctions.remove(&node);
        if let Some(list) = self.reached_by.get_mut(node.index()) {
            for (s, _) in list.drain(..) {
                self.pending.insert(s);
            }
        }
        if self.bodies.contains_key(&node) {
            self.pending.insert(node);
        }
    }
}

/// What about a resource itself the architectures read: kind, seed status, peering state, and
/// for transit gateway plumbing the whole configuration.
pub(crate) fn node_signature(r: &Resource) -> (ResourceKind, bool, bool, Option<String>) {
    let tgw = matches!(
        r.kind,
        ResourceKind::TransitGatewayAttachment
            | ResourceKind::TransitGatewayRouteTable
            | ResourceKind::TransitGateway
    )
    .then(|| format!("{:?}", r.props));
    (r.kind, rules::is_seed(r), rules::peering_active(r), tgw)
}

fn is_seed_node(g: &Graph, n: NodeIx) -> bool {
    g.resource(n).is_some_and(rules::is_seed)
}

/// Walks every seed and groups them.
pub(crate) fn rebuild_all(g: &mut Graph) {
    let mut st = std::mem::take(&mut g.arch);
    st.bodies.clear();
    st.reached_by.clear();
    st.junctions.clear();
    st.sorted_seeds = None;
    st.pending.clear();
    st.ensure_capacity(g.node_capacity());
    let mut best = Vec::new();
    let seeds: Vec<NodeIx> = g.nodes().filter(|&n| is_seed_node(g, n)).collect();
    for s in seeds {
        let walked = body::walk(g, s, &mut best);
        body::set_body(&mut st, s, Some(walked));
    }
    st.tgw_pairs = tgw::pairs(g);
    st.partition = partition(g, &mut st);
    g.arch = st;
}

/// Brings the architectures up to date after edges in `touched` and the nodes in `nodes` changed.
pub(crate) fn update(g: &mut Graph, touched: &[TouchedEdge], nodes: &[NodeIx]) -> BodyReport {
    let mut st = std::mem::take(&mut g.arch);
    st.ensure_capacity(g.node_capacity());
    // Seeds to walk again (a resource of their body, or the seed itself, changed or disappeared).
    let mut full = std::mem::take(&mut st.pending);
    // Every seed to bring up to date, with the touched edges (by position) it may have taken.
    let mut affected: BTreeMap<NodeIx, Vec<usize>> = BTreeMap::new();
    let mut tgw_dirty = false;
    for &n in nodes {
        if let Some(list) = st.reached_by.get(n.index()) {
            full.extend(list.iter().map(|(s, _)| *s));
        }
        if st.bodies.contains_key(&n) || (g.slot(n).live && is_seed_node(g, n)) {
            full.insert(n);
        }
        // Transit gateway joins name VPCs by node: a VPC that (re)appears may complete a pair.
        tgw_dirty |= g
            .kind(n)
            .is_some_and(|k| tgw::is_tgw_kind(k) || k == nephos_model::ResourceKind::Vpc)
            || !g.slot(n).live;
    }
    for &s in &full {
        affected.insert(s, Vec::new());
    }
    for (i, t) in touched.iter().enumerate() {
        // A walk that went over an edge holds both its ends: a disappeared edge changes only the
        // bodies holding both (a node gone from the graph put its seeds in `pending` already).
        let holds = |n: NodeIx, s: NodeIx| body::reach_in(&st, n, s).is_some();
        for (end, other, forward) in [(t.from, t.to, true), (t.to, t.from, false)] {
            let Some(list) = st.reached_by.get(end.index()) else {
                continue;
            };
            let kind = if g.slot(end).live { g.kind(end) } else { None };
            // Whether a walk holding `end` at each reach takes the edge: decided once per end,
            // not once per seed (a store or key may be reached by hundreds).
            let takes = Reach::ALL.map(|r| rules::base(kind, r, t.kind, forward).is_some());
            if !takes.contains(&true) {
                continue;
            }
            let seed_here = g.slot(end).live && is_seed_node(g, end);
            for &(s, r) in list {
                if (s == end || !seed_here)
                    && takes[r.position()]
                    && (!t.removed || holds(other, s))
                {
                    let edges = affected.entry(s).or_default();
                    if edges.last() != Some(&i) {
                        edges.push(i);
                    }
                }
            }
        }
        tgw_dirty |= t.kind == crate::edge::EdgeKind::Connects;
    }
    // Seeds a changed resource concerns are walked again; the others only saw edges change, and
    // their bodies are patched where those edges reach.
    let mut best = Vec::new();
    let mut scratch = body::PatchScratch::default();
    let mut report = BodyReport::default();
    // A resource that changed or disappeared may have been a junction (its list is gone already).
    let mut regroup = !nodes.is_empty() || !full.is_empty();
    // Patched junctions: their lists before the update, to tell whether the grouping can change.
    let mut journal = st.journal.take().unwrap_or_default();
    journal.clear();
    st.journal = Some(journal);
    let mut patched_junction = false;
    for (s, edges) in affected {
        let change = if full.contains(&s) {
            let still = g.slot(s).live && is_seed_node(g, s);
            let walked = still.then(|| body::walk(g, s, &mut best));
            let change = body::set_body(&mut st, s, walked);
            regroup |= change.at_junction;
            change
        } else {
            let edges: Vec<TouchedEdge> = edges.iter().map(|&i| touched[i]).collect();
            let change = body::patch(g, &mut st, s, &edges, &mut scratch);
            patched_junction |= change.at_junction;
            change
        };
        report.recomputed += 1;
        report.changed += usize::from(change.changed);
    }
    let journal = st.journal.take().unwrap_or_default();
    if patched_junction && !regroup {
        // Both lists are sorted by seed: equal lists are the same reaches.
        regroup = journal.iter().any(|(&n, old)| {
            let new = st.reached_by.get(n.index()).map_or(&[][..], Vec::as_slice);
            old.as_slice() != new && !same_grouping(g, &st, n, old, new)
        });
    }
    st.journal = Some(journal);
    if tgw_dirty {
        let pairs = tgw::pairs(g);
        tgw_dirty = pairs != st.tgw_pairs;
        st.tgw_pairs = pairs;
    }
    // What seeds two or more seeds reach, and transit gateway pairs, are all the grouping reads:
    // when neither changed, neither did the grouping.
    if regroup || tgw_dirty {
        st.partition = partition(g, &mut st);
    }
    g.arch = st;
    report
}

/// How many bodies a change brought up to date.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct BodyReport {
    /// Bodies walked again or patched.
    pub(crate) recomputed: usize,
    /// Of those, the bodies that came out different.
    pub(crate) changed: usize,
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi] = lo;
        }
    }
}

/// VPCs with [`HUB_THRESHOLD`] or more active peering connections: network hubs (a transit or
/// shared-services VPC that spokes peer with), whose peerings join nothing.
fn peering_hubs(g: &Kinds, junctions: &Junctions) -> FastSet<NodeIx> {
    let mut peerings: FastMap<NodeIx, usize> = FastMap::default();
    for &(n, list) in junctions {
        if g.kind(n) != Some(ResourceKind::VpcPeeringConnection) {
            continue;
        }
        if !g.graph.resource(n).is_some_and(rules::peering_active) {
            continue;
        }
        for &(s, reach) in list {
            if reach.glues_always() && g.kind(s) == Some(ResourceKind::Vpc) {
                *peerings.entry(s).or_default() += 1;
            }
        }
    }
    peerings
        .into_iter()
        .filter(|(_, k)| *k >= HUB_THRESHOLD)
        .map(|(s, _)| s)
        .collect()
}

/// ECS clusters whose services run in networks that are not otherwise one (seeds of two or more
/// groups of `uf`, formed without clusters): shared platforms, which join nothing.
fn spanning_clusters(
    g: &Kinds,
    junctions: &Junctions,
    uf: &mut UnionFind,
    hubs: &Hubs,
) -> Vec<NodeIx> {
    let is_cluster = |s: &NodeIx| g.kind(*s) == Some(ResourceKind::EcsCluster);
    // (cluster, group of a seed reached strongly alongside it), deduplicated at the end.
    let mut partners: Vec<(NodeIx, usize)> = Vec::new();
    let mut strong: Vec<NodeIx> = Vec::new();
    for &(n, list) in junctions {
        if hubs.skips(g, n, list) {
            continue;
        }
        strong.clear();
        strong.extend(
            list.iter()
                .filter(|(_, r)| r.glues_always())
                .map(|(s, _)| *s),
        );
        if !strong.iter().any(is_cluster) {
            continue;
        }
        for &c in strong.iter().filter(|s| is_cluster(s)) {
            for &o in strong.iter().filter(|s| !is_cluster(s)) {
                partners.push((c, uf.find(o.index())));
            }
        }
    }
    partners.sort_unstable();
    partners.dedup();
    let mut out: Vec<NodeIx> = Vec::new();
    for w in partners.windows(2) {
        // Two distinct groups for one cluster: sorted, so adjacent.
        if w[0].0 == w[1].0 && out.last() != Some(&w[0].0) {
            out.push(w[0].0);
        }
    }
    out
}

/// What joins nothing: peering hubs' peerings and spanning clusters.
#[derive(Debug, Default)]
struct Hubs {
    /// VPCs with [`HUB_THRESHOLD`] or more active peerings ([`peering_hubs`]).
    vpcs: FastSet<NodeIx>,
    /// ECS clusters spanning separate networks ([`spanning_clusters`]): they join nothing.
    seeds: FastSet<NodeIx>,
}

impl Hubs {
    /// Does junction `n` (reached by `list`) join nothing? A peering connection, or a VPC reached
    /// across a peering, with a peering hub at either end.
    fn skips(&self, g: &Kinds, n: NodeIx, list: &[(NodeIx, Reach)]) -> bool {
        if !self.seeds.is_empty() && self.seeds.contains(&n) {
            return true;
        }
        if self.vpcs.is_empty() {
            return false;
        }
        matches!(
            g.kind(n),
            Some(ResourceKind::VpcPeeringConnection | ResourceKind::Vpc)
        ) && (self.vpcs.contains(&n) || list.iter().any(|(s, _)| self.vpcs.contains(s)))
    }
}

/// Phase one: seeds joined by strong and anchor reaches and by transit gateway routes, except
/// through a peering hub's peerings ([`peering_hubs`]); ECS clusters spanning separate networks
/// ([`spanning_clusters`]) join nothing. Returns the groups and the hubs.
fn phase_one(g: &Kinds, st: &ArchState, junctions: &Junctions) -> (UnionFind, Hubs) {
    // Union-find over node indices: every entry of `reached_by` names a seed with a body, and only
    // junctions (nodes two or more seeds reach) can glue.
    let cap = st.reached_by.len();
    let mut hubs = Hubs {
        vpcs: peering_hubs(g, junctions),
        seeds: FastSet::default(),
    };
    let clusters_exist = st
        .bodies
        .keys()
        .any(|&s| g.kind(s) == Some(ResourceKind::EcsCluster));
    if clusters_exist {
        // The networks without clusters first, to tell which clusters span several.
        let mut uf0 = UnionFind((0..cap).collect());
        glue_strong(g, junctions, &mut uf0, &hubs, |s| {
            g.kind(*s) == Some(ResourceKind::EcsCluster)
        });
        tgw_unions(st, &mut uf0);
        let spanning = spanning_clusters(g, junctions, &mut uf0, &hubs);
        hubs.seeds.extend(spanning);
    }
    let mut uf1 = UnionFind((0..cap).collect());
    let no_spanning = hubs.seeds.is_empty();
    glue_strong(g, junctions, &mut uf1, &hubs, |s| {
        !no_spanning && hubs.seeds.contains(s)
    });
    tgw_unions(st, &mut uf1);
    shared_execution_roles(g, junctions, &mut uf1);
    (uf1, hubs)
}

/// Functions (outside a VPC) that run as one role, used by fewer than [`HUB_THRESHOLD`] of them,
/// are one piece of compute: joined before what they use is counted, so a queue that two functions
/// of one role write and a worker reads is shared by two groups, not three.
fn shared_execution_roles(g: &Kinds, junctions: &Junctions, uf: &mut UnionFind) {
    let mut functions: Vec<NodeIx> = Vec::new();
    for &(n, list) in junctions {
        if g.kind(n) != Some(ResourceKind::IamRole) {
            continue;
        }
        functions.clear();
        functions.extend(
            list.iter()
                .filter(|(s, r)| {
                    *r == Reach::Member && g.kind(*s) == Some(ResourceKind::LambdaFunction)
                })
                .map(|(s, _)| *s),
        );
        functions.sort_unstable();
        functions.dedup();
        if functions.len() >= 2 && functions.len() < HUB_THRESHOLD {
            for w in functions.windows(2) {
                uf.union(w[0].index(), w[1].index());
            }
        }
    }
}

fn tgw_unions(st: &ArchState, uf: &mut UnionFind) {
    for &(a, b, _) in &st.tgw_pairs {
        if st.bodies.contains_key(&a) && st.bodies.contains_key(&b) {
            uf.union(a.index(), b.index());
        }
    }
}

/// Unions the seeds reaching each junction strongly, leaving out `excluded` seeds and the
/// junctions the hubs skip.
fn glue_strong(
    g: &Kinds,
    junctions: &Junctions,
    uf: &mut UnionFind,
    hubs: &Hubs,
    excluded: impl Fn(&NodeIx) -> bool,
) {
    for &(n, list) in junctions {
        if excluded(&n) {
            continue;
        }
        if hubs.skips(g, n, list) {
            continue;
        }
        let mut first = None;
        for &(s, r) in list {
            if r.glues_always() && !excluded(&s) {
                match first {
                    None => first = Some(s.index()),
                    Some(f) => uf.union(f, s.index()),
                }
            }
        }
    }
}

/// The phase-one groups of the seeds reaching a node as members or more, sorted and deduplicated.
fn member_groups(
    uf1: &mut UnionFind,
    hubs: &FastSet<NodeIx>,
    list: &[(NodeIx, Reach)],
    groups: &mut Vec<usize>,
) {
    groups.clear();
    for &(s, r) in list {
        if r >= Reach::Member && !hubs.contains(&s) {
            groups.push(uf1.find(s.index()));
        }
    }
    groups.sort_unstable();
    groups.dedup();
}

/// The junctions that can glue seeds, with the seeds reaching each: those reached as a member or
/// more by at least one seed (a resource every seed reaches only as a dependency joins nothing).
type Junctions<'a> = Vec<(NodeIx, &'a [(NodeIx, Reach)])>;

fn gluing_junctions(st: &ArchState) -> Junctions<'_> {
    st.junctions
        .iter()
        .filter_map(|&n| {
            let list = st.reached_by.get(n.index())?;
            list.iter()
                .any(|(_, r)| *r >= Reach::Member)
                .then_some((n, list.as_slice()))
        })
        .collect()
}

/// The kinds of the seeds and junctions, read once per grouping (the grouping passes ask for them
/// again and again, and a resource is a cache miss away).
struct Kinds<'g> {
    graph: &'g Graph,
    kinds: Vec<Option<ResourceKind>>,
}

impl<'g> Kinds<'g> {
    fn new(graph: &'g Graph, st: &ArchState, junctions: &Junctions) -> Self {
        let mut kinds = vec![None; st.reached_by.len().max(graph.node_capacity())];
        let nodes = st
            .bodies
            .keys()
            .copied()
            .chain(junctions.iter().map(|j| j.0));
        for n in nodes {
            kinds[n.index()] = graph.kind(n);
        }
        Self { graph, kinds }
    }

    /// The kind of a seed or junction.
    fn kind(&self, n: NodeIx) -> Option<ResourceKind> {
        self.kinds.get(n.index()).copied().flatten()
    }
}

fn partition(graph: &Graph, st: &mut ArchState) -> Partition {
    let junctions = gluing_junctions(st);
    let g = &Kinds::new(graph, st, &junctions);
    let (mut uf1, hubs) = phase_one(g, st, &junctions);
    let mut uf2 = UnionFind(uf1.0.clone());
    let mut groups: Vec<usize> = Vec::new();
    for &(n, list) in &junctions {
        if hubs.skips(g, n, list) {
            continue;
        }
        member_groups(&mut uf1, &hubs.seeds, list, &mut groups);
        if groups.len() >= 2 && groups.len() < HUB_THRESHOLD {
            for w in groups.windows(2) {
                uf2.union(w[0], w[1]);
            }
        }
    }
    let seeds = st.sorted_seeds.get_or_insert_with(|| {
        let mut seeds: Vec<NodeIx> = st.bodies.keys().copied().collect();
        seeds.sort_by(|a, b| graph.id(*a).cmp(graph.id(*b)));
        seeds
    });
    let mut by_root: HashMap<usize, Vec<NodeIx>> = HashMap::new();
    for &s in seeds.iter() {
        by_root.entry(uf2.find(s.index())).or_default().push(s);
    }
    let mut archs: Vec<(String, Vec<NodeIx>)> = by_root
        .into_values()
        .map(|members| {
            // `seeds` is sorted by id, and each group keeps that order.
            let id = naming::architecture_id(members.iter().map(|&s| graph.id(s).as_str()));
            (id, members)
        })
        .collect();
    archs.sort();
    let mut of_seed = HashMap::new();
    for (i, (_, members)) in archs.iter().enumerate() {
        for &s in members {
            of_seed.insert(s, i);
        }
    }
    let phase_one = seeds.iter().map(|&s| (s, uf1.find(s.index()))).collect();
    Partition {
        archs,
        of_seed,
        phase_one,
        no_join: hubs.seeds,
    }
}

/// Would the grouping stay the same if junction `n`'s list went from `old` to `new`, every other
/// list unchanged? True when `n` plays no part in phase one (not a seed, role, VPC or peering
/// connection; the same seeds reach it strongly) and what it glues in phase two (the phase-one
/// groups reaching it as members, when 2 ≤ k < [`HUB_THRESHOLD`]) is the same. Conservative:
/// `false` asks for a regrouping.
fn same_grouping(
    g: &Graph,
    st: &ArchState,
    n: NodeIx,
    old: &[(NodeIx, Reach)],
    new: &[(NodeIx, Reach)],
) -> bool {
    let p = &st.partition;
    // Only junctions (two or more seeds) take part in the grouping.
    if old.len() < 2 && new.len() < 2 {
        return true;
    }
    if st.bodies.contains_key(&n)
        || matches!(
            g.kind(n),
            Some(ResourceKind::IamRole | ResourceKind::Vpc | ResourceKind::VpcPeeringConnection)
        )
    {
        return false;
    }
    // Lists are sorted by seed, and so are these.
    let strong = |list: &[(NodeIx, Reach)]| -> Vec<NodeIx> {
        list.iter()
            .filter(|(_, r)| r.glues_always())
            .map(|(s, _)| *s)
            .collect()
    };
    if strong(old) != strong(new) {
        return false;
    }
    // What the list glues in phase two: `None` for nothing, `Some(None)` when a seed is not in
    // the last grouping (ask for a regrouping).
    let glued = |list: &[(NodeIx, Reach)]| -> Option<Option<Vec<usize>>> {
        if list.len() < 2 || !list.iter().any(|(_, r)| *r >= Reach::Member) {
            return None;
        }
        let mut groups = Vec::new();
        for (s, r) in list {
            if *r >= Reach::Member && !p.no_join.contains(s) {
                match p.phase_one.get(s) {
                    Some(&x) => groups.push(x),
                    None => return Some(None),
                }
            }
        }
        groups.sort_unstable();
        groups.dedup();
        (groups.len() >= 2 && groups.len() < HUB_THRESHOLD).then_some(Some(groups))
    };
    match (glued(old), glued(new)) {
        (Some(None), _) | (_, Some(None)) => false,
        (a, b) => a == b,
    }
}

impl Graph {
    /// Recomputes the grouping of seeds into architectures from the current bodies, as a change
    /// that can change it does; returns the number of architectures. For benchmarks:
    /// the result is always the grouping the graph already holds.
    #[doc(hidden)]
    pub fn regroup_architectures(&mut self) -> usize {
        let mut st = std::mem::take(&mut self.arch);
        st.partition = partition(self, &mut st);
        self.arch = st;
        self.arch.partition.archs.len()
    }

    /// Every body, for tests comparing an incrementally updated graph with a rebuilt one: per
    /// resource reached by a seed (sorted by id), the seeds reaching it and how (sorted).
    #[doc(hidden)]
    pub fn architecture_reaches(&self) -> Vec<(ResourceId, Vec<(ResourceId, Reach)>)> {
        let mut out: Vec<(ResourceId, Vec<(ResourceId, Reach)>)> = self
            .arch
            .reached_by
            .iter()
            .enumerate()
            .filter(|(_, list)| !list.is_empty())
            .map(|(i, list)| {
                let mut seeds: Vec<(ResourceId, Reach)> =
                    list.iter().map(|&(s, r)| (self.id(s).clone(), r)).collect();
                seeds.sort();
                (self.id(NodeIx(i as u32)).clone(), seeds)
            })
            .collect();
        out.sort();
        out
    }

    /// Every architecture, sorted by id, with members and shared dependencies.
    pub fn architectures(&self) -> Vec<Architecture> {
        let p = &self.arch.partition;
        let mut members: Vec<Vec<NodeIx>> = vec![Vec::new(); p.archs.len()];
        let mut shared: Vec<Vec<NodeIx>> = vec![Vec::new(); p.archs.len()];
        let mut archs: Vec<usize> = Vec::new();
        for (i, list) in self.arch.reached_by.iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            let node = NodeIx(i as u32);
            if let Some(&a) = p.of_seed.get(&node) {
                members[a].push(node);
                continue;
            }
            archs.clear();
            archs.extend(list.iter().filter_map(|(s, _)| p.of_seed.get(s).copied()));
            archs.sort_unstable();
            archs.dedup();
            match archs.as_slice() {
                [a] => members[*a].push(node),
                many => {
                    for &a in many {
                        shared[a].push(node);
                    }
                }
            }
        }
        let joined_by = self.joins();
        p.archs
            .iter()
            .enumerate()
            .map(|(i, (id, seeds))| {
                let ids = |nodes: &[NodeIx]| {
                    let mut v: Vec<ResourceId> =
                        nodes.iter().map(|&n| self.id(n).clone()).collect();
                    v.sort();
                    v
                };
                let seed_res: Vec<&Resource> =
                    seeds.iter().filter_map(|&s| self.resource(s)).collect();
                let member_res: Vec<&Resource> = members[i]
                    .iter()
                    .filter_map(|&n| self.resource(n))
                    .collect();
                Architecture {
                    id: id.clone(),
                    name: naming::name(&seed_res, &member_res),
                    owner: naming::owner(&seed_res, &member_res),
                    seeds: ids(seeds),
                    members: ids(&members[i]),
                    shared: ids(&shared[i]),
                    joined_by: joined_by.get(&i).cloned().unwrap_or_default(),
                }
            })
            .collect()
    }

    /// Per architecture (by position), the resources that joined its seeds, sorted.
    fn joins(&self) -> HashMap<usize, Vec<Join>> {
        let st = &self.arch;
        let p = &st.partition;
        let junctions = gluing_junctions(st);
        let kinds = Kinds::new(self, st, &junctions);
        let (mut uf1, hubs) = phase_one(&kinds, st, &junctions);
        let mut out: HashMap<usize, Vec<Join>> = HashMap::new();
        let mut groups = Vec::new();
        // Junctions every seed reaches only as a dependency join nothing.
        for &(n, list) in &junctions {
            // A seed reached from a neighbour is not what joined them: the edge's other end is.
            if p.of_seed.contains_key(&n) {
                continue;
            }
            let mut strong: Vec<NodeIx> = if hubs.skips(&kinds, n, list) {
                Vec::new()
            } else {
                list.iter()
                    .filter(|(s, r)| r.glues_always() && !hubs.seeds.contains(s))
                    .map(|(s, _)| *s)
                    .collect()
            };
            strong.sort_unstable();
            strong.dedup();
            let role_functions = if kinds.kind(n) == Some(ResourceKind::IamRole) {
                let mut f: Vec<NodeIx> = list
                    .iter()
                    .filter(|(s, r)| {
                        *r == Reach::Member && kinds.kind(*s) == Some(ResourceKind::LambdaFunction)
                    })
                    .map(|(s, _)| *s)
                    .collect();
                f.sort_unstable();
                f.dedup();
                f.len()
            } else {
                0
            };
            let how = if hubs.skips(&kinds, n, list) {
                None
            } else if strong.len() >= 2 {
                Some(JoinKind::Network)
            } else if (2..HUB_THRESHOLD).contains(&role_functions) {
                Some(JoinKind::SharedUse)
            } else {
                member_groups(&mut uf1, &hubs.seeds, list, &mut groups);
                (groups.len() >= 2 && groups.len() < HUB_THRESHOLD).then_some(JoinKind::SharedUse)
            };
            // The seeds it joins are in one architecture: the one of a seed reaching it that way.
            let joined = match how {
                Some(JoinKind::Network) => strong.first().copied(),
                _ => list
                    .iter()
                    .find(|(s, r)| *r >= Reach::Member && !hubs.seeds.contains(s))
                    .map(|(s, _)| *s),
            };
            if let (Some(how), Some(s)) = (how, joined)
                && let Some(&a) = p.of_seed.get(&s)
            {
                out.entry(a).or_default().push(Join {
                    resource: self.id(n).clone(),
                    how,
                });
            }
        }
        for &(a, b, evidence) in &st.tgw_pairs {
            if let (Some(&x), Some(&y)) = (p.of_seed.get(&a), p.of_seed.get(&b))
                && x == y
            {
                out.entry(x).or_default().push(Join {
                    resource: self.id(evidence).clone(),
                    how: JoinKind::TransitGatewayRoutes,
                });
            }
        }
        for joins in out.values_mut() {
            joins.sort();
            joins.dedup();
        }
        out
    }

    /// The architecture with this id.
    pub fn architecture(&self, id: &str) -> Option<Architecture> {
        self.architectures().into_iter().find(|a| a.id == id)
    }

    /// Ids of the architectures holding a resource (as member or shared), sorted.
    pub fn architectures_of(&self, id: &ResourceId) -> Vec<String> {
        let Some(node) = self.find(id) else {
            return Vec::new();
        };
        let p = &self.arch.partition;
        let mut out: Vec<String> = self
            .arch
            .reached_by
            .get(node.index())
            .into_iter()
            .flatten()
            .filter_map(|(s, _)| p.of_seed.get(s))
            .filter_map(|&a| p.archs.get(a).map(|(id, _)| id.clone()))
            .collect();
        if let Some(&a) = p.of_seed.get(&node) {
            out = p
                .archs
                .get(a)
                .map(|(id, _)| vec![id.clone()])
                .unwrap_or_default();
        }
        out.sort();
        out.dedup();
        out
    }

    /// Number of architectures.
    pub fn architecture_count(&self) -> usize {
        self.arch.partition.archs.len()
    }
}
