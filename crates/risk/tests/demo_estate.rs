//! The risk stage on generated demo estates, scored against their answer key (`labels.json`).

#![allow(
    clippy::expect_used,
    reason = "fixture set-up outside #[test] functions"
)]

use std::collections::BTreeSet;
use std::sync::OnceLock;

use nephos_demo::{DemoOptions, Labels};
use nephos_graph::Graph;
use nephos_model::Inventory;
use nephos_risk::RiskReport;

struct Estate {
    _dir: tempfile::TempDir,
    labels: Labels,
    inventory: Inventory,
    graph: Graph,
    report: RiskReport,
}

fn estate() -> &'static Estate {
    static ESTATE: OnceLock<Estate> = OnceLock::new();
    ESTATE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("estate");
        nephos_demo::generate(
            &out,
            &DemoOptions {
                accounts: 4,
                resources: 6000,
                seed: 7,
            },
        )
        .expect("generate");
        let labels: Labels = serde_json::from_str(
            &std::fs::read_to_string(out.join("labels.json")).expect("labels"),
        )
        .expect("labels parse");
        let inventory = nephos_aws::import(&out).expect("import").inventory;
        let graph = Graph::build(&inventory);
        let exposures = nephos_net::NetworkModel::build(&inventory).exposures();
        let findings = nephos_checks::run_all(&inventory);
        let report = nephos_risk::analyse(&inventory, &graph, &exposures, &findings);
        Estate {
            _dir: dir,
            labels,
            inventory,
            graph,
            report,
        }
    })
}

#[test]
fn every_planted_attack_path_is_found_in_the_top_5() {
    let e = estate();
    assert!(!e.labels.attack_paths.is_empty());
    for planted in &e.labels.attack_paths {
        let want: Vec<&str> = planted.steps.iter().map(|s| s.resource.as_str()).collect();
        let rank = e
            .report
            .attack_paths
            .iter()
            .position(|p| p.steps.iter().map(String::as_str).eq(want.iter().copied()));
        assert!(
            rank.is_some_and(|r| r < 5),
            "{} ranked {rank:?}; top: {:#?}",
            planted.id,
            e.report
                .attack_paths
                .iter()
                .take(5)
                .map(|p| &p.steps)
                .collect::<Vec<_>>()
        );
        let found = &e.report.attack_paths[rank.unwrap_or(0)];
        assert_eq!(found.entry, "internet");
        assert_eq!(found.evidence.len(), found.steps.len());
        assert!(found.evidence.iter().any(|v| v.contains("IMDSv1")));
    }
}

#[test]
fn planted_outliers_reach_auc_095() {
    let e = estate();
    let (_, scores) = nephos_risk::outlier_scores(&e.inventory, &e.graph);
    let positives: BTreeSet<String> = e
        .labels
        .outliers
        .iter()
        .map(|o| o.resource.clone())
        .collect();
    assert!(positives.len() >= 3, "too few planted outliers to evaluate");
    let pairs: Vec<(String, f64)> = scores
        .iter()
        .map(|s| (s.resource.clone(), s.score))
        .collect();
    for p in &positives {
        assert!(
            pairs.iter().any(|(id, _)| id == p),
            "planted outlier {p} not scored"
        );
    }
    let auc = nephos_risk::outliers::roc_auc(&pairs, &positives).expect("positives and negatives");
    assert!(auc >= 0.95, "ROC-AUC {auc}");
    // Every flagged outlier says why.
    for o in &e.report.outliers {
        assert!(!o.reasons.is_empty(), "{} has no reasons", o.resource);
    }
}

#[test]
fn every_scored_asset_explains_its_score() {
    let e = estate();
    assert!(!e.report.assets.is_empty());
    for a in &e.report.assets {
        let sum: f64 = a.factors.values().map(|f| f.points).sum();
        assert!(
            (sum - a.score).abs() < 1e-9,
            "{}: factors do not add up",
            a.resource
        );
        for (name, f) in &a.factors {
            assert!(
                f.points == 0.0 || !f.reason.is_empty(),
                "{}: factor {name} has points and no reason",
                a.resource
            );
        }
        assert!(!a.reasons.is_empty());
    }
    // Sorted riskiest first.
    assert!(e.report.assets.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn the_attack_path_flags_its_architecture() {
    let e = estate();
    let planted = &e.labels.attack_paths[0];
    let instance = nephos_model::ResourceId::new(planted.steps[1].resource.as_str());
    let ids = e.graph.architectures_of(&instance);
    assert!(
        !ids.is_empty(),
        "the planted instance is in no architecture"
    );
    for id in ids {
        let arch = e
            .report
            .architectures
            .iter()
            .find(|a| a.id == id)
            .expect("every architecture is aggregated");
        assert!(arch.risky, "{} not flagged", arch.name);
        assert!(arch.attack_paths > 0);
    }
}

#[test]
fn analysis_is_deterministic() {
    let e = estate();
    let exposures = nephos_net::NetworkModel::build(&e.inventory).exposures();
    let findings = nephos_checks::run_all(&e.inventory);
    let again = nephos_risk::analyse(&e.inventory, &e.graph, &exposures, &findings);
    let a = serde_json::to_string(&e.report).expect("json");
    let b = serde_json::to_string(&again).expect("json");
    assert_eq!(a, b);
}

#[test]
fn findings_on_exposed_sensitive_assets_rank_above_isolated_ones() {
    let e = estate();
    // Among findings of one check, a higher-context asset never ranks below a lower-context one.
    for w in e.report.findings.windows(2) {
        if w[0].check == w[1].check {
            assert!(w[0].priority >= w[1].priority);
        }
    }
    let by_check = |check: &str| -> Vec<&nephos_risk::RankedFinding> {
        e.report
            .findings
            .iter()
            .filter(|f| f.check == check)
            .collect()
    };
    // At least one check fails on both an exposed+sensitive asset and an isolated one in the demo.
    let mut compared = 0;
    let checks: BTreeSet<&str> = e.report.findings.iter().map(|f| f.check.as_str()).collect();
    for c in checks {
        let fs = by_check(c);
        let hot = fs.iter().position(|f| {
            f.context.starts_with("exposure 1.0") || f.context.starts_with("exposure 0.6")
        });
        let cold = fs
            .iter()
            .position(|f| f.context == "exposure 0.0, sensitive data 0.0");
        if let (Some(h), Some(c)) = (hot, cold) {
            assert!(h < c);
            assert!(fs[h].priority > fs[c].priority);
            compared += 1;
        }
    }
    assert!(
        compared > 0,
        "no check failed on both exposed and isolated assets"
    );
}
