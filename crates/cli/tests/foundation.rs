//! End-to-end tests of the `nephos` binary: demo → scan → store → inventory, bad input, exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

use std::path::Path;
use std::process::{Command, Output};

fn nephos(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nephos"))
        .args(args)
        .env("NEPHOS_DB", db)
        .output()
        .expect("nephos runs")
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "nephos failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

#[test]
fn demo_scan_store_and_inventory_agree() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("nephos.db");
    let estate = tmp.path().join("estate");
    let out = nephos(
        &db,
        &[
            "demo",
            "--out",
            estate.to_str().unwrap(),
            "--resources",
            "1000",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(estate.join("labels.json").is_file());

    let scan = json(&nephos(
        &db,
        &["scan", estate.to_str().unwrap(), "--format", "json"],
    ));
    let resources = scan["inventory"]["resources"].as_u64().unwrap();
    assert!((900..=1200).contains(&resources), "{resources} resources");
    assert_eq!(scan["snapshot"]["id"], 1);
    assert!(scan["import"]["problems"].as_array().unwrap().is_empty());
    let by_kind = scan["inventory"]["by_kind"].as_object().unwrap();
    assert!(by_kind["AWS::EC2::Instance"].as_u64().unwrap() > 0);

    // The stored snapshot lists the same resources as a fresh import of the folder.
    let stored = json(&nephos(&db, &["inventory", "--format", "json"]));
    let fresh = json(&nephos(
        &db,
        &[
            "inventory",
            estate.to_str().unwrap(),
            "--no-store",
            "--format",
            "json",
        ],
    ));
    assert_eq!(stored, fresh);
    assert_eq!(
        stored["resources"].as_array().unwrap().len() as u64,
        resources
    );

    // Filters: every instance listed is an instance, and --tag narrows.
    let instances = json(&nephos(
        &db,
        &["inventory", "--kind", "instance", "--format", "json"],
    ));
    let list = instances["resources"].as_array().unwrap();
    assert_eq!(
        list.len() as u64,
        by_kind["AWS::EC2::Instance"].as_u64().unwrap()
    );
    assert!(list.iter().all(|r| r["kind"] == "AWS::EC2::Instance"));
    let env_prod = json(&nephos(
        &db,
        &[
            "inventory",
            "--kind",
            "instance",
            "--tag",
            "env=prod",
            "--format",
            "json",
        ],
    ));
    let prod = env_prod["resources"].as_array().unwrap();
    assert!(!prod.is_empty() && prod.len() < list.len());
    assert!(prod.iter().all(|r| r["tags"]["env"] == "prod"));
}

#[test]
fn broken_file_is_reported_and_the_rest_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("nephos.db");
    let region = tmp.path().join("111122223333").join("eu-west-1");
    std::fs::create_dir_all(&region).unwrap();
    std::fs::write(
        region.join("ec2-describe-vpcs.json"),
        r#"{"Vpcs": [{"VpcId": "vpc-1", "OwnerId": "111122223333", "CidrBlock": "10.0.0.0/16"}]}"#,
    )
    .unwrap();
    std::fs::write(
        region.join("ec2-describe-subnets.json"),
        "{\"Subnets\": [\n  {\"SubnetId\": \"subnet-1\",",
    )
    .unwrap();
    let dir = tmp.path().to_str().unwrap();

    let scan = json(&nephos(&db, &["scan", dir, "--format", "json"]));
    assert_eq!(scan["inventory"]["by_kind"]["AWS::EC2::VPC"], 1);
    let problems = scan["import"]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("ec2-describe-subnets.json")
    );
    assert_eq!(problems[0]["line"], 2);
    assert_eq!(problems[0]["kind"], "truncated_json");

    let strict = nephos(&db, &["scan", dir, "--strict"]);
    assert_eq!(strict.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&strict.stderr).contains("ec2-describe-subnets.json"));
}

#[test]
fn usage_and_input_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("nephos.db");
    assert_eq!(nephos(&db, &["scan"]).status.code(), Some(2));
    let missing = nephos(&db, &["scan", "/no/such/folder"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/no/such/folder"));
    let empty = nephos(&db, &["inventory"]);
    assert_eq!(empty.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("no snapshot"));
    assert_eq!(
        nephos(&db, &["inventory", "--kind", "nope"]).status.code(),
        Some(2)
    );
}

#[test]
fn help_describes_every_command() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("nephos.db");
    let help = nephos(&db, &["--help"]);
    let text = String::from_utf8_lossy(&help.stdout);
    for cmd in ["scan", "demo", "inventory", "snapshots", "kinds"] {
        assert!(text.contains(cmd), "--help lacks {cmd}");
        let sub = nephos(&db, &[cmd, "--help"]);
        assert!(sub.status.success());
        assert!(String::from_utf8_lossy(&sub.stdout).contains("Usage: nephos"));
    }
}
