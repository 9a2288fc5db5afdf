//! Fixture builders for check tests: small inventories built directly from model values.

use chrono::TimeZone;
use nephos_model::props::*;
use nephos_model::{Inventory, Properties, Resource, ResourceId, ResourceKind, Timestamp};

use crate::context::Context;
use crate::finding::{Finding, Status};

/// The fixtures' account.
pub const ACCOUNT: &str = "111122223333";
/// The fixtures' region.
pub const REGION: &str = "eu-west-1";

/// The fixtures' "now": 2026-11-21T00:00:00Z.
pub fn now() -> Timestamp {
    chrono::Utc
        .with_ymd_and_hms(2026, 11, 21, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

/// `now()` minus `days`.
pub fn days_ago(days: i64) -> Timestamp {
    now() - chrono::Duration::days(days)
}

/// A regional resource with id `arn` and name = its short id.
pub fn regional(kind: ResourceKind, arn: &str, props: Properties) -> Resource {
    let id = ResourceId::new(arn);
    let name = id.short().to_owned();
    let mut r = Resource::new(id, kind, ACCOUNT, Some(REGION.to_owned()), name);
    r.props = props;
    r
}

/// A global resource.
pub fn global(kind: ResourceKind, arn: &str, name: &str, props: Properties) -> Resource {
    let mut r = Resource::new(ResourceId::new(arn), kind, ACCOUNT, None, name);
    r.props = props;
    r
}

/// An EC2 resource `arn:aws:ec2:eu-west-1:111122223333:<type>/<id>`.
pub fn ec2(kind: ResourceKind, resource_type: &str, id: &str, props: Properties) -> Resource {
    regional(
        kind,
        ResourceId::ec2(REGION, ACCOUNT, resource_type, id).as_str(),
        props,
    )
}

/// The account resource with these settings.
pub fn account(props: AccountProps) -> Resource {
    global(
        ResourceKind::Account,
        ResourceId::account(ACCOUNT).as_str(),
        "acct",
        Properties::Account(Box::new(props)),
    )
}

/// The region resource of the fixtures' region.
pub fn region() -> Resource {
    regional(
        ResourceKind::Region,
        ResourceId::region(ACCOUNT, REGION).as_str(),
        Properties::None,
    )
}

/// An IAM user `arn:aws:iam::111122223333:user/<name>`.
pub fn user(name: &str, props: IamUserProps) -> Resource {
    global(
        ResourceKind::IamUser,
        &format!("arn:aws:iam::{ACCOUNT}:user/{name}"),
        name,
        Properties::IamUser(Box::new(props)),
    )
}

/// An IAM role `arn:aws:iam::111122223333:role/<name>`.
pub fn role(name: &str, props: IamRoleProps) -> Resource {
    global(
        ResourceKind::IamRole,
        &format!("arn:aws:iam::{ACCOUNT}:role/{name}"),
        name,
        Properties::IamRole(Box::new(props)),
    )
}

/// A customer managed policy `arn:aws:iam::111122223333:policy/<name>` whose default (only)
/// version holds `document`, attached `attachments` times.
pub fn customer_policy(name: &str, document: &str, attachments: i64) -> Resource {
    global(
        ResourceKind::IamPolicy,
        &format!("arn:aws:iam::{ACCOUNT}:policy/{name}"),
        name,
        Properties::IamPolicy(IamPolicyProps {
            attachment_count: attachments,
            ..IamPolicyProps::with_default_document(document)
        }),
    )
}

/// A bucket `arn:aws:s3:::<name>`.
pub fn bucket(name: &str, props: BucketProps) -> Resource {
    let mut r = regional(
        ResourceKind::Bucket,
        &format!("arn:aws:s3:::{name}"),
        Properties::Bucket(Box::new(props)),
    );
    r.name = name.to_owned();
    r
}

/// An inventory of `resources` taken at [`now`].
pub fn inventory(resources: Vec<Resource>) -> Inventory {
    let mut inv = Inventory::new("test");
    inv.taken_at = Some(now());
    for r in resources {
        inv.insert(r);
    }
    inv
}

/// Runs one check's logic over `resources`.
pub fn run_check(check: fn(&Context, &mut Vec<Finding>), resources: Vec<Resource>) -> Vec<Finding> {
    let inv = inventory(resources);
    let ctx = Context::new(&inv);
    let mut out = Vec::new();
    check(&ctx, &mut out);
    out
}

/// The status of the (single) finding on the resource whose id ends with `suffix`.
pub fn status_of(findings: &[Finding], suffix: &str) -> Option<Status> {
    let matching: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.resource.as_str().ends_with(suffix))
        .collect();
    assert!(
        matching.len() <= 1,
        "several findings on `{suffix}`: {matching:#?}"
    );
    matching.first().map(|f| f.status)
}

/// A security group with these ingress and egress rules.
pub fn security_group(
    id: &str,
    name: &str,
    ingress: Vec<SecurityGroupRule>,
    egress: Vec<SecurityGroupRule>,
) -> Resource {
    ec2(
        ResourceKind::SecurityGroup,
        "security-group",
        id,
        Properties::SecurityGroup(SecurityGroupProps {
            group_id: id.to_owned(),
            group_name: name.to_owned(),
            vpc_id: Some("vpc-1".into()),
            ingress,
            egress,
            ..Default::default()
        }),
    )
}

/// A rule for `protocol` ports `from..=to` from `cidr`.
pub fn rule(protocol: IpProtocol, from: i32, to: i32, cidr: &str) -> SecurityGroupRule {
    SecurityGroupRule {
        protocol,
        from_port: Some(from),
        to_port: Some(to),
        peer: SecurityGroupPeer::Cidr {
            cidr: cidr.parse().unwrap_or_else(|_| {
                "192.0.2.0/24"
                    .parse()
                    .unwrap_or(ipnet::IpNet::V4(ipnet::Ipv4Net::default()))
            }),
        },
        description: None,
    }
}
