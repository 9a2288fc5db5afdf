//! IAM password policy requires a minimum length of 14 or more.
//!
//! Why: Long passwords resist guessing and brute force far better than short ones.
//! Fix: Set the account password policy's MinimumPasswordLength to 14 or more (aws iam update-account-password-policy --minimum-password-length 14).

use nephos_model::ResourceKind;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_password_policy_minimum_length_14",
    title: "IAM password policy requires a minimum length of 14 or more",
    severity: Severity::Medium,
    kinds: &[ResourceKind::Account],
    rationale: "Long passwords resist guessing and brute force far better than short ones.",
    remediation: "Set the account password policy's MinimumPasswordLength to 14 or more (aws iam update-account-password-policy --minimum-password-length 14).",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
    ],
    compliance: &[cis(&["1.8"])],
};

/// Runs the check.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    super::check_password_policy(ctx, out, &META, "requires at least 14 characters", |p| {
        p.minimum_password_length.is_some_and(|n| n >= 14)
    });
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
        weak.minimum_password_length = Some(8);
        assert_eq!(run_one(Some(weak)), Some(Status::Fail));
        assert_eq!(run_one(None), Some(Status::Fail));
    }

    fn run_one(policy: Option<nephos_model::props::PasswordPolicy>) -> Option<Status> {
        let findings = run_check(super::run, vec![account_with_policy(policy)]);
        status_of(&findings, ":root")
    }
}
