//! IAM Access Analyzer has an active analyzer in every region.
//!
//! Why: Access Analyzer continuously reports resources shared outside the account or organization;
//! it only sees the region it runs in.
//! Fix: `aws accessanalyzer create-analyzer --analyzer-name default --type ACCOUNT --region R` in
//! every region.

use nephos_model::ResourceKind;
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "accessanalyzer_enabled",
    title: "IAM Access Analyzer is enabled in every region",
    severity: Severity::Low,
    kinds: &[ResourceKind::Region],
    rationale: "Access Analyzer reports resources shared outside the account or organization, but only in the regions where an analyzer runs.",
    remediation: "aws accessanalyzer create-analyzer --analyzer-name default --type ACCOUNT --region REGION (in every region).",
    references: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/what-is-access-analyzer.html"],
    compliance: &[cis(&["1.20"])],
};

/// Runs the check for every region where analyzers were listed.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (account, props) in ctx.accounts() {
        for scope in ctx.regions_of(&account.account) {
            if !ctx.collected(scope.account, scope.region, "accessanalyzer-list-analyzers") {
                continue;
            }
            let on = props
                .access_analyzer_regions
                .iter()
                .any(|r| r == scope.region);
            out.push(Finding::in_region(
                &META,
                &scope,
                on,
                format!("an active IAM Access Analyzer runs in {}", scope.region),
                format!("no active IAM Access Analyzer in {}", scope.region),
                json!({ "region": scope.region, "active_analyzer": on }),
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
                access_analyzer_regions: regions,
                ..Default::default()
            })
        };
        let f = run_check(super::run, vec![acct(vec![REGION.into()]), region()]);
        assert_eq!(
            status_of(&f, &format!("region/{REGION}")),
            Some(Status::Pass)
        );
        let f = run_check(super::run, vec![acct(vec![]), region()]);
        assert_eq!(
            status_of(&f, &format!("region/{REGION}")),
            Some(Status::Fail)
        );
    }
}
