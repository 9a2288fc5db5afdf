//! End-to-end: `nephos architectures` and `nephos diagram` on a demo estate and on the graph
//! crate's hand-written fixture.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use common::{nephos, ok};
use std::path::Path;

#[test]
fn fixture_architectures_as_json_and_table() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../graph/tests/fixtures/apps");
    let dir = dir.to_str().unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(ok(&nephos(&["architectures", dir, "--format", "json"]))).unwrap();
    let archs = json["architectures"].as_array().unwrap();
    assert_eq!(archs.len(), 6);
    let shop = archs.iter().find(|a| a["name"] == "storefront").unwrap();
    assert_eq!(shop["owner"], "shop");
    assert_eq!(shop["seeds"].as_array().unwrap().len(), 4);
    assert!(shop["id"].as_str().unwrap().starts_with("arch-"));
    let table = String::from_utf8(ok(&nephos(&["architectures", dir])).to_vec()).unwrap();
    assert!(table.starts_with("ID "));
    assert!(table.contains("storefront"));

    let id = shop["id"].as_str().unwrap();
    for (format, marker) in [
        ("svg", "<svg "),
        ("dot", "digraph "),
        ("mermaid", "flowchart LR"),
        ("json", "\"containers\""),
    ] {
        let out = nephos(&["diagram", dir, "--architecture", id, "--format", format]);
        let text = String::from_utf8(ok(&out).to_vec()).unwrap();
        assert!(text.contains(marker), "{format}: {text}");
    }
    let missing = nephos(&["diagram", dir, "--architecture", "arch-0000000000000000"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&missing.stderr)
            .contains("no architecture `arch-0000000000000000`")
    );
}

#[test]
fn demo_architectures_are_named_owned_and_stable() {
    let tmp = tempfile::tempdir().unwrap();
    let estate = tmp.path().join("estate");
    let estate = estate.to_str().unwrap();
    ok(&nephos(&["demo", "--out", estate, "--resources", "1000"]));
    let first = ok(&nephos(&["architectures", estate, "--format", "json"])).to_vec();
    let second = ok(&nephos(&["architectures", estate, "--format", "json"])).to_vec();
    assert_eq!(first, second, "same estate, same output");
    let json: serde_json::Value = serde_json::from_slice(&first).unwrap();
    let archs = json["architectures"].as_array().unwrap();
    assert!(!archs.is_empty());
    for a in archs {
        assert!(!a["name"].as_str().unwrap().is_empty());
        let members = a["members"].as_array().unwrap();
        for s in a["seeds"].as_array().unwrap() {
            assert!(
                members.contains(s),
                "a seed is a member of its architecture"
            );
        }
    }
    // The demo tags its applications with teams: those architectures have owners.
    assert!(archs.iter().any(|a| a["owner"].is_string()));
    // No resource is a member of two architectures.
    let mut seen = std::collections::HashSet::new();
    for a in archs {
        for m in a["members"].as_array().unwrap() {
            assert!(seen.insert(m.as_str().unwrap().to_owned()), "{m} twice");
        }
    }
    let id = archs[0]["id"].as_str().unwrap();
    let a = ok(&nephos(&["diagram", estate, "--architecture", id])).to_vec();
    let b = ok(&nephos(&["diagram", estate, "--architecture", id])).to_vec();
    assert_eq!(a, b, "diagrams are deterministic");
}
