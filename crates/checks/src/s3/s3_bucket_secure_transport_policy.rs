//! Bucket policies deny requests not sent over TLS.
//!
//! Why: S3 accepts plain HTTP unless the bucket policy refuses it; data and signed requests then
//! cross the network unencrypted.
//! Fix: add a Deny statement for `s3:*` with the condition `"Bool": {"aws:SecureTransport": "false"}`.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};
use crate::policy_patterns;

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "s3_bucket_secure_transport_policy",
    title: "S3 bucket policies deny HTTP requests (aws:SecureTransport false)",
    severity: Severity::Medium,
    kinds: &[ResourceKind::Bucket],
    rationale: "Without a policy refusing plain HTTP, clients can read and write objects over unencrypted connections.",
    remediation: "Add {\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::B\",\"arn:aws:s3:::B/*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}} to the bucket policy.",
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit",
    ],
    compliance: &[cis(&["2.1.1"])],
};

/// Runs the check over buckets whose policy was collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for bucket in ctx.of_kind(ResourceKind::Bucket) {
        let Properties::Bucket(props) = &bucket.props else {
            continue;
        };
        let Some(policy) = &props.policy else {
            continue;
        };
        let denies = policy
            .as_deref()
            .map(|doc| policy_patterns::deny_insecure_transport_statements(doc).unwrap_or_default())
            .unwrap_or_default();
        let statements: Vec<_> = denies.iter().map(policy_patterns::evidence).collect();
        out.push(Finding::verdict(
            &META,
            bucket,
            !denies.is_empty(),
            format!("{} denies requests without TLS", bucket.name),
            if policy.is_none() {
                format!(
                    "{} has no bucket policy, so HTTP requests are not denied",
                    bucket.name
                )
            } else {
                format!("the policy of {} does not deny HTTP requests", bucket.name)
            },
            json!({ "has_policy": policy.is_some(), "deny_statements": statements }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::BucketProps;

    #[test]
    fn needs_a_deny_on_insecure_transport() {
        let deny = r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;
        let b = |name, policy: Option<String>| {
            bucket(
                name,
                BucketProps {
                    policy: Some(policy),
                    ..Default::default()
                },
            )
        };
        let f = run_check(
            super::run,
            vec![
                b("tls", Some(deny.into())),
                b("open", Some(public_read_policy("open"))),
                b("none", None),
            ],
        );
        assert_eq!(status_of(&f, ":::tls"), Some(Status::Pass));
        assert_eq!(status_of(&f, ":::open"), Some(Status::Fail));
        assert_eq!(status_of(&f, ":::none"), Some(Status::Fail));
    }
}
