//! The bucket CloudTrail writes to has server access logging enabled.
//!
//! Why: access logs of the trail bucket show who read or tried to tamper with the audit logs.
//! Fix: enable server access logging on the trail's bucket, to a different bucket.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use super::trails;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "cloudtrail_bucket_access_logging_enabled",
    title: "S3 bucket access logging is enabled on the CloudTrail bucket",
    severity: Severity::Low,
    kinds: &[ResourceKind::Trail],
    rationale: "Access logs of the trail bucket show who read the audit logs or tried to tamper with them.",
    remediation: "aws s3api put-bucket-logging --bucket TRAIL_BUCKET with a separate target bucket.",
    references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html"],
    compliance: &[cis(&["3.4"])],
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
        if b.logging_target.is_none()
            && !ctx.collected(&bucket.account, "us-east-1", "s3-get-bucket-logging")
        {
            continue;
        }
        out.push(Finding::verdict(
            &META,
            r,
            b.logging_target.is_some(),
            format!("the bucket of {} logs access", r.name),
            format!(
                "the bucket {} of {} does not log access",
                bucket.name, r.name
            ),
            json!({ "bucket": bucket.id, "logging_target": b.logging_target }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::trail;
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::BucketProps;

    #[test]
    fn follows_trail_to_its_bucket() {
        let logged = bucket(
            "trail-logs",
            BucketProps {
                logging_target: Some("access-logs".into()),
                ..Default::default()
            },
        );
        let silent = bucket("silent-logs", BucketProps::default());
        let f = run_check(
            super::run,
            vec![
                logged,
                silent,
                trail("good", |_| {}),
                trail("bad", |p| p.s3_bucket_name = Some("silent-logs".into())),
                trail("elsewhere", |p| {
                    p.s3_bucket_name = Some("other-account".into())
                }),
            ],
        );
        assert_eq!(status_of(&f, "trail/good"), Some(Status::Pass));
        assert_eq!(status_of(&f, "trail/bad"), Some(Status::Fail));
        assert_eq!(status_of(&f, "trail/elsewhere"), None);
    }
}
