//! MySQL, MariaDB and PostgreSQL instances have IAM database authentication enabled.
//!
//! Why: IAM authentication replaces long-lived database passwords with short-lived tokens tied to
//! IAM principals, so access is governed and logged in one place.
//! Fix: `aws rds modify-db-instance --db-instance-identifier ID --enable-iam-database-authentication`.

use nephos_model::ResourceKind;
use serde_json::json;

use super::instances;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Engines that support IAM database authentication.
pub const ENGINES: &[&str] = &[
    "mysql",
    "mariadb",
    "postgres",
    "aurora-mysql",
    "aurora-postgresql",
    "aurora",
];

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "rds_instance_iam_authentication_enabled",
    title: "RDS MySQL, MariaDB and PostgreSQL instances use IAM database authentication",
    severity: Severity::Low,
    kinds: &[ResourceKind::DbInstance],
    rationale: "IAM authentication replaces long-lived database passwords with short-lived tokens governed by IAM.",
    remediation: "aws rds modify-db-instance --db-instance-identifier ID --enable-iam-database-authentication",
    references: &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html",
    ],
    compliance: &[],
};

/// Runs the check over instances of engines that support IAM authentication.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in instances(ctx) {
        if !ENGINES.contains(&p.engine.as_str()) {
            continue;
        }
        out.push(Finding::verdict(
            &META,
            r,
            p.iam_database_authentication,
            format!("{} accepts IAM authentication", p.identifier),
            format!("{} does not use IAM authentication", p.identifier),
            json!({ "iam_database_authentication": p.iam_database_authentication, "engine": p.engine }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::db;
    use crate::finding::Status;
    use crate::testutil::*;

    #[test]
    fn judges_supported_engines_only() {
        let f = run_check(
            super::run,
            vec![
                db("good", |_| {}),
                db("bad", |p| p.iam_database_authentication = false),
                db("oracle", |p| {
                    p.engine = "oracle-ee".into();
                    p.iam_database_authentication = false;
                }),
            ],
        );
        assert_eq!(status_of(&f, "db:good"), Some(Status::Pass));
        assert_eq!(status_of(&f, "db:bad"), Some(Status::Fail));
        assert_eq!(status_of(&f, "db:oracle"), None);
    }
}
