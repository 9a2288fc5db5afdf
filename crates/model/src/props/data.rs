//! Data stores and keys: RDS, S3, DynamoDB, SQS, SNS, KMS.

use serde::{Deserialize, Serialize};

use super::PolicyDocument;

/// `AWS::RDS::DBInstance`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DbInstanceProps {
    /// `DBInstanceIdentifier`.
    pub identifier: String,
    /// `postgres`, `mysql`, `aurora-postgresql`, …
    pub engine: String,
    /// Engine version.
    pub engine_version: String,
    /// e.g. `db.t3.micro`.
    pub instance_class: String,
    /// `PubliclyAccessible`.
    pub publicly_accessible: bool,
    /// `StorageEncrypted`.
    pub storage_encrypted: bool,
    /// KMS key.
    pub kms_key_id: Option<String>,
    /// VPC of its subnet group.
    pub vpc_id: Option<String>,
    /// Subnets of its subnet group.
    pub subnet_ids: Vec<String>,
    /// `sg-…`.
    pub security_group_ids: Vec<String>,
    /// Endpoint address.
    pub endpoint_address: Option<String>,
    /// Endpoint port.
    pub port: Option<u16>,
    /// Multi-AZ.
    pub multi_az: bool,
    /// Days of automated backups (0 = disabled).
    pub backup_retention_period: i64,
    /// Auto minor version upgrade.
    pub auto_minor_version_upgrade: bool,
    /// Deletion protection.
    pub deletion_protection: bool,
    /// IAM database authentication.
    pub iam_database_authentication: bool,
    /// `available`, …
    pub status: String,
    /// AZ.
    pub availability_zone: Option<String>,
}

/// One grant of a bucket ACL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AclGrant {
    /// `CanonicalUser`, `Group` or `AmazonCustomerByEmail`.
    pub grantee_type: String,
    /// Canonical id for users.
    pub grantee_id: Option<String>,
    /// Group URI, e.g. `http://acs.amazonaws.com/groups/global/AllUsers`.
    pub grantee_uri: Option<String>,
    /// `READ`, `WRITE`, `READ_ACP`, `WRITE_ACP`, `FULL_CONTROL`.
    pub permission: String,
}

/// The four S3 Block Public Access settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PublicAccessBlock {
    /// Reject new public ACLs.
    pub block_public_acls: bool,
    /// Ignore existing public ACLs.
    pub ignore_public_acls: bool,
    /// Reject public bucket policies.
    pub block_public_policy: bool,
    /// Restrict access under public policies to AWS principals and the owner.
    pub restrict_public_buckets: bool,
}

impl PublicAccessBlock {
    /// All four settings on.
    pub fn all_blocked(&self) -> bool {
        self.block_public_acls
            && self.ignore_public_acls
            && self.block_public_policy
            && self.restrict_public_buckets
    }

    /// The effective setting when the account and the bucket both have one (either blocks).
    pub fn combine(self, other: Self) -> Self {
        Self {
            block_public_acls: self.block_public_acls || other.block_public_acls,
            ignore_public_acls: self.ignore_public_acls || other.ignore_public_acls,
            block_public_policy: self.block_public_policy || other.block_public_policy,
            restrict_public_buckets: self.restrict_public_buckets || other.restrict_public_buckets,
        }
    }
}

/// One default-encryption rule of a bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BucketEncryptionRule {
    /// `AES256`, `aws:kms` or `aws:kms:dsse`.
    pub sse_algorithm: String,
    /// KMS key for `aws:kms`.
    pub kms_master_key_id: Option<String>,
    /// S3 Bucket Key enabled.
    pub bucket_key_enabled: bool,
}

/// One event notification of a bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BucketNotification {
    /// `lambda`, `queue` or `topic`.
    pub destination_type: String,
    /// The function, queue or topic ARN.
    pub destination_arn: String,
    /// Event names, e.g. `s3:ObjectCreated:*`.
    pub events: Vec<String>,
}

/// `AWS::S3::Bucket`. Each `Option` is `None` when that call was not collected; a collected "no such
/// configuration" answer is `Some` of an empty value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BucketProps {
    /// Bucket policy: `Some(None)` when collected and absent.
    pub policy: Option<Option<PolicyDocument>>,
    /// ACL grants.
    pub acl_grants: Option<Vec<AclGrant>>,
    /// Canonical id of the owner.
    pub owner_id: Option<String>,
    /// Bucket-level Block Public Access: `Some(None)` when collected and not configured.
    pub public_access_block: Option<Option<PublicAccessBlock>>,
    /// Default encryption rules: `Some(vec![])` when collected and not configured.
    pub encryption: Option<Vec<BucketEncryptionRule>>,
    /// Event notifications.
    pub notifications: Option<Vec<BucketNotification>>,
    /// `Enabled`, `Suspended`, or `None` when never enabled / not collected.
    pub versioning: Option<String>,
    /// MFA delete enabled.
    pub mfa_delete: Option<bool>,
    /// Server access logging target bucket.
    pub logging_target: Option<String>,
}

/// `AWS::DynamoDB::Table`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DynamoDbTableProps {
    /// `ACTIVE`, …
    pub status: String,
    /// SSE type: `KMS` for a KMS key; `None` means the default AWS-owned key.
    pub sse_type: Option<String>,
    /// KMS key ARN.
    pub kms_key_arn: Option<String>,
    /// Stream ARN, when streams are enabled.
    pub stream_arn: Option<String>,
    /// Item count.
    pub item_count: i64,
    /// Size in bytes.
    pub size_bytes: i64,
    /// Point-in-time recovery, when collected.
    pub point_in_time_recovery: Option<bool>,
    /// Deletion protection.
    pub deletion_protection: bool,
    /// Resource policy.
    pub policy: Option<PolicyDocument>,
}

/// `AWS::SQS::Queue`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct QueueProps {
    /// Queue URL.
    pub url: String,
    /// Access policy.
    pub policy: Option<PolicyDocument>,
    /// KMS key for SSE-KMS.
    pub kms_master_key_id: Option<String>,
    /// SSE-SQS enabled.
    pub sqs_managed_sse: bool,
    /// Dead-letter queue ARN.
    pub dead_letter_target_arn: Option<String>,
    /// Whether attributes were collected.
    pub attributes_collected: bool,
}

/// One subscription of a topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TopicSubscription {
    /// `lambda`, `sqs`, `https`, `email`, …
    pub protocol: String,
    /// Function / queue ARN, URL or address.
    pub endpoint: String,
}

/// `AWS::SNS::Topic`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TopicProps {
    /// Access policy.
    pub policy: Option<PolicyDocument>,
    /// KMS key for SSE.
    pub kms_master_key_id: Option<String>,
    /// Subscriptions.
    pub subscriptions: Vec<TopicSubscription>,
    /// Whether attributes were collected.
    pub attributes_collected: bool,
}

/// `AWS::KMS::Key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct KmsKeyProps {
    /// Key id (UUID or `mrk-…`).
    pub key_id: String,
    /// `AWS` or `CUSTOMER`.
    pub key_manager: String,
    /// `Enabled`, `Disabled`, `PendingDeletion`, …
    pub key_state: String,
    /// `ENCRYPT_DECRYPT`, `SIGN_VERIFY`, …
    pub key_usage: String,
    /// `SYMMETRIC_DEFAULT`, `RSA_2048`, …
    pub key_spec: String,
    /// Automatic rotation, when collected.
    pub rotation_enabled: Option<bool>,
    /// Key policy (`default`), when collected.
    pub policy: Option<PolicyDocument>,
    /// Aliases (`alias/…`).
    pub aliases: Vec<String>,
}
