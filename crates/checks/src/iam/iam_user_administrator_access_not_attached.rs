//! No IAM user or group has a full-administrator managed policy attached.
//!
//! Why: long-lived user credentials with full administrator rights are the most valuable thing to
//! steal in an account.
//! Fix: give administrators a role to assume (with MFA) instead of attaching admin policies.

use nephos_model::ResourceKind;
use serde_json::json;

use super::{admin_grants, attached_policies};
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_user_administrator_access_not_attached",
    title: "IAM users and groups have no \"*:*\" managed policy (such as AdministratorAccess) attached",
    severity: Severity::High,
    kinds: &[ResourceKind::IamUser, ResourceKind::IamGroup],
    rationale: "Long-lived user credentials with full administrator rights are the most valuable credential to steal.",
    remediation: "Detach AdministratorAccess (or the custom `*:*` policy) and let administrators assume a role that requires MFA.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    ],
    compliance: &[cis(&["1.16"])],
};

/// Runs the check over users and groups.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for kind in [ResourceKind::IamUser, ResourceKind::IamGroup] {
        for r in ctx.of_kind(kind) {
            let Some(attached) = attached_policies(r) else {
                continue;
            };
            let grants = admin_grants(ctx, &[], attached);
            out.push(Finding::verdict(
                &META,
                r,
                grants.is_empty(),
                format!("{} has no full-administrator policy attached", r.name),
                format!("{} has a full-administrator policy attached", r.name),
                json!({ "admin_grants": grants }),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::Properties;
    use nephos_model::props::{IamGroupProps, IamPolicyProps, IamUserProps, PolicyVersion};

    #[test]
    fn fails_user_or_group_with_admin_policy() {
        let custom = global(
            ResourceKind::IamPolicy,
            &format!("arn:aws:iam::{ACCOUNT}:policy/god"),
            "god",
            Properties::IamPolicy(IamPolicyProps {
                default_version_id: "v1".into(),
                versions: vec![PolicyVersion {
                    version_id: "v1".into(),
                    is_default: true,
                    document: r#"{"Statement":{"Effect":"Allow","Action":"*:*","Resource":"*"}}"#
                        .into(),
                }],
                attachment_count: 1,
                ..Default::default()
            }),
        );
        let group = global(
            ResourceKind::IamGroup,
            &format!("arn:aws:iam::{ACCOUNT}:group/ops"),
            "ops",
            Properties::IamGroup(IamGroupProps {
                attached_policy_arns: vec![format!("arn:aws:iam::{ACCOUNT}:policy/god")],
                ..Default::default()
            }),
        );
        let f = run_check(
            super::run,
            vec![
                custom,
                group,
                user(
                    "admin",
                    IamUserProps {
                        attached_policy_arns: vec![super::super::ADMINISTRATOR_ACCESS.into()],
                        ..Default::default()
                    },
                ),
                user(
                    "reader",
                    IamUserProps {
                        attached_policy_arns: vec!["arn:aws:iam::aws:policy/ReadOnlyAccess".into()],
                        ..Default::default()
                    },
                ),
            ],
        );
        assert_eq!(status_of(&f, "user/admin"), Some(Status::Fail));
        assert_eq!(status_of(&f, "group/ops"), Some(Status::Fail));
        assert_eq!(status_of(&f, "user/reader"), Some(Status::Pass));
    }
}
