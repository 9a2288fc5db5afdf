//! RDS instances have automated backups enabled.
//!
//! Why: Without automated backups there is no point-in-time recovery after corruption, deletion or ransomware.
//! Fix: aws rds modify-db-instance --db-instance-identifier ID --backup-retention-period 7

use nephos_model::ResourceKind;
use serde_json::json;

use super::instances;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "rds_instance_backup_enabled",
    title: "RDS instances have automated backups enabled",
    severity: Severity::Medium,
    kinds: &[ResourceKind::DbInstance],
    rationale: "Without automated backups there is no point-in-time recovery after corruption, deletion or ransomware.",
    remediation: "aws rds modify-db-instance --db-instance-identifier ID --backup-retention-period 7",
    references: &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html",
    ],
    compliance: &[],
};

/// Runs the check over every DB instance.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in instances(ctx) {
        out.push(Finding::verdict(
            &META,
            r,
            p.backup_retention_period > 0,
            format!("{} keeps automated backups", p.identifier),
            format!("{} has automated backups disabled", p.identifier),
            json!({ "backup_retention_period": p.backup_retention_period }),
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
                db("bad", |p| p.backup_retention_period = 0),
            ],
        );
        assert_eq!(status_of(&f, "db:good"), Some(Status::Pass));
        assert_eq!(status_of(&f, "db:bad"), Some(Status::Fail));
    }
}
