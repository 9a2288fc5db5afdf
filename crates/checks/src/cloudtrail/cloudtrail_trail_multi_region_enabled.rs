//! A single-region trail is not the only CloudTrail coverage of its account.
//!
//! Why: a trail that logs one region misses activity in every other region; it is only acceptable
//! when a multi-region (or organization) trail also logs the account.
//! Fix: `aws cloudtrail update-trail --name TRAIL --is-multi-region-trail`, or create a
//! multi-region trail.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use super::trails;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "cloudtrail_trail_multi_region_enabled",
    title: "CloudTrail trails are multi-region, or a multi-region trail also logs their account",
    severity: Severity::High,
    kinds: &[ResourceKind::Trail],
    rationale: "A single-region trail records nothing in the other regions; unless a multi-region trail also covers the account, activity there leaves no trace.",
    remediation: "aws cloudtrail update-trail --name TRAIL --is-multi-region-trail (or rely on an organization trail).",
    references: &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html",
    ],
    compliance: &[cis(&["3.1"])],
};

/// Runs the check over every trail.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in trails(ctx) {
        if p.is_multi_region {
            out.push(Finding::pass(
                &META,
                r,
                format!("{} logs every region", r.name),
                json!({ "is_multi_region": true }),
            ));
            continue;
        }
        let covering: Vec<&str> = ctx
            .trails_covering(&r.account)
            .iter()
            .filter(|t| matches!(&t.props, Properties::Trail(o) if o.is_multi_region && o.is_logging != Some(false)))
            .map(|t| t.id.as_str())
            .collect();
        out.push(Finding::verdict(
            &META,
            r,
            !covering.is_empty(),
            format!("{} is single-region but a multi-region trail also logs the account", r.name),
            format!("{} logs only {} and no multi-region trail covers the account", r.name, p.home_region),
            json!({ "is_multi_region": false, "home_region": p.home_region, "multi_region_trails": covering }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::trail;
    use crate::finding::Status;
    use crate::testutil::*;

    #[test]
    fn single_region_trail_fails_only_without_other_coverage() {
        let f = run_check(
            super::run,
            vec![trail("local", |p| p.is_multi_region = false)],
        );
        assert_eq!(status_of(&f, "trail/local"), Some(Status::Fail));
        let f = run_check(
            super::run,
            vec![
                trail("local", |p| p.is_multi_region = false),
                trail("main", |_| {}),
            ],
        );
        assert_eq!(status_of(&f, "trail/local"), Some(Status::Pass));
        assert_eq!(status_of(&f, "trail/main"), Some(Status::Pass));
    }
}
