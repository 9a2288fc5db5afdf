//! The bucket CloudTrail writes to is not public.
//!
//! Why: audit logs reveal the whole estate's structure and activity; a public trail bucket hands
//! that map to anyone.
//! Fix: remove public policy statements and ACL grants from the trail bucket and turn on Block
//! Public Access.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use super::trails;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};
use crate::policy_patterns;
use crate::s3::{effective_block, public_grants, public_policy_statements};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "cloudtrail_bucket_not_public",
    title: "The S3 bucket CloudTrail logs to is not publicly accessible",
    severity: Severity::Critical,
    kinds: &[ResourceKind::Trail],
    rationale: "CloudTrail logs map the whole estate and its activity; a public trail bucket gives that map to anyone.",
    remediation: "Remove public statements from the trail bucket policy and public ACL grants, and enable Block Public Access on it.",
    references: &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html",
    ],
    compliance: &[],
};

/// Runs the check over trails whose destination bucket is in the inventory.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in trails(ctx) {
        let Some(bucket) = p.s3_bucket_name.as_deref().and_then(|b| ctx.bucket(b)) else {
            continue;
        };
        let Properties::Bucket(b) = &bucket.props else {
            continue;
        };
        let policy = public_policy_statements(ctx, bucket, b)
            .filter(|(_, restricted)| !restricted)
            .map(|(s, _)| s)
            .unwrap_or_default();
        let ignored = effective_block(ctx, bucket, b).is_some_and(|x| x.ignore_public_acls);
        let grants = if ignored {
            Vec::new()
        } else {
            b.acl_grants
                .as_deref()
                .map(public_grants)
                .unwrap_or_default()
        };
        let statements: Vec<_> = policy.iter().map(policy_patterns::evidence).collect();
        out.push(Finding::verdict(
            &META,
            r,
            policy.is_empty() && grants.is_empty(),
            format!("the bucket of {} is not public", r.name),
            format!("the bucket {} of {} is public", bucket.name, r.name),
            json!({ "bucket": bucket.id, "public_statements": statements, "public_grants": grants }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::trail;
    use crate::finding::Status;
    use crate::s3::fixtures::public_read_policy;
    use crate::testutil::*;
    use nephos_model::props::BucketProps;

    #[test]
    fn fails_public_trail_bucket() {
        let private = bucket(
            "trail-logs",
            BucketProps {
                policy: Some(None),
                ..Default::default()
            },
        );
        let public = bucket(
            "open-logs",
            BucketProps {
                policy: Some(Some(public_read_policy("open-logs"))),
                public_access_block: Some(None),
                ..Default::default()
            },
        );
        let f = run_check(
            super::run,
            vec![
                private,
                public,
                trail("good", |_| {}),
                trail("bad", |p| p.s3_bucket_name = Some("open-logs".into())),
            ],
        );
        assert_eq!(status_of(&f, "trail/good"), Some(Status::Pass));
        assert_eq!(status_of(&f, "trail/bad"), Some(Status::Fail));
    }
}
