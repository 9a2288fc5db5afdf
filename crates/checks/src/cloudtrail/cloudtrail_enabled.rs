//! Every account is logged by at least one CloudTrail trail that is logging (its own or an
//! organization trail). Whether that coverage spans every region is judged per trail by
//! `cloudtrail_trail_multi_region_enabled`.
//!
//! Why: CloudTrail is the record of who did what; an account without a logging trail leaves no
//! trace of API activity.
//! Fix: create a multi-region trail (or an organization trail) with management events and start
//! logging.

use nephos_model::ResourceKind;
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};
use nephos_model::Properties;

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "cloudtrail_enabled",
    title: "CloudTrail is enabled: a logging trail (own or organization) covers every account",
    severity: Severity::High,
    kinds: &[ResourceKind::Account],
    rationale: "Without a logging trail, API activity in the account leaves no record for detection or investigation.",
    remediation: "aws cloudtrail create-trail --name main --s3-bucket-name BUCKET --is-multi-region-trail && aws cloudtrail start-logging --name main (or use an organization trail).",
    references: &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html",
    ],
    compliance: &[cis(&["3.1"])],
};

/// Runs the check for every account whose trails were collected (own and organization trails
/// count).
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (account, _) in ctx.accounts() {
        let collected = ctx
            .regions_of(&account.account)
            .iter()
            .any(|s| ctx.collected(s.account, s.region, "cloudtrail-describe-trails"));
        if !collected {
            continue;
        }
        let covering = ctx.trails_covering(&account.account);
        let good: Vec<&str> = covering
            .iter()
            .filter(|t| matches!(&t.props, Properties::Trail(p) if p.is_logging != Some(false)))
            .map(|t| t.id.as_str())
            .collect();
        let all: Vec<&str> = covering.iter().map(|t| t.id.as_str()).collect();
        out.push(Finding::verdict(
            &META,
            account,
            !good.is_empty(),
            format!(
                "{} multi-region trail(s) log account {}",
                good.len(),
                account.account
            ),
            format!(
                "no logging multi-region trail covers account {}",
                account.account
            ),
            json!({ "multi_region_logging_trails": good, "trails": all }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::trail;
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::AccountProps;

    #[test]
    fn needs_a_logging_trail_single_region_counts() {
        let acct = || account(AccountProps::default());
        let f = run_check(super::run, vec![acct(), region(), trail("main", |_| {})]);
        assert_eq!(status_of(&f, ":root"), Some(Status::Pass));
        let f = run_check(
            super::run,
            vec![
                acct(),
                region(),
                trail("local", |p| p.is_multi_region = false),
            ],
        );
        assert_eq!(status_of(&f, ":root"), Some(Status::Pass));
        let f = run_check(
            super::run,
            vec![
                acct(),
                region(),
                trail("stopped", |p| p.is_logging = Some(false)),
            ],
        );
        assert_eq!(status_of(&f, ":root"), Some(Status::Fail));
        let f = run_check(super::run, vec![acct(), region()]);
        assert_eq!(status_of(&f, ":root"), Some(Status::Fail));
    }
}
