//! EBS encryption by default is on in every region.
//!
//! Why: with the setting on, every new volume and snapshot copy is encrypted even when whoever
//! creates it forgets to ask.
//! Fix: `aws ec2 enable-ebs-encryption-by-default --region R` in every region.

use nephos_model::ResourceKind;
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "ec2_ebs_default_encryption_enabled",
    title: "EBS encryption by default is enabled in every region",
    severity: Severity::Medium,
    kinds: &[ResourceKind::Region],
    rationale: "With encryption by default, every new EBS volume is encrypted even when its creator does not ask for it.",
    remediation: "aws ec2 enable-ebs-encryption-by-default --region REGION (in every region).",
    references: &["https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html"],
    compliance: &[cis(&["2.2.1"])],
};

/// Runs the check for every region of every account where the setting was collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (account, props) in ctx.accounts() {
        for scope in ctx.regions_of(&account.account) {
            if !ctx.collected(
                scope.account,
                scope.region,
                "ec2-get-ebs-encryption-by-default",
            ) {
                continue;
            }
            let on = props
                .ebs_encryption_by_default_regions
                .iter()
                .any(|r| r == scope.region);
            out.push(Finding::in_region(
                &META,
                &scope,
                on,
                format!("EBS encryption by default is on in {}", scope.region),
                format!("EBS encryption by default is off in {}", scope.region),
                json!({ "region": scope.region, "ebs_encryption_by_default": on }),
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
                ebs_encryption_by_default_regions: regions,
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
