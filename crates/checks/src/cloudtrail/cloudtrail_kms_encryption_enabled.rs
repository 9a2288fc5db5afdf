//! CloudTrail logs are encrypted at rest with KMS keys (SSE-KMS).
//!
//! Why: SSE-KMS adds a key policy controlling who can read the logs and records every decrypt.
//! Fix: aws cloudtrail update-trail --name TRAIL --kms-key-id KEY (the key policy must allow cloudtrail.amazonaws.com).

use nephos_model::ResourceKind;
use serde_json::json;

use super::trails;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "cloudtrail_kms_encryption_enabled",
    title: "CloudTrail logs are encrypted at rest with KMS keys (SSE-KMS)",
    severity: Severity::Medium,
    kinds: &[ResourceKind::Trail],
    rationale: "SSE-KMS adds a key policy controlling who can read the logs and records every decrypt.",
    remediation: "aws cloudtrail update-trail --name TRAIL --kms-key-id KEY (the key policy must allow cloudtrail.amazonaws.com).",
    references: &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
    ],
    compliance: &[cis(&["3.5"])],
};

/// Runs the check over every trail.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in trails(ctx) {
        out.push(Finding::verdict(
            &META,
            r,
            p.kms_key_id.is_some(),
            format!("{} encrypts its logs with KMS", r.name),
            format!("{} does not encrypt its logs with KMS", r.name),
            json!({ "kms_key_id": p.kms_key_id }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::trail;
    use crate::finding::Status;
    use crate::testutil::*;

    #[test]
    fn fails_trail_without_setting() {
        let f = run_check(
            super::run,
            vec![trail("good", |_| {}), trail("bad", |p| p.kms_key_id = None)],
        );
        assert_eq!(status_of(&f, "trail/good"), Some(Status::Pass));
        assert_eq!(status_of(&f, "trail/bad"), Some(Status::Fail));
    }
}
