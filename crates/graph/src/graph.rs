//! The graph itself: dense node indices over resources, adjacency lists, typed edges, and
//! incremental change.
//!
//! Nodes are resources, plus *placeholder* nodes for ids an edge names that the estate does not hold
//! (another account's VPC, an API Gateway that is not collected, a principal of a trust policy). A
//! placeholder disappears when nothing refers to it any more.
//!
//! Edge semantics mirror [`Inventory`]: declared relationships form a set (identical duplicates are
//! kept once); removing a resource drops every declared relationship that starts or ends at it;
//! replacing a resource keeps its declared relationships (the import states them; a live update that
//! changes them sends [`Change::Unrelate`] / [`Change::Relate`]). Derived edges are a function of the
//! estate: the graph re-derives them for exactly the resources whose configuration they read.

use std::sync::Arc;

use rayon::prelude::*;

use nephos_model::{Inventory, Relationship, Resource, ResourceId, ResourceKind};

use crate::arch::ArchState;
use crate::derive::iam::{IamImpact, IamState};
use crate::derive::{self, DeriveIndex, DerivedEdge, Facet};
use crate::edge::{DeriveRule, Edge, EdgeKind, Origin};
use crate::hash::{FastMap, FastSet};

/// A dense node index. Indices are reused after a node disappears; outputs never show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeIx(pub(crate) u32);

impl NodeIx {
    /// The index as a `usize`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A dense edge index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EdgeIx(pub(crate) u32);

/// One change to the estate.
#[derive(Debug, Clone)]
#[expect(
    clippy::large_enum_variant,
    reason = "changes are applied one at a time, never stored in bulk"
)]
pub enum Change {
    /// Adds a resource, or replaces the one with the same id.
    Upsert(Resource),
    /// Removes a resource and every declared relationship that starts or ends at it.
    Remove(ResourceId),
    /// Adds a declared relationship (kept once if already present).
    Relate(Relationship),
    /// Removes a declared relationship.
    Unrelate(Relationship),
}

/// What one [`Graph::apply`] changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeReport {
    /// Edges added.
    pub edges_added: usize,
    /// Edges removed.
    pub edges_removed: usize,
    /// Seeds whose architecture body was brought up to date (walked again, or patched where
    /// changed edges reach).
    pub seeds_recomputed: usize,
    /// Of those, the bodies that came out different.
    pub bodies_changed: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct NodeSlot {
    pub(crate) id: ResourceId,
    pub(crate) resource: Option<Resource>,
    pub(crate) out: Vec<EdgeIx>,
    pub(crate) inc: Vec<EdgeIx>,
    pub(crate) live: bool,
}

/// A declared edge's identity: ends, kind and the interned evidence (by address: interned strings
/// are equal exactly when their addresses are).
type DeclaredKey = (NodeIx, NodeIx, EdgeKind, usize);

fn evidence_key(evidence: &Arc<str>) -> usize {
    Arc::as_ptr(evidence).cast::<u8>() as usize
}

/// Role access decisions made in parallel from this many roles on (fewer are not worth the
/// threads).
const PARALLEL_ROLES: usize = 64;

/// The resource graph: see the module documentation.
#[derive(Debug, Default)]
pub struct Graph {
    pub(crate) nodes: Vec<NodeSlot>,
    free_nodes: Vec<u32>,
    index: FastMap<ResourceId, NodeIx>,
    edges: Vec<Option<Edge>>,
    free_edges: Vec<u32>,
    edge_count: usize,
    declared: FastMap<DeclaredKey, EdgeIx>,
    owned: FastMap<(NodeIx, Facet), Vec<EdgeIx>>,
    interner: FastSet<Arc<str>>,
    pub(crate) derive_index: DeriveIndex,
    /// The IAM engine's model of the estate (trust and access read it).
    pub(crate) iam: IamState,
    /// True while [`Graph::build`] adds resources (the IAM model is already built for them).
    building: bool,
    /// Changes that updated the IAM model since the graph was built.
    iam_updates: usize,
    problems: FastMap<(NodeIx, Facet), Vec<String>>,
    pub(crate) arch: ArchState,
    /// Edges that appeared or disappeared since the architectures were last brought up to date.
    touched: Vec<TouchedEdge>,
    stats_added: usize,
    stats_removed: usize,
}

/// An edge that appeared or disappeared, remembered with the ends' kinds so the architecture pass
/// can tell which seeds traversed it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TouchedEdge {
    pub(crate) from: NodeIx,
    pub(crate) to: NodeIx,
    pub(crate) kind: EdgeKind,
    /// It disappeared (else appeared).
    pub(crate) removed: bool,
}

impl Graph {
    /// Builds the graph of an inventory: its resources, its declared relationships and every derived
    /// edge, then the architectures.
    pub fn build(inventory: &Inventory) -> Self {
        Self::build_from(
            inventory.resources().to_vec(),
            inventory.relationships().iter(),
        )
    }

    /// [`Graph::build`], taking the inventory so that no resource is copied.
    pub fn from_inventory(inventory: Inventory) -> Self {
        let (resources, relationships) = inventory.into_parts();
        Self::build_from(resources, relationships.iter())
    }

    fn build_from<'a>(
        mut resources: Vec<Resource>,
        relationships: impl Iterator<Item = &'a Relationship>,
    ) -> Self {
        // The IAM model first: trust and access edges are decided on it as roles are added.
        let mut graph = Self {
            iam: IamState::build(resources.iter()),
            building: true,
            ..Self::default()
        };
        // Policies and data stores first, so that each role's access is derived once.
        resources.sort_by_key(|r| build_rank(r.kind));
        graph.nodes.reserve(resources.len());
        graph.index.reserve(resources.len());
        for resource in resources {
            graph.upsert_resource(resource);
        }
        graph.building = false;
        for rel in relationships {
            graph.relate(rel);
        }
        graph.touched.clear();
        crate::arch::rebuild_all(&mut graph);
        graph
    }

    /// Applies one change, re-deriving only the edges that depend on it and recomputing only the
    /// architecture bodies that traversed a changed edge or node.
    pub fn apply(&mut self, change: Change) -> ChangeReport {
        let before = self.edge_count_stats();
        let mut node_changes = Vec::new();
        match change {
            Change::Upsert(resource) => {
                if let Some(n) = self.upsert_resource(resource) {
                    node_changes.push(n);
                }
            }
            Change::Remove(id) => {
                if let Some(n) = self.remove_resource(&id) {
                    node_changes.push(n);
                }
            }
            Change::Relate(rel) => self.relate(&rel),
            Change::Unrelate(rel) => self.unrelate(&rel),
        }
        let touched = std::mem::take(&mut self.touched);
        let bodies = crate::arch::update(self, &touched, &node_changes);
        let after = self.edge_count_stats();
        ChangeReport {
            edges_added: after.0 - before.0,
            edges_removed: after.1 - before.1,
            seeds_recomputed: bodies.recomputed,
            bodies_changed: bodies.changed,
        }
    }

    /// How many changes updated the IAM model since the graph was built (a change to what the
    /// model reads of a user, group, role, managed policy, Organizations resource or account, or to
    /// a data store's resource policy or account).
    pub fn iam_updates(&self) -> usize {
        self.iam_updates
    }

    fn edge_count_stats(&self) -> (usize, usize) {
        (self.stats_added, self.stats_removed)
    }

    // ---- queries -------------------------------------------------------------------------------

    /// The node of a resource id (a resource or a placeholder).
    pub fn find(&self, id: &ResourceId) -> Option<NodeIx> {
        self.index.get(id).copied()
    }

    /// [`Graph::find`] by the id's text (no allocation).
    pub(crate) fn find_str(&self, id: &str) -> Option<NodeIx> {
        self.index.get(id).copied()
    }

    /// The id of a node.
    pub fn id(&self, node: NodeIx) -> &ResourceId {
        &self.slot(node).id
    }

    /// The resource of a node, `None` for a placeholder.
    pub fn resource(&self, node: NodeIx) -> Option<&Resource> {
        self.slot(node).resource.as_ref()
    }

    /// The kind of a node's resource, `None` for a placeholder.
    pub fn kind(&self, node: NodeIx) -> Option<ResourceKind> {
        self.resource(node).map(|r| r.kind)
    }

    /// Every live node.
    pub fn nodes(&self) -> impl Iterator<Item = NodeIx> + '_ {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, s)| s.live)
            .map(|(i, _)| NodeIx(i as u32))
    }

    /// Number of live nodes (resources and placeholders).
    pub fn node_count(&self) -> usize {
        self.index.len()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.edge_count
    }

    /// An edge.
    pub fn edge(&self, edge: EdgeIx) -> Option<&Edge> {
        self.edges.get(edge.0 as usize).and_then(Option::as_ref)
    }

    /// Edges leaving a node.
    pub fn outgoing(&self, node: NodeIx) -> impl Iterator<Item = &Edge> + '_ {
        self.slot(node).out.iter().filter_map(|&e| self.edge(e))
    }

    /// Edges entering a node.
    pub fn incoming(&self, node: NodeIx) -> impl Iterator<Item = &Edge> + '_ {
        self.slot(node).inc.iter().filter_map(|&e| self.edge(e))
    }

    /// Every edge.
    pub fn edges(&self) -> impl Iterator<Item = &Edge> + '_ {
        self.edges.iter().filter_map(Option::as_ref)
    }

    /// Problems met while deriving edges (an unparsable policy document), per resource, sorted.
    pub fn problems(&self) -> Vec<(ResourceId, String)> {
        let mut out: Vec<(ResourceId, String)> = self
            .problems
            .iter()
            .flat_map(|(&(n, _), ps)| ps.iter().map(move |p| (self.id(n).clone(), p.clone())))
            .collect();
        out.sort();
        out
    }

    pub(crate) fn slot(&self, node: NodeIx) -> &NodeSlot {
        &self.nodes[node.index()]
    }

    pub(crate) fn node_capacity(&self) -> usize {
        self.nodes.len()
    }

    // ---- mutation ------------------------------------------------------------------------------

    fn intern(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.interner.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.interner.insert(a.clone());
        a
    }

    fn node_for(&mut self, id: &ResourceId) -> NodeIx {
        if let Some(&n) = self.index.get(id) {
            return n;
        }
        let slot = NodeSlot {
            id: id.clone(),
            resource: None,
            out: Vec::new(),
            inc: Vec::new(),
            live: true,
        };
        let n = match self.free_nodes.pop() {
            Some(i) => {
                self.nodes[i as usize] = slot;
                NodeIx(i)
            }
            None => {
                self.nodes.push(slot);
                NodeIx((self.nodes.len() - 1) as u32)
            }
        };
        self.index.insert(id.clone(), n);
        self.arch.ensure_capacity(self.nodes.len());
        n
    }

    /// Drops a placeholder nothing refers to.
    fn collect_if_unused(&mut self, node: NodeIx) {
        let slot = &self.nodes[node.index()];
        if slot.live && slot.resource.is_none() && slot.out.is_empty() && slot.inc.is_empty() {
            let id = slot.id.clone();
            self.index.remove(&id);
            let slot = &mut self.nodes[node.index()];
            slot.live = false;
            slot.out = Vec::new();
            slot.inc = Vec::new();
            self.free_nodes.push(node.0);
            self.arch.forget_node(node);
        }
    }

    fn add_edge(&mut self, edge: Edge) -> EdgeIx {
        let (from, to, kind) = (edge.from, edge.to, edge.kind);
        let ix = match self.free_edges.pop() {
            Some(i) => {
                self.edges[i as usize] = Some(edge);
                EdgeIx(i)
            }
            None => {
                self.edges.push(Some(edge));
                EdgeIx((self.edges.len() - 1) as u32)
            }
        };
        self.nodes[from.index()].out.push(ix);
        self.nodes[to.index()].inc.push(ix);
        self.edge_count += 1;
        self.stats_added += 1;
        self.touched.push(TouchedEdge {
            from,
            to,
            kind,
            removed: false,
        });
        ix
    }

    fn remove_edge(&mut self, ix: EdgeIx) -> Option<Edge> {
        let edge = self.edges.get_mut(ix.0 as usize)?.take()?;
        if let Some(p) = self.nodes[edge.from.index()]
            .out
            .iter()
            .position(|&e| e == ix)
        {
            self.nodes[edge.from.index()].out.swap_remove(p);
        }
        if let Some(p) = self.nodes[edge.to.index()]
            .inc
            .iter()
            .position(|&e| e == ix)
        {
            self.nodes[edge.to.index()].inc.swap_remove(p);
        }
        self.free_edges.push(ix.0);
        self.edge_count -= 1;
        self.stats_removed += 1;
        self.touched.push(TouchedEdge {
            from: edge.from,
            to: edge.to,
            kind: edge.kind,
            removed: true,
        });
        Some(edge)
    }

    fn relate(&mut self, rel: &Relationship) {
        let from = self.node_for(&rel.from);
        let to = self.node_for(&rel.to);
        let kind = EdgeKind::from_relationship(rel.kind);
        let evidence = self.intern(&rel.evidence);
        let key = (from, to, kind, evidence_key(&evidence));
        if self.declared.contains_key(&key) {
            return;
        }
        let ix = self.add_edge(Edge {
            from,
            to,
            kind,
            evidence,
            origin: Origin::Declared,
        });
        self.declared.insert(key, ix);
    }

    fn unrelate(&mut self, rel: &Relationship) {
        let (Some(from), Some(to)) = (self.find(&rel.from), self.find(&rel.to)) else {
            return;
        };
        let kind = EdgeKind::from_relationship(rel.kind);
        let Some(evidence) = self.interner.get(rel.evidence.as_str()).cloned() else {
            return;
        };
        if let Some(ix) = self
            .declared
            .remove(&(from, to, kind, evidence_key(&evidence)))
        {
            self.remove_edge(ix);
            self.collect_if_unused(from);
            self.collect_if_unused(to);
        }
    }

    /// Adds or replaces a resource; returns its node when something the architectures read about
    /// the node itself changed (presence, kind, seed status, peering state).
    fn upsert_resource(&mut self, resource: Resource) -> Option<NodeIx> {
        let node = self.node_for(&resource.id);
        let impact = if self.building {
            IamImpact::default()
        } else {
            let (nodes, index) = (&self.nodes, &self.derive_index);
            self.iam.apply(
                nodes[node.index()].resource.as_ref(),
                Some(&resource),
                &|| request_regions(nodes, index),
            )
        };
        let old = self.nodes[node.index()].resource.replace(resource);
        let new = self.nodes[node.index()].resource.as_ref();
        let arch_relevant = match (&old, new) {
            (Some(o), Some(n)) => crate::arch::node_signature(o) != crate::arch::node_signature(n),
            _ => true,
        };
        let old_kind = old.as_ref().map(|r| r.kind);
        self.after_resource_change(node, old_kind, impact);
        arch_relevant.then_some(node)
    }

    fn remove_resource(&mut self, id: &ResourceId) -> Option<NodeIx> {
        let node = self.find(id)?;
        let old = self.nodes[node.index()].resource.take()?;
        let (nodes, index) = (&self.nodes, &self.derive_index);
        let impact = self
            .iam
            .apply(Some(&old), None, &|| request_regions(nodes, index));
        // Declared relationships touching the resource go with it, as in `Inventory::remove`.
        let declared: Vec<EdgeIx> = self.nodes[node.index()]
            .out
            .iter()
            .chain(self.nodes[node.index()].inc.iter())
            .copied()
            .filter(|&e| matches!(self.edge(e).map(|e| e.origin), Some(Origin::Declared)))
            .collect();
        let mut ends = Vec::new();
        for e in declared {
            if let Some(edge) = self.remove_edge(e) {
                self.declared.remove(&(
                    edge.from,
                    edge.to,
                    edge.kind,
                    evidence_key(&edge.evidence),
                ));
                ends.push(edge.from);
                ends.push(edge.to);
            }
        }
        self.after_resource_change(node, Some(old.kind), impact);
        for n in ends {
            self.collect_if_unused(n);
        }
        self.collect_if_unused(node);
        Some(node)
    }

    /// Re-derives what depends on `node` after its resource appeared, changed or disappeared,
    /// and what the IAM model's update reached (`impact`).
    fn after_resource_change(
        &mut self,
        node: NodeIx,
        old_kind: Option<ResourceKind>,
        impact: IamImpact,
    ) {
        if impact.changed {
            self.iam_updates += 1;
        }
        // 1. Edges the node's own configuration makes.
        self.rederive_owner(node);
        // 2. Roles whose access reads this managed policy's document.
        let kind = self.kind(node);
        if kind == Some(ResourceKind::IamPolicy) || old_kind == Some(ResourceKind::IamPolicy) {
            let roles = self.derive_index.roles_attaching(self.id(node));
            for role in roles {
                self.rederive_facet(role, Facet::Access);
            }
        }
        // 3. Access edges that name this data store, and those into the stores the IAM update
        //    reached (a resource policy, an account's RCPs).
        let is_store = kind.is_some_and(|k| k.is_data_store());
        let was_store = old_kind.is_some_and(|k| k.is_data_store());
        if is_store || was_store {
            self.rederive_store_access(node, was_store, is_store);
        }
        for store in &impact.stores {
            if let Some(n) = self.find_str(store)
                && n != node
                && self.kind(n).is_some_and(|k| k.is_data_store())
            {
                self.rederive_store_access(n, true, true);
            }
        }
        // 4. Roles the IAM update reached: access of the principals whose permissions changed,
        //    trust of the roles whose assume edges changed. Unchanged edge sets stay in place.
        let roles = impact
            .access_roles
            .iter()
            .map(|role| (role, None))
            .chain(impact.access_actions.iter().map(|(r, a)| (r, Some(&**a))));
        let jobs: Vec<(NodeIx, Option<&std::collections::BTreeSet<&'static str>>)> = roles
            .filter_map(|(role, only)| {
                let n = self.find_str(role)?;
                (n != node).then_some((n, only))
            })
            .collect();
        // Deciding reads the IAM model only: an organization-wide change decides thousands of
        // roles, in parallel; their edges are then replaced one role at a time.
        let decided: Vec<derive::DeriveOutput> = if jobs.len() >= PARALLEL_ROLES {
            jobs.par_iter()
                .map_init(
                    || None,
                    |request, &(n, only)| derive::redecide_access(self, n, only, request),
                )
                .collect()
        } else {
            let mut request = None;
            jobs.iter()
                .map(|&(n, only)| derive::redecide_access(self, n, only, &mut request))
                .collect()
        };
        for ((n, only), out) in jobs.into_iter().zip(decided) {
            self.replace_access(n, only, out);
        }
        for role in &impact.trust_roles {
            if let Some(n) = self.find_str(role)
                && n != node
            {
                self.rederive_facet(n, Facet::Trust);
            }
        }
    }

    /// Do `edges` equal the derived edges of `owner`'s `facet` now (ends, kind, rule, evidence)?
    fn same_derived(&self, owner: NodeIx, facet: Facet, edges: &[DerivedEdge]) -> bool {
        let old = self
            .owned
            .get(&(owner, facet))
            .map_or(&[][..], Vec::as_slice);
        if old.len() != edges.len() {
            return false;
        }
        let mut a: Vec<(NodeIx, NodeIx, EdgeKind, DeriveRule, &str)> =
            Vec::with_capacity(old.len());
        for &e in old {
            let Some(edge) = self.edge(e) else {
                return false;
            };
            let Origin::Derived { rule, .. } = edge.origin else {
                return false;
            };
            a.push((edge.from, edge.to, edge.kind, rule, &edge.evidence));
        }
        let end = |e: &derive::End| match e {
            derive::End::Node(n) => Some(*n),
            derive::End::Id(id) => self.find(id),
        };
        let mut b = Vec::with_capacity(edges.len());
        for d in edges {
            let (Some(from), Some(to)) = (end(&d.from), end(&d.to)) else {
                return false;
            };
            b.push((from, to, d.kind, d.rule, d.evidence.as_str()));
        }
        a.sort_unstable();
        b.sort_unstable();
        a == b
    }

    /// Replaces every edge `owner`'s configuration derives.
    fn rederive_owner(&mut self, owner: NodeIx) {
        for facet in Facet::ALL {
            self.rederive_facet(owner, facet);
        }
    }

    /// Replaces a role's access edges with `out`, its access decided again on its indexed patterns
    /// (`derive::redecide_access`: its documents did not change, the IAM model did), only the
    /// edges decided on `only` when given (asked actions, lower case): the edges that differ are
    /// removed and added, the others stay (and so do the architectures that traverse them);
    /// patterns and problems stay.
    fn replace_access(
        &mut self,
        role: NodeIx,
        only: Option<&std::collections::BTreeSet<&'static str>>,
        out: derive::DeriveOutput,
    ) {
        type Key = (NodeIx, NodeIx, EdgeKind, DeriveRule, Arc<str>);
        // The current edges in scope, keyed as the fresh ones.
        let mut old: Vec<(Key, EdgeIx)> = Vec::new();
        for &e in self
            .owned
            .get(&(role, Facet::Access))
            .map_or(&[][..], Vec::as_slice)
        {
            let Some(edge) = self.edge(e) else { continue };
            let Origin::Derived { rule, .. } = edge.origin else {
                continue;
            };
            let in_scope = only.is_none_or(|a| {
                derive::access::edge_decided_on(self.id(edge.to).as_str(), edge.kind, a)
            });
            if in_scope {
                old.push((
                    (edge.from, edge.to, edge.kind, rule, edge.evidence.clone()),
                    e,
                ));
            }
        }
        let mut fresh: Vec<(Key, DerivedEdge)> = Vec::with_capacity(out.edges.len());
        let mut unresolved = Vec::new();
        for d in out.edges {
            let end = |e: &derive::End| match e {
                derive::End::Node(n) => Some(*n),
                derive::End::Id(id) => self.find(id),
            };
            match (end(&d.from), end(&d.to)) {
                (Some(from), Some(to)) => {
                    let key = (from, to, d.kind, d.rule, Arc::from(d.evidence.as_str()));
                    fresh.push((key, d));
                }
                _ => unresolved.push(d),
            }
        }
        old.sort_by(|a, b| a.0.cmp(&b.0));
        fresh.sort_by(|a, b| a.0.cmp(&b.0));
        // Merge: edges in both stay; old-only go, fresh-only come.
        let mut gone = Vec::new();
        let mut come = unresolved;
        let mut fresh = fresh.into_iter().peekable();
        for (key, e) in old {
            while fresh.peek().is_some_and(|(k, _)| *k < key) {
                if let Some((_, d)) = fresh.next() {
                    come.push(d);
                }
            }
            if fresh.peek().is_some_and(|(k, _)| *k == key) {
                fresh.next();
            } else {
                gone.push(e);
            }
        }
        come.extend(fresh.map(|(_, d)| d));
        if gone.is_empty() && come.is_empty() {
            return;
        }
        let mut ends = Vec::with_capacity(gone.len() * 2);
        for e in gone {
            if let Some(edge) = self.remove_edge(e) {
                ends.push(edge.from);
                ends.push(edge.to);
            }
            if let Some(list) = self.owned.get_mut(&(role, Facet::Access))
                && let Some(p) = list.iter().position(|&x| x == e)
            {
                list.swap_remove(p);
            }
        }
        for d in come {
            self.add_derived(role, d);
        }
        for n in ends {
            if n != role {
                self.collect_if_unused(n);
            }
        }
    }

    /// Removes the edges of one facet of `owner`, and the placeholders only they held.
    fn replace_owned(&mut self, owner: NodeIx, facet: Facet) {
        if let Some(old) = self.owned.remove(&(owner, facet)) {
            let mut ends = Vec::with_capacity(old.len() * 2);
            for e in old {
                if let Some(edge) = self.remove_edge(e) {
                    ends.push(edge.from);
                    ends.push(edge.to);
                }
            }
            for n in ends {
                if n != owner {
                    self.collect_if_unused(n);
                }
            }
        }
    }

    /// Replaces the edges of one facet of `owner`'s configuration.
    fn rederive_facet(&mut self, owner: NodeIx, facet: Facet) {
        let out = derive::derive_owner(self, owner, facet);
        let key = (owner, facet);
        let same = self.same_derived(owner, facet, &out.edges);
        if !same {
            self.replace_owned(owner, facet);
        }
        self.problems.remove(&key);
        if !out.problems.is_empty() {
            self.problems.insert(key, out.problems);
        }
        if facet == Facet::Access {
            self.derive_index
                .set_role(owner, out.patterns, out.attached_policies);
        }
        if !same {
            for d in out.edges {
                self.add_derived(owner, d);
            }
        }
    }

    fn add_derived(&mut self, owner: NodeIx, d: DerivedEdge) {
        let from = match d.from {
            derive::End::Node(n) => n,
            derive::End::Id(id) => self.node_for(&id),
        };
        let to = match d.to {
            derive::End::Node(n) => n,
            derive::End::Id(id) => self.node_for(&id),
        };
        let evidence = self.intern(&d.evidence);
        let facet = Facet::of(d.rule);
        let ix = self.add_edge(Edge {
            from,
            to,
            kind: d.kind,
            evidence,
            origin: Origin::Derived {
                owner,
                rule: d.rule,
            },
        });
        self.owned.entry((owner, facet)).or_default().push(ix);
    }

    /// A data store appeared, changed or disappeared: drop the access edges that named it and add
    /// those the indexed policy patterns now give.
    fn rederive_store_access(&mut self, store: NodeIx, was_store: bool, is_store: bool) {
        let fresh = if is_store {
            self.decide_store_access(store)
        } else {
            Vec::new()
        };
        let stale: Vec<EdgeIx> = if was_store {
            self.nodes[store.index()]
                .inc
                .iter()
                .copied()
                .filter(|&e| {
                    matches!(
                        self.edge(e).map(|e| e.origin),
                        Some(Origin::Derived {
                            rule: DeriveRule::Access,
                            ..
                        })
                    )
                })
                .collect()
        } else {
            Vec::new()
        };
        if was_store && is_store && stale.len() == fresh.len() {
            // Unchanged decisions leave the edges (and the architectures) as they are.
            let mut a: Vec<(NodeIx, NodeIx, EdgeKind, &str)> = stale
                .iter()
                .filter_map(|&e| self.edge(e))
                .filter_map(|e| match e.origin {
                    Origin::Derived { owner, .. } => Some((owner, e.from, e.kind, &*e.evidence)),
                    Origin::Declared => None,
                })
                .collect();
            let mut b: Vec<(NodeIx, NodeIx, EdgeKind, &str)> = fresh
                .iter()
                .filter_map(|(owner, d)| match d.from {
                    derive::End::Node(from) => Some((*owner, from, d.kind, d.evidence.as_str())),
                    derive::End::Id(_) => None,
                })
                .collect();
            a.sort_unstable();
            b.sort_unstable();
            if a == b && a.len() == stale.len() {
                return;
            }
        }
        for e in stale {
            if let Some(edge) = self.remove_edge(e)
                && let Origin::Derived { owner, .. } = edge.origin
                && let Some(list) = self.owned.get_mut(&(owner, Facet::Access))
                && let Some(p) = list.iter().position(|&x| x == e)
            {
                list.swap_remove(p);
            }
        }
        if was_store && !is_store {
            self.derive_index
                .forget_store(self.id(store).clone(), store);
        }
        if is_store && !was_store {
            self.derive_index.index_store(self.id(store).clone(), store);
        }
        for (owner, d) in fresh {
            self.add_derived(owner, d);
        }
    }

    /// The access edges into a data store: from the roles whose indexed patterns name it and the
    /// roles its resource policy names, each decided by the IAM engine.
    fn decide_store_access(&self, store: NodeIx) -> Vec<(NodeIx, DerivedEdge)> {
        let mut edges = Vec::new();
        let account = self.resource(store).map_or("", |r| r.account.as_str());
        let region = self.resource(store).and_then(derive::access::store_region);
        let mut candidates = self.derive_index.candidates_for_store(self.id(store));
        // Roles the store's resource policy names (a bucket policy may grant a role what its own
        // policies do not).
        for arn in self.iam.roles_named_by(self.id(store).as_str()) {
            if let Some(role) = self.find_str(&arn)
                && self.kind(role) == Some(ResourceKind::IamRole)
            {
                candidates.entry(role).or_default();
            }
        }
        for (role, objects) in candidates {
            if let Some(mut caller) = derive::access::Caller::new(&self.iam, self.id(role).as_str())
            {
                for d in caller.decide(
                    role,
                    derive::End::Node(store),
                    self.id(store).as_str(),
                    account,
                    region,
                    &objects,
                ) {
                    edges.push((role, d));
                }
            }
        }
        edges
    }
}

/// Build order: managed policies, then data stores, then everything else.
fn build_rank(kind: ResourceKind) -> u8 {
    if kind == ResourceKind::IamPolicy {
        0
    } else if kind.is_data_store() {
        1
    } else {
        2
    }
}

impl Graph {
    /// The IAM engine's access model of the graph's estate (the one trust and access edges are
    /// decided on), for analyses that ask the engine more questions, e.g. privilege escalation
    /// ([`nephos_iam::AccessModel::escalation`]) without building a second model.
    pub fn access_model(&self) -> &nephos_iam::AccessModel {
        self.iam.model()
    }
}

/// Every region a request of the access derivation may name (`aws:RequestedRegion`): the regions
/// of the indexed data stores (every store the access table asks about,
/// [`derive::access::store_region`]) and `us-east-1` (where a request with no known region is
/// sent).
fn request_regions(
    nodes: &[NodeSlot],
    index: &derive::DeriveIndex,
) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::from(["us-east-1".to_owned()]);
    for n in index.all_stores() {
        if let Some(region) = nodes
            .get(n.index())
            .and_then(|slot| slot.resource.as_ref())
            .and_then(derive::access::store_region)
            && !out.contains(region)
        {
            out.insert(region.to_owned());
        }
    }
    out
}
