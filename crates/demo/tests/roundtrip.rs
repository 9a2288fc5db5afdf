//! Round trip: a generated estate imported by `nephos_aws::import` has the summary's resources per
//! kind, no import problems, and every labelled resource.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers: a failure here is a test failure"
)]

use std::collections::BTreeMap;

use nephos_demo::{DemoOptions, generate};

fn round_trip(opts: &DemoOptions) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("estate");
    let summary = generate(&root, opts).unwrap();
    let imported = nephos_aws::import(&root).unwrap();
    assert!(
        imported.problems.is_empty(),
        "import problems: {:?}",
        &imported.problems[..imported.problems.len().min(5)]
    );
    // The demo writes every source of the layout and nothing else; member accounts record that
    // they may not list the organization.
    let missing: Vec<String> = imported
        .stats
        .not_collected
        .iter()
        .filter(|n| {
            !(n.source.starts_with("organizations-")
                && n.reason
                    .as_deref()
                    .is_some_and(|r| r.contains("AccessDenied")))
        })
        .map(|n| format!("{} {} {:?}", n.account, n.source, n.regions))
        .collect();
    assert!(missing.is_empty(), "not collected: {missing:?}");
    // labels.json is not account-data: the import lists it as an unknown file and ignores it.
    let unknown: Vec<_> = imported
        .stats
        .unknown_files
        .iter()
        .filter(|p| !p.ends_with("labels.json"))
        .collect();
    assert!(unknown.is_empty(), "unknown files: {unknown:?}");
    let got: BTreeMap<&str, usize> = imported.inventory.counts_by_kind();
    let want: BTreeMap<&str, usize> = summary
        .resources
        .iter()
        .map(|(k, n)| (k.as_str(), *n))
        .collect();
    let mut diff = Vec::new();
    for k in got.keys().chain(want.keys()) {
        let (g, w) = (
            got.get(k).copied().unwrap_or(0),
            want.get(k).copied().unwrap_or(0),
        );
        if g != w {
            diff.push(format!("{k}: imported {g}, generated {w}"));
        }
    }
    diff.dedup();
    assert!(
        diff.is_empty(),
        "per-kind counts differ:\n{}",
        diff.join("\n")
    );

    let labels: nephos_demo::Labels =
        serde_json::from_slice(&std::fs::read(root.join("labels.json")).unwrap()).unwrap();
    let mut ids: Vec<&str> = labels
        .problems
        .iter()
        .map(|p| p.resource.as_str())
        .collect();
    ids.extend(labels.clean.iter().map(|c| c.resource.as_str()));
    ids.extend(labels.outliers.iter().map(|o| o.resource.as_str()));
    ids.extend(
        labels
            .attack_paths
            .iter()
            .flat_map(|a| a.steps.iter().map(|s| s.resource.as_str())),
    );
    for id in ids {
        let r = imported.inventory.get(&nephos_model::ResourceId::new(id));
        assert!(
            r.is_some(),
            "labelled resource {id} not in the imported inventory"
        );
    }
    for p in &labels.problems {
        let r = imported
            .inventory
            .get(&nephos_model::ResourceId::new(p.resource.as_str()))
            .unwrap();
        assert_eq!(r.kind.as_str(), p.kind, "{}", p.resource);
    }
}

#[test]
fn default_estate_imports_with_matching_counts_and_labels() {
    round_trip(&DemoOptions::default());
}

#[test]
fn larger_estate_with_more_accounts_imports_with_matching_counts() {
    round_trip(&DemoOptions {
        accounts: 11,
        resources: 8_000,
        seed: 9,
    });
}
