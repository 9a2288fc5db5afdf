//! CloudTrail trails have log file validation enabled.
//!
//! Why: Digest files let you prove that delivered logs were not modified or deleted after delivery.
//! Fix: aws cloudtrail update-trail --name TRAIL --enable-log-file-validation

use nephos_model::ResourceKind;
use serde_json::json;

use super::trails;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "cloudtrail_log_file_validation_enabled",
    title: "CloudTrail trails have log file validation enabled",
    severity: Severity::Medium,
    kinds: &[ResourceKind::Trail],
    rationale: "Digest files let you prove that delivered logs were not modified or deleted after delivery.",
    remediation: "aws cloudtrail update-trail --name TRAIL --enable-log-file-validation",
    references: &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
    ],
    compliance: &[cis(&["3.2"])],
};

/// Runs the check over every trail.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in trails(ctx) {
        out.push(Finding::verdict(
            &META,
            r,
            p.log_file_validation_enabled,
            format!("{} validates its log files", r.name),
            format!("{} does not validate its log files", r.name),
            json!({ "log_file_validation_enabled": p.log_file_validation_enabled }),
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
                trail("bad", |p| p.log_file_validation_enabled = false),
            ],
        );
        assert_eq!(status_of(&f, "trail/good"), Some(Status::Pass));
        assert_eq!(status_of(&f, "trail/bad"), Some(Status::Fail));
    }
}
