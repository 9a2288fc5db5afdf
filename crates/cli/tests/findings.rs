//! End to end: `nephos checks` and `nephos findings` over a stored snapshot, with suppressions and
//! `--fail-on`.

#![allow(clippy::unwrap_used, reason = "test fixtures")]

mod common;

use common::nephos;

use nephos_model::props::*;
use nephos_model::{Inventory, Properties, Resource, ResourceId, ResourceKind};

fn estate() -> Inventory {
    let mut inv = Inventory::new("e2e");
    inv.taken_at = Some(chrono::Utc::now());
    let acct = "111122223333";
    let open = SecurityGroupRule {
        protocol: IpProtocol::Tcp,
        from_port: Some(3389),
        to_port: Some(3389),
        peer: SecurityGroupPeer::Cidr {
            cidr: "0.0.0.0/0".parse().unwrap(),
        },
        description: None,
    };
    let mut sg = Resource::new(
        ResourceId::ec2("eu-west-1", acct, "security-group", "sg-rdp"),
        ResourceKind::SecurityGroup,
        acct,
        Some("eu-west-1".into()),
        "rdp",
    );
    sg.props = Properties::SecurityGroup(SecurityGroupProps {
        group_id: "sg-rdp".into(),
        group_name: "rdp".into(),
        ingress: vec![open],
        ..Default::default()
    });
    inv.insert(sg);
    let mut b = Resource::new(
        ResourceId::new("arn:aws:s3:::site-assets"),
        ResourceKind::Bucket,
        acct,
        Some("eu-west-1".into()),
        "site-assets",
    );
    b.props = Properties::Bucket(Box::new(BucketProps {
        policy: Some(Some(r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::site-assets/*"}]}"#.into())),
        ..Default::default()
    }));
    inv.insert(b);
    inv
}

#[test]
fn catalogue_lists_every_check() {
    let out = nephos(&["checks", "--format", "json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["checks"].as_array().unwrap().len(),
        nephos_checks::CHECKS.len()
    );
}

#[test]
fn findings_honour_suppressions_and_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nephos.db");
    let mut store = nephos_store::Store::open(&db).unwrap();
    store.save("e2e", &estate()).unwrap();
    let rules = dir.path().join("suppressions.yaml");
    std::fs::write(
        &rules,
        "suppressions:\n  - check: s3_bucket_policy_not_public\n    resource: \"arn:aws:s3:::site-*\"\n    reason: public website assets\n",
    )
    .unwrap();
    let db = db.to_str().unwrap();
    let rules = rules.to_str().unwrap();

    let out = nephos(&[
        "findings",
        "--db",
        db,
        "--format",
        "json",
        "--suppressions",
        rules,
        "--fail-on",
        "high",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let find = |check: &str| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["check"] == check)
            .cloned()
            .unwrap()
    };
    let rdp = find("ec2_securitygroup_no_admin_ports_ipv4");
    assert_eq!(rdp["status"], "FAIL");
    assert_eq!(rdp["compliance"]["CIS-AWS-3.0"][0], "5.2");
    let bucket = find("s3_bucket_policy_not_public");
    assert_eq!(bucket["suppressed"]["reason"], "public website assets");
    assert_eq!(v["suppressions"][0]["matched"], 1);

    // Only the suppressed critical: --fail-on critical passes.
    let out = nephos(&[
        "findings",
        "--db",
        db,
        "--check",
        "s3_bucket_policy_not_public",
        "--suppressions",
        rules,
        "--fail-on",
        "critical",
        "--format",
        "sarif",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"][0]["suppressions"][0]["justification"],
        "public website assets"
    );

    let out = nephos(&["findings", "--db", db, "--check", "no_such_check"]);
    assert_eq!(out.status.code(), Some(2));
}
