//! No IAM user, group or role has `AWSCloudShellFullAccess` attached.
//!
//! Why: CloudShell full access allows uploading and downloading files to a shell inside the
//! account, an easy channel for moving data or tools in and out.
//! Fix: detach `AWSCloudShellFullAccess`; grant a scoped policy if CloudShell is needed.

use nephos_model::ResourceKind;
use serde_json::json;

use super::attached_policies;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_principal_cloudshell_full_access_restricted",
    title: "AWSCloudShellFullAccess is not attached to IAM users, groups or roles",
    severity: Severity::Medium,
    kinds: &[
        ResourceKind::IamUser,
        ResourceKind::IamGroup,
        ResourceKind::IamRole,
    ],
    rationale: "CloudShell full access includes file upload and download, an easy channel to move data or tools in and out of the account.",
    remediation: "Detach the AWSCloudShellFullAccess policy; grant a policy denying cloudshell:PutCredentials, file transfer actions if CloudShell is still needed.",
    references: &[
        "https://docs.aws.amazon.com/cloudshell/latest/userguide/sec-auth-with-identities.html",
    ],
    compliance: &[cis(&["1.22"])],
};

/// Runs the check over every user, group and role.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for kind in [
        ResourceKind::IamUser,
        ResourceKind::IamGroup,
        ResourceKind::IamRole,
    ] {
        for r in ctx.of_kind(kind) {
            let Some(attached) = attached_policies(r) else {
                continue;
            };
            let hit = attached
                .iter()
                .find(|a| a.ends_with(":iam::aws:policy/AWSCloudShellFullAccess"));
            out.push(Finding::verdict(
                &META,
                r,
                hit.is_none(),
                format!("{} does not have AWSCloudShellFullAccess", r.name),
                format!("{} has AWSCloudShellFullAccess attached", r.name),
                json!({ "attached_policy": hit }),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::{IamRoleProps, IamUserProps};

    #[test]
    fn fails_principal_with_cloudshell_full_access() {
        let f = run_check(
            super::run,
            vec![
                user(
                    "dev",
                    IamUserProps {
                        attached_policy_arns: vec![
                            "arn:aws:iam::aws:policy/AWSCloudShellFullAccess".into(),
                        ],
                        ..Default::default()
                    },
                ),
                role("app", IamRoleProps::default()),
            ],
        );
        assert_eq!(status_of(&f, "user/dev"), Some(Status::Fail));
        assert_eq!(status_of(&f, "role/app"), Some(Status::Pass));
    }
}
