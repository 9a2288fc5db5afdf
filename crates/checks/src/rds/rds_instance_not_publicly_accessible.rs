//! RDS instances are not publicly accessible.
//!
//! Why: A publicly accessible instance gets a public DNS address and can be reached from the internet wherever its security groups allow.
//! Fix: aws rds modify-db-instance --db-instance-identifier ID --no-publicly-accessible --apply-immediately; keep it in private subnets.

use nephos_model::ResourceKind;
use serde_json::json;

use super::instances;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "rds_instance_not_publicly_accessible",
    title: "RDS instances are not publicly accessible",
    severity: Severity::Critical,
    kinds: &[ResourceKind::DbInstance],
    rationale: "A publicly accessible instance gets a public DNS address and can be reached from the internet wherever its security groups allow.",
    remediation: "aws rds modify-db-instance --db-instance-identifier ID --no-publicly-accessible --apply-immediately; keep it in private subnets.",
    references: &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding",
    ],
    compliance: &[cis(&["2.3.3"])],
};

/// Runs the check over every DB instance.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in instances(ctx) {
        out.push(Finding::verdict(
            &META,
            r,
            !p.publicly_accessible,
            format!("{} is not publicly accessible", p.identifier),
            format!("{} is publicly accessible", p.identifier),
            json!({ "publicly_accessible": p.publicly_accessible, "endpoint_address": p.endpoint_address, "security_group_ids": p.security_group_ids }),
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
                db("bad", |p| p.publicly_accessible = true),
            ],
        );
        assert_eq!(status_of(&f, "db:good"), Some(Status::Pass));
        assert_eq!(status_of(&f, "db:bad"), Some(Status::Fail));
    }
}
