//! Identity and governance: IAM, Organizations, the account itself, CloudTrail.

use serde::{Deserialize, Serialize};

use super::PolicyDocument;
use crate::Timestamp;

/// An inline policy: name and document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct InlinePolicy {
    /// Policy name.
    pub name: String,
    /// Document.
    pub document: PolicyDocument,
}

/// One access key from the credential report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AccessKeyInfo {
    /// Active.
    pub active: bool,
    /// Last rotated.
    pub last_rotated: Option<Timestamp>,
    /// Last used.
    pub last_used: Option<Timestamp>,
}

/// A user's row of the IAM credential report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CredentialReportEntry {
    /// Console password enabled.
    pub password_enabled: bool,
    /// Password last used.
    pub password_last_used: Option<Timestamp>,
    /// Password last changed.
    pub password_last_changed: Option<Timestamp>,
    /// MFA active.
    pub mfa_active: bool,
    /// Access keys 1 and 2.
    pub access_keys: Vec<AccessKeyInfo>,
    /// Signing certificates active.
    pub certificates_active: bool,
}

/// `AWS::IAM::User`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct IamUserProps {
    /// Path.
    pub path: String,
    /// `AIDA…`.
    pub user_id: String,
    /// Inline policies.
    pub inline_policies: Vec<InlinePolicy>,
    /// Attached managed policy ARNs.
    pub attached_policy_arns: Vec<String>,
    /// Group names.
    pub groups: Vec<String>,
    /// Permissions boundary policy ARN.
    pub permissions_boundary_arn: Option<String>,
    /// Credential report row, when collected.
    pub credentials: Option<CredentialReportEntry>,
}

/// `AWS::IAM::Group`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct IamGroupProps {
    /// Path.
    pub path: String,
    /// Inline policies.
    pub inline_policies: Vec<InlinePolicy>,
    /// Attached managed policy ARNs.
    pub attached_policy_arns: Vec<String>,
}

/// `AWS::IAM::Role`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct IamRoleProps {
    /// Path.
    pub path: String,
    /// `AROA…`.
    pub role_id: String,
    /// Trust policy (`AssumeRolePolicyDocument`).
    pub trust_policy: PolicyDocument,
    /// Inline policies.
    pub inline_policies: Vec<InlinePolicy>,
    /// Attached managed policy ARNs.
    pub attached_policy_arns: Vec<String>,
    /// Permissions boundary policy ARN.
    pub permissions_boundary_arn: Option<String>,
    /// Instance profiles holding it.
    pub instance_profile_arns: Vec<String>,
    /// Maximum session duration in seconds.
    pub max_session_duration: Option<i64>,
    /// Last used.
    pub last_used: Option<Timestamp>,
}

/// One version of a managed policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PolicyVersion {
    /// `v1`, `v2`, …
    pub version_id: String,
    /// The default version.
    pub is_default: bool,
    /// Document.
    pub document: PolicyDocument,
}

/// `AWS::IAM::Policy` (a managed policy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct IamPolicyProps {
    /// Path.
    pub path: String,
    /// The default version id.
    pub default_version_id: String,
    /// Versions as collected (at least the default one).
    pub versions: Vec<PolicyVersion>,
    /// Attachment count.
    pub attachment_count: i64,
    /// AWS-managed (`arn:aws:iam::aws:policy/…`).
    pub aws_managed: bool,
}

impl IamPolicyProps {
    /// A policy whose only version, `v1`, is the default and holds `document` (path `/`).
    pub fn with_default_document(document: impl Into<String>) -> Self {
        Self {
            path: "/".to_owned(),
            default_version_id: "v1".to_owned(),
            versions: vec![PolicyVersion {
                version_id: "v1".to_owned(),
                is_default: true,
                document: document.into(),
            }],
            ..Self::default()
        }
    }

    /// The default version's document.
    pub fn default_document(&self) -> Option<&str> {
        self.versions
            .iter()
            .find(|v| v.is_default || v.version_id == self.default_version_id)
            .map(|v| v.document.as_str())
    }
}

/// `AWS::IAM::InstanceProfile`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct InstanceProfileProps {
    /// Path.
    pub path: String,
    /// Role ARNs (at most one in practice).
    pub role_arns: Vec<String>,
}

/// The account password policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PasswordPolicy {
    /// Minimum length.
    pub minimum_password_length: Option<i64>,
    /// Require symbols.
    pub require_symbols: bool,
    /// Require numbers.
    pub require_numbers: bool,
    /// Require upper case.
    pub require_uppercase_characters: bool,
    /// Require lower case.
    pub require_lowercase_characters: bool,
    /// Users may change their own password.
    pub allow_users_to_change_password: bool,
    /// Days before expiry.
    pub max_password_age: Option<i64>,
    /// Passwords remembered.
    pub password_reuse_prevention: Option<i64>,
    /// Expired passwords need an administrator reset.
    pub hard_expiry: bool,
}

/// `AWS::::Account`: account-wide settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AccountProps {
    /// The folder name the account came from (often an alias).
    pub name: String,
    /// Account aliases.
    pub aliases: Vec<String>,
    /// Password policy: `Some(None)` when collected and none is set.
    pub password_policy: Option<Option<PasswordPolicy>>,
    /// The root user's row of the credential report.
    pub root_credentials: Option<CredentialReportEntry>,
    /// Account-level S3 Block Public Access: `Some(None)` when collected and not configured.
    pub s3_public_access_block: Option<Option<super::PublicAccessBlock>>,
    /// The organization id, when the account belongs to one.
    pub organization_id: Option<String>,
    /// The organization's management account.
    pub management_account_id: Option<String>,
    /// Regions with EBS encryption by default on.
    pub ebs_encryption_by_default_regions: Vec<String>,
    /// Regions where an AWS Config recorder is recording.
    pub config_recorder_regions: Vec<String>,
    /// Regions where IAM Access Analyzer has an active analyzer.
    pub access_analyzer_regions: Vec<String>,
}

/// `AWS::CloudTrail::Trail`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TrailProps {
    /// Home region.
    pub home_region: String,
    /// Multi-region.
    pub is_multi_region: bool,
    /// Organization trail.
    pub is_organization_trail: bool,
    /// Log file validation.
    pub log_file_validation_enabled: bool,
    /// Destination bucket.
    pub s3_bucket_name: Option<String>,
    /// SSE-KMS key.
    pub kms_key_id: Option<String>,
    /// CloudWatch Logs log group ARN.
    pub cloud_watch_logs_log_group_arn: Option<String>,
    /// Logging (GetTrailStatus), when collected.
    pub is_logging: Option<bool>,
    /// Includes global service events.
    pub include_global_service_events: bool,
}

/// `AWS::Organizations::Account`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct OrganizationAccountProps {
    /// Account id.
    pub account_id: String,
    /// E-mail.
    pub email: String,
    /// `ACTIVE`, `SUSPENDED`, …
    pub status: String,
    /// Parent OU or root id, when collected.
    pub parent_id: Option<String>,
}

/// `AWS::Organizations::OrganizationalUnit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct OrganizationalUnitProps {
    /// `ou-…`.
    pub ou_id: String,
    /// Parent OU or root id (`r-…`).
    pub parent_id: Option<String>,
}

/// `AWS::Organizations::Policy`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct OrganizationPolicyProps {
    /// `p-…`.
    pub policy_id: String,
    /// `SERVICE_CONTROL_POLICY` or `RESOURCE_CONTROL_POLICY`.
    pub policy_type: String,
    /// AWS-managed (`FullAWSAccess`, `RCPFullAWSAccess`).
    pub aws_managed: bool,
    /// Document.
    pub content: PolicyDocument,
    /// Target ids: roots (`r-…`), OUs (`ou-…`) and accounts.
    pub target_ids: Vec<String>,
}
