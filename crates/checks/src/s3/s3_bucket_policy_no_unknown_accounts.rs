//! Bucket policies grant access only to accounts of the estate.
//!
//! Why: a bucket policy naming an account outside the inventory and its organization shares data
//! with whoever that account lets in.
//! Fix: remove the unknown account from the policy, or confirm the partner and scope the grant.

use nephos_model::{Properties, ResourceKind};
use serde_json::{Value, json};

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};
use crate::policy_patterns;

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "s3_bucket_policy_no_unknown_accounts",
    title: "S3 bucket policies grant access only to accounts of the estate",
    severity: Severity::High,
    kinds: &[ResourceKind::Bucket],
    rationale: "A bucket policy allowing an account outside the estate shares the data with whoever that account authorizes.",
    remediation: "Remove the unknown account's principal from the bucket policy or confirm it is a vetted partner.",
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-walkthroughs-managing-access-example2.html",
    ],
    compliance: &[],
};

/// Runs the check over buckets with a collected policy.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for bucket in ctx.of_kind(ResourceKind::Bucket) {
        let Properties::Bucket(props) = &bucket.props else {
            continue;
        };
        let Some(policy) = &props.policy else {
            continue;
        };
        let unknown: Vec<Value> = policy
            .as_deref()
            .and_then(|doc| policy_patterns::allowed_principal_accounts(doc).ok())
            .unwrap_or_default()
            .iter()
            .filter(|(a, _)| !ctx.is_known_account(a))
            .map(|(a, s)| json!({ "account": a, "statement": policy_patterns::evidence(s) }))
            .collect();
        out.push(Finding::verdict(
            &META,
            bucket,
            unknown.is_empty(),
            format!(
                "the policy of {} names no account outside the estate",
                bucket.name
            ),
            format!(
                "the policy of {} grants access to {} account(s) outside the estate",
                bucket.name,
                unknown.len()
            ),
            json!({ "unknown_accounts": unknown }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::BucketProps;

    #[test]
    fn fails_grant_to_foreign_account() {
        let doc = |acct: &str| {
            format!(
                r#"{{"Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{acct}:root"}},"Action":"s3:GetObject","Resource":"*"}}]}}"#
            )
        };
        let b = |name, p: String| {
            bucket(
                name,
                BucketProps {
                    policy: Some(Some(p)),
                    ..Default::default()
                },
            )
        };
        let f = run_check(
            super::run,
            vec![
                b("shared", doc("999988887777")),
                b("internal", doc(ACCOUNT)),
            ],
        );
        assert_eq!(status_of(&f, ":::shared"), Some(Status::Fail));
        assert_eq!(status_of(&f, ":::internal"), Some(Status::Pass));
    }
}
