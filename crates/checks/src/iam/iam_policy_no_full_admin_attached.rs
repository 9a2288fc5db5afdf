//! No attached customer-managed policy grants `*` on `*`.
//!
//! Why: a policy allowing every action on every resource makes whoever holds it an administrator;
//! least privilege starts by never handing that out through reusable policies.
//! Fix: replace the statement with the actions and resources actually needed, or detach the policy.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};
use crate::policy_patterns;

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_policy_no_full_admin_attached",
    title: "Attached customer-managed policies do not allow \"*:*\" administrative privileges",
    severity: Severity::High,
    kinds: &[ResourceKind::IamPolicy],
    rationale: "A policy allowing every action on every resource makes every principal it is attached to a full administrator.",
    remediation: "Scope the statement to the needed actions and resources, or detach the policy from every principal.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    ],
    compliance: &[cis(&["1.16"])],
};

/// Runs the check over customer-managed policies whose default version was collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for policy in ctx.of_kind(ResourceKind::IamPolicy) {
        let Properties::IamPolicy(p) = &policy.props else {
            continue;
        };
        if p.aws_managed {
            continue;
        }
        let Some(doc) = p.default_document() else {
            continue;
        };
        let admin = policy_patterns::full_admin_statements(doc).unwrap_or_default();
        let attached = p.attachment_count > 0;
        let statements: Vec<_> = admin.iter().map(policy_patterns::evidence).collect();
        out.push(Finding::verdict(
            &META,
            policy,
            admin.is_empty() || !attached,
            format!("{} does not grant full administrator access while attached", policy.name),
            format!("{} grants `*` on `*` and is attached {} time(s)", policy.name, p.attachment_count),
            json!({ "version": p.default_version_id, "attachment_count": p.attachment_count, "admin_statements": statements }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::{IamPolicyProps, PolicyVersion};

    fn policy(name: &str, doc: &str, attachments: i64) -> nephos_model::Resource {
        global(
            ResourceKind::IamPolicy,
            &format!("arn:aws:iam::{ACCOUNT}:policy/{name}"),
            name,
            Properties::IamPolicy(IamPolicyProps {
                default_version_id: "v2".into(),
                versions: vec![PolicyVersion {
                    version_id: "v2".into(),
                    is_default: true,
                    document: doc.into(),
                }],
                attachment_count: attachments,
                ..Default::default()
            }),
        )
    }

    #[test]
    fn fails_attached_admin_policy() {
        let admin = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
        let narrow = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
        let f = run_check(
            super::run,
            vec![
                policy("admin", admin, 2),
                policy("unused", admin, 0),
                policy("narrow", narrow, 3),
            ],
        );
        assert_eq!(status_of(&f, "policy/admin"), Some(Status::Fail));
        assert_eq!(status_of(&f, "policy/unused"), Some(Status::Pass));
        assert_eq!(status_of(&f, "policy/narrow"), Some(Status::Pass));
    }
}
