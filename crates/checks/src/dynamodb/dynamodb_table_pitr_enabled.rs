//! DynamoDB tables have point-in-time recovery enabled.
//!
//! Why: PITR restores a table to any second of the last 35 days after a bad write, a bug or a
//! malicious delete.
//! Fix: `aws dynamodb update-continuous-backups --table-name T --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true`.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "dynamodb_table_pitr_enabled",
    title: "DynamoDB tables have point-in-time recovery enabled",
    severity: Severity::Low,
    kinds: &[ResourceKind::DynamoDbTable],
    rationale: "Point-in-time recovery restores a table to any second of the last 35 days after corruption or malicious deletion.",
    remediation: "aws dynamodb update-continuous-backups --table-name TABLE --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true",
    references: &[
        "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html",
    ],
    compliance: &[],
};

/// Runs the check over tables whose backup settings were collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for t in ctx.of_kind(ResourceKind::DynamoDbTable) {
        let Properties::DynamoDbTable(p) = &t.props else {
            continue;
        };
        let Some(pitr) = p.point_in_time_recovery else {
            continue;
        };
        out.push(Finding::verdict(
            &META,
            t,
            pitr,
            format!("{} has point-in-time recovery", t.name),
            format!("{} has no point-in-time recovery", t.name),
            json!({ "point_in_time_recovery": pitr }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::DynamoDbTableProps;
    use nephos_model::{Properties, ResourceKind};

    #[test]
    fn fails_without_pitr() {
        let t = |name: &str, pitr| {
            regional(
                ResourceKind::DynamoDbTable,
                &format!("arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{name}"),
                Properties::DynamoDbTable(DynamoDbTableProps {
                    point_in_time_recovery: pitr,
                    ..Default::default()
                }),
            )
        };
        let f = run_check(
            super::run,
            vec![
                t("on", Some(true)),
                t("off", Some(false)),
                t("unknown", None),
            ],
        );
        assert_eq!(status_of(&f, "table/on"), Some(Status::Pass));
        assert_eq!(status_of(&f, "table/off"), Some(Status::Fail));
        assert_eq!(status_of(&f, "table/unknown"), None);
    }
}
