//! No inline policy of an IAM role allows `*` on `*`.
//!
//! Why: inline policies are invisible in the managed-policy list and easy to miss in reviews; one
//! with `*:*` silently makes the role a full administrator.
//! Fix: replace the inline policy with a scoped managed policy, or delete it.

use nephos_model::ResourceKind;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_role_inline_policy_no_full_admin",
    title: "Inline policies of IAM roles do not allow \"*:*\" administrative privileges",
    severity: Severity::High,
    kinds: &[ResourceKind::IamRole],
    rationale: "Inline policies escape managed-policy reviews; one allowing every action on every resource makes the role a full administrator.",
    remediation: "Delete the inline policy or replace it with a managed policy scoped to the needed actions and resources.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html",
    ],
    compliance: &[],
};

/// Runs the check over every role.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    super::check_inline_admin(ctx, out, &META, ResourceKind::IamRole);
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
                    ResourceKind::IamRole,
                    "admin",
                    r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
                ),
                with_inline_policy(
                    ResourceKind::IamRole,
                    "scoped",
                    r#"{"Statement":[{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}]}"#,
                ),
            ],
        );
        assert_eq!(status_of(&f, "role/admin"), Some(Status::Fail));
        assert_eq!(status_of(&f, "role/scoped"), Some(Status::Pass));
    }
}
