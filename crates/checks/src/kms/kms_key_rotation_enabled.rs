//! Customer-managed symmetric KMS keys have automatic rotation enabled.
//!
//! Why: rotation limits how much data one key version protects and how long a compromised key
//! version stays useful.
//! Fix: `aws kms enable-key-rotation --key-id KEY`.

use nephos_model::ResourceKind;
use serde_json::json;

use super::customer_keys;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "kms_key_rotation_enabled",
    title: "Rotation is enabled for customer-created symmetric KMS keys",
    severity: Severity::Medium,
    kinds: &[ResourceKind::KmsKey],
    rationale: "Automatic rotation limits how much data a single key version protects and how long a compromised version is useful.",
    remediation: "aws kms enable-key-rotation --key-id KEY",
    references: &["https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html"],
    compliance: &[cis(&["3.6"])],
};

/// Runs the check over enabled customer-managed symmetric encryption keys whose rotation status
/// was collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in customer_keys(ctx) {
        if p.key_spec != "SYMMETRIC_DEFAULT" || p.key_state != "Enabled" {
            continue;
        }
        let Some(rotation) = p.rotation_enabled else {
            continue;
        };
        out.push(Finding::verdict(
            &META,
            r,
            rotation,
            format!("key {} rotates automatically", p.key_id),
            format!("key {} does not rotate", p.key_id),
            json!({ "rotation_enabled": rotation, "aliases": p.aliases }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::key;
    use crate::finding::Status;
    use crate::testutil::*;

    #[test]
    fn fails_unrotated_symmetric_key() {
        let f = run_check(
            super::run,
            vec![
                key("k-good", |_| {}),
                key("k-bad", |p| p.rotation_enabled = Some(false)),
                key("k-rsa", |p| {
                    p.key_spec = "RSA_2048".into();
                    p.rotation_enabled = Some(false);
                }),
                key("k-aws", |p| {
                    p.key_manager = "AWS".into();
                    p.rotation_enabled = Some(false);
                }),
            ],
        );
        assert_eq!(status_of(&f, "key/k-good"), Some(Status::Pass));
        assert_eq!(status_of(&f, "key/k-bad"), Some(Status::Fail));
        assert_eq!(status_of(&f, "key/k-rsa"), None);
        assert_eq!(status_of(&f, "key/k-aws"), None);
    }
}
