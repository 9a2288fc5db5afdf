//! The architecture rules on a hand-written account-data folder in AWS API shapes
//! (`tests/fixtures/apps/shop`), read by the real importer.
//!
//! The folder holds: VPC `shop` (tags application=storefront, team=shop) peered (active) with VPC
//! `data` and (pending) with VPC `sandbox`; instance `web-1` in `shop` running as `web-role`;
//! function `vpc-fn` in a `shop` subnet; ECS cluster `orders` whose service and task run in a `shop`
//! subnet and whose task role sends to queue `orders`; function `report` fed by `orders` through an
//! event source mapping; function `thumb` outside any VPC, triggered by bucket `photos`; functions
//! `log-a` and `log-b` writing (through the managed policy `LogsWriter`) to bucket `central-logs`,
//! which `thumb` and `web-role` use too; ECS cluster `batch` with no network; role `audit-role`
//! trusted by account 222222222222.
#![expect(
    clippy::expect_used,
    reason = "test helpers fail the test on a broken fixture"
)]

use std::path::Path;

use nephos_graph::{Architecture, EdgeKind, Graph};
use nephos_model::ResourceId;

const A: &str = "111111111111";

fn graph() -> Graph {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/apps");
    let imported = nephos_aws::import(&dir).expect("fixture imports");
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    Graph::build(&imported.inventory)
}

fn id(s: &str) -> ResourceId {
    ResourceId::new(s.replace("{A}", A))
}

fn vpc(v: &str) -> ResourceId {
    ResourceId::ec2("eu-west-1", A, "vpc", v)
}

fn function(f: &str) -> ResourceId {
    id(&format!("arn:aws:lambda:eu-west-1:{{A}}:function:{f}"))
}

fn cluster(c: &str) -> ResourceId {
    id(&format!("arn:aws:ecs:eu-west-1:{{A}}:cluster/{c}"))
}

fn holding<'a>(archs: &'a [Architecture], member: &ResourceId) -> &'a Architecture {
    let found: Vec<_> = archs
        .iter()
        .filter(|a| a.members.contains(member))
        .collect();
    assert_eq!(found.len(), 1, "{member} in {found:#?}");
    found[0]
}

#[test]
fn the_shop_estate_cuts_into_the_expected_architectures() {
    let g = graph();
    let archs = g.architectures();
    let mut seeds: Vec<Vec<&str>> = archs
        .iter()
        .map(|a| {
            let mut v: Vec<&str> = a.seeds.iter().map(|s| s.short()).collect();
            v.sort();
            v
        })
        .collect();
    seeds.sort();
    // Peering (active) joins shop and data; the orders cluster runs in a shop subnet; report reads
    // the queue the orders tasks write; the pending peering does not join sandbox; the logging
    // bucket used by four applications is a hub and joins none of them.
    let expected: Vec<Vec<&str>> = vec![
        vec!["batch"],
        vec!["log-a"],
        vec!["log-b"],
        vec!["orders", "report", "vpc-data", "vpc-shop"],
        vec!["thumb"],
        vec!["vpc-sandbox"],
    ];
    assert_eq!(seeds, expected, "{archs:#?}");
}

#[test]
fn members_shared_names_and_owners() {
    let g = graph();
    let archs = g.architectures();
    let shop = holding(&archs, &vpc("vpc-shop"));
    assert_eq!(shop.name, "storefront");
    assert_eq!(shop.owner.as_deref(), Some("shop"));
    for m in [
        function("vpc-fn"),
        id("arn:aws:sqs:eu-west-1:{A}:orders"),
        id("arn:aws:s3:::catalog"),
        id("arn:aws:iam::{A}:role/web-role"),
        id("arn:aws:iam::{A}:role/task-role"),
        id("arn:aws:ecs:eu-west-1:{A}:task/orders/0001"),
        cluster("orders"),
    ] {
        assert!(shop.members.contains(&m), "{m} in {shop:#?}");
    }
    let logs = id("arn:aws:s3:::central-logs");
    assert!(shop.shared.contains(&logs));
    let thumb = holding(&archs, &function("thumb"));
    assert!(thumb.members.contains(&id("arn:aws:s3:::photos")));
    assert!(thumb.shared.contains(&logs));
    assert_eq!(thumb.name, "thumb");
    assert_eq!(thumb.owner, None);
    let sandbox = holding(&archs, &vpc("vpc-sandbox"));
    assert_eq!(sandbox.name, "sandbox");
    let managed = id("arn:aws:iam::{A}:policy/LogsWriter");
    let log_a = holding(&archs, &function("log-a"));
    assert!(log_a.shared.contains(&managed) && log_a.shared.contains(&logs));
    assert!(
        holding(&archs, &cluster("batch"))
            .members
            .contains(&id("arn:aws:iam::{A}:role/batch-role"))
    );
}

#[test]
fn ids_are_derived_from_seeds_and_stable() {
    let first = graph().architectures();
    let second = graph().architectures();
    assert_eq!(first, second);
    for a in &first {
        let expected =
            nephos_graph::arch::naming::architecture_id(a.seeds.iter().map(|s| s.as_str()));
        assert_eq!(a.id, expected);
    }
}

#[test]
fn cross_account_trust_is_an_edge_from_the_other_account() {
    let g = graph();
    let role = g.find(&id("arn:aws:iam::{A}:role/audit-role")).unwrap();
    let from: Vec<&str> = g
        .incoming(role)
        .filter(|e| e.kind == EdgeKind::MayAssume)
        .map(|e| g.id(e.from).as_str())
        .collect();
    assert_eq!(from, ["arn:aws:iam::222222222222:root"]);
}
