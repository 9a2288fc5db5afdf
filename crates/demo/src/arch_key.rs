//! The architecture answer key: the applications the generator builds and how it wires them
//! together, read from the plan (what it decided to build), never from an analysis of the output.
//!
//! - Every planned VPC hosts the applications the plan gave it (web tiers, ECS services, Lambda
//!   pipelines). A pipeline's `ingest` and `notifier` functions (and its `legacy-export` outlier)
//!   run outside any VPC and reach the VPC through the `jobs` queue its in-VPC `worker` reads; an
//!   ECS service runs in its VPC on the region's shared cluster.
//! - VPCs joined by a planned peering form one application group (cross-account and
//!   inter-region), except through the peering hub: the shared network (or logging) account's VPC
//!   that every workload account peers with is shared infrastructure, not glue, when at least
//!   three workload VPCs peer with it (with two, it and its spokes are one group); so is the
//!   region's ECS cluster when services of several groups run on it.
//!
//! One [`ArchitectureLabel`] per group: its seeds (the VPCs, the out-of-VPC functions, the cluster
//! when only this group uses it), the applications it hosts with the name and owner tags the
//! generator writes on them, and the shared dependencies it uses.

use std::collections::{BTreeMap, BTreeSet};

use crate::labels::{AppLabel, ArchitectureLabel};
use crate::plan::{AccountPlan, AppKind, Plan};

/// A VPC as the key names it: (account index, region, vpc id).
type VpcKey = (usize, &'static str, String);

fn vpc_arn(acct: &AccountPlan, region: &str, vpc: &str) -> String {
    format!("arn:aws:ec2:{region}:{}:vpc/{vpc}", acct.id)
}

fn cluster_arn(acct: &AccountPlan, region: &str) -> String {
    format!(
        "arn:aws:ecs:{region}:{}:cluster/{}-cluster",
        acct.id,
        acct.env.tag()
    )
}

fn function_arn(acct: &AccountPlan, region: &str, name: &str) -> String {
    format!("arn:aws:lambda:{region}:{}:function:{name}", acct.id)
}

/// The peering hub: the first VPC (first region) of the hub account, when workload accounts peer
/// with it.
fn hubs(plan: &Plan) -> BTreeSet<VpcKey> {
    let mut out = BTreeSet::new();
    let Some(acct) = plan.accounts.get(plan.peering_hub) else {
        return out;
    };
    let Some(region) = acct.regions.first() else {
        return out;
    };
    let Some(vpc) = region.vpcs.first() else {
        return out;
    };
    let key = (plan.peering_hub, region.name, vpc.id.clone());
    let side = |s: &crate::plan::PeerSide| (s.account, s.region, s.vpc_id.clone());
    let peerings = plan
        .peerings
        .iter()
        .filter(|p| side(&p.requester) == key || side(&p.accepter) == key)
        .count();
    // Below HUB_PEERINGS the hub's peerings join its spokes and it: the rule an analysis follows
    // (docs/output-architectures.md), not a property of AWS (peering is not transitive).
    if peerings >= HUB_PEERINGS {
        out.insert(key);
    }
    out
}

/// How many peerings make the hub VPC a hub rather than glue (the hub threshold of
/// docs/output-architectures.md): with fewer spokes (two workload accounts) the hub and its
/// spokes are one group.
const HUB_PEERINGS: usize = 3;

/// The architecture answer key of a plan.
pub(crate) fn architectures(plan: &Plan) -> Vec<ArchitectureLabel> {
    // Every planned VPC, and the group it belongs to (union-find over peerings, hubs excluded).
    let mut vpcs: Vec<VpcKey> = Vec::new();
    for (a, acct) in plan.accounts.iter().enumerate() {
        for region in &acct.regions {
            for v in &region.vpcs {
                vpcs.push((a, region.name, v.id.clone()));
            }
        }
    }
    let index: BTreeMap<&VpcKey, usize> = vpcs.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let mut parent: Vec<usize> = (0..vpcs.len()).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let hubs = hubs(plan);
    for p in &plan.peerings {
        let a = (
            p.requester.account,
            p.requester.region,
            p.requester.vpc_id.clone(),
        );
        let b = (
            p.accepter.account,
            p.accepter.region,
            p.accepter.vpc_id.clone(),
        );
        if hubs.contains(&a) || hubs.contains(&b) {
            continue;
        }
        if let (Some(&x), Some(&y)) = (index.get(&a), index.get(&b)) {
            let (rx, ry) = (find(&mut parent, x), find(&mut parent, y));
            if rx != ry {
                parent[rx.max(ry)] = rx.min(ry);
            }
        }
    }
    // Which groups use each region's cluster.
    let mut cluster_groups: BTreeMap<(usize, &'static str), BTreeSet<usize>> = BTreeMap::new();
    for (i, (a, region, vid)) in vpcs.iter().enumerate() {
        let Some(v) = plan.accounts[*a]
            .regions
            .iter()
            .find(|r| r.name == *region)
            .and_then(|r| r.vpcs.iter().find(|v| &v.id == vid))
        else {
            continue;
        };
        if v.apps.iter().any(|app| app.kind == AppKind::EcsService) {
            let g = find(&mut parent, i);
            cluster_groups.entry((*a, region)).or_default().insert(g);
        }
    }
    let mut groups: BTreeMap<usize, ArchitectureLabel> = BTreeMap::new();
    for (i, (a, region, vid)) in vpcs.iter().enumerate() {
        let g = find(&mut parent, i);
        let acct = &plan.accounts[*a];
        let Some((vi, v)) = acct
            .regions
            .iter()
            .find(|r| r.name == *region)
            .and_then(|r| r.vpcs.iter().enumerate().find(|(_, v)| &v.id == vid))
        else {
            continue;
        };
        let entry = groups.entry(g).or_default();
        entry.seeds.push(vpc_arn(acct, region, vid));
        entry.vpc_names.push(format!(
            "{}-{}-vpc{}",
            acct.name,
            region,
            if vi == 0 {
                String::new()
            } else {
                format!("-{}", v.octet)
            }
        ));
        if hubs.contains(&(*a, *region, vid.clone())) {
            entry.peering_hub = true;
        }
        for app in &v.apps {
            entry.applications.push(AppLabel {
                name: app.name.clone(),
                owner: app.team.to_owned(),
                kind: match app.kind {
                    AppKind::WebTier => "web_tier",
                    AppKind::EcsService => "ecs_service",
                    AppKind::Pipeline => "pipeline",
                }
                .to_owned(),
                account: acct.id.clone(),
                region: (*region).to_owned(),
            });
            match app.kind {
                AppKind::Pipeline => {
                    let mut fns = vec!["ingest", "notifier"];
                    if app.outlier {
                        fns.push("legacy-export");
                    }
                    for f in fns {
                        entry
                            .seeds
                            .push(function_arn(acct, region, &format!("{}-{f}", app.name)));
                    }
                }
                AppKind::EcsService => {
                    let cluster = cluster_arn(acct, region);
                    let shared = cluster_groups
                        .get(&(*a, *region))
                        .is_some_and(|gs| gs.len() > 1);
                    if shared {
                        entry.shared.push(cluster);
                    } else {
                        entry.seeds.push(cluster);
                    }
                }
                AppKind::WebTier => {}
            }
        }
    }
    // Peered hubs are shared by the groups peered with them.
    for p in &plan.peerings {
        for (hub, spoke) in [(&p.requester, &p.accepter), (&p.accepter, &p.requester)] {
            let hk = (hub.account, hub.region, hub.vpc_id.clone());
            let sk = (spoke.account, spoke.region, spoke.vpc_id.clone());
            if hubs.contains(&hk)
                && let Some(&s) = index.get(&sk)
            {
                let g = find(&mut parent, s);
                let arn = vpc_arn(&plan.accounts[hub.account], hub.region, &hub.vpc_id);
                if let Some(entry) = groups.get_mut(&g) {
                    entry.shared.push(arn);
                }
            }
        }
    }
    let mut out: Vec<ArchitectureLabel> = groups
        .into_values()
        .map(|mut l| {
            l.seeds.sort();
            l.seeds.dedup();
            l.shared.sort();
            l.shared.dedup();
            l
        })
        .collect();
    out.sort_by(|a, b| a.seeds.cmp(&b.seeds));
    for (i, l) in out.iter_mut().enumerate() {
        l.id = format!("application-group-{}", i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DemoOptions;
    use crate::plan::plan;

    /// The groups holding the hub account's VPC that the workload accounts peer with, and how many
    /// peerings that VPC has.
    fn hub_group(p: &Plan) -> (usize, Vec<ArchitectureLabel>) {
        let acct = &p.accounts[p.peering_hub];
        let region = &acct.regions[0];
        let vpc = &region.vpcs[0];
        let spokes = p.peerings_of(&vpc.id).count();
        let arn = vpc_arn(acct, region.name, &vpc.id);
        let groups = architectures(p)
            .into_iter()
            .filter(|g| g.seeds.contains(&arn))
            .collect();
        (spokes, groups)
    }

    #[test]
    fn a_hub_with_three_spokes_is_shared_and_one_with_two_joins_them() {
        let mut seen = (false, false);
        for accounts in [4, 5, 8, 12] {
            let p = plan(&DemoOptions {
                accounts,
                resources: 5_000,
                ..DemoOptions::default()
            });
            let (spokes, groups) = hub_group(&p);
            let [g] = &groups[..] else {
                panic!("{accounts} accounts: hub VPC in {} groups", groups.len());
            };
            let vpcs = g.seeds.iter().filter(|s| s.contains(":vpc/")).count();
            if spokes >= HUB_PEERINGS {
                seen.0 = true;
                assert!(g.peering_hub, "{accounts} accounts, {spokes} spokes");
                assert_eq!(vpcs, 1, "{accounts} accounts: the hub alone");
                let sharing = architectures(&p)
                    .iter()
                    .filter(|o| o.shared.iter().any(|s| g.seeds.contains(s)))
                    .count();
                assert!(sharing >= HUB_PEERINGS, "{accounts} accounts: {sharing}");
            } else {
                seen.1 = true;
                assert!(!g.peering_hub, "{accounts} accounts, {spokes} spokes");
                assert!(
                    vpcs > spokes,
                    "{accounts} accounts: hub and spokes together"
                );
            }
        }
        assert_eq!(seen, (true, true), "both a hub and a two-spoke hub planned");
    }
}
