//! Identity and governance: IAM, the credential report, account settings, Organizations,
//! CloudTrail.

mod common;

use common::{A, B, assert_rel, estate, rel, res};
use nephos_model::{Properties, RelationshipKind as K, ResourceId};

const TRUST_EC2: &str = "ec2.amazonaws.com";

#[test]
fn iam_users_groups_roles_policies() {
    let inv = &estate().inventory;
    let alice = format!("arn:aws:iam::{A}:user/alice");
    let group = format!("arn:aws:iam::{A}:group/ops/admins");
    let boundary = format!("arn:aws:iam::{A}:policy/boundary");
    let u = res(inv, &alice);
    assert!(u.region.is_none(), "IAM is global");
    let Properties::IamUser(p) = &u.props else {
        panic!()
    };
    assert_eq!(p.groups, vec!["admins".to_owned()]);
    // URL-encoded inline policy decoded to JSON text
    let inline = &p.inline_policies[0].document;
    assert!(
        inline.starts_with('{') && inline.contains("\"s3:GetObject\""),
        "{inline}"
    );
    assert_eq!(
        p.permissions_boundary_arn.as_deref(),
        Some(boundary.as_str())
    );
    // the group is found by name although its path is /ops/
    assert_eq!(
        assert_rel(inv, &alice, K::MemberOf, &group),
        "iam:GetAccountAuthorizationDetails UserDetailList[].GroupList"
    );
    assert_rel(
        inv,
        &alice,
        K::HasPolicy,
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
    );
    assert_eq!(
        assert_rel(inv, &alice, K::HasPolicy, &boundary),
        "iam:GetAccountAuthorizationDetails UserDetailList[].PermissionsBoundary.PermissionsBoundaryArn"
    );
    assert_rel(
        inv,
        &group,
        K::HasPolicy,
        "arn:aws:iam::aws:policy/AdministratorAccess",
    );
    assert_rel(inv, &format!("arn:aws:iam::{A}:root"), K::Contains, &alice);

    let web = res(inv, &format!("arn:aws:iam::{A}:role/web-role"));
    let Properties::IamRole(r) = &web.props else {
        panic!()
    };
    // a trust policy given as a JSON object is kept as JSON text
    assert!(r.trust_policy.contains(TRUST_EC2));
    assert!(serde_json::from_str::<serde_json::Value>(&r.trust_policy).is_ok());
    assert_eq!(
        r.instance_profile_arns,
        vec![format!("arn:aws:iam::{A}:instance-profile/web-profile")]
    );
    assert!(r.last_used.is_some());
    assert_eq!(r.inline_policies[0].name, "inline-json");
    let lambda = res(inv, &format!("arn:aws:iam::{A}:role/lambda-role"));
    let Properties::IamRole(l) = &lambda.props else {
        panic!()
    };
    assert!(
        l.trust_policy.contains("lambda.amazonaws.com"),
        "URL-encoded trust policy decoded: {}",
        l.trust_policy
    );

    let Properties::IamPolicy(bp) = &res(inv, &boundary).props else {
        panic!()
    };
    assert!(!bp.aws_managed);
    assert_eq!(bp.versions.len(), 2);
    let (v1, v2) = (&bp.versions[1].document, &bp.versions[0].document);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(v1).unwrap(),
        serde_json::from_str::<serde_json::Value>(v2).unwrap(),
        "URL-encoded and object documents decode to the same JSON"
    );
    assert!(bp.default_document().is_some());
    let Properties::IamPolicy(ro) = &res(inv, "arn:aws:iam::aws:policy/ReadOnlyAccess").props
    else {
        panic!()
    };
    assert!(ro.aws_managed);
}

#[test]
fn credential_report_merges_into_users_and_root() {
    let inv = &estate().inventory;
    let Properties::IamUser(p) = &res(inv, &format!("arn:aws:iam::{A}:user/alice")).props else {
        panic!()
    };
    let c = p.credentials.as_ref().expect("report collected");
    assert!(c.password_enabled && c.mfa_active);
    assert!(c.access_keys[0].active && c.access_keys[0].last_rotated.is_some());
    assert!(c.access_keys[0].last_used.is_none(), "`N/A` is no time");
    let Properties::Account(a) = &res(inv, &format!("arn:aws:iam::{A}:root")).props else {
        panic!()
    };
    let root = a.root_credentials.as_ref().expect("root row");
    assert!(!root.mfa_active);
    assert!(root.access_keys[0].active);
    assert!(root.password_last_used.is_some());
}

#[test]
fn account_settings() {
    let inv = &estate().inventory;
    let acct = res(inv, &format!("arn:aws:iam::{A}:root"));
    assert_eq!(acct.name, "prod", "the folder name");
    let Properties::Account(a) = &acct.props else {
        panic!()
    };
    assert_eq!(a.aliases, vec!["prod-alias".to_owned()]);
    assert_eq!(
        a.password_policy,
        Some(None),
        "`{{}}`: collected, no password policy"
    );
    let bpa = a
        .s3_public_access_block
        .expect("collected")
        .expect("configured");
    assert!(bpa.block_public_acls && !bpa.restrict_public_buckets);
    assert_eq!(a.organization_id.as_deref(), Some("o-exampleorgid"));
    assert_eq!(a.management_account_id.as_deref(), Some(A));
    assert_eq!(
        a.ebs_encryption_by_default_regions,
        vec!["eu-west-1".to_owned()]
    );
    assert_eq!(a.config_recorder_regions, vec!["eu-west-1".to_owned()]);
    assert!(
        a.access_analyzer_regions.is_empty(),
        "not collected (access denied)"
    );

    // the second account has no sts file: its id comes from the IAM ARNs in its data
    let staging = res(inv, &format!("arn:aws:iam::{B}:root"));
    assert_eq!(staging.name, "staging");
    let Properties::Account(s) = &staging.props else {
        panic!()
    };
    assert_eq!(s.password_policy, None, "not collected");
}

#[test]
fn organizations_accounts_ous_policies() {
    let inv = &estate().inventory;
    let org = "o-exampleorgid";
    let staging = format!("arn:aws:organizations::{A}:account/{org}/{B}");
    let ou = format!("arn:aws:organizations::{A}:ou/{org}/ou-abcd-11111111");
    let scp = format!("arn:aws:organizations::{A}:policy/{org}/service_control_policy/p-deny1");
    let Properties::OrganizationAccount(a) = &res(inv, &staging).props else {
        panic!()
    };
    assert_eq!(a.parent_id.as_deref(), Some("ou-abcd-11111111"));
    assert_eq!(a.email, "staging@example.com");
    let Properties::OrganizationalUnit(o) = &res(inv, &ou).props else {
        panic!()
    };
    assert_eq!(o.parent_id.as_deref(), Some("r-abcd"));
    let Properties::OrganizationPolicy(p) = &res(inv, &scp).props else {
        panic!()
    };
    assert!(p.content.contains("organizations:LeaveOrganization"));
    assert_eq!(p.target_ids.len(), 2);
    assert!(!p.aws_managed);
    assert_rel(inv, &scp, K::AppliesTo, &ou);
    assert_rel(inv, &scp, K::AppliesTo, &staging);
    assert_rel(inv, &scp, K::AppliesTo, ResourceId::account(B).as_str());
    let full = "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess";
    let Properties::OrganizationPolicy(f) = &res(inv, full).props else {
        panic!()
    };
    assert!(
        f.aws_managed && f.content.is_empty() && f.target_ids.is_empty(),
        "not described, no targets listed"
    );
}

#[test]
fn cloudtrail_trails() {
    let inv = &estate().inventory;
    let trail = format!("arn:aws:cloudtrail:us-east-1:{A}:trail/org-trail");
    let t = res(inv, &trail);
    assert_eq!(
        t.region.as_deref(),
        Some("us-east-1"),
        "a multi-region trail lives in its home region"
    );
    let Properties::Trail(p) = &t.props else {
        panic!()
    };
    assert!(p.is_multi_region && p.log_file_validation_enabled);
    assert_eq!(p.is_logging, Some(true));
    assert_eq!(
        inv.resources()
            .iter()
            .filter(|r| r.id.as_str() == trail)
            .count(),
        1,
        "listed in two regions, one resource"
    );
    assert_rel(inv, &trail, K::LogsTo, "arn:aws:s3:::prod-logs");
    assert_rel(
        inv,
        &trail,
        K::LogsTo,
        &format!("arn:aws:logs:us-east-1:{A}:log-group:trail"),
    );
    assert_rel(
        inv,
        &format!("arn:aws:nephos:us-east-1:{A}:region/us-east-1"),
        K::Contains,
        &trail,
    );
    assert!(
        rel(
            inv,
            &format!("arn:aws:nephos:eu-west-1:{A}:region/eu-west-1"),
            K::Contains,
            &trail
        )
        .is_none()
    );
}
