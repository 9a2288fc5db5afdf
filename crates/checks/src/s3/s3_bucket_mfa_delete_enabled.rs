//! Buckets have MFA delete enabled.
//!
//! Why: with MFA delete, changing versioning or permanently deleting a version needs the root user's
//! MFA code, so stolen credentials cannot wipe history.
//! Fix: as root, `aws s3api put-bucket-versioning --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "SERIAL CODE"`.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "s3_bucket_mfa_delete_enabled",
    title: "S3 buckets have MFA delete enabled",
    severity: Severity::Low,
    kinds: &[ResourceKind::Bucket],
    rationale: "MFA delete requires the root user's MFA to suspend versioning or permanently delete versions, so stolen credentials cannot erase history.",
    remediation: "As the root user, enable versioning with MFADelete=Enabled (aws s3api put-bucket-versioning … --mfa).",
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html",
    ],
    compliance: &[cis(&["2.1.2"])],
};

/// Runs the check over buckets whose versioning configuration was collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for bucket in ctx.of_kind(ResourceKind::Bucket) {
        let Properties::Bucket(props) = &bucket.props else {
            continue;
        };
        let Some(mfa) = props.mfa_delete else {
            continue;
        };
        out.push(Finding::verdict(
            &META,
            bucket,
            mfa,
            format!("{} has MFA delete", bucket.name),
            format!("{} does not have MFA delete", bucket.name),
            json!({ "versioning": props.versioning, "mfa_delete": mfa }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::BucketProps;

    #[test]
    fn fails_without_mfa_delete() {
        let b = |name, mfa| {
            bucket(
                name,
                BucketProps {
                    mfa_delete: mfa,
                    ..Default::default()
                },
            )
        };
        let f = run_check(
            super::run,
            vec![
                b("on", Some(true)),
                b("off", Some(false)),
                b("unknown", None),
            ],
        );
        assert_eq!(status_of(&f, ":::on"), Some(Status::Pass));
        assert_eq!(status_of(&f, ":::off"), Some(Status::Fail));
        assert_eq!(status_of(&f, ":::unknown"), None);
    }
}
