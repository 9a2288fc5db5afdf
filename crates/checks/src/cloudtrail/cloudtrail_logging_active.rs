//! CloudTrail trails are logging.
//!
//! Why: A stopped trail records nothing; stopping logging is a classic first step of an intrusion.
//! Fix: aws cloudtrail start-logging --name TRAIL, and alert on StopLogging.

use nephos_model::ResourceKind;
use serde_json::json;

use super::trails;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "cloudtrail_logging_active",
    title: "CloudTrail trails are logging",
    severity: Severity::High,
    kinds: &[ResourceKind::Trail],
    rationale: "A stopped trail records nothing; stopping logging is a classic first step of an intrusion.",
    remediation: "aws cloudtrail start-logging --name TRAIL, and alert on StopLogging.",
    references: &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StartLogging.html",
    ],
    compliance: &[],
};

/// Runs the check over every trail.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in trails(ctx) {
        out.push(Finding::verdict(
            &META,
            r,
            p.is_logging != Some(false),
            format!("{} is logging", r.name),
            format!("{} is not logging", r.name),
            json!({ "is_logging": p.is_logging }),
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
                trail("bad", |p| p.is_logging = Some(false)),
            ],
        );
        assert_eq!(status_of(&f, "trail/good"), Some(Status::Pass));
        assert_eq!(status_of(&f, "trail/bad"), Some(Status::Fail));
    }
}
