//! The account has S3 Block Public Access (all four settings) on.
//!
//! Why: the account-level setting protects every bucket, including those created tomorrow.
//! Fix: `aws s3control put-public-access-block --account-id ID` with all four settings true.

use nephos_model::ResourceKind;
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "s3_account_public_access_blocked",
    title: "S3 Block Public Access (all four settings) is on at account level",
    severity: Severity::High,
    kinds: &[ResourceKind::Account],
    rationale: "The account-level setting protects every bucket, including ones created later, from being made public by mistake.",
    remediation: "aws s3control put-public-access-block --account-id ACCOUNT --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-account.html",
    ],
    compliance: &[cis(&["2.1.4"])],
};

/// Runs the check over accounts whose setting was collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (account, props) in ctx.accounts() {
        let Some(block) = props.s3_public_access_block else {
            continue;
        };
        out.push(Finding::verdict(
            &META,
            account,
            block.is_some_and(|b| b.all_blocked()),
            "account-level S3 Block Public Access is fully on",
            "account-level S3 Block Public Access is not fully on",
            json!({ "s3control_public_access_block": block }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::PublicAccessBlock;

    #[test]
    fn needs_all_four_settings() {
        let check = |b| status_of(&run_check(super::run, vec![account_with_block(b)]), ":root");
        assert_eq!(check(Some(all_on())), Some(Status::Pass));
        assert_eq!(check(None), Some(Status::Fail));
        assert_eq!(
            check(Some(PublicAccessBlock {
                restrict_public_buckets: false,
                ..all_on()
            })),
            Some(Status::Fail)
        );
    }
}
