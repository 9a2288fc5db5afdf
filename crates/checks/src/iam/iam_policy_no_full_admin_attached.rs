//! No attached customer-managed policy grants full access (`*` on `*`, or the same through
//! `NotAction`), as the IAM engine decides it: a `Deny` in the policy counts (see [`crate::admin`]).
//!
//! Why: a policy allowing every action on every resource makes whoever holds it an administrator;
//! least privilege starts by never handing that out through reusable policies.
//! Fix: replace the statement with the actions and resources actually needed, or detach the policy.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::admin;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

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
        let Some(parsed) = ctx.identity_policy(doc) else {
            continue;
        };
        let label = json!({ "attached_policy": policy.id.as_str() });
        let source = admin::Source {
            policy: parsed,
            document: doc,
            label: &label,
        };
        let probe = format!("arn:aws:iam::{}:user/nephos-policy-holder", policy.account);
        let statements = admin::full_access(
            &[source],
            None,
            &probe,
            &policy.account,
            ctx.now.timestamp(),
        )
        .unwrap_or_default()
        .into_iter()
        .map(|mut v| {
            v.get_mut("statement")
                .map(serde_json::Value::take)
                .unwrap_or(v)
        })
        .collect::<Vec<_>>();
        let attached = p.attachment_count > 0;
        out.push(Finding::verdict(
            &META,
            policy,
            statements.is_empty() || !attached,
            || format!("{} does not grant full administrator access while attached", policy.name),
            || format!("{} grants full administrator access and is attached {} time(s)", policy.name, p.attachment_count),
            json!({ "version": p.default_version_id, "attachment_count": p.attachment_count, "admin_statements": statements }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;

    #[test]
    fn fails_attached_admin_policy() {
        let admin = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
        let narrow = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
        let f = run_check(
            super::run,
            vec![
                customer_policy("admin", admin, 2),
                customer_policy("unused", admin, 0),
                customer_policy("narrow", narrow, 3),
            ],
        );
        assert_eq!(status_of(&f, "policy/admin"), Some(Status::Fail));
        assert_eq!(status_of(&f, "policy/unused"), Some(Status::Pass));
        assert_eq!(status_of(&f, "policy/narrow"), Some(Status::Pass));
    }

    #[test]
    fn the_engine_decides_not_the_statement_shape() {
        // Pattern reading got both wrong: the Deny on IAM leaves no full access, and NotAction
        // plus Action together grant everything without a literal `*`.
        let deny_iam = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}"#;
        let not_action = r#"{"Version":"2012-10-17","Statement":[{"Sid":"AllButIam","Effect":"Allow","NotAction":"iam:*","Resource":"*"},{"Sid":"Iam","Effect":"Allow","Action":"iam:*","Resource":"*"}]}"#;
        let f = run_check(
            super::run,
            vec![
                customer_policy("deny-iam", deny_iam, 1),
                customer_policy("not-action", not_action, 1),
            ],
        );
        assert_eq!(status_of(&f, "policy/deny-iam"), Some(Status::Pass));
        assert_eq!(status_of(&f, "policy/not-action"), Some(Status::Fail));
        let fail = f
            .iter()
            .find(|x| x.resource.as_str().ends_with("policy/not-action"))
            .unwrap();
        let sids: Vec<&str> = fail.evidence["admin_statements"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s["sid"].as_str())
            .collect();
        assert_eq!(sids, ["AllButIam", "Iam"]);
    }
}
