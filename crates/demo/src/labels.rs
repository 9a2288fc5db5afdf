//! The answer key, `labels.json`: planted problems, clean samples, outliers and attack paths.
//! The schema is documented in `docs/demo-labels.md`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A planted misconfiguration type: a stable id and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "each variant is documented by `description`")]
pub enum Problem {
    Ec2SecurityGroupOpenSsh,
    Ec2SecurityGroupOpenRdp,
    Ec2SecurityGroupOpenPostgres,
    Ec2SecurityGroupDefaultAllowsTraffic,
    S3BucketPublicPolicy,
    S3BucketPublicAcl,
    S3BucketNoDefaultEncryption,
    Ec2SnapshotPublic,
    Ec2ImagePublic,
    Ec2InstanceImdsv1,
    Ec2VolumeUnencrypted,
    RdsInstancePubliclyAccessible,
    RdsInstanceUnencrypted,
    SqsQueueUnencrypted,
    SnsTopicUnencrypted,
    IamRootAccessKey,
    IamUserConsoleWithoutMfa,
    IamAccessKeyStale,
    IamInlineAdminPolicy,
    LambdaFunctionAdminRole,
    IamRoleTrustsUnknownAccount,
    CloudtrailMissing,
    CloudtrailSingleRegion,
    CloudtrailLogValidationDisabled,
    VpcFlowLogsMissing,
    KmsKeyRotationDisabled,
}

impl Problem {
    /// Every problem type, in documentation order.
    pub const ALL: [Problem; 26] = [
        Self::Ec2SecurityGroupOpenSsh,
        Self::Ec2SecurityGroupOpenRdp,
        Self::Ec2SecurityGroupOpenPostgres,
        Self::Ec2SecurityGroupDefaultAllowsTraffic,
        Self::S3BucketPublicPolicy,
        Self::S3BucketPublicAcl,
        Self::S3BucketNoDefaultEncryption,
        Self::Ec2SnapshotPublic,
        Self::Ec2ImagePublic,
        Self::Ec2InstanceImdsv1,
        Self::Ec2VolumeUnencrypted,
        Self::RdsInstancePubliclyAccessible,
        Self::RdsInstanceUnencrypted,
        Self::SqsQueueUnencrypted,
        Self::SnsTopicUnencrypted,
        Self::IamRootAccessKey,
        Self::IamUserConsoleWithoutMfa,
        Self::IamAccessKeyStale,
        Self::IamInlineAdminPolicy,
        Self::LambdaFunctionAdminRole,
        Self::IamRoleTrustsUnknownAccount,
        Self::CloudtrailMissing,
        Self::CloudtrailSingleRegion,
        Self::CloudtrailLogValidationDisabled,
        Self::VpcFlowLogsMissing,
        Self::KmsKeyRotationDisabled,
    ];

    /// The machine-readable id, e.g. `ec2_security_group_open_ssh`.
    pub fn id(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// One line saying what is wrong.
    pub const fn description(self) -> &'static str {
        match self {
            Self::Ec2SecurityGroupOpenSsh => "security group allows tcp/22 from 0.0.0.0/0",
            Self::Ec2SecurityGroupOpenRdp => "security group allows tcp/3389 from 0.0.0.0/0",
            Self::Ec2SecurityGroupOpenPostgres => "security group allows tcp/5432 from 0.0.0.0/0",
            Self::Ec2SecurityGroupDefaultAllowsTraffic => {
                "the VPC's default security group has inbound or outbound rules"
            }
            Self::S3BucketPublicPolicy => {
                "bucket policy grants s3:GetObject to Principal \"*\" and Block Public Access is off"
            }
            Self::S3BucketPublicAcl => {
                "bucket ACL grants READ to AllUsers and Block Public Access is off"
            }
            Self::S3BucketNoDefaultEncryption => "bucket has no default encryption configuration",
            Self::Ec2SnapshotPublic => "EBS snapshot create-volume permission includes group all",
            Self::Ec2ImagePublic => "AMI launch permission is public",
            Self::Ec2InstanceImdsv1 => "instance allows IMDSv1 (HttpTokens optional)",
            Self::Ec2VolumeUnencrypted => "EBS volume is not encrypted",
            Self::RdsInstancePubliclyAccessible => "RDS instance is publicly accessible",
            Self::RdsInstanceUnencrypted => "RDS instance storage is not encrypted",
            Self::SqsQueueUnencrypted => "SQS queue has neither SSE-SQS nor SSE-KMS",
            Self::SnsTopicUnencrypted => "SNS topic has no KMS key",
            Self::IamRootAccessKey => "the root user has an active access key",
            Self::IamUserConsoleWithoutMfa => "IAM user has a console password and no MFA",
            Self::IamAccessKeyStale => "IAM user has an active access key older than 90 days",
            Self::IamInlineAdminPolicy => "inline policy allows \"*\" on \"*\"",
            Self::LambdaFunctionAdminRole => {
                "Lambda function's execution role has AdministratorAccess"
            }
            Self::IamRoleTrustsUnknownAccount => {
                "role trust policy lets an account outside the organization assume it"
            }
            Self::CloudtrailMissing => "account has no CloudTrail trail",
            Self::CloudtrailSingleRegion => "the account's only trail is single-region",
            Self::CloudtrailLogValidationDisabled => "trail has log file validation disabled",
            Self::VpcFlowLogsMissing => "VPC has no flow log",
            Self::KmsKeyRotationDisabled => "customer-managed KMS key has rotation disabled",
        }
    }
}

/// One planted problem on one resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemLabel {
    /// Problem id (see [`Problem`]).
    pub problem: Problem,
    /// The resource id (ARN) that has the problem.
    pub resource: String,
    /// Its kind (`AWS::EC2::SecurityGroup`).
    pub kind: String,
    /// Owning account id.
    pub account: String,
    /// Region, `null` for global resources.
    pub region: Option<String>,
    /// What is wrong, in words.
    pub description: String,
    /// Resources involved (the instance a group protects, the role of a function).
    #[serde(default)]
    pub related: Vec<String>,
}

/// A resource labelled as having none of the planted problem types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CleanLabel {
    /// Resource id.
    pub resource: String,
    /// Its kind.
    pub kind: String,
}

/// A planted outlier among its peers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutlierLabel {
    /// Resource id.
    pub resource: String,
    /// Its kind.
    pub kind: String,
    /// What it stands out from (`billing-web fleet in acme-prod-payments`).
    pub peer_group: String,
    /// How it differs.
    pub reason: String,
    /// A few peers' ids.
    pub peers: Vec<String>,
}

/// One step of an attack path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttackStep {
    /// Resource id.
    pub resource: String,
    /// Its kind.
    pub kind: String,
    /// How the attacker gets from the previous step to this one.
    pub via: String,
}

/// A planted path from the internet to sensitive data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttackPathLabel {
    /// Stable id (`attack-path-1`).
    pub id: String,
    /// Summary.
    pub description: String,
    /// Where it starts: `internet`.
    pub entry: String,
    /// Steps in order; the last is the data store.
    pub steps: Vec<AttackStep>,
    /// The action that reaches the data.
    pub action: String,
}

/// One application the generator built, with the tags it wrote on its resources.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppLabel {
    /// The application name: the value of its `app` tag (`application` in staging accounts).
    pub name: String,
    /// The owning team: the value of its `team` tag.
    pub owner: String,
    /// `web_tier`, `ecs_service` or `pipeline`.
    pub kind: String,
    /// Account id.
    pub account: String,
    /// Region.
    pub region: String,
}

/// One application group the generator wired together: the VPCs joined by its peerings (a
/// peering hub with at least three spokes excepted), the applications they host and the seeds an
/// architecture starts from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchitectureLabel {
    /// Stable id within the file (`application-group-1`, …; sorted by seeds).
    pub id: String,
    /// Seed resource ids, sorted: the group's VPCs, the Lambda functions its pipelines run outside
    /// any VPC, and the region's ECS cluster when only this group's services run on it.
    pub seeds: Vec<String>,
    /// The `Name` tags of the group's VPCs (what a group without applications is called).
    pub vpc_names: Vec<String>,
    /// The applications hosted; an architecture of this group is named after one of them and
    /// owned by one of their teams.
    pub applications: Vec<AppLabel>,
    /// Shared dependencies that must not merge this group with others: the peering hub's VPC and
    /// an ECS cluster that services of several groups run on.
    pub shared: Vec<String>,
    /// This group is the peering hub itself (shared network infrastructure; at least three
    /// spokes, else the hub and its spokes are one group and this is `false`).
    pub peering_hub: bool,
}

/// An account of the estate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountLabel {
    /// Account id.
    pub id: String,
    /// Folder name and alias.
    pub name: String,
    /// `management`, `shared`, `prod`, `staging` or `dev`.
    pub environment: String,
    /// Parent OU (or root) id.
    pub parent_id: String,
    /// Regions generated.
    pub regions: Vec<String>,
}

/// The whole answer key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Labels {
    /// Schema version.
    pub version: u32,
    /// The seed used.
    pub seed: u64,
    /// The constant "now" every timestamp is relative to.
    pub epoch: String,
    /// The organization id.
    pub organization_id: String,
    /// The management account id.
    pub management_account_id: String,
    /// Accounts.
    pub accounts: Vec<AccountLabel>,
    /// Resources per kind, as an importer should count them.
    pub resource_counts: BTreeMap<String, usize>,
    /// Planted problems.
    pub problems: Vec<ProblemLabel>,
    /// A sample of resources with none of the planted problem types.
    pub clean: Vec<CleanLabel>,
    /// Planted outliers.
    pub outliers: Vec<OutlierLabel>,
    /// Planted attack paths.
    pub attack_paths: Vec<AttackPathLabel>,
    /// The application groups the generator built (the architecture answer key).
    #[serde(default)]
    pub architectures: Vec<ArchitectureLabel>,
}

/// What one account contributes to the answer key.
#[derive(Debug, Default)]
pub struct AccountLabels {
    /// Problems.
    pub problems: Vec<ProblemLabel>,
    /// Clean candidates (resource, kind).
    pub clean: Vec<CleanLabel>,
    /// Outliers.
    pub outliers: Vec<OutlierLabel>,
    /// Attack paths.
    pub attack_paths: Vec<AttackPathLabel>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_ids_are_snake_case_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for p in Problem::ALL {
            let id = p.id();
            assert!(!id.is_empty());
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            );
            assert!(seen.insert(id));
            assert!(!p.description().is_empty());
        }
        assert_eq!(Problem::Ec2InstanceImdsv1.id(), "ec2_instance_imdsv1");
    }
}
