//! End-to-end tests of `nephos exposure` and `nephos reach` on a demo estate, checked against the
//! demo's answer key (`labels.json`): its attack path starts at an internet-facing load balancer
//! that forwards to an instance.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use common::{json, nephos};
use std::path::Path;

fn demo(dir: &Path) -> serde_json::Value {
    let out = nephos(&[
        "demo",
        "--out",
        dir.to_str().unwrap(),
        "--resources",
        "2000",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&std::fs::read_to_string(dir.join("labels.json")).unwrap()).unwrap()
}

#[test]
fn exposure_and_reach_follow_the_demo_attack_path() {
    let tmp = tempfile::tempdir().unwrap();
    let estate = tmp.path().join("estate");
    let labels = demo(&estate);
    let dir = estate.to_str().unwrap();
    let steps = &labels["attack_paths"][0]["steps"];
    let lb = steps[0]["resource"].as_str().unwrap();
    let instance = steps[1]["resource"].as_str().unwrap();
    assert!(lb.contains(":loadbalancer/"), "{lb}");

    let report = json(&nephos(&["exposure", dir, "--format", "json"]));
    let exposures = report["exposures"].as_array().unwrap();
    assert!(
        exposures
            .iter()
            .any(|e| e["resource"] == lb && e["ports"] == serde_json::json!([[443, 443]])),
        "the load balancer is not reported on 443"
    );
    let target = exposures
        .iter()
        .find(|e| e["resource"] == instance)
        .expect("the attack path's instance is exposed");
    assert!(target["through"].as_str().unwrap().starts_with(lb));
    assert!(!target["rules"].as_array().unwrap().is_empty());

    let reach = json(&nephos(&[
        "reach", dir, "--from", "internet", "--to", lb, "--port", "443", "--format", "json",
    ]));
    assert_eq!(reach["reachable"], true);
    assert!(reach["blocked_by"].is_null());

    // The instance itself has no public address: only the load balancer's listener is reachable.
    let direct = json(&nephos(&[
        "reach", dir, "--from", "internet", "--to", instance, "--port", "8080", "--format", "json",
    ]));
    assert_eq!(direct["reachable"], false);
    assert!(direct["code"].is_string());

    let table = nephos(&["exposure", dir]);
    assert!(table.status.success());
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(text.starts_with("RESOURCE"));
    assert!(text.contains(" exposures"));
}

#[test]
fn reach_rejects_unknown_resources_and_protocols() {
    let tmp = tempfile::tempdir().unwrap();
    let estate = tmp.path().join("estate");
    demo(&estate);
    let dir = estate.to_str().unwrap();
    let out = nephos(&["reach", dir, "--from", "internet", "--to", "i-doesnotexist"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("i-doesnotexist"));
    let out = nephos(&[
        "reach",
        dir,
        "--from",
        "internet",
        "--to",
        "internet",
        "--protocol",
        "bogus",
    ]);
    assert_eq!(out.status.code(), Some(2));
}
