//! RDS instances are encrypted at rest.
//!
//! Why: Unencrypted database storage, snapshots and replicas expose data to anyone who gets a copy.
//! Fix: Encryption cannot be turned on in place: snapshot the instance, copy the snapshot with a KMS key, restore from it and switch over.

use nephos_model::ResourceKind;
use serde_json::json;

use super::instances;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "rds_instance_storage_encrypted",
    title: "RDS instances are encrypted at rest",
    severity: Severity::High,
    kinds: &[ResourceKind::DbInstance],
    rationale: "Unencrypted database storage, snapshots and replicas expose data to anyone who gets a copy.",
    remediation: "Encryption cannot be turned on in place: snapshot the instance, copy the snapshot with a KMS key, restore from it and switch over.",
    references: &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
    ],
    compliance: &[cis(&["2.3.1"])],
};

/// Runs the check over every DB instance.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in instances(ctx) {
        out.push(Finding::verdict(
            &META,
            r,
            p.storage_encrypted,
            format!("{} is encrypted at rest", p.identifier),
            format!("{} is not encrypted at rest", p.identifier),
            json!({ "storage_encrypted": p.storage_encrypted, "kms_key_id": p.kms_key_id }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::db;
    use crate::finding::Status;
    use crate::testutil::*;

    #[test]
    fn fails_misconfigured_instance() {
        let f = run_check(
            super::run,
            vec![
                db("good", |_| {}),
                db("bad", |p| p.storage_encrypted = false),
            ],
        );
        assert_eq!(status_of(&f, "db:good"), Some(Status::Pass));
        assert_eq!(status_of(&f, "db:bad"), Some(Status::Fail));
    }
}
