//! Outlier model, risk scoring and attack paths.
//!
//! This crate owns:
//! - [`features`]: feature extraction per resource and peer groups (same kind in the same
//!   architecture, falling back to the account, then the estate);
//! - [`outliers`]: nephos's own deterministic outlier model, whose score decomposes into reasons a
//!   person can check, and its evaluation measures (ROC-AUC, precision at k);
//! - [`paths`]: attack paths from entry points (internet exposures from `net`, other accounts,
//!   compromised users) over graph edges (load balancing, instance profiles, roles, assume-role,
//!   data access) to crown jewels (sensitive data, administrator access), with evidence per step;
//! - [`privilege`]: administrators and privilege escalation as the IAM engine decides them (the
//!   graph's access model), filed by inventory position;
//! - [`score`]: the documented risk formula with a factor breakdown for every asset, and finding
//!   priorities that account for the asset's context;
//! - [`architectures`]: aggregation of asset risk to architectures.
//!
//! [`analyse`] runs them all over results the other stages computed. This crate must NOT read
//! files, decide reachability (it reads `net`'s exposures and lateral moves), re-implement IAM
//! evaluation (it asks the IAM engine, through the graph's model) or checks
//! (it reads the graph's edges and `checks`' findings), or know output formats (`report` renders).

pub mod architectures;
pub mod features;
pub mod outliers;
pub mod paths;
pub mod privilege;
pub mod score;

use std::collections::{BTreeSet, HashMap};

use nephos_checks::Finding;
use nephos_graph::Graph;
use nephos_model::{Inventory, Resource, ResourceKind};
use nephos_net::ExposureReport;
use serde::Serialize;

pub use architectures::ArchitectureRisk;
pub use outliers::OutlierScore;
pub use paths::AttackPath;
pub use score::{AssetRisk, Factor, RankedFinding};

/// Everything the risk stage found.
#[derive(Debug, Clone, Serialize)]
pub struct RiskReport {
    /// Architectures, risky first then by score.
    pub architectures: Vec<ArchitectureRisk>,
    /// Assets with some factor besides criticality (exposure, findings, privilege, sensitive
    /// data, outlier), riskiest first.
    pub assets: Vec<AssetRisk>,
    /// Attack paths, best first.
    pub attack_paths: Vec<AttackPath>,
    /// Resources scoring at least [`outliers::THRESHOLD`], oddest first.
    pub outliers: Vec<OutlierScore>,
    /// Open failed findings by priority.
    pub findings: Vec<RankedFinding>,
}

/// The feature table and the outlier score of every compared resource (feature-row order).
pub fn outlier_scores(
    inventory: &Inventory,
    graph: &Graph,
) -> (features::FeatureTable, Vec<OutlierScore>) {
    let resources: Vec<&Resource> = inventory.resources().iter().collect();
    outlier_scores_in(&resources, graph, &graph.architectures())
}

/// [`outlier_scores`] over `resources` (feature rows' positions index it) with the graph's
/// architectures already computed.
pub fn outlier_scores_in(
    resources: &[&Resource],
    graph: &Graph,
    architectures: &[nephos_graph::Architecture],
) -> (features::FeatureTable, Vec<OutlierScore>) {
    let positions: HashMap<&str, usize> = resources
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut architecture_of = HashMap::new();
    let mut names = Vec::with_capacity(architectures.len());
    for (a, arch) in architectures.iter().enumerate() {
        names.push(arch.name.clone());
        for m in &arch.members {
            if let Some(&p) = positions.get(m.as_str()) {
                architecture_of.entry(p).or_insert(a);
            }
        }
    }
    let table = features::extract(resources, graph, &architecture_of, &names);
    let scores = outliers::score(resources, &table);
    (table, scores)
}

/// Runs outliers, attack paths, scores and architecture aggregation over the results of the
/// earlier stages: the inventory's graph, `net`'s exposures and `checks`' findings.
pub fn analyse(
    inventory: &Inventory,
    graph: &Graph,
    exposures: &ExposureReport,
    findings: &[Finding],
) -> RiskReport {
    let resources: Vec<&Resource> = inventory.resources().iter().collect();
    analyse_in(
        &resources,
        graph,
        &graph.architectures(),
        exposures,
        &[],
        findings,
    )
}

/// [`analyse`] with the graph's architectures already computed (the caller reuses them, e.g. to
/// draw diagrams, instead of computing them twice) and `net`'s lateral moves from the exposed
/// resources ([`nephos_net::NetworkModel::lateral_moves`]), which become attack-path hops.
///
/// `resources` are the estate's resources in any order, borrowed from wherever they live (an
/// [`Inventory`], or the graph itself when the caller moved the inventory into it with
/// [`Graph::from_inventory`] to avoid holding two copies).
pub fn analyse_in(
    resources: &[&Resource],
    graph: &Graph,
    graph_architectures: &[nephos_graph::Architecture],
    exposures: &ExposureReport,
    lateral: &[nephos_net::LateralGroup],
    findings: &[Finding],
) -> RiskReport {
    let positions: HashMap<&str, usize> = resources
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    // Outliers.
    let (table, scores) = outlier_scores_in(resources, graph, graph_architectures);
    let mut outlier = HashMap::new();
    for (row, s) in table.rows.iter().zip(&scores) {
        if s.score > 0.0 {
            let why = s.reasons.first().cloned().unwrap_or_default();
            outlier.insert(row.position, (s.score, format!("{why} ({})", s.peer_group)));
        }
    }
    // Only the outliers are reported: free the feature table and the other scores now, before
    // the attack paths and the asset scores allocate theirs.
    drop(table);
    let mut outliers: Vec<OutlierScore> = scores
        .into_iter()
        .filter(|s| s.score >= outliers::THRESHOLD)
        .collect();
    outliers.shrink_to_fit();
    // Exposure per position: direct 1.0, through a load balancer 0.6.
    let mut exposure: HashMap<usize, (f64, String)> = HashMap::new();
    for e in &exposures.exposures {
        let Some(&p) = positions.get(e.resource.as_str()) else {
            continue;
        };
        let (v, why) = match &e.through {
            Some(t) => {
                let (lb, port) = t.rsplit_once(':').unwrap_or((t.as_str(), ""));
                let name = positions
                    .get(lb)
                    .and_then(|&i| resources.get(i))
                    .map_or(lb, |r| r.name.as_str());
                (
                    0.6,
                    format!(
                        "reachable from the internet through load balancer `{name}` (listener {port}) on {} {}",
                        e.protocol,
                        paths::port_text(&e.ports)
                    ),
                )
            }
            None => (
                1.0,
                format!(
                    "reachable from the internet on {} {}",
                    e.protocol,
                    paths::port_text(&e.ports)
                ),
            ),
        };
        if exposure.get(&p).is_none_or(|old| v > old.0) {
            exposure.insert(p, (v, why));
        }
    }
    // Administrators and escalations (the IAM engine), sensitive data stores.
    let privilege = privilege::privilege(resources, graph);
    let mut sensitive = HashMap::new();
    for (i, r) in resources.iter().enumerate() {
        if r.kind.is_data_store()
            && let Some((_, why)) = paths::crown_jewel(r, &privilege.admins, i)
        {
            sensitive.insert(i, why);
        }
    }
    // Attack paths.
    let attack_paths =
        paths::attack_paths_in(resources, graph, exposures, findings, &privilege, lateral);
    let mut on_path: HashMap<usize, f64> = HashMap::new();
    for p in &attack_paths {
        for s in &p.steps {
            if let Some(&i) = positions.get(s.as_str()) {
                let best = on_path.entry(i).or_insert(0.0);
                *best = best.max(p.score);
            }
        }
    }
    let signals = score::Signals {
        exposure: &exposure,
        outlier: &outlier,
        on_path: &on_path,
        privilege: &privilege,
        sensitive: &sensitive,
    };
    let (assets, ranked) = score::score_assets(resources, graph, findings, &signals);
    let architectures =
        architectures::aggregate(graph_architectures, &assets, &attack_paths, &ranked);
    let mut assets = assets;
    assets.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.resource.cmp(&b.resource))
    });
    outliers.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.resource.cmp(&b.resource))
    });
    RiskReport {
        architectures,
        assets,
        attack_paths,
        outliers,
        findings: ranked,
    }
}

/// The outlier feature matrix as CSV text (one row per compared resource: id, kind, peer group,
/// then every categorical feature as a per-peer-group frequency in `[0, 1]` and every numeric
/// feature as a per-peer-group robust z-score; missing tag keys are summarised as the share of the
/// group's common keys (≥ 80%) the resource lacks, rare keys as the count of keys ≤ 10% of peers
/// carry), followed by the nephos score. The same numbers nephos's model reads, so other detectors
/// can be compared on them.
pub fn feature_matrix_csv(inventory: &Inventory, graph: &Graph) -> String {
    let (table, scores) = outlier_scores(inventory, graph);
    let resources = inventory.resources();
    let mut header = vec![
        "resource".to_owned(),
        "kind".to_owned(),
        "peer_group".to_owned(),
    ];
    header.extend(features::CATEGORICAL.iter().map(|c| format!("freq_{c}")));
    header.extend(features::NUMERIC.iter().map(|c| format!("z_{c}")));
    header.push("missing_common_tags".to_owned());
    header.push("rare_tags".to_owned());
    header.push("nephos_score".to_owned());
    let mut out = header.join(",");
    out.push('\n');
    let mut lines: Vec<(usize, String)> = Vec::new();
    for group in &table.groups {
        let n = group.reference.len() as f64;
        let reference: Vec<&features::Features> = group
            .reference
            .iter()
            .filter_map(|&i| table.rows.get(i))
            .collect();
        let rows: Vec<&features::Features> = group
            .members
            .iter()
            .filter_map(|&i| table.rows.get(i))
            .collect();
        let mut counts: Vec<HashMap<&str, usize>> =
            vec![HashMap::new(); features::CATEGORICAL.len()];
        let mut keys: HashMap<&str, usize> = HashMap::new();
        for r in &reference {
            for (f, v) in r.categorical.iter().enumerate() {
                if let Some(c) = counts.get_mut(f) {
                    *c.entry(v.as_str()).or_default() += 1;
                }
            }
            for k in &r.tag_keys {
                *keys.entry(k.as_str()).or_default() += 1;
            }
        }
        let common: BTreeSet<&str> = keys
            .iter()
            .filter(|(_, c)| **c as f64 / n >= 0.8)
            .map(|(k, _)| *k)
            .collect();
        let mut med_mad = Vec::new();
        for f in 0..features::NUMERIC.len() {
            let mut v: Vec<f64> = reference
                .iter()
                .filter_map(|r| r.numeric.get(f).copied())
                .filter(|x| x.is_finite())
                .collect();
            v.sort_by(f64::total_cmp);
            let med = v.get(v.len() / 2).copied().unwrap_or(0.0);
            let mut d: Vec<f64> = v.iter().map(|x| (x - med).abs()).collect();
            d.sort_by(f64::total_cmp);
            let mad = d.get(d.len() / 2).copied().unwrap_or(0.0);
            med_mad.push((med, if mad > 0.0 { 1.4826 * mad } else { 1.0 }));
        }
        for (&ri, r) in group.members.iter().zip(&rows) {
            let res = resources.get(r.position);
            let mut cells = vec![
                res.map(|x| x.id.to_string()).unwrap_or_default(),
                res.map_or(ResourceKind::Account.as_str(), |x| x.kind.as_str())
                    .to_owned(),
                format!("\"{}\"", group.label.replace('"', "'")),
            ];
            for (f, v) in r.categorical.iter().enumerate() {
                let c = counts
                    .get(f)
                    .and_then(|c| c.get(v.as_str()))
                    .copied()
                    .unwrap_or(0);
                cells.push(format!("{:.6}", c as f64 / n));
            }
            for (f, (med, scale)) in med_mad.iter().enumerate() {
                let v = r
                    .numeric
                    .get(f)
                    .copied()
                    .filter(|x| x.is_finite())
                    .unwrap_or(*med);
                cells.push(format!("{:.6}", (v - med) / scale));
            }
            let missing = common.iter().filter(|k| !r.tag_keys.contains(**k)).count();
            let rare = r
                .tag_keys
                .iter()
                .filter(|k| keys.get(k.as_str()).is_some_and(|c| *c as f64 / n <= 0.1))
                .count();
            cells.push(format!(
                "{:.6}",
                if common.is_empty() {
                    0.0
                } else {
                    missing as f64 / common.len() as f64
                }
            ));
            cells.push(rare.to_string());
            cells.push(format!("{:.6}", scores.get(ri).map_or(0.0, |s| s.score)));
            lines.push((ri, cells.join(",")));
        }
    }
    lines.sort_by_key(|l| l.0);
    for (_, l) in lines {
        out.push_str(&l);
        out.push('\n');
    }
    out
}
