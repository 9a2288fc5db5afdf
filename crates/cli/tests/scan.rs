//! End-to-end test of `nephos scan` on a demo estate: every stage's section in the JSON, the
//! planted attack path near the top, the table summary and the HTML report.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

use std::process::Command;

#[test]
fn scan_reports_risk_paths_outliers_and_findings() {
    let tmp = tempfile::tempdir().unwrap();
    let estate = tmp.path().join("estate");
    let bin = env!("CARGO_BIN_EXE_nephos");
    let demo = Command::new(bin)
        .args(["demo", "--out", estate.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(demo.status.success());
    let html = tmp.path().join("report.html");
    let out = Command::new(bin)
        .args([
            "scan",
            estate.to_str().unwrap(),
            "--no-store",
            "--format",
            "json",
            "--html",
            html.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let scan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The foundation's fields stay.
    for key in ["source", "snapshot", "import", "inventory"] {
        assert!(scan.get(key).is_some(), "missing {key}");
    }
    let arch = &scan["architectures"][0];
    for key in ["id", "name", "owner", "score"] {
        assert!(arch.get(key).is_some(), "architecture lacks {key}");
    }
    let asset = &scan["assets"][0];
    assert!(asset["resource"].is_string());
    assert!(asset["score"].as_f64().unwrap() > 0.0);
    assert!(asset["factors"]["exposure"]["points"].is_number());
    let labels: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(estate.join("labels.json")).unwrap())
            .unwrap();
    let want: Vec<&str> = labels["attack_paths"][0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["resource"].as_str().unwrap())
        .collect();
    let paths = scan["attack_paths"].as_array().unwrap();
    let rank = paths.iter().position(|p| {
        p["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .eq(want.iter().copied())
    });
    assert!(rank.is_some_and(|r| r < 5), "planted path ranked {rank:?}");
    let p = &paths[rank.unwrap()];
    assert!(p["score"].is_number());
    assert_eq!(
        p["evidence"].as_array().unwrap().len(),
        p["steps"].as_array().unwrap().len()
    );
    let outliers = scan["outliers"].as_array().unwrap();
    assert!(!outliers.is_empty());
    for o in outliers {
        assert!(!o["reasons"].as_array().unwrap().is_empty());
    }
    assert!(!scan["findings"].as_array().unwrap().is_empty());
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains(want[want.len() - 1]));
    assert!(page.starts_with("<!DOCTYPE html>"));

    // The table names the riskiest architectures, paths and finding counts.
    let table = Command::new(bin)
        .args(["scan", estate.to_str().unwrap(), "--no-store"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&table.stdout);
    for heading in [
        "RISKIEST ARCHITECTURES",
        "TOP ASSETS",
        "ATTACK PATHS",
        "OUTLIERS",
        "FINDINGS:",
    ] {
        assert!(text.contains(heading), "table lacks {heading}:\n{text}");
    }
}
