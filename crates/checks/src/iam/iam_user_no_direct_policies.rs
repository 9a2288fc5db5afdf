//! IAM users get permissions only through groups.
//!
//! Why: permissions attached to individual users are hard to review and drift from role
//! definitions; groups keep access consistent.
//! Fix: move the user's inline and attached policies to a group and add the user to it.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_user_no_direct_policies",
    title: "IAM users receive permissions only through groups",
    severity: Severity::Low,
    kinds: &[ResourceKind::IamUser],
    rationale: "Policies on individual users are hard to review and drift apart; group membership keeps access consistent and auditable.",
    remediation: "Attach the policies to a group, add the user to the group, and detach them from the user.",
    references: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html"],
    compliance: &[cis(&["1.15"])],
};

/// Runs the check over every user.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for user in ctx.of_kind(ResourceKind::IamUser) {
        let Properties::IamUser(u) = &user.props else {
            continue;
        };
        let inline: Vec<&str> = u.inline_policies.iter().map(|p| p.name.as_str()).collect();
        out.push(Finding::verdict(
            &META,
            user,
            inline.is_empty() && u.attached_policy_arns.is_empty(),
            format!("{} has no policy of its own", user.name),
            format!(
                "{} has {} inline and {} attached policies of its own",
                user.name,
                inline.len(),
                u.attached_policy_arns.len()
            ),
            json!({ "inline_policies": inline, "attached_policies": u.attached_policy_arns }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::{IamUserProps, InlinePolicy};

    #[test]
    fn fails_user_with_own_policies() {
        let f = run_check(
            super::run,
            vec![
                user(
                    "attached",
                    IamUserProps {
                        attached_policy_arns: vec!["arn:aws:iam::aws:policy/ReadOnlyAccess".into()],
                        ..Default::default()
                    },
                ),
                user(
                    "inline",
                    IamUserProps {
                        inline_policies: vec![InlinePolicy {
                            name: "p".into(),
                            document: "{}".into(),
                        }],
                        ..Default::default()
                    },
                ),
                user(
                    "grouped",
                    IamUserProps {
                        groups: vec!["devs".into()],
                        ..Default::default()
                    },
                ),
            ],
        );
        assert_eq!(status_of(&f, "user/attached"), Some(Status::Fail));
        assert_eq!(status_of(&f, "user/inline"), Some(Status::Fail));
        assert_eq!(status_of(&f, "user/grouped"), Some(Status::Pass));
    }
}
