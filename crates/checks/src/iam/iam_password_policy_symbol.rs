//! IAM password policy requires a symbol.
//!
//! Why: Character-class requirements widen the search space of passwords.
//! Fix: Set RequireSymbols in the account password policy.

use nephos_model::ResourceKind;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_password_policy_symbol",
    title: "IAM password policy requires a symbol",
    severity: Severity::Low,
    kinds: &[ResourceKind::Account],
    rationale: "Character-class requirements widen the search space of passwords.",
    remediation: "Set RequireSymbols in the account password policy.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
    ],
    compliance: &[],
};

/// Runs the check.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    super::check_password_policy(ctx, out, &META, "requires a symbol", |p| p.require_symbols);
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
        weak.require_symbols = false;
        assert_eq!(run_one(Some(weak)), Some(Status::Fail));
        assert_eq!(run_one(None), Some(Status::Fail));
    }

    fn run_one(policy: Option<nephos_model::props::PasswordPolicy>) -> Option<Status> {
        let findings = run_check(super::run, vec![account_with_policy(policy)]);
        status_of(&findings, ":root")
    }
}
