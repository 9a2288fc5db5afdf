//! Incremental change: after any sequence of changes, the graph (nodes, edges with evidence and
//! origin, architectures, problems) equals a full rebuild of the changed inventory.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail the test on a broken fixture"
)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Estate, allow};
use nephos_graph::{Architecture, Change, Graph, Origin, Reach};
use nephos_model::props::*;
use nephos_model::{
    Inventory, Properties, Relationship, RelationshipKind, Resource, ResourceId, ResourceKind,
};
use proptest::prelude::*;

/// A varied estate: VPCs (peered), instances with roles, functions in and out of VPCs, triggers,
/// queues, an ECS cluster, keys and a managed policy.
fn base() -> Estate {
    let mut e = Estate::new();
    let a = e.vpc("vpc-a");
    let b = e.vpc("vpc-b");
    let c = e.vpc("vpc-c");
    e.peering("pcx-ab", &a, &b, "active");
    e.peering("pcx-bc", &b, &c, "pending-acceptance");
    let sa = e.subnet(&a, "subnet-a", "eu-west-1a");
    let sb = e.subnet(&b, "subnet-b", "eu-west-1b");
    let sc = e.subnet(&c, "subnet-c", "eu-west-1a");
    e.security_group(&a, "sg-a");
    e.internet_gateway(&a, "igw-a");
    let data = e.bucket("data-eu");
    e.bucket("logs");
    let key = e.kms_key("k1");
    e.encrypt(&data, &key);
    let jobs = e.queue("jobs");
    let web = e.role("web", &allow(&["s3:GetObject"], &["arn:aws:s3:::data-*/*"]));
    e.set_trust(
        &web,
        r#"{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::222222222222:root"}}]}"#,
    );
    e.instance(&sa, "i-1", Some(&web));
    e.instance(&sb, "i-2", None);
    e.instance(&sc, "i-3", Some(&web));
    let managed = e.managed_policy(
        "logs-write",
        &allow(&["s3:PutObject"], &["arn:aws:s3:::logs/*"]),
    );
    let fr = e.role(
        "ingest",
        &allow(
            &["sqs:SendMessage"],
            &["arn:aws:sqs:eu-west-1:111111111111:jobs"],
        ),
    );
    e.attach_policy(&fr, &managed);
    let ingest = e.lambda("ingest", &fr, &[]);
    e.notify(&data, &ingest);
    let wr = e.role(
        "worker",
        &allow(
            &["sqs:ReceiveMessage"],
            &["arn:aws:sqs:eu-west-1:111111111111:jobs"],
        ),
    );
    let worker = e.lambda("worker", &wr, &[&sb]);
    e.add(
        ResourceId::new("arn:aws:lambda:eu-west-1:111111111111:event-source-mapping:u1"),
        nephos_model::ResourceKind::EventSourceMapping,
        "u1",
        Properties::EventSourceMapping(EventSourceMappingProps {
            uuid: "u1".into(),
            function_arn: worker.as_str().into(),
            event_source_arn: Some(jobs.as_str().into()),
            state: "Enabled".into(),
        }),
    );
    let tr = e.role("task", &allow(&["s3:PutObject"], &["arn:aws:s3:::logs/*"]));
    e.attach_policy(&tr, &managed);
    let cluster = e.ecs_cluster("api");
    e.ecs_service(&cluster, "api", &tr, Some(&sc));
    for i in 0..3 {
        let r = e.role(
            &format!("solo-{i}"),
            &allow(&["s3:PutObject"], &["arn:aws:s3:::logs/*"]),
        );
        let f = e.lambda(&format!("solo-{i}"), &r, &[]);
        e.encrypt(&f, &key);
    }
    e.tag(&a, "application", "shop");
    e.tag(&a, "team", "web");
    // A transit gateway joining vpc-d and vpc-e (routes both ways); vpc-f routes one way only.
    let d = e.vpc("vpc-d");
    let v_e = e.vpc("vpc-e");
    let f = e.vpc("vpc-f");
    e.transit_gateway(
        "tgw-1",
        &[(&d, "tgw-rtb-de"), (&v_e, "tgw-rtb-de"), (&f, "tgw-rtb-f")],
        &[("tgw-rtb-de", &[0, 1]), ("tgw-rtb-f", &[0])],
    );
    e
}

const ORG: &str = "arn:aws:organizations::999999999999";

fn org_policy(e: &mut Estate, id: &str, kind: &str, content: &str, targets: &[&str]) {
    let path = if kind == "SERVICE_CONTROL_POLICY" {
        "service_control_policy"
    } else {
        "resource_control_policy"
    };
    e.add(
        ResourceId::new(format!("{ORG}:policy/o-1/{path}/{id}")),
        ResourceKind::OrganizationPolicy,
        id,
        Properties::OrganizationPolicy(OrganizationPolicyProps {
            policy_id: id.into(),
            policy_type: kind.into(),
            content: content.into(),
            target_ids: targets.iter().map(|t| (*t).to_owned()).collect(),
            ..OrganizationPolicyProps::default()
        }),
    );
}

fn user(e: &mut Estate, name: &str, props: IamUserProps) -> ResourceId {
    e.add(
        ResourceId::new(format!("arn:aws:iam::111111111111:user/{name}")),
        ResourceKind::IamUser,
        name,
        Properties::IamUser(Box::new(props)),
    )
}

/// [`base`] with the IAM side an estate has: users (in groups, with a boundary), a group with
/// inline and managed policies, roles trusted by their account and by everyone, a bucket
/// policy naming a role, and an organization (the account under an OU) with SCPs and an RCP.
fn iam_base() -> Estate {
    let mut e = base();
    let boundary = e.managed_policy("boundary", &allow(&["s3:*", "sqs:*", "sts:*"], &["*"]));
    let assume = e.managed_policy("assume-any", &allow(&["sts:AssumeRole"], &["*"]));
    e.add(
        ResourceId::new("arn:aws:iam::111111111111:group/devs"),
        ResourceKind::IamGroup,
        "devs",
        Properties::IamGroup(IamGroupProps {
            inline_policies: vec![InlinePolicy {
                name: "read".into(),
                document: allow(&["s3:GetObject"], &["arn:aws:s3:::data-eu/*"]),
            }],
            attached_policy_arns: vec![assume.as_str().into()],
            ..IamGroupProps::default()
        }),
    );
    user(
        &mut e,
        "alice",
        IamUserProps {
            groups: vec!["devs".into()],
            ..IamUserProps::default()
        },
    );
    user(
        &mut e,
        "bob",
        IamUserProps {
            inline_policies: vec![InlinePolicy {
                name: "assume".into(),
                document: allow(&["sts:AssumeRole"], &["arn:aws:iam::111111111111:role/*"]),
            }],
            permissions_boundary_arn: Some(boundary.as_str().into()),
            ..IamUserProps::default()
        },
    );
    let ops = e.role(
        "ops",
        &allow(
            &["sqs:SendMessage"],
            &["arn:aws:sqs:eu-west-1:111111111111:jobs"],
        ),
    );
    e.set_trust(
        &ops,
        r#"{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::111111111111:root"}}]}"#,
    );
    if let Some(Properties::IamRole(p)) = e.inv.get_mut(&ops).map(|r| &mut r.props) {
        p.permissions_boundary_arn = Some(boundary.as_str().into());
    }
    let shared = e.role("shared", "");
    e.set_trust(
        &shared,
        r#"{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"*"}}]}"#,
    );
    // The worker role reads `logs` through the bucket policy only.
    let logs = ResourceId::new("arn:aws:s3:::logs");
    if let Some(Properties::Bucket(b)) = e.inv.get_mut(&logs).map(|r| &mut r.props) {
        b.policy = Some(Some(
            r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/worker"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::logs/*"}}"#.into(),
        ));
    }
    // The organization: the account under ou-1 under the root.
    e.add(
        ResourceId::new(format!("{ORG}:account/o-1/111111111111")),
        ResourceKind::OrganizationAccount,
        "acct",
        Properties::OrganizationAccount(OrganizationAccountProps {
            account_id: "111111111111".into(),
            parent_id: Some("ou-1".into()),
            ..OrganizationAccountProps::default()
        }),
    );
    e.add(
        ResourceId::new(format!("{ORG}:ou/o-1/ou-1")),
        ResourceKind::OrganizationalUnit,
        "ou-1",
        Properties::OrganizationalUnit(OrganizationalUnitProps {
            ou_id: "ou-1".into(),
            parent_id: Some("r-root".into()),
        }),
    );
    org_policy(
        &mut e,
        "p-full",
        "SERVICE_CONTROL_POLICY",
        &allow(&["*"], &["*"]),
        &["r-root", "ou-1", "111111111111"],
    );
    org_policy(
        &mut e,
        "p-nodelete",
        "SERVICE_CONTROL_POLICY",
        r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}"#,
        &["ou-1"],
    );
    org_policy(
        &mut e,
        "p-rcp",
        "RESOURCE_CONTROL_POLICY",
        r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#,
        &["r-root", "ou-1", "111111111111"],
    );
    e
}

/// SCP (or RCP) contents for variants 4–7: statements whose outcome depends on the request (a
/// condition on the principal's tag or account, `NotAction`, a narrower resource or principal) and
/// a content different from the estate's that decides every asked request alike.
fn org_content(rcp: bool, v: u8) -> &'static str {
    match (rcp, v % 4) {
        (false, 0) => {
            r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"t1"}}},{"Effect":"Deny","Action":"s3:GetObject","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}"#
        }
        (false, 1) => r#"{"Statement":{"Effect":"Allow","NotAction":"sqs:*","Resource":"*"}}"#,
        (false, 2) => {
            r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::*"},{"Effect":"Allow","Action":["sts:AssumeRole","dynamodb:*","sqs:*","sns:*","kms:*"],"Resource":"*"}]}"#
        }
        (false, _) => r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
        (true, 0) => {
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":["s3:GetObject","sts:AssumeRole"],"Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"111111111111"}}}]}"#
        }
        (true, 1) => {
            r#"{"Statement":{"Effect":"Allow","Principal":"*","NotAction":"sqs:*","Resource":"*"}}"#
        }
        (true, 2) => {
            r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"*","Resource":"*"}}"#
        }
        (true, _) => {
            r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":["s3:*","sts:*","sqs:*","sns:*","kms:*","dynamodb:*"],"Resource":"*"}}"#
        }
    }
}

/// Variants of a resource a change may upsert.
fn variant(r: &Resource, v: u8) -> Resource {
    let mut r = r.clone();
    if v >= 4
        && let Properties::OrganizationPolicy(p) = &mut r.props
    {
        p.content = org_content(p.policy_type == "RESOURCE_CONTROL_POLICY", v).into();
        return r;
    }
    match (v % 4, &mut r.props) {
        (0, _) => {}
        (1, _) => {
            r.tags.insert("team".into(), format!("t{v}"));
            r.tags.insert("application".into(), format!("app{}", v % 3));
        }
        (2, Properties::VpcPeeringConnection(p)) => {
            p.status = if p.status == "active" {
                "deleted".into()
            } else {
                "active".into()
            };
        }
        (2, Properties::LambdaFunction(f)) => {
            f.vpc_config = match f.vpc_config.take() {
                Some(_) => None,
                None => Some(LambdaVpcConfig {
                    vpc_id: "vpc-a".into(),
                    subnet_ids: vec!["subnet-a".into()],
                    security_group_ids: vec![],
                }),
            };
        }
        (2, Properties::IamRole(role)) => {
            role.inline_policies = vec![InlinePolicy {
                name: "changed".into(),
                document: allow(
                    &["s3:*", "sqs:*"],
                    &["arn:aws:s3:::logs", "arn:aws:sqs:eu-west-1:111111111111:j*"],
                ),
            }];
            role.trust_policy = r#"{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"333333333333"}}}"#.into();
        }
        (2, Properties::IamPolicy(p)) => {
            if let Some(v) = p.versions.first_mut() {
                v.document = allow(&["s3:GetObject"], &["arn:aws:s3:::data-eu/*"]);
            }
        }
        (2, Properties::Bucket(b)) => {
            b.notifications = None;
        }
        (2, Properties::TransitGatewayRouteTable(t)) => {
            // Route to every attachment, or to none.
            t.routes = if t.routes.len() < 3 {
                (0..3)
                    .map(|i| TransitGatewayRoute {
                        destination: format!("10.{i}.0.0/16").parse().unwrap(),
                        attachment_ids: vec![format!("tgw-attach-{i}")],
                        active: true,
                        route_type: "static".into(),
                    })
                    .collect()
            } else {
                vec![]
            };
        }
        (2, Properties::TransitGatewayAttachment(a)) => {
            a.state = if a.state == "available" {
                "deleting".into()
            } else {
                "available".into()
            };
        }
        (3, Properties::Bucket(b)) => {
            // A bucket policy (an IAM change): refuses the web role's reads.
            b.policy = Some(Some(
                r#"{"Statement":{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111111111111:role/web"},"Action":"s3:*","Resource":"*"}}"#.into(),
            ));
        }
        (3, Properties::IamPolicy(p)) => {
            if let Some(v) = p.versions.first_mut() {
                v.document = r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::logs/*"},{"Effect":"Deny","Action":"s3:PutObject","Resource":"*"}]}"#.into();
            }
        }
        (3, Properties::IamRole(role)) => {
            role.inline_policies = vec![InlinePolicy {
                name: "broken".into(),
                document: "{".into(),
            }];
        }
        (2, Properties::IamUser(u)) => {
            // Group membership and boundary flip.
            u.groups = if u.groups.is_empty() {
                vec!["devs".into()]
            } else {
                vec![]
            };
            u.permissions_boundary_arn = match u.permissions_boundary_arn.take() {
                Some(_) => None,
                None => Some("arn:aws:iam::111111111111:policy/boundary".into()),
            };
        }
        (3, Properties::IamUser(u)) => {
            u.inline_policies = vec![InlinePolicy {
                name: "deny-assume".into(),
                document: r#"{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"},{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::111111111111:role/shared"}]}"#.into(),
            }];
        }
        (2, Properties::IamGroup(g)) => {
            g.inline_policies = vec![InlinePolicy {
                name: "no-assume".into(),
                document: r#"{"Statement":{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::111111111111:role/ops"}}"#.into(),
            }];
        }
        (3, Properties::IamGroup(g)) => {
            // Detach (or attach) the managed policy.
            g.attached_policy_arns = if g.attached_policy_arns.is_empty() {
                vec!["arn:aws:iam::111111111111:policy/assume-any".into()]
            } else {
                vec![]
            };
        }
        (2, Properties::OrganizationPolicy(p)) => {
            p.content = r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":["sqs:*","sts:AssumeRole"],"Resource":"*"}]}"#.into();
        }
        (3, Properties::OrganizationPolicy(p)) => {
            // Moved to the account itself (or detached when already there).
            p.target_ids = if p.target_ids == ["111111111111"] {
                vec![]
            } else {
                vec!["111111111111".into()]
            };
            if p.policy_type == "RESOURCE_CONTROL_POLICY" {
                p.content = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":["s3:GetObject","sts:AssumeRole"],"Resource":"*"}]}"#.into();
            }
        }
        (2, Properties::OrganizationAccount(a)) => {
            a.parent_id = Some(if a.parent_id.as_deref() == Some("ou-1") {
                "r-root".into()
            } else {
                "ou-1".into()
            });
        }
        (2, Properties::KmsKey(k)) => {
            k.policy = Some(r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"kms:*","Resource":"*"}}"#.into());
        }
        (3, Properties::Queue(q)) => {
            q.policy = Some(r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"sqs:SendMessage","Resource":"*"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/task"},"Action":"sqs:*","Resource":"*"}]}"#.into());
        }
        _ => {}
    }
    r
}

/// The reference: a plain copy of the estate with `Inventory` semantics.
#[derive(Clone)]
struct Mirror {
    resources: BTreeMap<ResourceId, Resource>,
    relationships: BTreeSet<(ResourceId, ResourceId, RelationshipKind, String)>,
}

impl Mirror {
    fn new(inv: &Inventory) -> Self {
        Self {
            resources: inv
                .resources()
                .iter()
                .map(|r| (r.id.clone(), r.clone()))
                .collect(),
            relationships: inv
                .relationships()
                .iter()
                .map(|r| (r.from.clone(), r.to.clone(), r.kind, r.evidence.clone()))
                .collect(),
        }
    }

    fn apply(&mut self, change: &Change) {
        match change {
            Change::Upsert(r) => {
                self.resources.insert(r.id.clone(), r.clone());
            }
            Change::Remove(id) => {
                if self.resources.remove(id).is_some() {
                    self.relationships.retain(|(f, t, _, _)| f != id && t != id);
                }
            }
            Change::Relate(r) => {
                self.relationships.insert((
                    r.from.clone(),
                    r.to.clone(),
                    r.kind,
                    r.evidence.clone(),
                ));
            }
            Change::Unrelate(r) => {
                self.relationships.remove(&(
                    r.from.clone(),
                    r.to.clone(),
                    r.kind,
                    r.evidence.clone(),
                ));
            }
        }
    }

    fn inventory(&self) -> Inventory {
        let mut inv = Inventory::new("mirror");
        for r in self.resources.values() {
            inv.insert(r.clone());
        }
        for (f, t, k, e) in &self.relationships {
            inv.relate(Relationship::new(f.clone(), *k, t.clone(), e.clone()));
        }
        inv
    }
}

type EdgeRow = (String, String, &'static str, String, String);
type Reaches = Vec<(ResourceId, Vec<(ResourceId, Reach)>)>;
type Snapshot = (
    Vec<(String, bool)>,
    Vec<EdgeRow>,
    Vec<Architecture>,
    Vec<(ResourceId, String)>,
    Reaches,
);

/// Everything observable about a graph, in a canonical order.
fn snapshot(g: &Graph) -> Snapshot {
    let mut nodes: Vec<(String, bool)> = g
        .nodes()
        .map(|n| (g.id(n).as_str().to_owned(), g.resource(n).is_some()))
        .collect();
    nodes.sort();
    let mut edges: Vec<EdgeRow> = g
        .edges()
        .map(|e| {
            let origin = match e.origin {
                Origin::Declared => "declared".to_owned(),
                Origin::Derived { owner, rule } => format!("{rule:?} by {}", g.id(owner)),
            };
            (
                g.id(e.from).as_str().to_owned(),
                g.id(e.to).as_str().to_owned(),
                e.kind.as_str(),
                e.evidence.to_string(),
                origin,
            )
        })
        .collect();
    edges.sort();
    (
        nodes,
        edges,
        g.architectures(),
        g.problems(),
        g.architecture_reaches(),
    )
}

fn changes_from(e: &Estate, ops: &[(u8, usize, u8)]) -> Vec<Change> {
    let resources = e.inv.resources();
    let rels = e.inv.relationships();
    ops.iter()
        .map(|&(op, i, v)| match op % 4 {
            0 => Change::Upsert(variant(&resources[i % resources.len()], v)),
            1 => Change::Remove(resources[i % resources.len()].id.clone()),
            2 => Change::Relate(rels[i % rels.len()].clone()),
            _ => Change::Unrelate(rels[i % rels.len()].clone()),
        })
        .collect()
}

fn check(ops: &[(u8, usize, u8)]) {
    let e = iam_base();
    let mut graph = Graph::build(&e.inv);
    let mut mirror = Mirror::new(&e.inv);
    for (step, change) in changes_from(&e, ops).into_iter().enumerate() {
        mirror.apply(&change);
        let label = format!("step {step}: {change:?}");
        graph.apply(change);
        let rebuilt = Graph::build(&mirror.inventory());
        let (got, want) = (snapshot(&graph), snapshot(&rebuilt));
        assert_eq!(got.0, want.0, "nodes after {label}");
        assert_eq!(got.1, want.1, "edges after {label}");
        assert_eq!(got.2, want.2, "architectures after {label}");
        assert_eq!(got.3, want.3, "problems after {label}");
        assert_eq!(got.4, want.4, "bodies after {label}");
    }
}

#[test]
fn build_of_base_has_the_expected_shape() {
    let e = base();
    let g = Graph::build(&e.inv);
    // vpc-a + vpc-b (peered; worker in b; ingest through the jobs queue) + vpc-c (its instance
    // shares the `web` role with vpc-a's; the api cluster's tasks run in it), and three solo
    // functions that share only hubs (the logs bucket, the key).
    let archs = g.architectures();
    // ... plus vpc-d + vpc-e (transit gateway routes both ways) and vpc-f alone.
    assert_eq!(archs.len(), 6, "{archs:#?}");
    let big = archs.iter().find(|a| a.seeds.len() > 2).unwrap();
    let short: Vec<&str> = big.seeds.iter().map(|s| s.short()).collect();
    assert_eq!(short, ["vpc-a", "vpc-b", "vpc-c", "api", "ingest"]);
    let logs = ResourceId::new("arn:aws:s3:::logs");
    let tgw_side = |a: &&Architecture| {
        a.seeds
            .iter()
            .any(|s| ["vpc-d", "vpc-e", "vpc-f"].contains(&s.short()))
    };
    assert!(
        archs
            .iter()
            .filter(|a| !tgw_side(a))
            .all(|a| a.shared.contains(&logs))
    );
    let mut tgw: Vec<Vec<&str>> = archs
        .iter()
        .filter(tgw_side)
        .map(|a| a.seeds.iter().map(|s| s.short()).collect())
        .collect();
    tgw.sort();
    assert_eq!(tgw, vec![vec!["vpc-d", "vpc-e"], vec!["vpc-f"]]);
}

#[test]
fn removing_and_restoring_a_peering_connection_splits_and_rejoins() {
    let e = base();
    let mut g = Graph::build(&e.inv);
    let before = g.architectures();
    let pcx = e.ec2("vpc-peering-connection", "pcx-ab");
    let resource = e.inv.get(&pcx).unwrap().clone();
    let report = g.apply(Change::Upsert(variant(&resource, 2)));
    assert!(report.seeds_recomputed >= 2);
    assert_eq!(g.architecture_count(), before.len() + 1);
    g.apply(Change::Upsert(resource));
    assert_eq!(g.architectures(), before);
}

#[test]
fn a_tag_change_walks_no_seed_and_renames() {
    let e = base();
    let mut g = Graph::build(&e.inv);
    let vpc = e.ec2("vpc", "vpc-c");
    let mut r = e.inv.get(&vpc).unwrap().clone();
    r.tags.insert("application".into(), "renamed".into());
    let report = g.apply(Change::Upsert(r));
    assert_eq!(report.seeds_recomputed, 0);
    assert_eq!(report.edges_added, 0);
    assert!(g.architectures().iter().any(|a| a.name == "renamed"));
}

#[test]
fn every_single_change_matches_a_rebuild() {
    let e = iam_base();
    let n = e.inv.resources().len().max(e.inv.relationships().len());
    for op in 0..4u8 {
        for i in 0..n {
            for v in 0u8..8 {
                if op != 0 && v > 0 {
                    continue;
                }
                check(&[(op, i, v)]);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_change_sequences_match_a_rebuild(ops in prop::collection::vec((0u8..4, 0usize..200, 0u8..8), 1..25)) {
        check(&ops);
    }
}

/// The IAM fixture decides what it is meant to: trust from a group member, from a user with a
/// boundary and from everyone; access through a bucket policy; and IAM changes move those edges.
#[test]
fn the_iam_fixture_makes_the_edges_the_changes_move() {
    let e = iam_base();
    let mut g = Graph::build(&e.inv);
    let has = |g: &Graph, from: &str, to: &str, kind: &str| {
        g.edges().any(|x| {
            g.id(x.from).as_str() == from && g.id(x.to).as_str() == to && x.kind.as_str() == kind
        })
    };
    let alice = "arn:aws:iam::111111111111:user/alice";
    let bob = "arn:aws:iam::111111111111:user/bob";
    let ops = "arn:aws:iam::111111111111:role/ops";
    let shared = "arn:aws:iam::111111111111:role/shared";
    let worker = "arn:aws:iam::111111111111:role/worker";
    assert!(has(&g, alice, ops, "may_assume"));
    assert!(has(&g, bob, ops, "may_assume"));
    assert!(has(&g, bob, shared, "may_assume"));
    assert!(has(&g, worker, "arn:aws:s3:::logs", "may_read"));
    // An SCP denying sts:AssumeRole under ou-1 removes every assume edge from the account's users.
    let scp = ResourceId::new(format!(
        "{ORG}:policy/o-1/service_control_policy/p-nodelete"
    ));
    let r = e.inv.get(&scp).unwrap();
    let report = g.apply(Change::Upsert(variant(r, 2)));
    assert!(report.edges_removed > 0, "{report:?}");
    assert!(!has(&g, alice, ops, "may_assume"));
    assert!(!has(&g, bob, shared, "may_assume"));
    // Leaving the group loses alice the assume permission the account-wide trust needs; bob keeps
    // his own.
    let mut g = Graph::build(&e.inv);
    let a = e.inv.get(&ResourceId::new(alice)).unwrap();
    g.apply(Change::Upsert(variant(a, 2)));
    assert!(!has(&g, alice, ops, "may_assume"));
    assert!(has(&g, bob, ops, "may_assume"));
}

/// An SCP edit between contents that give the same outcome only when their conditions are
/// ignored: an unconditional deny on reads (`s3:GetObject`, `sqs:ReceiveMessage`), then the same deny under a condition the
/// graph's requests do not meet (on `aws:SecureTransport`, on a principal tag nobody has, on regions
/// no store is in). The reads come back; the incremental graph must re-decide them, not
/// skip the edit. Then a region restriction that does deny the stores' region.
#[test]
fn conditional_scp_statements_are_decided_again() {
    let e = iam_base();
    let mut g = Graph::build(&e.inv);
    let mut mirror = Mirror::new(&e.inv);
    let reads = |g: &Graph| g.edges().filter(|x| x.kind.as_str() == "may_read").count();
    let before = reads(&g);
    let scp = ResourceId::new(format!("{ORG}:policy/o-1/service_control_policy/p-full"));
    let mut r = e.inv.get(&scp).unwrap().clone();
    let deny = |cond: &str| {
        format!(
            r#"{{"Statement":[{{"Effect":"Allow","Action":"*","Resource":"*"}},{{"Effect":"Deny","Action":["s3:GetObject","sqs:ReceiveMessage"],"Resource":"*"{cond}}}]}}"#
        )
    };
    let contents = [
        (deny(""), false),
        (
            deny(r#","Condition":{"Bool":{"aws:SecureTransport":"false"}}"#),
            true,
        ),
        (deny(""), false),
        (
            deny(r#","Condition":{"StringEquals":{"aws:PrincipalTag/team":"nobody"}}"#),
            true,
        ),
        (deny(""), false),
        // The estate's stores are in eu-west-1 or sent to us-east-1 (a bucket without a known
        // region): a region restriction allowing both denies none.
        (
            deny(
                r#","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","us-east-1"]}}"#,
            ),
            true,
        ),
        (
            deny(r#","Condition":{"StringNotEquals":{"aws:RequestedRegion":"us-east-1"}}"#),
            false,
        ),
    ];
    for (content, reads_back) in contents {
        if let Properties::OrganizationPolicy(p) = &mut r.props {
            p.content = content.clone();
        }
        let change = Change::Upsert(r.clone());
        mirror.apply(&change);
        g.apply(change);
        let rebuilt = Graph::build(&mirror.inventory());
        assert_eq!(snapshot(&g), snapshot(&rebuilt), "after {content}");
        if reads_back {
            assert_eq!(reads(&g), before, "{content}");
        } else {
            assert!(reads(&g) < before, "{content}");
        }
    }
}

/// Found by the property test: remove vpc-e, touch a relationship, restore vpc-e (the transit
/// gateway join of vpc-d and vpc-e must come back).
#[test]
fn removing_and_restoring_a_transit_gateway_vpc_rejoins() {
    check(&[(1, 166, 0), (2, 43, 0), (0, 166, 0)]);
}

#[test]
fn an_access_edge_to_a_store_already_held_changes_no_body() {
    let e = base();
    let mut g = Graph::build(&e.inv);
    let mut mirror = Mirror::new(&e.inv);
    let role = ResourceId::new("arn:aws:iam::111111111111:role/ingest");
    let jobs = "arn:aws:sqs:eu-west-1:111111111111:jobs";
    let policy = |actions: &[&str]| {
        let mut r = e.inv.get(&role).unwrap().clone();
        if let Properties::IamRole(p) = &mut r.props {
            p.inline_policies[0].document = if actions.is_empty() {
                allow(&["sqs:SendMessage"], &["arn:aws:sqs:*:*:nothing"])
            } else {
                allow(actions, &[jobs])
            };
        }
        Change::Upsert(r)
    };
    let mut step = |change: Change| {
        mirror.apply(&change);
        let report = g.apply(change);
        assert_eq!(snapshot(&g), snapshot(&Graph::build(&mirror.inventory())));
        (report, g.architecture_reaches())
    };
    // The function's body holds the queue it writes: a read edge to it adds nothing to the body.
    let (report, _) = step(policy(&["sqs:SendMessage", "sqs:ReceiveMessage"]));
    assert!(report.edges_added >= 1, "{report:?}");
    assert!(report.seeds_recomputed >= 1, "{report:?}");
    assert_eq!(report.bodies_changed, 0, "{report:?}");
    // Losing the read edge again: the write edge still reaches the queue.
    let (report, _) = step(policy(&["sqs:SendMessage"]));
    assert!(report.edges_removed >= 1, "{report:?}");
    assert_eq!(report.bodies_changed, 0, "{report:?}");
    // Losing the write edge too: the queue leaves the function's body (the worker still reads it).
    let (report, reaches) = step(policy(&[]));
    assert!(report.edges_removed >= 1, "{report:?}");
    assert!(report.bodies_changed >= 1, "{report:?}");
    let queue = ResourceId::new(jobs);
    let ingest = ResourceId::new("arn:aws:lambda:eu-west-1:111111111111:function:ingest");
    assert!(
        reaches
            .iter()
            .any(|(n, seeds)| *n == queue && seeds.iter().all(|(s, _)| *s != ingest))
    );
    // And back: the queue rejoins the body.
    let (report, _) = step(policy(&["sqs:SendMessage"]));
    assert!(report.edges_added >= 1, "{report:?}");
    assert!(report.bodies_changed >= 1, "{report:?}");
}
