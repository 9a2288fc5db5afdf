//! Buckets have default encryption configured.
//!
//! Why: without default encryption, objects uploaded without encryption headers are stored
//! unencrypted (buckets created before January 2023).
//! Fix: `aws s3api put-bucket-encryption` with SSE-S3 or SSE-KMS.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "s3_bucket_default_encryption",
    title: "S3 buckets have default server-side encryption configured",
    severity: Severity::Medium,
    kinds: &[ResourceKind::Bucket],
    rationale: "Without default encryption, objects uploaded without encryption headers are stored unencrypted.",
    remediation: "aws s3api put-bucket-encryption --bucket NAME --server-side-encryption-configuration '{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"aws:kms\"}}]}'",
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html",
    ],
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
        out.push(Finding::verdict(
            &META,
            bucket,
            !rules.is_empty(),
            format!("{} encrypts new objects by default", bucket.name),
            format!("{} has no default encryption", bucket.name),
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
    fn fails_without_rules() {
        let b = |name, rules| {
            bucket(
                name,
                BucketProps {
                    encryption: rules,
                    ..Default::default()
                },
            )
        };
        let f = run_check(
            super::run,
            vec![
                b("plain", Some(vec![])),
                b(
                    "sse",
                    Some(vec![BucketEncryptionRule {
                        sse_algorithm: "AES256".into(),
                        ..Default::default()
                    }]),
                ),
                b("unknown", None),
            ],
        );
        assert_eq!(status_of(&f, ":::plain"), Some(Status::Fail));
        assert_eq!(status_of(&f, ":::sse"), Some(Status::Pass));
        assert_eq!(status_of(&f, ":::unknown"), None);
    }
}
