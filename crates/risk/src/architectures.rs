//! Architecture aggregation: each architecture's risk from its members' scores, paths and findings.
//!
//! `score = 0.6 × max(member score) + 0.4 × mean(top 5 member scores)` over the listed assets
//! (those with a factor besides criticality), so one very risky asset
//! dominates but a crowd of medium ones counts too. An architecture is flagged `risky` when its
//! score is at least [`RISKY`] or an attack path runs through it.

use std::collections::{BTreeMap, HashMap};

use nephos_graph::Architecture;
use serde::Serialize;

use crate::paths::AttackPath;
use crate::score::{AssetRisk, RankedFinding};

/// Score from which an architecture is flagged risky.
pub const RISKY: f64 = 40.0;

/// One architecture's risk.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArchitectureRisk {
    /// Architecture id (stable, from its seeds).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its owner (`team` / `owner` tag), if known.
    pub owner: Option<String>,
    /// The aggregate score.
    pub score: f64,
    /// Flagged for attention.
    pub risky: bool,
    /// Number of members.
    pub members: usize,
    /// The riskiest members (up to 5): `[resource, score]`.
    pub top_assets: Vec<(String, f64)>,
    /// Attack paths through any member.
    pub attack_paths: usize,
    /// Open failed findings on members, by severity.
    pub findings: BTreeMap<String, usize>,
    /// Why, in words.
    pub reasons: Vec<String>,
}

/// Aggregates asset risk to architectures, riskiest first.
pub fn aggregate(
    architectures: &[Architecture],
    assets: &[AssetRisk],
    paths: &[AttackPath],
    findings: &[RankedFinding],
) -> Vec<ArchitectureRisk> {
    let by_id: HashMap<&str, &AssetRisk> =
        assets.iter().map(|a| (a.resource.as_str(), a)).collect();
    let mut path_members: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in paths.iter().enumerate() {
        for s in &p.steps {
            path_members.entry(s.as_str()).or_default().push(i);
        }
    }
    let mut finding_members: HashMap<&str, Vec<&RankedFinding>> = HashMap::new();
    for f in findings {
        finding_members
            .entry(f.resource.as_str())
            .or_default()
            .push(f);
    }
    let mut out = Vec::with_capacity(architectures.len());
    for a in architectures {
        let mut scored: Vec<(&str, f64)> = a
            .members
            .iter()
            .filter_map(|m| {
                by_id
                    .get(m.as_str())
                    .map(|r| (r.resource.as_str(), r.score))
            })
            .collect();
        scored.sort_by(|x, y| y.1.total_cmp(&x.1).then_with(|| x.0.cmp(y.0)));
        let top: Vec<(String, f64)> = scored
            .iter()
            .take(5)
            .map(|(id, s)| ((*id).to_owned(), *s))
            .collect();
        let max = top.first().map_or(0.0, |t| t.1);
        let mean = if top.is_empty() {
            0.0
        } else {
            top.iter().map(|t| t.1).sum::<f64>() / top.len() as f64
        };
        let score = 0.6 * max + 0.4 * mean;
        let mut path_ids: Vec<usize> = a
            .members
            .iter()
            .filter_map(|m| path_members.get(m.as_str()))
            .flatten()
            .copied()
            .collect();
        path_ids.sort_unstable();
        path_ids.dedup();
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for m in &a.members {
            for f in finding_members.get(m.as_str()).into_iter().flatten() {
                *counts.entry(f.severity.clone()).or_default() += 1;
            }
        }
        let mut reasons = Vec::new();
        if let Some((id, s)) = top.first() {
            let why = by_id
                .get(id.as_str())
                .and_then(|a| a.reasons.first())
                .cloned()
                .unwrap_or_default();
            let name = by_id
                .get(id.as_str())
                .map_or(id.as_str(), |a| a.name.as_str());
            reasons.push(format!("riskiest member `{name}` ({s:.0}): {why}"));
        }
        if !path_ids.is_empty() {
            reasons.push(format!("{} attack path(s) run through it", path_ids.len()));
        }
        out.push(ArchitectureRisk {
            id: a.id.clone(),
            name: a.name.clone(),
            owner: a.owner.clone(),
            score,
            risky: score >= RISKY || !path_ids.is_empty(),
            members: a.members.len(),
            top_assets: top,
            attack_paths: path_ids.len(),
            findings: counts,
            reasons,
        });
    }
    out.sort_by(|x, y| {
        y.risky
            .cmp(&x.risky)
            .then_with(|| y.score.total_cmp(&x.score))
            .then_with(|| x.id.cmp(&y.id))
    });
    out
}
