//! Risk scores: a documented formula over explained factors.
//!
//! Every factor is a value in `[0, 1]` with a weight; the score is `Σ weight × value`, in
//! `[0, 100]`:
//!
//! | factor | weight | value |
//! | --- | --- | --- |
//! | `exposure` | 25 | 1.0 reachable from the internet directly, 0.6 only through a load balancer |
//! | `findings` | 25 | `1 − Π(1 − sᵢ)` over open failed findings, s = 0.9 critical, 0.7 high, 0.4 medium, 0.15 low |
//! | `privilege` | 15 | 1.0 runs as / is a role (or is a user) with administrator access, 0.8 can escalate to administrator access (as the IAM engine finds), 0.5 may assume another role |
//! | `sensitive_data` | 15 | 1.0 is or may read/write (through its role) a sensitive data store, 0.4 any data store |
//! | `criticality` | 15 | 0.4 production (`env` tag or account name), + 0.3 sensitive data classification, + 0.3 on an attack path (capped at 1) |
//! | `outlier` | 5 | the outlier score |
//!
//! A finding's priority is `100 × s × (0.4 + 0.3 × exposure + 0.3 × sensitive_data)`: the same
//! finding on an internet-exposed asset that reaches sensitive data ranks 2.5× the same finding on
//! an isolated one.

use std::collections::{BTreeMap, HashMap};

use nephos_checks::{Finding, Severity};
use nephos_graph::{EdgeKind, Graph, NodeIx};
use nephos_model::{Resource, ResourceKind};
use serde::Serialize;

/// Factor weights, in the order of the table above.
pub const WEIGHTS: [(&str, f64); 6] = [
    ("exposure", 25.0),
    ("findings", 25.0),
    ("privilege", 15.0),
    ("sensitive_data", 15.0),
    ("criticality", 15.0),
    ("outlier", 5.0),
];

/// One factor of a score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Factor {
    /// In `[0, 1]`.
    pub value: f64,
    /// The factor's weight.
    pub weight: f64,
    /// `value × weight`.
    pub points: f64,
    /// Why, in words (empty when the value is 0).
    pub reason: String,
}

/// One asset's risk.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssetRisk {
    /// Resource id.
    pub resource: String,
    /// Its kind.
    pub kind: String,
    /// Its name.
    pub name: String,
    /// Owning account.
    pub account: String,
    /// Sum of the factors' points, `[0, 100]`.
    pub score: f64,
    /// Every factor, by name.
    pub factors: BTreeMap<&'static str, Factor>,
    /// The non-zero factors' reasons, by points.
    pub reasons: Vec<String>,
}

/// A failed finding ranked by its asset's context.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedFinding {
    /// Check id.
    pub check: String,
    /// Severity.
    pub severity: String,
    /// Resource id.
    pub resource: String,
    /// The finding's message.
    pub message: String,
    /// CIS AWS Foundations ids.
    pub cis: Vec<String>,
    /// `100 × s × (0.4 + 0.3 × exposure + 0.3 × sensitive_data)`.
    pub priority: f64,
    /// The asset's exposure and sensitive-data values that raised (or not) the priority.
    pub context: String,
}

/// The severity weight `s`.
pub const fn severity_weight(s: Severity) -> f64 {
    match s {
        Severity::Critical => 0.9,
        Severity::High => 0.7,
        Severity::Medium => 0.4,
        Severity::Low => 0.15,
        Severity::Informational => 0.0,
    }
}

/// A finding's priority given its asset's exposure and sensitive-data values.
pub fn finding_priority(severity: Severity, exposure: f64, sensitive_data: f64) -> f64 {
    100.0 * severity_weight(severity) * (0.4 + 0.3 * exposure + 0.3 * sensitive_data)
}

/// What the scorer needs besides the inventory, all indexed by inventory position.
pub struct Signals<'a> {
    /// `(value, reason)` of internet exposure.
    pub exposure: &'a HashMap<usize, (f64, String)>,
    /// Outlier score per position.
    pub outlier: &'a HashMap<usize, (f64, String)>,
    /// Positions on some attack path, with the best path score.
    pub on_path: &'a HashMap<usize, f64>,
    /// Administrators and escalations, by inventory position (the IAM engine's answers).
    pub privilege: &'a crate::privilege::Privilege,
    /// Sensitive data stores: position → reason.
    pub sensitive: &'a HashMap<usize, String>,
}

fn is_prod(r: &Resource, account_names: &HashMap<&str, &str>) -> Option<String> {
    for key in ["env", "environment", "Environment", "Env"] {
        if let Some(v) = r.tag(key) {
            let v = v.to_ascii_lowercase();
            if v == "prod" || v == "production" {
                return Some(format!("{key}={v}"));
            }
            return None;
        }
    }
    let name = account_names.get(r.account.as_str())?;
    name.split(['-', '_'])
        .any(|t| t.eq_ignore_ascii_case("prod") || t.eq_ignore_ascii_case("production"))
        .then(|| format!("in production account `{name}`"))
}

/// Roles a node acts as: itself for a role, its profile's role for an instance, its role for a
/// function or task definition (two `uses_role` / `instance_of` hops at most).
pub fn roles_of(graph: &Graph, node: NodeIx) -> Vec<NodeIx> {
    if graph.kind(node) == Some(ResourceKind::IamRole) {
        return vec![node];
    }
    let mut out = Vec::new();
    let mut frontier = vec![node];
    for _ in 0..3 {
        let mut next = Vec::new();
        for n in frontier {
            for e in graph.outgoing(n) {
                if matches!(
                    e.kind,
                    EdgeKind::UsesRole | EdgeKind::UsesExecutionRole | EdgeKind::InstanceOf
                ) {
                    if graph.kind(e.to) == Some(ResourceKind::IamRole) {
                        out.push(e.to);
                    } else if e.kind != EdgeKind::InstanceOf
                        || matches!(
                            graph.kind(n),
                            Some(ResourceKind::EcsTask | ResourceKind::EcsService)
                        )
                    {
                        next.push(e.to);
                    }
                }
            }
        }
        frontier = next;
    }
    out.sort();
    out.dedup();
    out
}

/// Scores every resource. Returns the assets with some factor besides criticality (inventory
/// order) and the ranked findings.
pub fn score_assets(
    resources: &[&Resource],
    graph: &Graph,
    findings: &[Finding],
    signals: &Signals<'_>,
) -> (Vec<AssetRisk>, Vec<RankedFinding>) {
    let positions: HashMap<&str, usize> = resources
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let account_names: HashMap<&str, &str> = resources
        .iter()
        .filter(|r| r.kind == ResourceKind::Account)
        .map(|r| (r.account.as_str(), r.name.as_str()))
        .collect();
    let mut by_resource: HashMap<usize, Vec<&Finding>> = HashMap::new();
    for f in findings.iter().filter(|f| f.is_open_failure()) {
        if let Some(&i) = positions.get(f.resource.as_str()) {
            by_resource.entry(i).or_default().push(f);
        }
    }
    let mut assets = Vec::new();
    let mut context: Vec<(f64, f64)> = vec![(0.0, 0.0); resources.len()];
    for (i, r) in resources.iter().enumerate() {
        let node = graph.find(&r.id);
        let (exposure, exposure_why) = signals
            .exposure
            .get(&i)
            .cloned()
            .unwrap_or((0.0, String::new()));
        // Privilege and data reach through the roles it acts as.
        let roles = node.map(|n| roles_of(graph, n)).unwrap_or_default();
        let mut privilege = (0.0, String::new());
        let mut data = (0.0, String::new());
        if let Some(why) = signals.sensitive.get(&i) {
            data = (1.0, format!("holds sensitive data ({why})"));
        }
        if r.kind == ResourceKind::IamUser {
            if signals.privilege.admins.contains(&i) {
                privilege = (1.0, "user with administrator access".to_owned());
            } else if let Some(why) = signals.privilege.reason(i) {
                privilege = (0.8, why);
            }
        }
        for role in &roles {
            let role_pos = positions.get(graph.id(*role).as_str()).copied();
            if role_pos.is_some_and(|p| signals.privilege.admins.contains(&p)) {
                privilege = (
                    1.0,
                    format!(
                        "acts as `{}` with administrator access",
                        graph.id(*role).short()
                    ),
                );
            } else if privilege.0 < 0.8
                && let Some(why) = role_pos.and_then(|p| signals.privilege.reason(p))
            {
                privilege = (
                    0.8,
                    format!("acts as `{}`, which {why}", graph.id(*role).short()),
                );
            }
            for e in graph.outgoing(*role) {
                match e.kind {
                    EdgeKind::MayAssume if privilege.0 < 0.5 => {
                        privilege = (
                            0.5,
                            format!(
                                "`{}` may assume `{}`",
                                graph.id(*role).short(),
                                graph.id(e.to).short()
                            ),
                        );
                    }
                    EdgeKind::MayRead | EdgeKind::MayWrite => {
                        let to = positions.get(graph.id(e.to).as_str()).copied();
                        if let Some(why) = to.and_then(|p| signals.sensitive.get(&p)) {
                            if data.0 < 1.0 {
                                data = (
                                    1.0,
                                    format!(
                                        "`{}` may {} `{}` ({why})",
                                        graph.id(*role).short(),
                                        if e.kind == EdgeKind::MayRead {
                                            "read"
                                        } else {
                                            "write"
                                        },
                                        graph.id(e.to).short()
                                    ),
                                );
                            }
                        } else if data.0 < 0.4 {
                            data = (
                                0.4,
                                format!(
                                    "`{}` may access data store `{}`",
                                    graph.id(*role).short(),
                                    graph.id(e.to).short()
                                ),
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
        // Findings.
        let mine = by_resource.get(&i).map(Vec::as_slice).unwrap_or(&[]);
        let mut keep = 1.0;
        let mut worst: Vec<String> = Vec::new();
        for f in mine {
            keep *= 1.0 - severity_weight(f.severity());
            worst.push(format!("{} ({:?})", f.check.id, f.severity()).to_lowercase());
        }
        let findings_value = 1.0 - keep;
        worst.truncate(3);
        // Criticality.
        let mut crit: f64 = 0.0;
        let mut crit_why = Vec::new();
        if let Some(why) = is_prod(r, &account_names) {
            crit += 0.4;
            crit_why.push(why);
        }
        if let Some(tag) = crate::paths::sensitive_tag(r) {
            crit += 0.3;
            crit_why.push(tag);
        }
        if let Some(best) = signals.on_path.get(&i) {
            crit += 0.3;
            crit_why.push(format!("on an attack path (score {best:.0})"));
        }
        let (outlier, outlier_why) = signals
            .outlier
            .get(&i)
            .cloned()
            .unwrap_or((0.0, String::new()));
        let values: [(f64, String); 6] = [
            (exposure, exposure_why),
            (
                findings_value,
                if mine.is_empty() {
                    String::new()
                } else {
                    format!("{} open finding(s): {}", mine.len(), worst.join(", "))
                },
            ),
            privilege,
            data,
            (crit.min(1.0), crit_why.join("; ")),
            (outlier, outlier_why),
        ];
        let mut factors = BTreeMap::new();
        let mut score = 0.0;
        let mut reasons: Vec<(f64, String)> = Vec::new();
        for ((name, weight), (value, reason)) in WEIGHTS.iter().zip(values) {
            let points = weight * value;
            score += points;
            if points > 0.0 {
                reasons.push((points, format!("{name}: {reason}")));
            }
            factors.insert(
                *name,
                Factor {
                    value,
                    weight: *weight,
                    points,
                    reason,
                },
            );
        }
        reasons.sort_by(|a, b| b.0.total_cmp(&a.0));
        if let (Some(e), Some(d), Some(c)) = (
            factors.get("exposure"),
            factors.get("sensitive_data"),
            context.get_mut(i),
        ) {
            *c = (e.value, d.value);
        }
        // Criticality alone (a production asset with nothing else against it) is not listed.
        let listed = factors
            .iter()
            .any(|(name, f)| *name != "criticality" && f.points > 0.0);
        if !listed {
            continue;
        }
        assets.push(AssetRisk {
            resource: r.id.to_string(),
            kind: r.kind.as_str().to_owned(),
            name: r.name.clone(),
            account: r.account.clone(),
            score,
            factors,
            reasons: reasons.into_iter().map(|(_, r)| r).collect(),
        });
    }
    let mut ranked = Vec::new();
    for f in findings.iter().filter(|f| f.is_open_failure()) {
        let (e, d) = positions
            .get(f.resource.as_str())
            .and_then(|&i| context.get(i))
            .copied()
            .unwrap_or((0.0, 0.0));
        ranked.push(RankedFinding {
            check: f.check.id.to_owned(),
            severity: format!("{:?}", f.severity()).to_lowercase(),
            resource: f.resource.to_string(),
            message: f.message.clone(),
            cis: f
                .check
                .compliance
                .iter()
                .flat_map(|c| {
                    c.requirements
                        .iter()
                        .map(|r| format!("{} {r}", c.framework))
                })
                .collect(),
            priority: finding_priority(f.severity(), e, d),
            context: format!("exposure {e:.1}, sensitive data {d:.1}"),
        });
    }
    ranked.sort_by(|a, b| {
        b.priority
            .total_cmp(&a.priority)
            .then_with(|| a.check.cmp(&b.check))
            .then_with(|| a.resource.cmp(&b.resource))
    });
    (assets, ranked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposed_sensitive_finding_outranks_isolated() {
        for s in [
            Severity::Low,
            Severity::Medium,
            Severity::High,
            Severity::Critical,
        ] {
            assert!(finding_priority(s, 1.0, 1.0) > finding_priority(s, 0.0, 0.0));
            assert!(finding_priority(s, 0.6, 1.0) > finding_priority(s, 0.0, 0.4));
        }
    }

    #[test]
    fn weights_sum_to_100() {
        let total: f64 = WEIGHTS.iter().map(|(_, w)| w).sum();
        assert!((total - 100.0).abs() < 1e-9);
    }
}
