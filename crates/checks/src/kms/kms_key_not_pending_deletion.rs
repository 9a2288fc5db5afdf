//! Customer-managed KMS keys are not scheduled for deletion.
//!
//! Why: once a key is deleted, everything encrypted under it is unrecoverable; a scheduled deletion
//! is either a mistake or sabotage to catch within the waiting period.
//! Fix: `aws kms cancel-key-deletion --key-id KEY` if the key is still needed.

use nephos_model::ResourceKind;
use serde_json::json;

use super::customer_keys;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "kms_key_not_pending_deletion",
    title: "Customer-managed KMS keys are not scheduled for deletion",
    severity: Severity::Medium,
    kinds: &[ResourceKind::KmsKey],
    rationale: "Data encrypted under a deleted key is lost for good; a pending deletion must be confirmed intentional before the waiting period ends.",
    remediation: "aws kms cancel-key-deletion --key-id KEY (then re-enable it) if anything still depends on the key.",
    references: &["https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html"],
    compliance: &[],
};

/// Runs the check over customer-managed keys.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in customer_keys(ctx) {
        out.push(Finding::verdict(
            &META,
            r,
            p.key_state != "PendingDeletion",
            format!("key {} is not pending deletion", p.key_id),
            format!("key {} is scheduled for deletion", p.key_id),
            json!({ "key_state": p.key_state }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::key;
    use crate::finding::Status;
    use crate::testutil::*;

    #[test]
    fn fails_pending_deletion() {
        let f = run_check(
            super::run,
            vec![
                key("k-good", |_| {}),
                key("k-doomed", |p| p.key_state = "PendingDeletion".into()),
            ],
        );
        assert_eq!(status_of(&f, "key/k-good"), Some(Status::Pass));
        assert_eq!(status_of(&f, "key/k-doomed"), Some(Status::Fail));
    }
}
