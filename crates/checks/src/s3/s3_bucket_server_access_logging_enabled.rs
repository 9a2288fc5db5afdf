//! Buckets have server access logging enabled.
//!
//! Why: access logs record who read or changed which object, needed to investigate a leak.
//! Fix: `aws s3api put-bucket-logging` with a target bucket.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "s3_bucket_server_access_logging_enabled",
    title: "S3 buckets have server access logging enabled",
    severity: Severity::Low,
    kinds: &[ResourceKind::Bucket],
    rationale: "Server access logs record requests to the bucket, needed to investigate who read or changed data.",
    remediation: "aws s3api put-bucket-logging --bucket NAME --bucket-logging-status '{\"LoggingEnabled\":{\"TargetBucket\":\"LOGS\",\"TargetPrefix\":\"NAME/\"}}'",
    references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html"],
    compliance: &[],
};

/// Runs the check over buckets whose logging was collected (`s3-get-bucket-logging`).
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for bucket in ctx.of_kind(ResourceKind::Bucket) {
        let Properties::Bucket(props) = &bucket.props else {
            continue;
        };
        if props.logging_target.is_none()
            && !ctx.collected(&bucket.account, "us-east-1", "s3-get-bucket-logging")
        {
            continue;
        }
        out.push(Finding::verdict(
            &META,
            bucket,
            props.logging_target.is_some(),
            format!("{} logs access", bucket.name),
            format!("{} does not log access", bucket.name),
            json!({ "logging_target": props.logging_target }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::BucketProps;

    #[test]
    fn fails_without_target() {
        let b = |name, t: Option<&str>| {
            bucket(
                name,
                BucketProps {
                    logging_target: t.map(str::to_owned),
                    ..Default::default()
                },
            )
        };
        let f = run_check(
            super::run,
            vec![b("logged", Some("logs")), b("silent", None)],
        );
        assert_eq!(status_of(&f, ":::logged"), Some(Status::Pass));
        assert_eq!(status_of(&f, ":::silent"), Some(Status::Fail));
    }
}
