//! The outlier model: how odd a resource looks next to its peer group, with reasons.
//!
//! Deterministic (no sampling, no seed needed): every score is `1 − Π(1 − cᵢ)` over contributions
//! `cᵢ ∈ [0, 0.95]`, each of which is one checkable reason:
//! - **categorical rarity**: a value held by a share `s` ≤ 20% of the group contributes
//!   `weight × (1 − count / count_of_most_common_value) × √(1 − s / 0.2)` ("instance type
//!   `t2.micro`: 1 of 40 peers; most common `c6i.xlarge` (14)"). A value as common as the group's
//!   commonest adds nothing, so a diverse group does not make everyone odd, and the contribution
//!   fades to 0 as the value's share nears 20%;
//! - **missing tag keys**: a key that at least 80% of peers carry and this resource lacks
//!   contributes `0.5 × share`; **rare tag keys**: a key at most 10% of peers carry contributes
//!   `0.25 × (1 − share)`;
//! - **numeric robust z-scores** (median and MAD): `|z| > 3.5` contributes
//!   `weight × min(1, (|z| − 3.5) / 3.5)`.
//!
//! Linear in rows × features per group.

use std::collections::{BTreeMap, BTreeSet};

use nephos_model::Resource;
use serde::Serialize;

use crate::features::{CATEGORICAL, FeatureTable, NUMERIC};

/// Weight of each categorical feature, indexed like [`CATEGORICAL`] (the last, `tag_keys`, is
/// scored per key instead).
const CATEGORICAL_WEIGHT: [f64; CATEGORICAL.len()] = [
    0.35, // name_shape
    0.25, // name_prefix
    0.3,  // vpc
    0.05, // subnet
    0.4,  // region
    0.05, // availability_zone
    0.5,  // type
    0.45, // image
    0.6,  // runtime_or_engine
    0.2,  // role
    0.1,  // security_groups
    0.3,  // public_address
    0.3,  // encryption
    0.15, // imds
    0.4,  // env
    0.15, // neighbour_kinds
    0.0,  // tag_keys (per key below)
];

/// Weight of each numeric feature, indexed like [`NUMERIC`].
const NUMERIC_WEIGHT: [f64; NUMERIC.len()] = [0.2, 0.2, 0.15];

/// Share of values at or below which a categorical value counts as rare.
const RARE_SHARE: f64 = 0.2;

/// Scores at or above this are listed as outliers.
pub const THRESHOLD: f64 = 0.5;

/// One contribution to an outlier score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    /// The feature (`type`, `tag:team`, `age_days`, …).
    pub feature: String,
    /// How much it adds before combination, in `[0, 0.95]`.
    pub contribution: f64,
    /// The reason in words.
    pub reason: String,
}

/// One resource's outlier score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutlierScore {
    /// Resource id.
    pub resource: String,
    /// Its kind.
    pub kind: String,
    /// `1 − Π(1 − contribution)`, in `[0, 1)`.
    pub score: f64,
    /// The peer group it was compared with.
    pub peer_group: String,
    /// Number of resources in the peer group (itself included).
    pub peers: usize,
    /// Reasons, strongest first.
    pub reasons: Vec<String>,
    /// The contributions behind the reasons, strongest first.
    pub contributions: Vec<Contribution>,
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    if v.len() % 2 == 1 {
        v.get(mid).copied()
    } else {
        Some((v.get(mid - 1)? + v.get(mid)?) / 2.0)
    }
}

fn shown(v: &str) -> String {
    if v.is_empty() {
        "(none)".to_owned()
    } else {
        format!("`{v}`")
    }
}

/// Scores every feature row against its peer group. The result is indexed like
/// `table.rows`.
pub fn score(resources: &[&Resource], table: &FeatureTable) -> Vec<OutlierScore> {
    let mut out: Vec<Option<OutlierScore>> = vec![None; table.rows.len()];
    for group in &table.groups {
        let n = group.reference.len();
        let reference: Vec<_> = group
            .reference
            .iter()
            .filter_map(|&i| table.rows.get(i).map(|r| (i, r)))
            .collect();
        let rows: Vec<_> = group
            .members
            .iter()
            .filter_map(|&i| table.rows.get(i).map(|r| (i, r)))
            .collect();
        // Value counts per categorical feature.
        let mut counts: Vec<BTreeMap<&str, usize>> = vec![BTreeMap::new(); CATEGORICAL.len()];
        let mut key_counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, row) in &reference {
            for (f, v) in row.categorical.iter().enumerate() {
                if let Some(c) = counts.get_mut(f) {
                    *c.entry(v.as_str()).or_default() += 1;
                }
            }
            for k in &row.tag_keys {
                *key_counts.entry(k.as_str()).or_default() += 1;
            }
        }
        let commonest: Vec<(&str, usize)> = counts
            .iter()
            .map(|c| {
                c.iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map_or(("", 0), |(v, n)| (*v, *n))
            })
            .collect();
        // Numeric medians and MADs.
        let mut stats = Vec::with_capacity(NUMERIC.len());
        for f in 0..NUMERIC.len() {
            let mut vals: Vec<f64> = reference
                .iter()
                .filter_map(|(_, r)| r.numeric.get(f).copied())
                .filter(|v| v.is_finite())
                .collect();
            let med = median(&mut vals);
            let mad = med.and_then(|m| {
                let mut dev: Vec<f64> = vals.iter().map(|v| (v - m).abs()).collect();
                median(&mut dev)
            });
            stats.push((med, mad));
        }
        for (i, row) in &rows {
            let mut contributions = Vec::new();
            if n >= 3 {
                for (f, v) in row.categorical.iter().enumerate() {
                    let weight = CATEGORICAL_WEIGHT.get(f).copied().unwrap_or(0.0);
                    // A missing `env` is already a missing tag key.
                    if weight == 0.0 || (v.is_empty() && CATEGORICAL.get(f) == Some(&"env")) {
                        continue;
                    }
                    let count = counts
                        .get(f)
                        .and_then(|c| c.get(v.as_str()))
                        .copied()
                        .unwrap_or(0);
                    let (top, top_n) = commonest.get(f).copied().unwrap_or(("", 0));
                    if count as f64 / n as f64 > RARE_SHARE || top_n == 0 {
                        continue;
                    }
                    let share = count as f64 / n as f64;
                    let rarity = (1.0 - share / RARE_SHARE).max(0.0).sqrt();
                    let c = (weight * (1.0 - count as f64 / top_n as f64) * rarity).min(0.95);
                    if c <= 0.0 {
                        continue;
                    }
                    let name = CATEGORICAL.get(f).copied().unwrap_or("?");
                    contributions.push(Contribution {
                        feature: name.to_owned(),
                        contribution: c,
                        reason: format!(
                            "{name} {}: {count} of {n} peers; most common {} ({top_n})",
                            shown(v),
                            shown(top)
                        ),
                    });
                }
                for (k, kc) in &key_counts {
                    let share = *kc as f64 / n as f64;
                    if share >= 0.8 && !row.tag_keys.contains(*k) {
                        contributions.push(Contribution {
                            feature: format!("tag:{k}"),
                            contribution: (0.5 * share).min(0.95),
                            reason: format!("no `{k}` tag, which {kc} of {n} peers have"),
                        });
                    } else if share <= 0.1 && row.tag_keys.contains(*k) {
                        contributions.push(Contribution {
                            feature: format!("tag:{k}"),
                            contribution: (0.25 * (1.0 - share)).min(0.95),
                            reason: format!("tag `{k}`, which only {kc} of {n} peers have"),
                        });
                    }
                }
                for (f, (med, mad)) in stats.iter().enumerate() {
                    let (Some(med), Some(mad)) = (med, mad) else {
                        continue;
                    };
                    let Some(v) = row.numeric.get(f).copied().filter(|v| v.is_finite()) else {
                        continue;
                    };
                    let scale = if *mad > 0.0 { 1.4826 * mad } else { 1.0 };
                    let z = (v - med) / scale;
                    if z.abs() > 3.5 {
                        let weight = NUMERIC_WEIGHT.get(f).copied().unwrap_or(0.0);
                        let name = NUMERIC.get(f).copied().unwrap_or("?");
                        contributions.push(Contribution {
                            feature: name.to_owned(),
                            contribution: (weight * ((z.abs() - 3.5) / 3.5).min(1.0)).min(0.95),
                            reason: format!(
                                "{name} {v} against a peer median of {med} (robust z {z:.1})"
                            ),
                        });
                    }
                }
            }
            contributions.retain(|c| c.contribution > 0.0);
            contributions.sort_by(|a, b| {
                b.contribution
                    .total_cmp(&a.contribution)
                    .then_with(|| a.feature.cmp(&b.feature))
            });
            let score = 1.0
                - contributions
                    .iter()
                    .map(|c| 1.0 - c.contribution)
                    .product::<f64>();
            let r = resources.get(row.position);
            if let Some(slot) = out.get_mut(*i) {
                *slot = Some(OutlierScore {
                    resource: r.map(|r| r.id.to_string()).unwrap_or_default(),
                    kind: r.map(|r| r.kind.as_str().to_owned()).unwrap_or_default(),
                    score,
                    peer_group: group.label.clone(),
                    peers: n,
                    reasons: contributions.iter().map(|c| c.reason.clone()).collect(),
                    contributions,
                });
            }
        }
    }
    out.into_iter()
        .zip(&table.rows)
        .map(|(s, row)| {
            s.unwrap_or_else(|| OutlierScore {
                resource: resources
                    .get(row.position)
                    .map(|r| r.id.to_string())
                    .unwrap_or_default(),
                kind: String::new(),
                score: 0.0,
                peer_group: String::new(),
                peers: 0,
                reasons: Vec::new(),
                contributions: Vec::new(),
            })
        })
        .collect()
}

/// ROC-AUC of `scores` against the set of positive ids (ties count one half). `None` when there
/// are no positives or no negatives.
pub fn roc_auc(scores: &[(String, f64)], positives: &BTreeSet<String>) -> Option<f64> {
    let pos: Vec<f64> = scores
        .iter()
        .filter(|(id, _)| positives.contains(id))
        .map(|(_, s)| *s)
        .collect();
    let mut neg: Vec<f64> = scores
        .iter()
        .filter(|(id, _)| !positives.contains(id))
        .map(|(_, s)| *s)
        .collect();
    if pos.is_empty() || neg.is_empty() {
        return None;
    }
    neg.sort_by(f64::total_cmp);
    let mut total = 0.0;
    for p in &pos {
        let below = neg.partition_point(|n| n < p);
        let upto = neg.partition_point(|n| n <= p);
        total += below as f64 + (upto - below) as f64 / 2.0;
    }
    Some(total / (pos.len() as f64 * neg.len() as f64))
}

/// Precision at `k`: the share of positives among the `k` highest scores (ties by id).
pub fn precision_at_k(scores: &[(String, f64)], positives: &BTreeSet<String>, k: usize) -> f64 {
    let mut sorted: Vec<&(String, f64)> = scores.iter().collect();
    sorted.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let k = k.min(sorted.len());
    if k == 0 {
        return 0.0;
    }
    let hits = sorted
        .iter()
        .take(k)
        .filter(|(id, _)| positives.contains(id))
        .count();
    hits as f64 / k as f64
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The definition: the share of (positive, negative) pairs ordered correctly, ties half.
    fn naive_auc(scores: &[(String, f64)], positives: &BTreeSet<String>) -> Option<f64> {
        let (mut num, mut den) = (0.0, 0.0);
        for (_, ps) in scores.iter().filter(|(id, _)| positives.contains(id)) {
            for (_, ns) in scores.iter().filter(|(id, _)| !positives.contains(id)) {
                den += 1.0;
                if ps > ns {
                    num += 1.0;
                } else if ps == ns {
                    num += 0.5;
                }
            }
        }
        (den > 0.0).then(|| num / den)
    }

    proptest! {
        #[test]
        fn auc_matches_the_pairwise_definition(
            values in proptest::collection::vec((0u8..6, any::<bool>()), 0..40)
        ) {
            let scores: Vec<(String, f64)> = values
                .iter()
                .enumerate()
                .map(|(i, (v, _))| (format!("r{i}"), f64::from(*v) / 5.0))
                .collect();
            let positives: BTreeSet<String> = values
                .iter()
                .enumerate()
                .filter(|(_, (_, p))| *p)
                .map(|(i, _)| format!("r{i}"))
                .collect();
            let fast = roc_auc(&scores, &positives);
            let slow = naive_auc(&scores, &positives);
            match (fast, slow) {
                (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-12),
                (a, b) => prop_assert_eq!(a, b),
            }
        }
    }

    #[test]
    fn auc_of_perfect_and_reversed_rankings() {
        let scores: Vec<(String, f64)> =
            vec![("a".into(), 0.9), ("b".into(), 0.1), ("c".into(), 0.2)];
        let pos: BTreeSet<String> = ["a".to_owned()].into();
        assert_eq!(roc_auc(&scores, &pos), Some(1.0));
        let pos: BTreeSet<String> = ["b".to_owned()].into();
        assert_eq!(roc_auc(&scores, &pos), Some(0.0));
        assert!((precision_at_k(&scores, &pos, 1) - 0.0).abs() < 1e-9);
    }
}
