//! CloudTrail trails deliver to CloudWatch Logs.
//!
//! Why: Delivery to CloudWatch Logs enables the metric filters and alarms that detect suspicious activity in near real time.
//! Fix: aws cloudtrail update-trail --name TRAIL --cloud-watch-logs-log-group-arn ARN --cloud-watch-logs-role-arn ROLE

use nephos_model::ResourceKind;
use serde_json::json;

use super::trails;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "cloudtrail_cloudwatch_logs_integrated",
    title: "CloudTrail trails deliver to CloudWatch Logs",
    severity: Severity::Low,
    kinds: &[ResourceKind::Trail],
    rationale: "Delivery to CloudWatch Logs enables the metric filters and alarms that detect suspicious activity in near real time.",
    remediation: "aws cloudtrail update-trail --name TRAIL --cloud-watch-logs-log-group-arn ARN --cloud-watch-logs-role-arn ROLE",
    references: &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html",
    ],
    compliance: &[],
};

/// Runs the check over every trail.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in trails(ctx) {
        out.push(Finding::verdict(
            &META,
            r,
            p.cloud_watch_logs_log_group_arn.is_some(),
            format!("{} delivers to CloudWatch Logs", r.name),
            format!("{} does not deliver to CloudWatch Logs", r.name),
            json!({ "cloud_watch_logs_log_group_arn": p.cloud_watch_logs_log_group_arn }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::trail;
    use crate::finding::Status;
    use crate::testutil::*;

    #[test]
    fn fails_trail_without_setting() {
        let f = run_check(
            super::run,
            vec![
                trail("good", |_| {}),
                trail("bad", |p| p.cloud_watch_logs_log_group_arn = None),
            ],
        );
        assert_eq!(status_of(&f, "trail/good"), Some(Status::Pass));
        assert_eq!(status_of(&f, "trail/bad"), Some(Status::Fail));
    }
}
