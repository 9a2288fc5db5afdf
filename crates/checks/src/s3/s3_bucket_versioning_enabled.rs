//! Buckets have versioning enabled.
//!
//! Why: versioning keeps overwritten and deleted objects recoverable after mistakes or ransomware.
//! Fix: `aws s3api put-bucket-versioning --bucket NAME --versioning-configuration Status=Enabled`.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "s3_bucket_versioning_enabled",
    title: "S3 buckets have versioning enabled",
    severity: Severity::Low,
    kinds: &[ResourceKind::Bucket],
    rationale: "Versioning keeps overwritten and deleted objects recoverable after mistakes or malicious deletion.",
    remediation: "aws s3api put-bucket-versioning --bucket NAME --versioning-configuration Status=Enabled",
    references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html"],
    compliance: &[],
};

/// Runs the check over buckets whose versioning was collected (`s3-get-bucket-versioning`).
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for bucket in ctx.of_kind(ResourceKind::Bucket) {
        let Properties::Bucket(props) = &bucket.props else {
            continue;
        };
        if props.versioning.is_none()
            && !ctx.collected(&bucket.account, "us-east-1", "s3-get-bucket-versioning")
        {
            continue;
        }
        let on = props.versioning.as_deref() == Some("Enabled");
        out.push(Finding::verdict(
            &META,
            bucket,
            on,
            format!("{} has versioning enabled", bucket.name),
            format!("{} does not have versioning enabled", bucket.name),
            json!({ "versioning": props.versioning }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::BucketProps;

    #[test]
    fn fails_suspended_or_never_enabled() {
        let b = |name, v: Option<&str>| {
            bucket(
                name,
                BucketProps {
                    versioning: v.map(str::to_owned),
                    ..Default::default()
                },
            )
        };
        let f = run_check(
            super::run,
            vec![
                b("on", Some("Enabled")),
                b("paused", Some("Suspended")),
                b("never", None),
            ],
        );
        assert_eq!(status_of(&f, ":::on"), Some(Status::Pass));
        assert_eq!(status_of(&f, ":::paused"), Some(Status::Fail));
        assert_eq!(status_of(&f, ":::never"), Some(Status::Fail));
    }
}
