//! Trust and access edges decided by the IAM engine: cases where a policy scan would make an edge
//! but AWS would refuse the request (explicit deny, boundary, a condition that cannot hold, an SCP,
//! a bucket policy), cross-account trust, and IAM changes applied incrementally.

mod common;

use common::{Estate, allow};
use nephos_graph::{Change, EdgeKind, Graph};
use nephos_model::props::{OrganizationAccountProps, OrganizationPolicyProps};
use nephos_model::{Properties, ResourceId, ResourceKind};

const ACCOUNT: &str = "111111111111";

/// `(kind, evidence)` of the edges `from` → `to`, sorted.
fn between(g: &Graph, from: &ResourceId, to: &ResourceId) -> Vec<(EdgeKind, String)> {
    let (Some(f), Some(t)) = (g.find(from), g.find(to)) else {
        return vec![];
    };
    let mut v: Vec<_> = g
        .outgoing(f)
        .filter(|e| e.to == t)
        .map(|e| (e.kind, e.evidence.to_string()))
        .collect();
    v.sort();
    v
}

fn kinds(g: &Graph, from: &ResourceId, to: &ResourceId) -> Vec<EdgeKind> {
    between(g, from, to).into_iter().map(|e| e.0).collect()
}

/// Every edge as ids, kind and evidence, sorted (to compare an updated graph with a rebuild).
fn all_edges(g: &Graph) -> Vec<(String, String, EdgeKind, String)> {
    let mut v: Vec<_> = g
        .edges()
        .map(|e| {
            (
                g.id(e.from).as_str().to_owned(),
                g.id(e.to).as_str().to_owned(),
                e.kind,
                e.evidence.to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

fn set_boundary(e: &mut Estate, role: &ResourceId, policy: &ResourceId) {
    if let Some(Properties::IamRole(p)) = e.inv.get_mut(role).map(|r| &mut r.props) {
        p.permissions_boundary_arn = Some(policy.as_str().into());
    }
}

fn set_bucket_policy(e: &mut Estate, bucket: &ResourceId, policy: &str) {
    if let Some(Properties::Bucket(b)) = e.inv.get_mut(bucket).map(|r| &mut r.props) {
        b.policy = Some(Some(policy.into()));
    }
}

/// Account 111111111111 is a member of an organization: `FullAWSAccess` on the root and the
/// account, and an SCP denying `deny_action` on the account.
fn organization(e: &mut Estate, deny_action: &str) -> ResourceId {
    organization_with(
        e,
        serde_json::json!({"Version":"2012-10-17","Statement":[
            {"Sid":"NoSend","Effect":"Deny","Action":deny_action,"Resource":"*"}]}),
    )
}

fn organization_with(e: &mut Estate, scp: serde_json::Value) -> ResourceId {
    e.add(
        ResourceId::new("arn:aws:organizations::999999999999:account/o-1/111111111111"),
        ResourceKind::OrganizationAccount,
        ACCOUNT,
        Properties::OrganizationAccount(OrganizationAccountProps {
            account_id: ACCOUNT.into(),
            parent_id: Some("r-root".into()),
            ..Default::default()
        }),
    );
    e.add(
        ResourceId::new("arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess"),
        ResourceKind::OrganizationPolicy,
        "FullAWSAccess",
        Properties::OrganizationPolicy(OrganizationPolicyProps {
            policy_id: "p-FullAWSAccess".into(),
            policy_type: "SERVICE_CONTROL_POLICY".into(),
            aws_managed: true,
            target_ids: vec!["r-root".into(), ACCOUNT.into()],
            ..Default::default()
        }),
    );
    e.add(
        ResourceId::new(
            "arn:aws:organizations::999999999999:policy/o-1/service_control_policy/p-deny",
        ),
        ResourceKind::OrganizationPolicy,
        "deny",
        Properties::OrganizationPolicy(OrganizationPolicyProps {
            policy_id: "p-deny".into(),
            policy_type: "SERVICE_CONTROL_POLICY".into(),
            content: scp.to_string(),
            target_ids: vec![ACCOUNT.into()],
            ..Default::default()
        }),
    )
}

/// A role whose policy a scan reads as read + write on four stores, each refused in one way.
fn refused() -> (Estate, ResourceId, [ResourceId; 5]) {
    let mut e = Estate::new();
    let denied = e.bucket("denied");
    let bounded = e.bucket("bounded");
    let conditioned = e.bucket("conditioned");
    let guarded = e.bucket("guarded");
    let jobs = e.queue("jobs");
    let policy = serde_json::json!({"Version":"2012-10-17","Statement":[
        {"Sid":"ReadWrite","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],
         "Resource":["arn:aws:s3:::denied/*","arn:aws:s3:::bounded/*","arn:aws:s3:::guarded/*"]},
        {"Sid":"NoWrite","Effect":"Deny","Action":"s3:PutObject","Resource":"arn:aws:s3:::denied/*"},
        {"Sid":"OtherAccountOnly","Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::conditioned/*",
         "Condition":{"StringEquals":{"aws:PrincipalAccount":"999999999999"}}},
        {"Sid":"Queue","Effect":"Allow","Action":["sqs:SendMessage","sqs:ReceiveMessage"],
         "Resource":"arn:aws:sqs:eu-west-1:111111111111:jobs"}]})
    .to_string();
    let role = e.role("app", &policy);
    // The boundary allows reading, and writing to `denied` and `guarded` only.
    let boundary = e.managed_policy(
        "read-only-boundary",
        &serde_json::json!({"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":["s3:GetObject","sqs:*"],"Resource":"*"},
            {"Effect":"Allow","Action":"s3:PutObject",
             "Resource":["arn:aws:s3:::denied/*","arn:aws:s3:::guarded/*"]}]})
        .to_string(),
    );
    set_boundary(&mut e, &role, &boundary);
    // The bucket policy refuses writes by this role.
    set_bucket_policy(
        &mut e,
        &guarded,
        &serde_json::json!({"Version":"2012-10-17","Statement":[
            {"Sid":"NoAppWrites","Effect":"Deny","Principal":{"AWS":role.as_str()},
             "Action":"s3:PutObject","Resource":"arn:aws:s3:::guarded/*"}]})
        .to_string(),
    );
    organization(&mut e, "sqs:SendMessage");
    (e, role, [denied, bounded, conditioned, guarded, jobs])
}

#[test]
fn the_engine_refuses_what_a_scan_would_allow() {
    let (e, role, [denied, bounded, conditioned, guarded, jobs]) = refused();
    let g = Graph::build(&e.inv);
    // Explicit deny in the role's own policy: read only.
    assert_eq!(kinds(&g, &role, &denied), [EdgeKind::MayRead]);
    // The boundary does not allow s3:PutObject.
    assert_eq!(kinds(&g, &role, &bounded), [EdgeKind::MayRead]);
    // A condition that cannot hold for this role: nothing.
    assert!(kinds(&g, &role, &conditioned).is_empty());
    // The bucket policy denies the role's writes.
    assert_eq!(kinds(&g, &role, &guarded), [EdgeKind::MayRead]);
    // The SCP denies sqs:SendMessage in the account.
    assert_eq!(kinds(&g, &role, &jobs), [EdgeKind::MayRead]);
    // Evidence names the deciding statement.
    let read = &between(&g, &role, &denied)[0].1;
    assert!(
        read.contains("s3:GetObject on arn:aws:s3:::denied/*")
            && read.contains(
                "Allow `arn:aws:iam::111111111111:role/app/inline/app-policy` Sid `ReadWrite`"
            ),
        "{read}"
    );
}

#[test]
fn iam_changes_update_edges_like_a_rebuild() {
    let (mut e, role, [denied, bounded, _, _, jobs]) = refused();
    let mut g = Graph::build(&e.inv);
    // Lift the SCP's deny: the role may now send to the queue.
    let scp = ResourceId::new(
        "arn:aws:organizations::999999999999:policy/o-1/service_control_policy/p-deny",
    );
    let mut r = e.inv.get(&scp).cloned().unwrap();
    if let Properties::OrganizationPolicy(p) = &mut r.props {
        p.content = serde_json::json!({"Version":"2012-10-17","Statement":[
            {"Effect":"Deny","Action":"ec2:RunInstances","Resource":"*"}]})
        .to_string();
    }
    e.inv.insert(r.clone());
    let report = g.apply(Change::Upsert(r));
    assert_eq!(g.iam_updates(), 1);
    // The role's edges are replaced as a set: one more than before.
    assert_eq!(report.edges_added, report.edges_removed + 1, "{report:?}");
    assert_eq!(
        kinds(&g, &role, &jobs),
        [EdgeKind::MayRead, EdgeKind::MayWrite]
    );
    assert_eq!(all_edges(&g), all_edges(&Graph::build(&e.inv)));
    // Widen the boundary: writes to `bounded` appear, `denied` stays read-only.
    let boundary = ResourceId::new("arn:aws:iam::111111111111:policy/read-only-boundary");
    let mut b = e.inv.get(&boundary).cloned().unwrap();
    if let Properties::IamPolicy(p) = &mut b.props {
        p.versions[0].document = allow(&["s3:*", "sqs:*"], &["*"]);
    }
    e.inv.insert(b.clone());
    g.apply(Change::Upsert(b));
    assert_eq!(
        kinds(&g, &role, &bounded),
        [EdgeKind::MayRead, EdgeKind::MayWrite]
    );
    assert_eq!(kinds(&g, &role, &denied), [EdgeKind::MayRead]);
    assert_eq!(all_edges(&g), all_edges(&Graph::build(&e.inv)));
    // A bucket without a policy changing is not an IAM change.
    let mut d = e.inv.get(&bounded).cloned().unwrap();
    d.tags.insert("team".into(), "x".into());
    g.apply(Change::Upsert(d));
    assert_eq!(g.iam_updates(), 2);
}

#[test]
fn cross_account_trust_needs_the_callers_identity_policy() {
    let mut e = Estate::new();
    let deploy = e.role("deploy", "");
    e.set_trust(
        &deploy,
        r#"{"Statement":[{"Sid":"FromTools","Effect":"Allow","Action":"sts:AssumeRole",
        "Principal":{"AWS":["arn:aws:iam::222222222222:root","arn:aws:iam::333333333333:root"]}},
        {"Sid":"Vendor","Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"444444444444"},
         "Condition":{"StringEquals":{"sts:ExternalId":"secret"}}}]}"#,
    );
    e.in_account("222222222222", "eu-west-1");
    let ops = e.role(
        "ops",
        &allow(
            &["sts:AssumeRole"],
            &["arn:aws:iam::111111111111:role/deploy"],
        ),
    );
    let idle = e.role("idle", "");
    let g = Graph::build(&e.inv);
    // ops (collected, other account) has both the trust and its own permission.
    let found = between(&g, &ops, &deploy);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, EdgeKind::MayAssume);
    let ev = &found[0].1;
    assert!(
        ev.contains("Allow `arn:aws:iam::111111111111:role/deploy/trust` Sid `FromTools`")
            && ev.contains(
                "Allow `arn:aws:iam::222222222222:role/ops/inline/ops-policy` Statement[0]"
            )
            && ev.contains("cross-account"),
        "{ev}"
    );
    // idle is in the trusted account but its own policies do not allow sts:AssumeRole.
    assert!(between(&g, &idle, &deploy).is_empty());
    // 333333333333 is not collected: its root is a placeholder that may assume the role.
    let other = ResourceId::account("333333333333");
    let found = between(&g, &other, &deploy);
    assert_eq!(found.len(), 1);
    assert!(g.resource(g.find(&other).unwrap()).is_none());
    assert!(found[0].1.contains("Sid `FromTools`") && found[0].1.contains("cross-account"));
    // The vendor needs an external id the analysis cannot know: a conditional edge.
    let vendor = between(&g, &ResourceId::account("444444444444"), &deploy);
    assert_eq!(vendor.len(), 1);
    assert!(
        vendor[0].1.contains("Sid `Vendor`") && vendor[0].1.contains("conditional"),
        "{}",
        vendor[0].1
    );
}

#[test]
fn a_bucket_policy_naming_the_role_is_access_its_own_policies_lack() {
    let mut e = Estate::new();
    let shared = e.bucket("shared-reports");
    let role = e.role("reporter", "");
    let other = e.role("other", "");
    set_bucket_policy(
        &mut e,
        &shared,
        &serde_json::json!({"Version":"2012-10-17","Statement":[
            {"Sid":"ReporterReads","Effect":"Allow","Principal":{"AWS":role.as_str()},
             "Action":"s3:GetObject","Resource":"arn:aws:s3:::shared-reports/*"}]})
        .to_string(),
    );
    let g = Graph::build(&e.inv);
    let found = between(&g, &role, &shared);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, EdgeKind::MayRead);
    assert!(
        found[0]
            .1
            .contains("Allow `arn:aws:s3:::shared-reports` Sid `ReporterReads`"),
        "{}",
        found[0].1
    );
    assert!(between(&g, &other, &shared).is_empty());
}

#[test]
fn region_restricting_scps_see_the_stores_region() {
    let mut e = Estate::new();
    let near = e.queue("near");
    e.in_account(ACCOUNT, "ap-south-1");
    let far = e.queue("far");
    e.in_account(ACCOUNT, "eu-west-1");
    let role = e.role(
        "sender",
        &allow(&["sqs:SendMessage"], &[near.as_str(), far.as_str()]),
    );
    organization_with(
        &mut e,
        serde_json::json!({"Version":"2012-10-17","Statement":[
            {"Sid":"Regions","Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*",
             "Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","us-east-1"]}}}]}),
    );
    let g = Graph::build(&e.inv);
    assert_eq!(kinds(&g, &role, &near), [EdgeKind::MayWrite]);
    assert!(kinds(&g, &role, &far).is_empty());
}
