//! RDS instances are deployed Multi-AZ.
//!
//! Why: A single-AZ instance goes down with its Availability Zone.
//! Fix: aws rds modify-db-instance --db-instance-identifier ID --multi-az

use nephos_model::ResourceKind;
use serde_json::json;

use super::instances;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "rds_instance_multi_az",
    title: "RDS instances are deployed Multi-AZ",
    severity: Severity::Low,
    kinds: &[ResourceKind::DbInstance],
    rationale: "A single-AZ instance goes down with its Availability Zone.",
    remediation: "aws rds modify-db-instance --db-instance-identifier ID --multi-az",
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html"],
    compliance: &[],
};

/// Runs the check over every DB instance.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in instances(ctx) {
        out.push(Finding::verdict(
            &META,
            r,
            p.multi_az || p.engine.starts_with("aurora"),
            format!("{} is Multi-AZ", p.identifier),
            format!("{} is single-AZ", p.identifier),
            json!({ "multi_az": p.multi_az, "engine": p.engine }),
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
            vec![db("good", |_| {}), db("bad", |p| p.multi_az = false)],
        );
        assert_eq!(status_of(&f, "db:good"), Some(Status::Pass));
        assert_eq!(status_of(&f, "db:bad"), Some(Status::Fail));
    }
}
