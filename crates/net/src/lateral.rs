//! Lateral movement: from a resource an attacker holds (an internet-exposed instance), which
//! databases, instances and ECS tasks on the same or a peered VPC accept a TCP connection from it,
//! as [`NetworkModel::reach`] decides between two resources (security groups both ways, network
//! ACLs, routes, peering), with the rules that let it through.
//!
//! Bounded: candidates are only the interfaces of the source's own VPCs and of the VPCs peered
//! with them (found through an index built once per call), at most `max_targets` moves are kept
//! per source (databases first, then by id) and at most `4 × max_targets` candidates are decided
//! per source. Answers are shared between interfaces of the same equivalence class (same subnet,
//! security groups and addressing) on both ends: the decision is made once on a representative
//! pair, so a rule that names one private address (`/32`) is decided on the representative's
//! address. Never all pairs of the estate.

use std::collections::{BTreeSet, HashMap};

use nephos_model::{ResourceId, ResourceKind};
use serde::Serialize;

use crate::model::{NetworkModel, Role};
use crate::reach::{Endpoint, ReachQuery};
use crate::traffic::Protocol;

/// One network hop an attacker holding `from` can take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LateralMove {
    /// The resource held.
    pub from: String,
    /// The resource it can open a connection to.
    pub to: String,
    /// The target's kind.
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

/// What a decided (source class, target class) pair gave.
type Decided = Option<(Vec<[u16; 2]>, Vec<String>, Vec<String>)>;

impl NetworkModel<'_> {
    /// The lateral moves from each of `sources` (see the module doc for the bounds), sorted by
    /// source then target.
    pub fn lateral_moves<'q>(
        &self,
        sources: impl IntoIterator<Item = &'q ResourceId>,
        max_targets: usize,
    ) -> Vec<LateralMove> {
        // VPC → candidate interfaces (databases, instances and ECS tasks), and VPC → its peers.
        let mut by_vpc: HashMap<&str, Vec<u32>> = HashMap::new();
        for (i, iface) in self.interfaces.iter().enumerate() {
            let candidate = match iface.role {
                Role::Database { .. } => true,
                Role::Compute => matches!(
                    iface.owner_kind,
                    ResourceKind::Instance | ResourceKind::EcsTask
                ),
                Role::Lambda | Role::ServiceManaged => false,
            };
            if candidate && let Ok(i) = u32::try_from(i) {
                by_vpc.entry(iface.vpc_id).or_default().push(i);
            }
        }
        for list in by_vpc.values_mut() {
            list.sort_by_key(|&i| {
                self.interfaces
                    .get(i as usize)
                    .map(|f| (!matches!(f.role, Role::Database { .. }), f.owner.as_str()))
            });
        }
        let vpcs: Vec<&str> = by_vpc.keys().copied().collect();
        let mut cache: HashMap<(u32, u32), Decided> = HashMap::new();
        let mut out = Vec::new();
        let sources: BTreeSet<&ResourceId> = sources.into_iter().collect();
        for from in sources {
            let Some(src_ifaces) = self.interfaces_of.get(from) else {
                continue;
            };
            let Some(src_class) = src_ifaces
                .first()
                .and_then(|&i| self.interfaces.get(i as usize))
                .map(|f| f.class)
            else {
                continue;
            };
            let mut reach_vpcs: BTreeSet<&str> = BTreeSet::new();
            for &i in src_ifaces {
                if let Some(f) = self.interfaces.get(i as usize) {
                    reach_vpcs.insert(f.vpc_id);
                    for v in &vpcs {
                        if *v != f.vpc_id && self.same_or_peered(f.vpc_id, v) {
                            reach_vpcs.insert(v);
                        }
                    }
                }
            }
            let mut seen: BTreeSet<&ResourceId> = BTreeSet::new();
            let mut tried = 0;
            let mut kept = 0;
            'vpcs: for vpc in reach_vpcs {
                for &t in by_vpc.get(vpc).map_or(&[][..], Vec::as_slice) {
                    if kept >= max_targets || tried >= 4 * max_targets {
                        break 'vpcs;
                    }
                    let Some(target) = self.interfaces.get(t as usize) else {
                        continue;
                    };
                    if target.owner == from || !seen.insert(target.owner) {
                        continue;
                    }
                    tried += 1;
                    let decided = cache.entry((src_class, target.class)).or_insert_with(|| {
                        let q = ReachQuery {
                            from: Endpoint::Resource(from.clone()),
                            to: Endpoint::Resource(target.owner.clone()),
                            protocol: Protocol::Tcp,
                            port: None,
                        };
                        let a = self.reach(&q).ok().filter(|a| a.reachable)?;
                        let rules: Vec<String> = a
                            .hops
                            .iter()
                            .filter(|h| h.step != "source" && h.step != "destination")
                            .filter_map(|h| h.rule.clone())
                            .collect();
                        Some((a.ports, rules, a.assumptions))
                    });
                    if let Some((ports, rules, assumptions)) = decided {
                        kept += 1;
                        out.push(LateralMove {
                            from: from.to_string(),
                            to: target.owner.to_string(),
                            to_kind: target.owner_kind,
                            protocol: "tcp".to_owned(),
                            ports: ports.clone(),
                            rules: rules.clone(),
                            assumptions: assumptions.clone(),
                        });
                    }
                }
            }
        }
        out
    }
}
