//! Edges the import does not state, derived from resources' configuration.
//!
//! Each derivation reads the configuration of one *owner* resource and returns edges; the graph
//! re-runs it whenever the owner changes (and, for access, when a managed policy the owner attaches
//! or a data store its policies name changes). Trust and access are decided by the IAM engine
//! (`nephos_iam`) over the model in `iam`, which the graph updates in place when an IAM-relevant
//! resource changes; it then re-derives only the trust edges of the roles naming the principals
//! whose permissions changed, the access of those principals, and the access into data stores
//! whose resource policy or RCPs changed (see the `iam` module).
//!
//! - [`trust`]: principal → role, from the IAM engine's assume-role graph;
//! - [`access`]: role → data store, candidates from an index of the role's resource patterns,
//!   each decided by the IAM engine;
//! - [`triggers`]: bucket notifications, topic subscriptions, event source mappings, a function's
//!   resource policy;
//! - [`placement`]: a function's / task's / service's subnets.

pub mod access;
pub(crate) mod iam;
pub mod placement;
pub(crate) mod policy;
pub mod triggers;
pub mod trust;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use nephos_model::{Properties, ResourceId};

use crate::edge::{DeriveRule, EdgeKind};
use crate::graph::{Graph, NodeIx};

pub(crate) use access::PatternRef;

/// One end of a derived edge: a node already known, or an id (a placeholder is made if needed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum End {
    Node(NodeIx),
    Id(ResourceId),
}

/// A derived edge before it is added to the graph.
#[derive(Debug, Clone)]
pub(crate) struct DerivedEdge {
    pub(crate) from: End,
    pub(crate) to: End,
    pub(crate) kind: EdgeKind,
    pub(crate) evidence: String,
    pub(crate) rule: DeriveRule,
}

/// What deriving one owner yields.
#[derive(Debug, Default)]
pub(crate) struct DeriveOutput {
    pub(crate) edges: Vec<DerivedEdge>,
    pub(crate) problems: Vec<String>,
    /// For a role: its resource patterns, indexed so new data stores find the roles naming them.
    pub(crate) patterns: Vec<PatternRef>,
    /// For a role: the managed policies it attaches.
    pub(crate) attached_policies: Vec<ResourceId>,
}

/// The parts of an owner's derived edges that are re-derived separately: a role's trust edges
/// change with other principals' permissions, its access edges with data stores and policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Facet {
    /// Triggers and placement (every kind but roles).
    Config,
    /// A role's trust edges.
    Trust,
    /// A role's access edges.
    Access,
}

impl Facet {
    /// Every facet.
    pub(crate) const ALL: [Facet; 3] = [Facet::Config, Facet::Trust, Facet::Access];

    /// The facet of a derivation rule.
    pub(crate) fn of(rule: crate::edge::DeriveRule) -> Self {
        match rule {
            DeriveRule::Trust => Self::Trust,
            DeriveRule::Access => Self::Access,
            _ => Self::Config,
        }
    }
}

/// A role's access decided again on its indexed resource patterns, its documents unchanged.
pub(crate) fn redecide_access<'g>(
    graph: &'g Graph,
    role: NodeIx,
    only: Option<&'g std::collections::BTreeSet<&'static str>>,
    request: &mut Option<nephos_iam::Request>,
) -> DeriveOutput {
    let mut out = DeriveOutput::default();
    if matches!(
        graph.resource(role).map(|r| &r.props),
        Some(Properties::IamRole(_))
    ) {
        let patterns = graph.derive_index.patterns_of(role);
        access::decide_all(graph, role, &patterns, only, request, &mut out);
    }
    out
}

/// Runs the derivations of one facet of `owner`'s configuration.
pub(crate) fn derive_owner(graph: &Graph, owner: NodeIx, facet: Facet) -> DeriveOutput {
    let mut out = DeriveOutput::default();
    let Some(resource) = graph.resource(owner) else {
        return out;
    };
    match (&resource.props, facet) {
        (Properties::IamRole(_), Facet::Trust) => {
            trust::derive(owner, &resource.id, &graph.iam, &mut out);
        }
        (Properties::IamRole(role), Facet::Access) => access::derive(graph, owner, role, &mut out),
        (_, Facet::Trust | Facet::Access) => {}
        (Properties::Bucket(bucket), _) => triggers::bucket(owner, bucket, &mut out),
        (Properties::Topic(topic), _) => triggers::topic(owner, topic, &mut out),
        (Properties::EventSourceMapping(esm), _) => triggers::event_source_mapping(esm, &mut out),
        (Properties::LambdaFunction(f), _) => {
            triggers::function_policy(owner, f, &mut out);
            placement::function(owner, resource, f, &mut out);
        }
        (Properties::EcsTask(t), _) => placement::task(owner, resource, t, &mut out),
        (Properties::EcsService(s), _) => placement::service(owner, resource, s, &mut out),
        _ => {}
    }
    out
}

/// Lookups the derivations need across resources: data stores by name, policy patterns by
/// literal prefix, and which roles attach which managed policy.
#[derive(Debug, Default)]
pub(crate) struct DeriveIndex {
    /// (service, name) of each data store → its nodes (several regions or accounts may share a name).
    stores: BTreeMap<(String, String), Vec<NodeIx>>,
    /// service → literal name prefix → patterns.
    patterns: HashMap<String, HashMap<String, Vec<PatternRef>>>,
    /// role → the (service, prefix) keys its patterns are filed under.
    role_keys: HashMap<NodeIx, Vec<(String, String)>>,
    /// managed policy id → roles attaching it.
    policy_users: HashMap<ResourceId, BTreeSet<NodeIx>>,
    /// role → managed policies it attaches.
    role_policies: HashMap<NodeIx, Vec<ResourceId>>,
}

impl DeriveIndex {
    /// Roles that attach the managed policy `policy`.
    pub(crate) fn roles_attaching(&self, policy: &ResourceId) -> Vec<NodeIx> {
        self.policy_users
            .get(policy)
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default()
    }

    /// The resource patterns indexed for `role`.
    pub(crate) fn patterns_of(&self, role: NodeIx) -> Vec<&PatternRef> {
        let mut out = Vec::new();
        for (svc, prefix) in self.role_keys.get(&role).into_iter().flatten() {
            if let Some(list) = self.patterns.get(svc).and_then(|m| m.get(prefix)) {
                out.extend(list.iter().filter(|p| p.role == role));
            }
        }
        out
    }

    /// Replaces what is indexed for `role`.
    pub(crate) fn set_role(
        &mut self,
        role: NodeIx,
        patterns: Vec<PatternRef>,
        attached: Vec<ResourceId>,
    ) {
        if let Some(keys) = self.role_keys.remove(&role) {
            for (svc, prefix) in keys {
                if let Some(by_prefix) = self.patterns.get_mut(&svc) {
                    if let Some(list) = by_prefix.get_mut(&prefix) {
                        list.retain(|p| p.role != role);
                        if list.is_empty() {
                            by_prefix.remove(&prefix);
                        }
                    }
                    if by_prefix.is_empty() {
                        self.patterns.remove(&svc);
                    }
                }
            }
        }
        if let Some(old) = self.role_policies.remove(&role) {
            for p in old {
                if let Some(users) = self.policy_users.get_mut(&p) {
                    users.remove(&role);
                    if users.is_empty() {
                        self.policy_users.remove(&p);
                    }
                }
            }
        }
        if !patterns.is_empty() {
            let mut keys = Vec::with_capacity(patterns.len());
            for p in patterns {
                let key = (p.service.clone(), p.prefix.clone());
                self.patterns
                    .entry(key.0.clone())
                    .or_default()
                    .entry(key.1.clone())
                    .or_default()
                    .push(p);
                keys.push(key);
            }
            keys.sort();
            keys.dedup();
            self.role_keys.insert(role, keys);
        }
        if !attached.is_empty() {
            for p in &attached {
                self.policy_users.entry(p.clone()).or_default().insert(role);
            }
            self.role_policies.insert(role, attached);
        }
    }

    pub(crate) fn index_store(&mut self, id: ResourceId, node: NodeIx) {
        if let Some(key) = access::store_key(id.as_str()) {
            let list = self.stores.entry(key).or_default();
            if !list.contains(&node) {
                list.push(node);
            }
        }
    }

    pub(crate) fn forget_store(&mut self, id: ResourceId, node: NodeIx) {
        if let Some(key) = access::store_key(id.as_str())
            && let Some(list) = self.stores.get_mut(&key)
        {
            list.retain(|&n| n != node);
            if list.is_empty() {
                self.stores.remove(&key);
            }
        }
    }

    /// Every indexed data store (those of the services the access table asks about).
    pub(crate) fn all_stores(&self) -> impl Iterator<Item = NodeIx> + '_ {
        self.stores.values().flatten().copied()
    }

    /// Data stores of `service` whose name starts with `prefix`.
    pub(crate) fn stores_with_prefix<'a>(
        &'a self,
        service: &'a str,
        prefix: &'a str,
    ) -> impl Iterator<Item = NodeIx> + 'a {
        self.stores
            .range((service.to_owned(), prefix.to_owned())..)
            .take_while(move |((s, n), _)| s == service && n.starts_with(prefix))
            .flat_map(|(_, nodes)| nodes.iter().copied())
    }

    /// The roles whose indexed patterns name a newly indexed store, each with the S3 object parts
    /// those patterns name (candidates for the IAM engine to decide).
    pub(crate) fn candidates_for_store(&self, id: &ResourceId) -> BTreeMap<NodeIx, Vec<String>> {
        let mut out: BTreeMap<NodeIx, Vec<String>> = BTreeMap::new();
        let Some((svc, name)) = access::store_key(id.as_str()) else {
            return out;
        };
        let Some(by_prefix) = self.patterns.get(&svc) else {
            return out;
        };
        for (i, _) in name.char_indices().skip(1).chain([(name.len(), ' ')]) {
            let Some(prefix) = name.get(..i) else {
                continue;
            };
            if let Some(list) = by_prefix.get(prefix) {
                for p in list {
                    if p.matches(id.as_str()) {
                        let objects = out.entry(p.role).or_default();
                        if let Some(o) = &p.object {
                            objects.push(o.clone());
                        }
                    }
                }
            }
        }
        out
    }
}
