//! IAM password policy prevents reuse of the last 24 passwords.
//!
//! Why: Reused passwords keep compromised credentials valid after a forced change.
//! Fix: Set PasswordReusePrevention to 24 (aws iam update-account-password-policy --password-reuse-prevention 24).

use nephos_model::ResourceKind;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_password_policy_reuse_24",
    title: "IAM password policy prevents reuse of the last 24 passwords",
    severity: Severity::Medium,
    kinds: &[ResourceKind::Account],
    rationale: "Reused passwords keep compromised credentials valid after a forced change.",
    remediation: "Set PasswordReusePrevention to 24 (aws iam update-account-password-policy --password-reuse-prevention 24).",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
    ],
    compliance: &[cis(&["1.9"])],
};

/// Runs the check.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    super::check_password_policy(
        ctx,
        out,
        &META,
        "prevents reuse of the last 24 passwords",
        |p| p.password_reuse_prevention.is_some_and(|n| n >= 24),
    );
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use crate::finding::Status;
    use crate::testutil::*;

    #[test]
    fn fails_weak_or_missing_policy_and_passes_strong_one() {
        let f = run_one(Some(strong_policy()));
        assert_eq!(f, Some(Status::Pass));
        let mut weak = strong_policy();
        weak.password_reuse_prevention = None;
        assert_eq!(run_one(Some(weak)), Some(Status::Fail));
        assert_eq!(run_one(None), Some(Status::Fail));
    }

    fn run_one(policy: Option<nephos_model::props::PasswordPolicy>) -> Option<Status> {
        let findings = run_check(super::run, vec![account_with_policy(policy)]);
        status_of(&findings, ":root")
    }
}
