//! The demo estate's answer key (`labels.json`): every planted misconfiguration must be found by
//! the check that judges it, and no resource the key marks clean may fail any of those checks.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test fixtures: a failure here is a test failure"
)]

use std::collections::{BTreeMap, BTreeSet, HashSet};

use nephos_checks::{Status, run_all};
use nephos_demo::{DemoOptions, Labels, Problem};

/// The check that must fail for each planted problem type (inline admin policies depend on the
/// principal's kind).
fn check_for(problem: Problem, kind: &str) -> &'static str {
    match problem {
        Problem::Ec2SecurityGroupOpenSsh | Problem::Ec2SecurityGroupOpenRdp => {
            "ec2_securitygroup_no_admin_ports_ipv4"
        }
        Problem::Ec2SecurityGroupOpenPostgres => "ec2_securitygroup_no_postgresql_from_internet",
        Problem::Ec2SecurityGroupDefaultAllowsTraffic => "ec2_securitygroup_default_restricts_all",
        Problem::S3BucketPublicPolicy => "s3_bucket_policy_not_public",
        Problem::S3BucketPublicAcl => "s3_bucket_acl_not_public",
        Problem::S3BucketNoDefaultEncryption => "s3_bucket_default_encryption",
        Problem::Ec2SnapshotPublic => "ec2_snapshot_not_public",
        Problem::Ec2ImagePublic => "ec2_image_not_public",
        Problem::Ec2InstanceImdsv1 => "ec2_instance_imdsv2_required",
        Problem::Ec2VolumeUnencrypted => "ec2_volume_encrypted",
        Problem::RdsInstancePubliclyAccessible => "rds_instance_not_publicly_accessible",
        Problem::RdsInstanceUnencrypted => "rds_instance_storage_encrypted",
        Problem::SqsQueueUnencrypted => "sqs_queue_encrypted",
        Problem::SnsTopicUnencrypted => "sns_topic_encrypted",
        Problem::IamRootAccessKey => "iam_root_access_key_absent",
        Problem::IamUserConsoleWithoutMfa => "iam_user_console_mfa_enabled",
        Problem::IamAccessKeyStale => "iam_user_access_keys_rotated_90_days",
        Problem::IamInlineAdminPolicy => match kind {
            "AWS::IAM::User" => "iam_user_inline_policy_no_full_admin",
            "AWS::IAM::Group" => "iam_group_inline_policy_no_full_admin",
            _ => "iam_role_inline_policy_no_full_admin",
        },
        Problem::LambdaFunctionAdminRole => "lambda_function_role_not_admin",
        Problem::IamRoleTrustsUnknownAccount => "iam_role_cross_account_trust_known_accounts",
        Problem::CloudtrailMissing => "cloudtrail_enabled",
        Problem::CloudtrailSingleRegion => "cloudtrail_trail_multi_region_enabled",
        Problem::CloudtrailLogValidationDisabled => "cloudtrail_log_file_validation_enabled",
        Problem::VpcFlowLogsMissing => "vpc_flow_logs_enabled",
        Problem::KmsKeyRotationDisabled => "kms_key_rotation_enabled",
    }
}

#[test]
fn finds_every_planted_problem_and_nothing_on_clean_resources() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("estate");
    let summary = nephos_demo::generate(&out, &DemoOptions::default()).unwrap();
    let labels: Labels =
        serde_json::from_str(&std::fs::read_to_string(&summary.labels).unwrap()).unwrap();
    let imported = nephos_aws::import(&out).unwrap();
    let findings = run_all(&imported.inventory);

    let failed: HashSet<(&str, &str)> = findings
        .iter()
        .filter(|f| f.status == Status::Fail)
        .map(|f| (f.check.id, f.resource.as_str()))
        .collect();
    let mut missed = Vec::new();
    let mut by_problem: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for p in &labels.problems {
        let check = check_for(p.problem, &p.kind);
        let found = failed.contains(&(check, p.resource.as_str()));
        let e = by_problem.entry(p.problem.id()).or_default();
        e.0 += 1;
        if found {
            e.1 += 1;
        } else {
            missed.push((p.problem.id(), check, p.resource.clone()));
        }
    }
    assert!(!labels.problems.is_empty());
    assert!(
        missed.is_empty(),
        "planted problems not found: {missed:#?}\nper problem (planted, found): {by_problem:#?}"
    );

    let judged: BTreeSet<&str> = Problem::ALL
        .iter()
        .flat_map(|p| {
            ["AWS::IAM::User", "AWS::IAM::Group", "AWS::IAM::Role"]
                .into_iter()
                .map(move |k| check_for(*p, k))
        })
        .collect();
    let false_positives: Vec<_> = labels
        .clean
        .iter()
        .flat_map(|c| {
            judged
                .iter()
                .filter(|check| failed.contains(&(**check, c.resource.as_str())))
                .map(move |check| (*check, c.resource.clone()))
        })
        .collect();
    assert!(!labels.clean.is_empty());
    assert!(
        false_positives.is_empty(),
        "failures on resources labelled clean: {false_positives:#?}"
    );
}
