//! Typed edges and their evidence: declared relationships and derived edges.

mod common;

use common::{Estate, allow};
use nephos_graph::{DeriveRule, EdgeKind, Graph, Origin};
use nephos_model::ResourceId;

fn edges_between(g: &Graph, from: &ResourceId, to: &ResourceId) -> Vec<(EdgeKind, String, Origin)> {
    let (Some(f), Some(t)) = (g.find(from), g.find(to)) else {
        return vec![];
    };
    let mut v: Vec<_> = g
        .outgoing(f)
        .filter(|e| e.to == t)
        .map(|e| (e.kind, e.evidence.to_string(), e.origin))
        .collect();
    v.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    v
}

#[test]
fn declared_relationships_become_typed_edges_with_their_evidence() {
    let mut e = Estate::new();
    let vpc = e.vpc("vpc-a");
    let subnet = e.subnet(&vpc, "subnet-a", "eu-west-1a");
    let g = Graph::build(&e.inv);
    let found = edges_between(&g, &vpc, &subnet);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, EdgeKind::Contains);
    assert_eq!(found[0].1, "ec2:DescribeSubnets Subnets[].VpcId");
    assert_eq!(found[0].2, Origin::Declared);
}

#[test]
fn duplicate_relationships_are_one_edge() {
    let mut e = Estate::new();
    let vpc = e.vpc("vpc-a");
    let subnet = e.subnet(&vpc, "subnet-a", "eu-west-1a");
    e.relate(
        &vpc,
        nephos_model::RelationshipKind::Contains,
        &subnet,
        "ec2:DescribeSubnets Subnets[].VpcId",
    );
    let g = Graph::build(&e.inv);
    assert_eq!(edges_between(&g, &vpc, &subnet).len(), 1);
}

#[test]
fn trust_edges_come_from_the_iam_engine_including_other_accounts() {
    let mut e = Estate::new();
    let role = e.role("deploy", "");
    e.set_trust(
        &role,
        r#"{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
        "Principal":{"AWS":["arn:aws:iam::222222222222:root","arn:aws:iam::111111111111:role/ci"]}}]}"#,
    );
    let ci = e.role("ci", "");
    let g = Graph::build(&e.inv);
    let external = ResourceId::account("222222222222");
    let found = edges_between(&g, &external, &role);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, EdgeKind::MayAssume);
    assert!(
        found[0]
            .1
            .contains("Allow `arn:aws:iam::111111111111:role/deploy/trust` Statement[0]"),
        "{}",
        found[0].1
    );
    assert!(found[0].1.contains("cross-account"));
    assert!(matches!(
        found[0].2,
        Origin::Derived {
            rule: DeriveRule::Trust,
            ..
        }
    ));
    // The other account is not collected: a placeholder node.
    assert!(g.resource(g.find(&external).unwrap()).is_none());
    // Same account, named by ARN: the trust policy alone allows it.
    let ci_edges = edges_between(&g, &ci, &role);
    assert_eq!(ci_edges.len(), 1);
    assert_eq!(ci_edges[0].0, EdgeKind::MayAssume);
    assert!(!ci_edges[0].1.contains("cross-account"));
    // `ci` is trusted by the Lambda service (the fixture's default trust policy).
    let lambda = ResourceId::new("lambda.amazonaws.com");
    assert_eq!(edges_between(&g, &lambda, &ci).len(), 1);
}

#[test]
fn access_edges_are_decided_by_the_iam_engine_inline_and_managed() {
    let mut e = Estate::new();
    let orders = e.bucket("orders-eu");
    let other = e.bucket("orders-us");
    let unrelated = e.bucket("images");
    let role = e.role(
        "api",
        &allow(
            &["s3:GetObject", "s3:ListBucket"],
            &["arn:aws:s3:::orders-*", "arn:aws:s3:::orders-*/*"],
        ),
    );
    let managed = e.managed_policy(
        "write-images",
        &allow(&["s3:PutObject"], &["arn:aws:s3:::images/*"]),
    );
    e.attach_policy(&role, &managed);
    let broad = e.role("admin", &allow(&["*"], &["*"]));
    let g = Graph::build(&e.inv);
    for b in [&orders, &other] {
        let found = edges_between(&g, &role, b);
        assert!(!found.is_empty());
        assert!(found.iter().all(|f| f.0 == EdgeKind::MayRead), "{found:?}");
        assert!(
            found[0].1.contains("IAM engine: s3:GetObject on")
                && found[0].1.contains(
                    "Allow `arn:aws:iam::111111111111:role/api/inline/api-policy` Statement[0]"
                ),
            "{}",
            found[0].1
        );
    }
    let images = edges_between(&g, &role, &unrelated);
    assert_eq!(images.len(), 1);
    assert_eq!(images[0].0, EdgeKind::MayWrite);
    assert!(
        images[0]
            .1
            .contains("s3:PutObject on arn:aws:s3:::images/* allowed by Allow `arn:aws:iam::111111111111:policy/write-images`"),
        "{}",
        images[0].1
    );
    // `*` on `*` is broad access, not a connection to every store.
    assert!(
        g.outgoing(g.find(&broad).unwrap())
            .all(|e| e.kind != EdgeKind::MayRead)
    );
}

#[test]
fn triggers_are_read_from_notifications_and_function_policies() {
    let mut e = Estate::new();
    let role = e.role("f", "");
    let f = e.lambda("f", &role, &[]);
    let bucket = e.bucket("uploads");
    e.notify(&bucket, &f);
    e.set_function_policy(
        &f,
        r#"{"Statement":[{"Sid":"api","Effect":"Allow","Action":"lambda:InvokeFunction",
        "Principal":{"Service":"apigateway.amazonaws.com"},
        "Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:execute-api:eu-west-1:111111111111:abc123/*/POST/upload"}}}]}"#,
    );
    let g = Graph::build(&e.inv);
    let t = edges_between(&g, &bucket, &f);
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].0, EdgeKind::Triggers);
    assert!(t[0].1.starts_with("s3:GetBucketNotificationConfiguration"));
    let api = ResourceId::new("arn:aws:execute-api:eu-west-1:111111111111:abc123");
    let t = edges_between(&g, &api, &f);
    assert_eq!(t.len(), 1);
    assert!(t[0].1.contains("Statement[0] (api)"));
    // The API is part of the function's architecture.
    assert!(g.architectures()[0].members.contains(&api));
}

#[test]
fn bad_policies_are_problems_not_failures() {
    let mut e = Estate::new();
    let role = e.role("broken", "{not json");
    let g = Graph::build(&e.inv);
    let problems = g.problems();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].0, role);
}
