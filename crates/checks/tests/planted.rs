//! A small labelled estate: clean resources configured the way every check wants, and planted
//! misconfigurations with the check that must catch each. All checks run; every planted
//! (check, resource) must FAIL and no clean resource may get any FAIL.

#![allow(
    clippy::unwrap_used,
    reason = "test fixtures: a failure here is a test failure"
)]

use std::collections::BTreeSet;

use chrono::TimeZone;
use nephos_checks::{Status, run_all};
use nephos_model::props::*;
use nephos_model::{Inventory, Properties, Resource, ResourceId, ResourceKind, Timestamp};

const A: &str = "111122223333";
const R: &str = "eu-west-1";

fn now() -> Timestamp {
    chrono::Utc
        .with_ymd_and_hms(2026, 11, 21, 0, 0, 0)
        .single()
        .unwrap()
}

fn res(kind: ResourceKind, id: &str, region: Option<&str>, props: Properties) -> Resource {
    let id = ResourceId::new(id);
    let name = id.short().to_owned();
    let mut r = Resource::new(id, kind, A, region.map(str::to_owned), name);
    r.props = props;
    r
}

fn ec2(kind: ResourceKind, ty: &str, id: &str, props: Properties) -> Resource {
    res(kind, ResourceId::ec2(R, A, ty, id).as_str(), Some(R), props)
}

fn all_on() -> PublicAccessBlock {
    PublicAccessBlock {
        block_public_acls: true,
        ignore_public_acls: true,
        block_public_policy: true,
        restrict_public_buckets: true,
    }
}

const DENY_HTTP: &str = r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;

fn good_bucket(name: &str) -> Resource {
    let mut b = res(
        ResourceKind::Bucket,
        &format!("arn:aws:s3:::{name}"),
        Some(R),
        Properties::Bucket(Box::new(BucketProps {
            policy: Some(Some(DENY_HTTP.into())),
            acl_grants: Some(vec![]),
            public_access_block: Some(Some(all_on())),
            encryption: Some(vec![BucketEncryptionRule {
                sse_algorithm: "aws:kms".into(),
                ..Default::default()
            }]),
            versioning: Some("Enabled".into()),
            mfa_delete: Some(true),
            logging_target: Some("access-logs".into()),
            ..Default::default()
        })),
    );
    b.name = name.into();
    b
}

fn sg(id: &str, name: &str, port: i32, cidr: &str) -> Resource {
    let rules = if port == 0 {
        vec![]
    } else {
        vec![SecurityGroupRule {
            protocol: IpProtocol::Tcp,
            from_port: Some(port),
            to_port: Some(port),
            peer: SecurityGroupPeer::Cidr {
                cidr: cidr.parse().unwrap(),
            },
            description: None,
        }]
    };
    ec2(
        ResourceKind::SecurityGroup,
        "security-group",
        id,
        Properties::SecurityGroup(SecurityGroupProps {
            group_id: id.into(),
            group_name: name.into(),
            vpc_id: Some("vpc-main".into()),
            ingress: rules,
            ..Default::default()
        }),
    )
}

fn instance(id: &str, tokens: &str) -> Resource {
    ec2(
        ResourceKind::Instance,
        "instance",
        id,
        Properties::Instance(Box::new(InstanceProps {
            instance_id: id.into(),
            state: "running".into(),
            iam_instance_profile_arn: Some(format!("arn:aws:iam::{A}:instance-profile/app")),
            metadata_options: MetadataOptions {
                http_tokens: tokens.into(),
                http_endpoint: "enabled".into(),
                http_put_response_hop_limit: Some(1),
            },
            ..Default::default()
        })),
    )
}

fn role(name: &str, trust_account: &str, attached: &[&str]) -> Resource {
    res(
        ResourceKind::IamRole,
        &format!("arn:aws:iam::{A}:role/{name}"),
        None,
        Properties::IamRole(Box::new(IamRoleProps {
            trust_policy: format!(
                r#"{{"Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{trust_account}:root"}},"Action":"sts:AssumeRole"}}]}}"#
            ),
            attached_policy_arns: attached.iter().map(|s| (*s).to_owned()).collect(),
            ..Default::default()
        })),
    )
}

fn user(name: &str, mfa: bool) -> Resource {
    let key = AccessKeyInfo {
        active: true,
        last_rotated: Some(now() - chrono::Duration::days(10)),
        last_used: Some(now() - chrono::Duration::days(1)),
    };
    res(
        ResourceKind::IamUser,
        &format!("arn:aws:iam::{A}:user/{name}"),
        None,
        Properties::IamUser(Box::new(IamUserProps {
            groups: vec!["devs".into()],
            credentials: Some(CredentialReportEntry {
                password_enabled: true,
                password_last_used: Some(now() - chrono::Duration::days(2)),
                mfa_active: mfa,
                access_keys: vec![key],
                ..Default::default()
            }),
            ..Default::default()
        })),
    )
}

fn estate() -> (Inventory, BTreeSet<(String, String)>, BTreeSet<String>) {
    let mut inv = Inventory::new("planted");
    inv.taken_at = Some(now());
    let mut clean = Vec::new();
    let mut planted: Vec<(&str, Resource)> = Vec::new();

    // The account: everything right except account-level Block Public Access (planted).
    let account = res(
        ResourceKind::Account,
        ResourceId::account(A).as_str(),
        None,
        Properties::Account(Box::new(AccountProps {
            password_policy: Some(Some(PasswordPolicy {
                minimum_password_length: Some(16),
                require_symbols: true,
                require_numbers: true,
                require_uppercase_characters: true,
                require_lowercase_characters: true,
                allow_users_to_change_password: true,
                max_password_age: Some(90),
                password_reuse_prevention: Some(24),
                hard_expiry: false,
            })),
            root_credentials: Some(CredentialReportEntry {
                mfa_active: true,
                ..Default::default()
            }),
            s3_public_access_block: Some(None),
            ebs_encryption_by_default_regions: vec![R.into()],
            config_recorder_regions: vec![R.into()],
            access_analyzer_regions: vec![R.into()],
            ..Default::default()
        })),
    );
    planted.push(("s3_account_public_access_blocked", account));
    clean.push(res(
        ResourceKind::Region,
        ResourceId::region(A, R).as_str(),
        Some(R),
        Properties::None,
    ));
    clean.push(res(
        ResourceKind::Trail,
        &format!("arn:aws:cloudtrail:{R}:{A}:trail/main"),
        Some(R),
        Properties::Trail(TrailProps {
            home_region: R.into(),
            is_multi_region: true,
            log_file_validation_enabled: true,
            s3_bucket_name: Some("trail-logs".into()),
            kms_key_id: Some("k".into()),
            cloud_watch_logs_log_group_arn: Some("lg".into()),
            is_logging: Some(true),
            include_global_service_events: true,
            ..Default::default()
        }),
    ));
    clean.push(good_bucket("trail-logs"));
    clean.push(good_bucket("data"));
    let mut public = good_bucket("public-site");
    if let Properties::Bucket(b) = &mut public.props {
        b.public_access_block = Some(None);
        b.policy = Some(Some(r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}},{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::public-site/*"}]}"#.into()));
    }
    planted.push(("s3_bucket_policy_not_public", public));
    clean.push(ec2(
        ResourceKind::Vpc,
        "vpc",
        "vpc-main",
        Properties::Vpc(VpcProps::default()),
    ));
    clean.push(ec2(
        ResourceKind::FlowLog,
        "vpc-flow-log",
        "fl-1",
        Properties::FlowLog(FlowLogProps {
            resource_id: "vpc-main".into(),
            status: "ACTIVE".into(),
            traffic_type: "ALL".into(),
            ..Default::default()
        }),
    ));
    planted.push((
        "vpc_flow_logs_enabled",
        ec2(
            ResourceKind::Vpc,
            "vpc",
            "vpc-dark",
            Properties::Vpc(VpcProps::default()),
        ),
    ));
    clean.push(sg("sg-web", "web", 443, "0.0.0.0/0"));
    clean.push(sg("sg-default", "default", 0, ""));
    planted.push((
        "ec2_securitygroup_no_admin_ports_ipv4",
        sg("sg-ssh", "ssh", 22, "0.0.0.0/0"),
    ));
    planted.push((
        "ec2_securitygroup_no_admin_ports_ipv6",
        sg("sg-rdp6", "rdp6", 3389, "::/0"),
    ));
    planted.push((
        "ec2_securitygroup_no_postgresql_from_internet",
        sg("sg-pg", "pg", 5432, "0.0.0.0/0"),
    ));
    planted.push((
        "ec2_securitygroup_default_restricts_all",
        sg("sg-default2", "default", 443, "10.0.0.0/8"),
    ));
    clean.push(instance("i-good", "required"));
    planted.push(("ec2_instance_imdsv2_required", instance("i-v1", "optional")));
    clean.push(res(
        ResourceKind::InstanceProfile,
        &format!("arn:aws:iam::{A}:instance-profile/app"),
        None,
        Properties::InstanceProfile(InstanceProfileProps {
            role_arns: vec![format!("arn:aws:iam::{A}:role/app")],
            ..Default::default()
        }),
    ));
    clean.push(role(
        "app",
        A,
        &["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
    ));
    clean.push(role(
        "support",
        A,
        &["arn:aws:iam::aws:policy/AWSSupportAccess"],
    ));
    planted.push((
        "iam_role_cross_account_trust_known_accounts",
        role("vendor", "999988887777", &[]),
    ));
    clean.push(user("alice", true));
    planted.push(("iam_user_console_mfa_enabled", user("bob", false)));
    clean.push(ec2(
        ResourceKind::Volume,
        "volume",
        "vol-enc",
        Properties::Volume(VolumeProps {
            volume_id: "vol-enc".into(),
            encrypted: true,
            ..Default::default()
        }),
    ));
    planted.push((
        "ec2_volume_encrypted",
        ec2(
            ResourceKind::Volume,
            "volume",
            "vol-plain",
            Properties::Volume(VolumeProps {
                volume_id: "vol-plain".into(),
                ..Default::default()
            }),
        ),
    ));
    let key = |id: &str, rotation: bool| {
        res(
            ResourceKind::KmsKey,
            &format!("arn:aws:kms:{R}:{A}:key/{id}"),
            Some(R),
            Properties::KmsKey(KmsKeyProps {
                key_id: id.into(),
                key_manager: "CUSTOMER".into(),
                key_state: "Enabled".into(),
                key_usage: "ENCRYPT_DECRYPT".into(),
                key_spec: "SYMMETRIC_DEFAULT".into(),
                rotation_enabled: Some(rotation),
                ..Default::default()
            }),
        )
    };
    clean.push(key("k-good", true));
    planted.push(("kms_key_rotation_enabled", key("k-stale", false)));
    let db = |name: &str, public: bool| {
        res(
            ResourceKind::DbInstance,
            &format!("arn:aws:rds:{R}:{A}:db:{name}"),
            Some(R),
            Properties::DbInstance(Box::new(DbInstanceProps {
                identifier: name.into(),
                engine: "postgres".into(),
                publicly_accessible: public,
                storage_encrypted: true,
                auto_minor_version_upgrade: true,
                backup_retention_period: 7,
                deletion_protection: true,
                multi_az: true,
                iam_database_authentication: true,
                ..Default::default()
            })),
        )
    };
    clean.push(db("orders", false));
    planted.push(("rds_instance_not_publicly_accessible", db("legacy", true)));
    planted.push((
        "ec2_snapshot_not_public",
        ec2(
            ResourceKind::Snapshot,
            "snapshot",
            "snap-pub",
            Properties::Snapshot(SnapshotProps {
                snapshot_id: "snap-pub".into(),
                encrypted: true,
                owner_id: A.into(),
                public: Some(true),
                ..Default::default()
            }),
        ),
    ));

    let clean_ids: BTreeSet<String> = clean.iter().map(|r| r.id.to_string()).collect();
    let labels: BTreeSet<(String, String)> = planted
        .iter()
        .map(|(c, r)| ((*c).to_owned(), r.id.to_string()))
        .collect();
    for r in clean.into_iter().chain(planted.into_iter().map(|(_, r)| r)) {
        inv.insert(r);
    }
    (inv, labels, clean_ids)
}

#[test]
fn every_planted_problem_is_found_and_clean_resources_pass() {
    let (inv, labels, clean) = estate();
    let findings = run_all(&inv);
    let failed: BTreeSet<(String, String)> = findings
        .iter()
        .filter(|f| f.status == Status::Fail)
        .map(|f| (f.check.id.to_owned(), f.resource.to_string()))
        .collect();
    let missed: Vec<_> = labels.difference(&failed).collect();
    assert!(missed.is_empty(), "planted problems not found: {missed:#?}");
    let false_positives: Vec<_> = failed.iter().filter(|(_, r)| clean.contains(r)).collect();
    assert!(
        false_positives.is_empty(),
        "failures on clean resources: {false_positives:#?}"
    );
    assert!(
        findings
            .iter()
            .any(|f| f.status == Status::Pass && clean.contains(f.resource.as_str()))
    );
}
