//! Lateral movement: from resources an attacker holds (internet-exposed instances), which
//! databases, instances and ECS tasks on the same or a peered VPC accept a TCP connection, as
//! [`NetworkModel::reach`] decides between two resources (security groups both ways, network
//! ACLs, routes, peering), with the rules that let it through.
//!
//! Bounded, never all pairs of the estate:
//! - sources are grouped by equivalence class (same subnet, security groups and addressing) and
//!   targets too: each (source class, target class) pair is decided once, on a representative
//!   pair, so a rule that names one private address (`/32`) is decided on the representative's
//!   address;
//! - candidates are only the classes of the source's own VPCs and of the VPCs peered with it;
//! - a cheap necessary condition comes first: the target's security groups must admit the
//!   source's private address or groups on some port ([`NetworkModel::sg_evaluate`]); only pairs
//!   that pass are asked the full [`NetworkModel::reach`] question, at most `4 × max_targets` per
//!   source class;
//! - at most `max_targets` targets are kept per source class (databases first, then by id).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use nephos_model::{ResourceId, ResourceKind};
use serde::Serialize;

use crate::model::{NetworkModel, Role};
use crate::reach::{Endpoint, ReachQuery};
use crate::security_group::Peer;
use crate::traffic::{PortSet, Protocol};

/// One resource in reach of a [`LateralGroup`]'s sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LateralTarget {
    /// The resource that accepts the connection.
    pub to: String,
    /// Its kind.
    pub to_kind: ResourceKind,
    /// Always `tcp`.
    pub protocol: String,
    /// The destination ports that pass (the database's listener port for a database).
    pub ports: Vec<[u16; 2]>,
    /// The rules that allow it, hop by hop (`component#rule`: security group rules both ways,
    /// network ACL entries, routes), as [`crate::ReachAnswer`] names them.
    pub rules: Vec<String>,
    /// Missing data the answer assumed permissively.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<String>,
}

/// Sources of one equivalence class and the targets each of them can open a connection to (a
/// source never targets itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LateralGroup {
    /// The held resources, sorted.
    pub from: Vec<String>,
    /// What they reach.
    pub targets: Vec<LateralTarget>,
}

impl LateralGroup {
    /// The targets of one source of the group (itself left out).
    pub fn targets_of<'g>(&'g self, source: &'g str) -> impl Iterator<Item = &'g LateralTarget> {
        self.targets.iter().filter(move |t| t.to != source)
    }
}

fn candidate(role: Role, kind: ResourceKind) -> bool {
    match role {
        Role::Database { .. } => true,
        Role::Compute => matches!(kind, ResourceKind::Instance | ResourceKind::EcsTask),
        Role::Lambda | Role::ServiceManaged => false,
    }
}

impl NetworkModel<'_> {
    /// The lateral moves from `sources` (see the module doc for the bounds), one group per
    /// source equivalence class, sorted by their first source.
    pub fn lateral_moves<'q>(
        &self,
        sources: impl IntoIterator<Item = &'q ResourceId>,
        max_targets: usize,
    ) -> Vec<LateralGroup> {
        // Target classes: class → candidate interfaces; VPC → classes (databases first).
        let mut members: HashMap<u32, Vec<u32>> = HashMap::new();
        for (i, iface) in self.interfaces.iter().enumerate() {
            if candidate(iface.role, iface.owner_kind)
                && let Ok(i) = u32::try_from(i)
            {
                members.entry(iface.class).or_default().push(i);
            }
        }
        let mut by_vpc: HashMap<&str, Vec<(bool, &str, u32)>> = HashMap::new();
        for (&class, list) in &mut members {
            list.sort_by_key(|&i| self.interfaces.get(i as usize).map(|f| f.owner.as_str()));
            let Some(first) = list.first().and_then(|&i| self.interfaces.get(i as usize)) else {
                continue;
            };
            let is_db = matches!(first.role, Role::Database { .. });
            by_vpc
                .entry(first.vpc_id)
                .or_default()
                .push((!is_db, first.owner.as_str(), class));
        }
        for list in by_vpc.values_mut() {
            list.sort_unstable();
        }
        let vpcs: Vec<&str> = by_vpc.keys().copied().collect();

        // Source classes.
        let mut groups: BTreeMap<u32, Vec<&ResourceId>> = BTreeMap::new();
        for id in sources.into_iter().collect::<BTreeSet<_>>() {
            if let Some(class) = self
                .interfaces_of
                .get(id)
                .and_then(|l| l.first())
                .and_then(|&i| self.interfaces.get(i as usize))
                .map(|f| f.class)
            {
                groups.entry(class).or_default().push(id);
            }
        }
        let mut out = Vec::new();
        for from in groups.into_values() {
            let Some(&rep) = from.first() else { continue };
            let held: BTreeSet<&ResourceId> = from.iter().copied().collect();
            let Some(src) = self
                .interfaces_of
                .get(rep)
                .and_then(|l| l.first())
                .and_then(|&i| self.interfaces.get(i as usize))
            else {
                continue;
            };
            let mut reach_vpcs: Vec<&str> = vpcs
                .iter()
                .copied()
                .filter(|v| self.same_or_peered(src.vpc_id, v))
                .collect();
            reach_vpcs.sort_unstable();
            let src_addr = self.private_addr(src);
            let mut targets: Vec<LateralTarget> = Vec::new();
            let mut seen: BTreeSet<&ResourceId> = BTreeSet::new();
            let mut tried = 0;
            'vpcs: for vpc in reach_vpcs {
                for &(_, _, class) in by_vpc.get(vpc).map_or(&[][..], Vec::as_slice) {
                    if targets.len() >= max_targets || tried >= 4 * max_targets {
                        break 'vpcs;
                    }
                    let list = members.get(&class).map_or(&[][..], Vec::as_slice);
                    // The representative: an interface of the class that is not a source's.
                    let Some(target) = list
                        .iter()
                        .filter_map(|&i| self.interfaces.get(i as usize))
                        .find(|f| !held.contains(f.owner))
                    else {
                        continue;
                    };
                    // Necessary: the target's groups admit the source on some port.
                    let ports = match target.role {
                        Role::Database { port: Some(p) } => PortSet::single(p),
                        _ => PortSet::full(),
                    };
                    if let Some(addr) = src_addr {
                        let peer = Peer {
                            addr,
                            groups: &src.sgs,
                            groups_visible: true,
                        };
                        if self
                            .sg_evaluate(&target.sgs, false, Protocol::Tcp, &peer, &ports)
                            .is_empty()
                        {
                            continue;
                        }
                    }
                    tried += 1;
                    let q = ReachQuery {
                        from: Endpoint::Resource(rep.clone()),
                        to: Endpoint::Resource(target.owner.clone()),
                        protocol: Protocol::Tcp,
                        port: None,
                    };
                    let Some(answer) = self.reach(&q).ok().filter(|a| a.reachable) else {
                        continue;
                    };
                    let rules: Vec<String> = answer
                        .hops
                        .iter()
                        .filter(|h| h.step != "source" && h.step != "destination")
                        .filter_map(|h| h.rule.clone())
                        .collect();
                    for f in list.iter().filter_map(|&i| self.interfaces.get(i as usize)) {
                        if targets.len() >= max_targets {
                            break;
                        }
                        if !seen.insert(f.owner) {
                            continue;
                        }
                        targets.push(LateralTarget {
                            to: f.owner.to_string(),
                            to_kind: f.owner_kind,
                            protocol: "tcp".to_owned(),
                            ports: answer.ports.clone(),
                            rules: rules.clone(),
                            assumptions: answer.assumptions.clone(),
                        });
                    }
                }
            }
            if !targets.is_empty() {
                out.push(LateralGroup {
                    from: from.iter().map(|r| r.to_string()).collect(),
                    targets,
                });
            }
        }
        out.sort_by(|a, b| a.from.cmp(&b.from));
        out
    }
}
