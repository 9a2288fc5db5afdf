//! Buckets encrypt by default with KMS keys.
//!
//! Why: SSE-KMS adds a key policy and CloudTrail records of every decrypt, a second access control
//! and an audit trail that SSE-S3 lacks.
//! Fix: set the default encryption to `aws:kms` (or `aws:kms:dsse`) with a customer-managed key.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "s3_bucket_kms_encryption",
    title: "S3 buckets use SSE-KMS default encryption",
    severity: Severity::Low,
    kinds: &[ResourceKind::Bucket],
    rationale: "SSE-KMS adds a key policy as a second access control and logs every decrypt in CloudTrail.",
    remediation: "Set the bucket's default encryption to aws:kms with a customer-managed key and enable S3 Bucket Keys.",
    references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html"],
    compliance: &[],
};

/// Runs the check over buckets whose encryption configuration was collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for bucket in ctx.of_kind(ResourceKind::Bucket) {
        let Properties::Bucket(props) = &bucket.props else {
            continue;
        };
        let Some(rules) = &props.encryption else {
            continue;
        };
        let kms = rules.iter().any(|r| r.sse_algorithm.starts_with("aws:kms"));
        out.push(Finding::verdict(
            &META,
            bucket,
            kms,
            format!("{} encrypts with KMS by default", bucket.name),
            format!("{} does not encrypt with KMS by default", bucket.name),
            json!({ "encryption_rules": rules }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::{BucketEncryptionRule, BucketProps};

    #[test]
    fn needs_aws_kms() {
        let b = |name, alg: &str| {
            bucket(
                name,
                BucketProps {
                    encryption: Some(vec![BucketEncryptionRule {
                        sse_algorithm: alg.into(),
                        ..Default::default()
                    }]),
                    ..Default::default()
                },
            )
        };
        let f = run_check(super::run, vec![b("s3", "AES256"), b("kms", "aws:kms")]);
        assert_eq!(status_of(&f, ":::s3"), Some(Status::Fail));
        assert_eq!(status_of(&f, ":::kms"), Some(Status::Pass));
    }
}
