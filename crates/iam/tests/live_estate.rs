//! `LiveEstate`: after any sequence of resource changes, the model decides every request exactly as
//! a model built from scratch over the same resources, and the delta names what changed.
#![allow(clippy::unwrap_used, reason = "test code")]

use std::collections::BTreeMap;

use nephos_iam::estate::{LiveEstate, estate_of};
use nephos_iam::{AccessModel, Context, Decision};
use nephos_model::props::{
    BucketProps, IamGroupProps, IamPolicyProps, IamRoleProps, IamUserProps, InlinePolicy,
    KmsKeyProps, OrganizationAccountProps, OrganizationPolicyProps, OrganizationalUnitProps,
};
use nephos_model::{Properties, Resource, ResourceId, ResourceKind};
use proptest::prelude::*;

const A: &str = "111111111111";
const ORG: &str = "arn:aws:organizations::999999999999";

fn res(id: &str, kind: ResourceKind, name: &str, props: Properties) -> Resource {
    let mut r = Resource::new(ResourceId::new(id), kind, A, None, name);
    r.props = props;
    r
}

fn allow(action: &str, resource: &str) -> String {
    format!(r#"{{"Statement":[{{"Effect":"Allow","Action":"{action}","Resource":"{resource}"}}]}}"#)
}

fn deny(action: &str) -> String {
    format!(
        r#"{{"Statement":[{{"Effect":"Allow","Action":"*","Resource":"*"}},{{"Effect":"Deny","Action":"{action}","Resource":"*"}}]}}"#
    )
}

fn managed(name: &str, doc: &str) -> Resource {
    res(
        &format!("arn:aws:iam::{A}:policy/{name}"),
        ResourceKind::IamPolicy,
        name,
        Properties::IamPolicy(IamPolicyProps::with_default_document(doc)),
    )
}

fn user(name: &str, groups: &[&str], inline: Option<String>, boundary: bool) -> Resource {
    res(
        &format!("arn:aws:iam::{A}:user/{name}"),
        ResourceKind::IamUser,
        name,
        Properties::IamUser(Box::new(IamUserProps {
            groups: groups.iter().map(|g| (*g).to_owned()).collect(),
            inline_policies: inline
                .map(|d| {
                    vec![InlinePolicy {
                        name: "p".into(),
                        document: d,
                    }]
                })
                .unwrap_or_default(),
            permissions_boundary_arn: boundary.then(|| format!("arn:aws:iam::{A}:policy/boundary")),
            ..IamUserProps::default()
        })),
    )
}

fn role(name: &str, trust: &str, attached: &[&str]) -> Resource {
    res(
        &format!("arn:aws:iam::{A}:role/{name}"),
        ResourceKind::IamRole,
        name,
        Properties::IamRole(Box::new(IamRoleProps {
            trust_policy: trust.into(),
            attached_policy_arns: attached
                .iter()
                .map(|p| format!("arn:aws:iam::{A}:policy/{p}"))
                .collect(),
            ..IamRoleProps::default()
        })),
    )
}

fn group(name: &str, attached: &[&str], inline: Option<String>) -> Resource {
    res(
        &format!("arn:aws:iam::{A}:group/{name}"),
        ResourceKind::IamGroup,
        name,
        Properties::IamGroup(IamGroupProps {
            attached_policy_arns: attached
                .iter()
                .map(|p| format!("arn:aws:iam::{A}:policy/{p}"))
                .collect(),
            inline_policies: inline
                .map(|d| {
                    vec![InlinePolicy {
                        name: "g".into(),
                        document: d,
                    }]
                })
                .unwrap_or_default(),
            ..IamGroupProps::default()
        }),
    )
}

fn scp(id: &str, content: &str, targets: &[&str]) -> Resource {
    res(
        &format!("{ORG}:policy/o-1/service_control_policy/{id}"),
        ResourceKind::OrganizationPolicy,
        id,
        Properties::OrganizationPolicy(OrganizationPolicyProps {
            policy_id: id.into(),
            policy_type: "SERVICE_CONTROL_POLICY".into(),
            content: content.into(),
            target_ids: targets.iter().map(|t| (*t).to_owned()).collect(),
            ..OrganizationPolicyProps::default()
        }),
    )
}

fn bucket(name: &str, policy: Option<String>) -> Resource {
    res(
        &format!("arn:aws:s3:::{name}"),
        ResourceKind::Bucket,
        name,
        Properties::Bucket(Box::new(BucketProps {
            policy: Some(policy),
            ..BucketProps::default()
        })),
    )
}

/// Every resource a change may upsert, several variants each (index = resource, variant).
fn variants() -> Vec<Vec<Resource>> {
    let trust_user = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/alice"},"Action":"sts:AssumeRole"}]}"#;
    let trust_account = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole"}]}"#;
    let trust_all =
        r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}"#;
    vec![
        vec![
            managed("assume", &allow("sts:AssumeRole", "*")),
            managed("assume", &allow("s3:GetObject", "*")),
        ],
        vec![
            managed("boundary", &allow("*", "*")),
            managed("boundary", &allow("s3:*", "*")),
        ],
        vec![
            managed("data", &allow("s3:*", "arn:aws:s3:::data/*")),
            managed("data", "{"),
        ],
        vec![
            group("devs", &["assume"], None),
            group("devs", &[], Some(allow("sts:AssumeRole", "*"))),
            group("devs", &["assume"], Some(r#"{"Statement":{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*"}}"#.into())),
        ],
        vec![
            user("alice", &["devs"], None, false),
            user("alice", &[], None, true),
            user("alice", &["devs"], None, true),
        ],
        vec![
            user("bob", &[], Some(allow("sts:AssumeRole", "*")), true),
            user("bob", &["devs"], Some(allow("s3:GetObject", "*")), false),
        ],
        vec![
            role("ops", trust_account, &["data"]),
            role("ops", trust_user, &["data", "assume"]),
            role("ops", trust_all, &[]),
        ],
        vec![
            role("app", trust_all, &["assume"]),
            role("app", trust_account, &["data"]),
        ],
        vec![
            bucket("data", None),
            bucket("data", Some(r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"*"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/app"},"Action":"s3:GetObject","Resource":"*"}]}"#.into())),
        ],
        vec![
            res(
                &format!("arn:aws:kms:eu-west-1:{A}:key/k"),
                ResourceKind::KmsKey,
                "k",
                Properties::KmsKey(KmsKeyProps {
                    policy: Some(r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"kms:*","Resource":"*"}}"#.into()),
                    ..KmsKeyProps::default()
                }),
            ),
            res(
                &format!("arn:aws:kms:eu-west-1:{A}:key/k"),
                ResourceKind::KmsKey,
                "k",
                Properties::KmsKey(KmsKeyProps::default()),
            ),
        ],
        vec![
            res(
                &format!("{ORG}:account/o-1/{A}"),
                ResourceKind::OrganizationAccount,
                "acct",
                Properties::OrganizationAccount(OrganizationAccountProps {
                    account_id: A.into(),
                    parent_id: Some("ou-1".into()),
                    ..OrganizationAccountProps::default()
                }),
            ),
            res(
                &format!("{ORG}:account/o-1/{A}"),
                ResourceKind::OrganizationAccount,
                "acct",
                Properties::OrganizationAccount(OrganizationAccountProps {
                    account_id: A.into(),
                    parent_id: Some("r-root".into()),
                    ..OrganizationAccountProps::default()
                }),
            ),
        ],
        vec![res(
            &format!("{ORG}:ou/o-1/ou-1"),
            ResourceKind::OrganizationalUnit,
            "ou-1",
            Properties::OrganizationalUnit(OrganizationalUnitProps {
                ou_id: "ou-1".into(),
                parent_id: Some("r-root".into()),
            }),
        )],
        vec![
            scp("full", &allow("*", "*"), &["r-root", "ou-1", A]),
            scp("full", &allow("*", "*"), &["r-root", A]),
        ],
        vec![
            scp("deny", &deny("sts:AssumeRole"), &["ou-1"]),
            scp("deny", &deny("s3:PutObject"), &["ou-1"]),
            scp("deny", &deny("s3:GetObject"), &[A]),
        ],
    ]
}

/// Everything the model decides about the fixture's principals, in a canonical form.
fn decisions(m: &AccessModel) -> Vec<String> {
    let mut out = Vec::new();
    let mut edges: Vec<String> = m
        .assume_graph()
        .edges
        .iter()
        .map(|e| {
            let mut ev = e.evidence.clone();
            ev.sort();
            format!("{:?} -> {} {:?} {}", e.from, e.role, ev, e.conditional)
        })
        .collect();
    edges.sort();
    out.extend(edges);
    let principals = [
        format!("arn:aws:iam::{A}:user/alice"),
        format!("arn:aws:iam::{A}:user/bob"),
        format!("arn:aws:iam::{A}:role/ops"),
        format!("arn:aws:iam::{A}:role/app"),
    ];
    for p in &principals {
        for (action, resource) in [
            ("s3:GetObject", "arn:aws:s3:::data/x"),
            ("s3:PutObject", "arn:aws:s3:::data/x"),
            ("kms:Decrypt", "arn:aws:kms:eu-west-1:111111111111:key/k"),
            ("sts:AssumeRole", "arn:aws:iam::111111111111:role/ops"),
        ] {
            let d = m
                .evaluate(p, action, resource, Context::new())
                .map(|r| {
                    let mut ev = nephos_iam::access::evidence(&r);
                    ev.sort();
                    format!("{:?} {ev:?}", r.decision)
                })
                .unwrap_or_else(|e| e.to_string());
            out.push(format!("{p} {action} {resource}: {d}"));
        }
    }
    let mut errors: Vec<String> = m.errors.iter().map(ToString::to_string).collect();
    errors.sort();
    out.extend(errors);
    out
}

fn check(ops: &[(bool, usize, usize)]) {
    let all = variants();
    let mut current: BTreeMap<String, Resource> = all
        .iter()
        .map(|v| (v[0].id.as_str().to_owned(), v[0].clone()))
        .collect();
    let initial: Vec<&Resource> = current.values().collect();
    let mut live = LiveEstate::build(&initial);
    for (step, &(remove, i, v)) in ops.iter().enumerate() {
        let choices = &all[i % all.len()];
        let r = &choices[v % choices.len()];
        let delta = if remove {
            current.remove(r.id.as_str());
            live.remove(r.id.as_str())
        } else {
            current.insert(r.id.as_str().to_owned(), r.clone());
            live.upsert(r)
        };
        let resources: Vec<&Resource> = current.values().collect();
        let rebuilt = estate_of(&resources).model;
        let (got, want) = (decisions(live.model()), decisions(&rebuilt));
        assert_eq!(
            got, want,
            "step {step}: remove={remove} {} ({delta:?})",
            r.id
        );
    }
}

#[test]
fn a_changed_scp_reports_its_accounts_and_their_identities() {
    let all = variants();
    let initial: Vec<&Resource> = all.iter().map(|v| &v[0]).collect();
    let mut live = LiveEstate::build(&initial);
    let alice = format!("arn:aws:iam::{A}:user/alice");
    let before = live
        .model()
        .evaluate(
            &alice,
            "sts:AssumeRole",
            &format!("arn:aws:iam::{A}:role/ops"),
            Context::new(),
        )
        .unwrap()
        .decision;
    assert_eq!(before, Decision::ExplicitDeny, "the deny SCP is on ou-1");
    let delta = live.upsert(&all[13][1]);
    assert!(delta.scp_accounts.contains(A), "{delta:?}");
    assert!(delta.scp_identities.contains(&alice), "{delta:?}");
    assert!(delta.identities.is_empty(), "{delta:?}");
    assert!(delta.trust_policies.is_empty() && delta.resources.is_empty());
    // A bucket tag is nothing the model reads.
    let mut tagged = all[8][0].clone();
    tagged.tags.insert("team".into(), "x".into());
    assert!(live.upsert(&tagged).is_empty());
    // A managed policy reaches its holders: the group's members and the roles attaching it.
    let delta = live.upsert(&all[0][1]);
    assert!(delta.identities.contains(&alice), "{delta:?}");
    assert!(
        delta
            .identities
            .contains(&format!("arn:aws:iam::{A}:role/app")),
        "{delta:?}"
    );
}

#[test]
fn every_single_change_matches_a_rebuild() {
    let all = variants();
    for (i, choices) in all.iter().enumerate() {
        for v in 0..choices.len() {
            check(&[(false, i, v)]);
        }
        check(&[(true, i, 0)]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn random_change_sequences_match_a_rebuild(ops in prop::collection::vec((any::<bool>(), 0usize..14, 0usize..3), 1..20)) {
        check(&ops);
    }
}
