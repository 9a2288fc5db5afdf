//! RDS instances have deletion protection enabled.
//!
//! Why: Deletion protection stops a mistaken or malicious delete of the database.
//! Fix: aws rds modify-db-instance --db-instance-identifier ID --deletion-protection

use nephos_model::ResourceKind;
use serde_json::json;

use super::instances;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "rds_instance_deletion_protection",
    title: "RDS instances have deletion protection enabled",
    severity: Severity::Low,
    kinds: &[ResourceKind::DbInstance],
    rationale: "Deletion protection stops a mistaken or malicious delete of the database.",
    remediation: "aws rds modify-db-instance --db-instance-identifier ID --deletion-protection",
    references: &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeletionProtection",
    ],
    compliance: &[],
};

/// Runs the check over every DB instance.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in instances(ctx) {
        out.push(Finding::verdict(
            &META,
            r,
            p.deletion_protection,
            format!("{} has deletion protection", p.identifier),
            format!("{} has no deletion protection", p.identifier),
            json!({ "deletion_protection": p.deletion_protection }),
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
                db("bad", |p| p.deletion_protection = false),
            ],
        );
        assert_eq!(status_of(&f, "db:good"), Some(Status::Pass));
        assert_eq!(status_of(&f, "db:bad"), Some(Status::Fail));
    }
}
