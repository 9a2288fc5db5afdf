//! No IAM user or group has a full-administrator managed policy attached, and no user is a full
//! administrator through a group.
//!
//! A user fails when its policies together (its own, and its groups' inline and attached ones,
//! within its permissions boundary) give it full access as the IAM engine decides
//! ([`crate::admin`]), and that access does not come from its own inline policies alone (those
//! are `iam_user_inline_policy_no_full_admin`'s). A group fails when its policies together give
//! full access through an attached managed policy. Evidence names the group and the policy.
//!
//! Why: long-lived user credentials with full administrator rights are the most valuable thing to
//! steal in an account, whether the rights are attached to the user or to one of its groups.
//! Fix: give administrators a role to assume (with MFA) instead of attaching admin policies.

use nephos_model::ResourceKind;
use serde_json::json;

use super::{Held, admin_grants_together, held_policies};
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_user_administrator_access_not_attached",
    title: "IAM users and groups have no \"*:*\" managed policy (such as AdministratorAccess) attached, directly or through a group",
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
            let held: Vec<Held<'_>> = held_policies(ctx, r, kind == ResourceKind::IamUser);
            let grants = admin_grants_together(ctx, r, &held);
            // Full access that the principal's own inline policies alone explain is judged by
            // the inline-policy checks.
            let through_managed_or_group = grants
                .iter()
                .any(|g| g.get("group").is_some() || g.get("attached_policy").is_some());
            let mut groups: Vec<String> = grants
                .iter()
                .filter_map(|g| g.get("group").and_then(serde_json::Value::as_str))
                .map(str::to_owned)
                .collect();
            groups.dedup();
            out.push(Finding::verdict(
                &META,
                r,
                !through_managed_or_group,
                || format!("{} has no full-administrator policy attached", r.name),
                || {
                    if groups.is_empty() {
                        format!("{} has a full-administrator policy attached", r.name)
                    } else {
                        format!(
                            "{} is a full administrator through group(s) {}",
                            r.name,
                            groups.join(", ")
                        )
                    }
                },
                json!({ "admin_grants": if through_managed_or_group { grants } else { Vec::new() } }),
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

    fn group(name: &str, props: IamGroupProps) -> nephos_model::Resource {
        global(
            ResourceKind::IamGroup,
            &format!("arn:aws:iam::{ACCOUNT}:group/{name}"),
            name,
            Properties::IamGroup(props),
        )
    }

    fn member(name: &str, groups: &[&str]) -> nephos_model::Resource {
        user(
            name,
            IamUserProps {
                groups: groups.iter().map(|g| (*g).to_owned()).collect(),
                ..Default::default()
            },
        )
    }

    #[test]
    fn a_user_who_is_admin_only_through_a_group_fails_naming_the_group() {
        use nephos_model::props::InlinePolicy;
        let f = run_check(
            super::run,
            vec![
                group(
                    "admins",
                    IamGroupProps {
                        attached_policy_arns: vec![super::super::ADMINISTRATOR_ACCESS.into()],
                        ..Default::default()
                    },
                ),
                group(
                    "inline-admins",
                    IamGroupProps {
                        inline_policies: vec![InlinePolicy {
                            name: "all".into(),
                            document:
                                r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#
                                    .into(),
                        }],
                        ..Default::default()
                    },
                ),
                group("readers", IamGroupProps::default()),
                member("dave", &["readers", "admins"]),
                member("gina", &["inline-admins"]),
                member("ron", &["readers"]),
            ],
        );
        assert_eq!(status_of(&f, "group/admins"), Some(Status::Fail));
        assert_eq!(status_of(&f, "user/dave"), Some(Status::Fail));
        let dave = f
            .iter()
            .find(|x| x.resource.as_str().ends_with("user/dave"))
            .unwrap();
        assert!(dave.message.contains("admins"), "{}", dave.message);
        let grant = &dave.evidence["admin_grants"][0];
        assert_eq!(grant["group"], "admins");
        assert_eq!(grant["attached_policy"], super::super::ADMINISTRATOR_ACCESS);
        // A group's inline admin policy: the group is the inline check's, the user is ours.
        assert_eq!(status_of(&f, "group/inline-admins"), Some(Status::Pass));
        assert_eq!(status_of(&f, "user/gina"), Some(Status::Fail));
        assert_eq!(
            f.iter()
                .find(|x| x.resource.as_str().ends_with("user/gina"))
                .unwrap()
                .evidence["admin_grants"][0]["inline_policy"],
            "all"
        );
        assert_eq!(status_of(&f, "user/ron"), Some(Status::Pass));
    }

    #[test]
    fn denies_and_boundaries_are_decided_by_the_engine() {
        use nephos_model::props::InlinePolicy;
        let allow_all_deny_iam = r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}"#;
        let s3_only = r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
        let deny_iam_inline = InlinePolicy {
            name: "no-iam".into(),
            document: r#"{"Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}"#.into(),
        };
        let admin = super::super::ADMINISTRATOR_ACCESS.to_owned();
        let f = run_check(
            super::run,
            vec![
                customer_policy("all-but-iam", allow_all_deny_iam, 1),
                customer_policy("s3-boundary", s3_only, 1),
                group(
                    "power",
                    IamGroupProps {
                        attached_policy_arns: vec![format!(
                            "arn:aws:iam::{ACCOUNT}:policy/all-but-iam"
                        )],
                        ..Default::default()
                    },
                ),
                member("frank", &["power"]),
                user(
                    "denied",
                    IamUserProps {
                        attached_policy_arns: vec![admin.clone()],
                        inline_policies: vec![deny_iam_inline],
                        ..Default::default()
                    },
                ),
                user(
                    "bounded",
                    IamUserProps {
                        attached_policy_arns: vec![admin.clone()],
                        permissions_boundary_arn: Some(format!(
                            "arn:aws:iam::{ACCOUNT}:policy/s3-boundary"
                        )),
                        ..Default::default()
                    },
                ),
                user(
                    "inline-only",
                    IamUserProps {
                        inline_policies: vec![InlinePolicy {
                            name: "all".into(),
                            document:
                                r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#
                                    .into(),
                        }],
                        ..Default::default()
                    },
                ),
            ],
        );
        assert_eq!(status_of(&f, "group/power"), Some(Status::Pass));
        assert_eq!(status_of(&f, "user/frank"), Some(Status::Pass));
        assert_eq!(status_of(&f, "user/denied"), Some(Status::Pass));
        assert_eq!(status_of(&f, "user/bounded"), Some(Status::Pass));
        // Judged by iam_user_inline_policy_no_full_admin instead.
        assert_eq!(status_of(&f, "user/inline-only"), Some(Status::Pass));
    }
}
