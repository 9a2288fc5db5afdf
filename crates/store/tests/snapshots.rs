//! Saving, reloading, history and diffs of snapshots.
#![allow(
    clippy::unwrap_used,
    reason = "test fixtures: a failure here is a test failure"
)]

use nephos_model::{
    Inventory, Properties, Relationship, RelationshipKind, Resource, ResourceId, ResourceKind,
    props::VpcProps,
};
use nephos_store::Store;

fn vpc(id: &str, state: &str) -> Resource {
    let mut r = Resource::new(
        ResourceId::ec2("eu-west-1", "111122223333", "vpc", id),
        ResourceKind::Vpc,
        "111122223333",
        Some("eu-west-1".into()),
        id,
    );
    r.tags.insert("team".into(), "payments".into());
    r.props = Properties::Vpc(VpcProps {
        cidr_blocks: vec!["10.0.0.0/16".parse().unwrap()],
        state: state.into(),
        ..VpcProps::default()
    });
    r
}

fn estate(resources: &[Resource]) -> Inventory {
    let mut inv = Inventory::new("fixture");
    for r in resources {
        inv.insert(r.clone());
    }
    inv.coverage
        .mark_collected("111122223333", "eu-west-1", "ec2-describe-vpcs");
    inv.coverage.mark_failed(
        "111122223333",
        "eu-west-1",
        "ec2-describe-route-tables",
        "AccessDenied",
    );
    inv
}

#[test]
fn round_trips_resources_relationships_and_coverage() {
    let mut store = Store::in_memory().unwrap();
    let mut inv = estate(&[vpc("vpc-a", "available"), vpc("vpc-b", "available")]);
    inv.relate(Relationship::new(
        inv.resources()[0].id.clone(),
        RelationshipKind::Connects,
        inv.resources()[1].id.clone(),
        "ec2:DescribeVpcPeeringConnections",
    ));
    let info = store.save("acme", &inv).unwrap();
    assert_eq!(info.resources, 2);
    assert_eq!(info.relationships, 1);
    let back = store.load(info.id).unwrap();
    assert_eq!(back.resources(), inv.resources());
    assert_eq!(back.relationships(), inv.relationships());
    assert!(
        back.coverage
            .is_collected("111122223333", "eu-west-1", "ec2-describe-vpcs")
    );
    assert_eq!(
        back.coverage
            .failure("111122223333", "eu-west-1", "ec2-describe-route-tables"),
        Some("AccessDenied")
    );
}

#[test]
fn keeps_history_and_diffs_snapshots() {
    let mut store = Store::in_memory().unwrap();
    let s1 = store
        .save(
            "acme",
            &estate(&[vpc("vpc-a", "available"), vpc("vpc-b", "available")]),
        )
        .unwrap();
    let s2 = store
        .save(
            "acme",
            &estate(&[vpc("vpc-a", "pending"), vpc("vpc-c", "available")]),
        )
        .unwrap();
    // A snapshot of another estate must not disturb acme's history.
    store
        .save("other", &estate(&[vpc("vpc-z", "available")]))
        .unwrap();

    let old = store.load(s1.id).unwrap();
    let names: Vec<_> = old.resources().iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["vpc-a", "vpc-b"]);
    let new = store.load(s2.id).unwrap();
    let mut names: Vec<_> = new.resources().iter().map(|r| r.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["vpc-a", "vpc-c"]);

    let diff = store.diff(s1.id, s2.id).unwrap();
    assert_eq!(diff.added.len(), 1);
    assert!(diff.added[0].as_str().ends_with("vpc-c"));
    assert_eq!(diff.removed.len(), 1);
    assert!(diff.removed[0].as_str().ends_with("vpc-b"));
    assert_eq!(diff.changed.len(), 1);
    assert!(diff.changed[0].as_str().ends_with("vpc-a"));

    assert_eq!(store.latest(Some("acme")).unwrap().unwrap().id, s2.id);
    assert_eq!(store.latest(None).unwrap().unwrap().estate, "other");
    assert_eq!(store.snapshots().unwrap().len(), 3);
}

#[test]
fn unchanged_resources_are_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/nephos.db");
    let mut store = Store::open(&path).unwrap();
    let inv = estate(&[vpc("vpc-a", "available")]);
    let s1 = store.save("acme", &inv).unwrap();
    let s2 = store.save("acme", &inv).unwrap();
    assert!(store.diff(s1.id, s2.id).unwrap().changed.is_empty());
    drop(store);
    // Reopening finds both snapshots and an identical estate.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.snapshots().unwrap().len(), 2);
    assert_eq!(
        store.load(s1.id).unwrap().resources(),
        store.load(s2.id).unwrap().resources()
    );
}

#[test]
fn missing_snapshot_is_an_error() {
    let store = Store::in_memory().unwrap();
    assert!(store.load(7).is_err());
}
