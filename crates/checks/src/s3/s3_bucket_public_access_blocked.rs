//! Every bucket has all four Block Public Access settings in force (bucket or account level).
//!
//! Why: Block Public Access is the guard rail that keeps a mistaken policy or ACL from publishing
//! data.
//! Fix: turn on all four settings on the bucket, or once for the whole account.

use nephos_model::{Properties, ResourceKind};

use super::{block_evidence, effective_block};
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "s3_bucket_public_access_blocked",
    title: "S3 buckets have Block Public Access (all four settings) on, at bucket or account level",
    severity: Severity::High,
    kinds: &[ResourceKind::Bucket],
    rationale: "Block Public Access keeps a mistaken bucket policy or ACL from making data public.",
    remediation: "aws s3api put-public-access-block --bucket NAME --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true (or the s3control equivalent for the account).",
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    ],
    compliance: &[cis(&["2.1.4"])],
};

/// Runs the check over buckets whose Block Public Access setting was collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for bucket in ctx.of_kind(ResourceKind::Bucket) {
        let Properties::Bucket(props) = &bucket.props else {
            continue;
        };
        if props.public_access_block.is_none() {
            continue;
        }
        let on = effective_block(ctx, bucket, props).is_some_and(|b| b.all_blocked());
        out.push(Finding::verdict(
            &META,
            bucket,
            on,
            format!("{} has Block Public Access fully on", bucket.name),
            format!(
                "{} does not have all four Block Public Access settings on",
                bucket.name
            ),
            block_evidence(ctx, bucket, props),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::{BucketProps, PublicAccessBlock};

    fn b(name: &str, block: Option<PublicAccessBlock>) -> nephos_model::Resource {
        bucket(
            name,
            BucketProps {
                public_access_block: Some(block),
                ..Default::default()
            },
        )
    }

    #[test]
    fn bucket_or_account_setting_counts() {
        let partial = PublicAccessBlock {
            block_public_acls: true,
            ..Default::default()
        };
        let f = run_check(
            super::run,
            vec![
                account_with_block(None),
                b("none", None),
                b("partial", Some(partial)),
                b("full", Some(all_on())),
            ],
        );
        assert_eq!(status_of(&f, ":::none"), Some(Status::Fail));
        assert_eq!(status_of(&f, ":::partial"), Some(Status::Fail));
        assert_eq!(status_of(&f, ":::full"), Some(Status::Pass));
        let f = run_check(
            super::run,
            vec![account_with_block(Some(all_on())), b("none", None)],
        );
        assert_eq!(status_of(&f, ":::none"), Some(Status::Pass));
    }
}
