//! IAM password policy expires passwords within 90 days.
//!
//! Why: Expiring passwords bounds how long a leaked password stays useful.
//! Fix: Set MaxPasswordAge to 90 or less in the account password policy.

use nephos_model::ResourceKind;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_password_policy_expires_90_days",
    title: "IAM password policy expires passwords within 90 days",
    severity: Severity::Low,
    kinds: &[ResourceKind::Account],
    rationale: "Expiring passwords bounds how long a leaked password stays useful.",
    remediation: "Set MaxPasswordAge to 90 or less in the account password policy.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
    ],
    compliance: &[],
};

/// Runs the check.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    super::check_password_policy(ctx, out, &META, "expires passwords within 90 days", |p| {
        p.max_password_age.is_some_and(|d| d > 0 && d <= 90)
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
        weak.max_password_age = None;
        assert_eq!(run_one(Some(weak)), Some(Status::Fail));
        assert_eq!(run_one(None), Some(Status::Fail));
    }

    fn run_one(policy: Option<nephos_model::props::PasswordPolicy>) -> Option<Status> {
        let findings = run_check(super::run, vec![account_with_policy(policy)]);
        status_of(&findings, ":root")
    }
}
