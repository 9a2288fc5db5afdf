//! Bucket policies do not grant access to everyone.
//!
//! Why: a statement with a `*` principal and no restricting condition lets anyone on the internet
//! use the granted actions, unless Block Public Access (`RestrictPublicBuckets`) stops it.
//! Fix: remove the public statement, add a restricting condition, or turn on Block Public Access.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use super::{block_evidence, public_policy_statements};
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};
use crate::policy_patterns;

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "s3_bucket_policy_not_public",
    title: "S3 bucket policies do not allow public access",
    severity: Severity::Critical,
    kinds: &[ResourceKind::Bucket],
    rationale: "A bucket policy statement with a `*` principal and no restricting condition lets anyone on the internet use the granted actions.",
    remediation: "Remove the public statement or restrict it (aws:PrincipalOrgID, aws:SourceVpce, …), or enable Block Public Access (RestrictPublicBuckets) on the bucket or account.",
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status",
    ],
    compliance: &[],
};

/// Runs the check over buckets whose policy was collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for bucket in ctx.of_kind(ResourceKind::Bucket) {
        let Properties::Bucket(props) = &bucket.props else {
            continue;
        };
        let Some((public, restricted)) = public_policy_statements(ctx, bucket, props) else {
            continue;
        };
        let statements: Vec<_> = public.iter().map(policy_patterns::evidence).collect();
        let evidence = json!({ "public_statements": statements, "restricted_by_block_public_access": restricted, "block_public_access": block_evidence(ctx, bucket, props) });
        out.push(if public.is_empty() {
            Finding::pass(
                &META,
                bucket,
                format!("the policy of {} grants nothing to everyone", bucket.name),
                evidence,
            )
        } else if restricted {
            Finding::pass(
                &META,
                bucket,
                format!(
                    "the policy of {} has public statements but RestrictPublicBuckets blocks them",
                    bucket.name
                ),
                evidence,
            )
        } else {
            Finding::fail(
                &META,
                bucket,
                format!("the policy of {} grants access to everyone", bucket.name),
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
    use nephos_model::props::BucketProps;

    fn with_policy(
        name: &str,
        policy: Option<String>,
        block: Option<nephos_model::props::PublicAccessBlock>,
    ) -> nephos_model::Resource {
        bucket(
            name,
            BucketProps {
                policy: Some(policy),
                public_access_block: Some(block),
                ..Default::default()
            },
        )
    }

    #[test]
    fn fails_public_policy_unless_blocked() {
        let f = run_check(
            super::run,
            vec![
                account_with_block(None),
                with_policy("open", Some(public_read_policy("open")), None),
                with_policy(
                    "blocked",
                    Some(public_read_policy("blocked")),
                    Some(all_on()),
                ),
                with_policy("none", None, None),
            ],
        );
        assert_eq!(status_of(&f, ":::open"), Some(Status::Fail));
        assert_eq!(status_of(&f, ":::blocked"), Some(Status::Pass));
        assert_eq!(status_of(&f, ":::none"), Some(Status::Pass));
    }

    #[test]
    fn account_level_block_neutralises_public_policy() {
        let f = run_check(
            super::run,
            vec![
                account_with_block(Some(all_on())),
                with_policy("open", Some(public_read_policy("open")), None),
            ],
        );
        assert_eq!(status_of(&f, ":::open"), Some(Status::Pass));
    }

    #[test]
    fn a_deny_to_everyone_outside_the_organization_is_not_public() {
        let org_only = r#"{"Statement":[
            {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::org/*"},
            {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::org","arn:aws:s3:::org/*"],
             "Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc123"}}}]}"#;
        let tls_only = r#"{"Statement":[
            {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::tls/*"},
            {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::tls","arn:aws:s3:::tls/*"],
             "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;
        let f = run_check(
            super::run,
            vec![
                account_with_block(None),
                with_policy("org", Some(org_only.into()), None),
                with_policy("tls", Some(tls_only.into()), None),
            ],
        );
        assert_eq!(status_of(&f, ":::org"), Some(Status::Pass));
        assert_eq!(status_of(&f, ":::tls"), Some(Status::Fail));
    }
}
