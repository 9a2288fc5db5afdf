//! The root user has MFA enabled.
//!
//! Why: the root user can do anything, including closing the account; a password alone is one
//! phishing page away from takeover.
//! Fix: enable an MFA device for the root user (hardware or passkey preferred).

use nephos_model::ResourceKind;
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_root_mfa_enabled",
    title: "The root user has MFA enabled",
    severity: Severity::Critical,
    kinds: &[ResourceKind::Account],
    rationale: "The root user has unrestricted power over the account; MFA stops a stolen password from being enough to take it over.",
    remediation: "Sign in as root and assign an MFA device (IAM console > Security credentials > Multi-factor authentication).",
    references: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html"],
    compliance: &[cis(&["1.5"])],
};

/// Runs the check over each account whose root credential report row was collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (account, props) in ctx.accounts() {
        let Some(root) = &props.root_credentials else {
            continue;
        };
        out.push(Finding::verdict(
            &META,
            account,
            root.mfa_active,
            "the root user has MFA",
            "the root user has no MFA device",
            json!({ "credential_report": "<root_account>", "mfa_active": root.mfa_active }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::AccountProps;

    #[test]
    fn fails_without_mfa() {
        for (mfa, want) in [(false, Status::Fail), (true, Status::Pass)] {
            let acct = account(AccountProps {
                root_credentials: Some(creds(true, mfa, None, vec![])),
                ..Default::default()
            });
            assert_eq!(
                status_of(&run_check(super::run, vec![acct]), ":root"),
                Some(want)
            );
        }
    }
}
