//! RDS instances have automatic minor version upgrades enabled.
//!
//! Why: Minor versions carry security fixes; automatic upgrades apply them in the maintenance window.
//! Fix: aws rds modify-db-instance --db-instance-identifier ID --auto-minor-version-upgrade --apply-immediately

use nephos_model::ResourceKind;
use serde_json::json;

use super::instances;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "rds_instance_auto_minor_version_upgrade",
    title: "RDS instances have automatic minor version upgrades enabled",
    severity: Severity::Low,
    kinds: &[ResourceKind::DbInstance],
    rationale: "Minor versions carry security fixes; automatic upgrades apply them in the maintenance window.",
    remediation: "aws rds modify-db-instance --db-instance-identifier ID --auto-minor-version-upgrade --apply-immediately",
    references: &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Upgrading.html#USER_UpgradeDBInstance.Upgrading.AutoMinorVersionUpgrades",
    ],
    compliance: &[cis(&["2.3.2"])],
};

/// Runs the check over every DB instance.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in instances(ctx) {
        out.push(Finding::verdict(
            &META,
            r,
            p.auto_minor_version_upgrade,
            format!("{} upgrades minor versions automatically", p.identifier),
            format!(
                "{} does not upgrade minor versions automatically",
                p.identifier
            ),
            json!({ "auto_minor_version_upgrade": p.auto_minor_version_upgrade }),
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
                db("bad", |p| p.auto_minor_version_upgrade = false),
            ],
        );
        assert_eq!(status_of(&f, "db:good"), Some(Status::Pass));
        assert_eq!(status_of(&f, "db:bad"), Some(Status::Fail));
    }
}
