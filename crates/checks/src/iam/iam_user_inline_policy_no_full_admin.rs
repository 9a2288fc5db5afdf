//! No inline policy of an IAM user allows `*` on `*`.
//!
//! Why: inline policies are invisible in the managed-policy list and easy to miss in reviews; one
//! with `*:*` silently makes the user a full administrator.
//! Fix: replace the inline policy with a scoped managed policy, or delete it.

use nephos_model::ResourceKind;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_user_inline_policy_no_full_admin",
    title: "Inline policies of IAM users do not allow \"*:*\" administrative privileges",
    severity: Severity::High,
    kinds: &[ResourceKind::IamUser],
    rationale: "Inline policies escape managed-policy reviews; one allowing every action on every resource makes the user a full administrator.",
    remediation: "Delete the inline policy or replace it with a managed policy scoped to the needed actions and resources.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html",
    ],
    compliance: &[],
};

/// Runs the check over every user.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    super::check_inline_admin(ctx, out, &META, ResourceKind::IamUser);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Status;
    use crate::iam::fixtures::with_inline_policy;
    use crate::testutil::*;

    #[test]
    fn fails_inline_admin_passes_scoped() {
        let f = run_check(
            super::run,
            vec![
                with_inline_policy(
                    ResourceKind::IamUser,
                    "admin",
                    r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
                ),
                with_inline_policy(
                    ResourceKind::IamUser,
                    "scoped",
                    r#"{"Statement":[{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}]}"#,
                ),
            ],
        );
        assert_eq!(status_of(&f, "user/admin"), Some(Status::Fail));
        assert_eq!(status_of(&f, "user/scoped"), Some(Status::Pass));
    }
}
