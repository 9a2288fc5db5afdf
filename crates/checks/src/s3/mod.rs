//! S3 checks: public access (policy, ACL, Block Public Access at account and bucket level),
//! transport security, encryption, versioning, MFA delete and access logging.

pub mod s3_account_public_access_blocked;
pub mod s3_bucket_acl_not_public;
pub mod s3_bucket_default_encryption;
pub mod s3_bucket_kms_encryption;
pub mod s3_bucket_mfa_delete_enabled;
pub mod s3_bucket_policy_no_unknown_accounts;
pub mod s3_bucket_policy_not_public;
pub mod s3_bucket_public_access_blocked;
pub mod s3_bucket_secure_transport_policy;
pub mod s3_bucket_server_access_logging_enabled;
pub mod s3_bucket_versioning_enabled;

use nephos_model::Resource;
use nephos_model::props::{AclGrant, BucketProps, PublicAccessBlock};
use serde_json::{Value, json};

use crate::context::Context;
use crate::policy_patterns;

/// The ACL grantee groups that mean "everyone" and "every AWS account".
pub const PUBLIC_GROUPS: &[&str] = &[
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
];

/// The Block Public Access settings in force for a bucket: the account's and the bucket's
/// combined (either one blocking blocks). `None` when neither was collected as configured.
pub fn effective_block(
    ctx: &Context,
    bucket: &Resource,
    props: &BucketProps,
) -> Option<PublicAccessBlock> {
    let account = ctx
        .account(&bucket.account)
        .and_then(|a| a.s3_public_access_block.flatten());
    let own = props.public_access_block.flatten();
    match (account, own) {
        (Some(a), Some(b)) => Some(a.combine(b)),
        (a, b) => a.or(b),
    }
}

/// Evidence naming where each setting came from.
pub fn block_evidence(ctx: &Context, bucket: &Resource, props: &BucketProps) -> Value {
    json!({
        "account_public_access_block": ctx.account(&bucket.account).and_then(|a| a.s3_public_access_block),
        "bucket_public_access_block": props.public_access_block,
    })
}

/// The ACL grants that give access to everyone or to every AWS account.
pub fn public_grants(grants: &[AclGrant]) -> Vec<&AclGrant> {
    grants
        .iter()
        .filter(|g| {
            g.grantee_uri
                .as_deref()
                .is_some_and(|u| PUBLIC_GROUPS.contains(&u))
        })
        .collect()
}

/// The statements of a bucket policy open to everyone, unless Block Public Access restricts public
/// buckets. Returns `None` when the policy was not collected.
pub fn public_policy_statements(
    ctx: &Context,
    bucket: &Resource,
    props: &BucketProps,
) -> Option<(Vec<policy_patterns::Statement>, bool)> {
    let policy = props.policy.as_ref()?;
    let statements = match policy {
        Some(doc) => ctx.public_statements(doc, bucket).unwrap_or_default(),
        None => Vec::new(),
    };
    let restricted = effective_block(ctx, bucket, props).is_some_and(|b| b.restrict_public_buckets);
    Some((statements, restricted))
}

#[cfg(test)]
pub(crate) mod fixtures {
    use nephos_model::props::{AccountProps, PublicAccessBlock};

    use crate::testutil;

    /// All four settings on.
    pub fn all_on() -> PublicAccessBlock {
        PublicAccessBlock {
            block_public_acls: true,
            ignore_public_acls: true,
            block_public_policy: true,
            restrict_public_buckets: true,
        }
    }

    /// An account with this account-level BPA (`None` = collected, not configured).
    pub fn account_with_block(block: Option<PublicAccessBlock>) -> nephos_model::Resource {
        testutil::account(AccountProps {
            s3_public_access_block: Some(block),
            ..Default::default()
        })
    }

    /// A public-read policy for `bucket`.
    pub fn public_read_policy(bucket: &str) -> String {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{bucket}/*"}}]}}"#
        )
    }
}
