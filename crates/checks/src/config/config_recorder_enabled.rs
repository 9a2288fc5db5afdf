//! AWS Config is recording in every region.
//!
//! Why: Config keeps the configuration history needed to investigate incidents and prove
//! compliance; a region without a recorder is a blind spot.
//! Fix: create and start a configuration recorder (all resource types, global resources in one
//! region) with a delivery channel, in every region.

use nephos_model::ResourceKind;
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "config_recorder_enabled",
    title: "AWS Config is enabled (a recorder is recording) in every region",
    severity: Severity::Medium,
    kinds: &[ResourceKind::Region],
    rationale: "AWS Config keeps the resource configuration history needed to investigate incidents; a region without a recorder is a blind spot.",
    remediation: "aws configservice put-configuration-recorder … && aws configservice start-configuration-recorder --configuration-recorder-name default (in every region).",
    references: &[
        "https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html",
    ],
    compliance: &[cis(&["3.3"])],
};

/// Runs the check for every region where recorder status was collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (account, props) in ctx.accounts() {
        for scope in ctx.regions_of(&account.account) {
            if !ctx.collected(
                scope.account,
                scope.region,
                "config-describe-configuration-recorder-status",
            ) {
                continue;
            }
            let on = props
                .config_recorder_regions
                .iter()
                .any(|r| r == scope.region);
            out.push(Finding::in_region(
                &META,
                &scope,
                on,
                format!("AWS Config is recording in {}", scope.region),
                format!("AWS Config is not recording in {}", scope.region),
                json!({ "region": scope.region, "recording": on }),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::AccountProps;

    #[test]
    fn judges_each_region() {
        let acct = |regions: Vec<String>| {
            account(AccountProps {
                config_recorder_regions: regions,
                ..Default::default()
            })
        };
        let f = run_check(super::run, vec![acct(vec![REGION.into()]), region()]);
        assert_eq!(
            status_of(&f, &format!("region/{REGION}")),
            Some(Status::Pass)
        );
        let f = run_check(super::run, vec![acct(vec!["us-east-1".into()]), region()]);
        assert_eq!(
            status_of(&f, &format!("region/{REGION}")),
            Some(Status::Fail)
        );
    }
}
