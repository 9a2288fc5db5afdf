//! Bucket ACLs grant nothing to everyone or to every AWS account.
//!
//! Why: grants to the `AllUsers` or `AuthenticatedUsers` groups make a bucket readable (or writable)
//! by the whole internet, unless Block Public Access (`IgnorePublicAcls`) is on.
//! Fix: remove the grants, set Object Ownership to "bucket owner enforced", or turn on Block Public
//! Access.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use super::{block_evidence, effective_block, public_grants};
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "s3_bucket_acl_not_public",
    title: "S3 bucket ACLs do not grant access to AllUsers or AuthenticatedUsers",
    severity: Severity::Critical,
    kinds: &[ResourceKind::Bucket],
    rationale: "ACL grants to the AllUsers or AuthenticatedUsers groups open the bucket to anyone on the internet or any AWS account.",
    remediation: "Remove the public grants (or disable ACLs with Object Ownership = BucketOwnerEnforced), or enable Block Public Access (IgnorePublicAcls).",
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#specifying-grantee-predefined-groups",
    ],
    compliance: &[],
};

/// Runs the check over buckets whose ACL was collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for bucket in ctx.of_kind(ResourceKind::Bucket) {
        let Properties::Bucket(props) = &bucket.props else {
            continue;
        };
        let Some(grants) = &props.acl_grants else {
            continue;
        };
        let public = public_grants(grants);
        let ignored = effective_block(ctx, bucket, props).is_some_and(|b| b.ignore_public_acls);
        let evidence = json!({ "public_grants": public, "ignored_by_block_public_access": ignored, "block_public_access": block_evidence(ctx, bucket, props) });
        out.push(if public.is_empty() {
            Finding::pass(
                &META,
                bucket,
                format!("the ACL of {} has no public grant", bucket.name),
                evidence,
            )
        } else if ignored {
            Finding::pass(
                &META,
                bucket,
                format!(
                    "the ACL of {} has public grants but IgnorePublicAcls disables them",
                    bucket.name
                ),
                evidence,
            )
        } else {
            Finding::fail(
                &META,
                bucket,
                format!("the ACL of {} grants access to everyone", bucket.name),
                evidence,
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::{AclGrant, BucketProps};

    fn with_grant(name: &str, uri: &str, ignore: bool) -> nephos_model::Resource {
        let block = nephos_model::props::PublicAccessBlock {
            ignore_public_acls: ignore,
            ..Default::default()
        };
        bucket(
            name,
            BucketProps {
                acl_grants: Some(vec![AclGrant {
                    grantee_type: "Group".into(),
                    grantee_uri: Some(uri.into()),
                    permission: "READ".into(),
                    ..Default::default()
                }]),
                public_access_block: Some(Some(block)),
                ..Default::default()
            },
        )
    }

    #[test]
    fn fails_all_users_grant_unless_ignored() {
        let f = run_check(
            super::run,
            vec![
                account_with_block(None),
                with_grant("open", super::super::PUBLIC_GROUPS[0], false),
                with_grant("ignored", super::super::PUBLIC_GROUPS[1], true),
                with_grant(
                    "logs",
                    "http://acs.amazonaws.com/groups/s3/LogDelivery",
                    false,
                ),
            ],
        );
        assert_eq!(status_of(&f, ":::open"), Some(Status::Fail));
        assert_eq!(status_of(&f, ":::ignored"), Some(Status::Pass));
        assert_eq!(status_of(&f, ":::logs"), Some(Status::Pass));
        let _ = all_on();
    }
}
