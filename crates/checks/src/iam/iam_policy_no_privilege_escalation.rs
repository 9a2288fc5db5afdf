//! No attached customer-managed policy lets its holder escalate to other permissions through IAM.
//!
//! A policy fails when, on its own, it allows every action of one of the IAM engine's
//! privilege-escalation primitives ([`nephos_iam::escalation::PRIMITIVES`]) that work through
//! IAM: rewriting one's own or one's group's policies, creating and empowering a role, joining a
//! group, taking over another user's credentials, rewriting a role's trust, or passing a role to
//! new compute (`iam:PassRole` with `ec2:RunInstances`, `lambda:CreateFunction`, …). Each action
//! is decided by the engine (a `Deny` or condition in the policy counts) on `*` or on a resource
//! the policy names. Primitives that act on existing compute (`lambda:UpdateFunctionCode`,
//! `ssm:SendCommand`, …) are left to the attack-path analysis, which knows which roles that
//! compute runs as. Policies that already grant full access are `iam_policy_no_full_admin_attached`'s.
//!
//! Why: a principal allowed to change its own permissions is an administrator in waiting; one
//! stolen credential becomes the whole account.
//! Fix: remove the IAM write actions (or scope `iam:PassRole` to the roles the workload needs with
//! an `iam:PassedToService` condition), or move them to a role that requires MFA.

use nephos_iam::escalation::{PRIMITIVES, Yield};
use nephos_model::{Properties, ResourceKind};
use serde_json::{Value, json};

use crate::admin;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_policy_no_privilege_escalation",
    title: "Attached customer-managed policies do not allow privilege escalation through IAM",
    severity: Severity::High,
    kinds: &[ResourceKind::IamPolicy],
    rationale: "A policy that lets its holder attach or write policies, create and empower roles, take over other users or pass roles to new compute lets one stolen credential become more powerful ones.",
    remediation: "Remove the IAM write actions from the policy, scope iam:PassRole to specific roles with an iam:PassedToService condition, or grant these rights only through a role that requires MFA.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
        "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/",
    ],
    compliance: &[],
};

/// Primitives that work through IAM (not through existing compute).
fn through_iam(y: Yield) -> bool {
    !matches!(y, Yield::ExistingCompute(_))
}

/// Runs the check over attached customer-managed policies whose default version was collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    let now = ctx.now.timestamp();
    for policy in ctx.of_kind(ResourceKind::IamPolicy) {
        let Properties::IamPolicy(p) = &policy.props else {
            continue;
        };
        if p.aws_managed || p.attachment_count == 0 {
            continue;
        }
        let Some(doc) = p.default_document() else {
            continue;
        };
        let Some(parsed) = ctx.identity_policy(doc) else {
            continue;
        };
        let holder = format!("arn:aws:iam::{}:user/nephos-policy-holder", policy.account);
        let label = json!({ "attached_policy": policy.id.as_str() });
        let source = admin::Source {
            policy: parsed,
            document: doc,
            label: &label,
        };
        if admin::full_access(&[source], None, &holder, &policy.account, now).is_some() {
            continue; // full access: judged by iam_policy_no_full_admin_attached
        }
        let primitives: Vec<Value> = PRIMITIVES
            .iter()
            .filter(|prim| through_iam(prim.yields))
            .filter_map(|prim| {
                let mut statements: Vec<usize> = Vec::new();
                for action in prim.actions {
                    statements.extend(admin::allows_somewhere(parsed, action, &holder, now)?);
                }
                statements.sort_unstable();
                statements.dedup();
                Some(json!({ "primitive": prim.id, "how": prim.summary, "statement_indexes": statements }))
            })
            .collect();
        let ids: Vec<&str> = primitives
            .iter()
            .filter_map(|v| v["primitive"].as_str())
            .collect();
        out.push(Finding::verdict(
            &META,
            policy,
            primitives.is_empty(),
            || format!("{} allows no privilege-escalation primitive", policy.name),
            || format!("{} allows privilege escalation: {}", policy.name, ids.join(", ")),
            json!({ "version": p.default_version_id, "attachment_count": p.attachment_count, "primitives": primitives }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;

    #[test]
    fn fails_escalation_primitives_decided_by_the_engine() {
        let deployer = r#"{"Statement":[{"Effect":"Allow","Action":["iam:PassRole","ec2:RunInstances","iam:AttachUserPolicy"],"Resource":"*"}]}"#;
        let self_only = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PutUserPolicy","Resource":"arn:aws:iam::*:user/${aws:username}"}]}"#;
        let pass_only =
            r#"{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}"#;
        let denied = r#"{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"},{"Effect":"Deny","Action":["iam:Attach*","iam:Put*","iam:Create*","iam:Update*","iam:AddUserToGroup","iam:PassRole","iam:SetDefaultPolicyVersion"],"Resource":"*"}]}"#;
        let reader = r#"{"Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"}]}"#;
        let admin = r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
        let f = run_check(
            super::run,
            vec![
                customer_policy("deployer", deployer, 1),
                customer_policy("unattached", deployer, 0),
                customer_policy("self-only", self_only, 1),
                customer_policy("pass-only", pass_only, 1),
                customer_policy("denied", denied, 1),
                customer_policy("reader", reader, 1),
                customer_policy("admin", admin, 1),
            ],
        );
        assert_eq!(status_of(&f, "policy/deployer"), Some(Status::Fail));
        let deployer = f
            .iter()
            .find(|x| x.resource.as_str().ends_with("policy/deployer"))
            .unwrap();
        let ids: Vec<&str> = deployer.evidence["primitives"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v["primitive"].as_str())
            .collect();
        assert!(ids.contains(&"iam:AttachUserPolicy"), "{ids:?}");
        assert!(ids.contains(&"iam:PassRole+ec2:RunInstances"), "{ids:?}");
        assert_eq!(status_of(&f, "policy/unattached"), None);
        // A resource naming the caller itself still lets it rewrite its own policies.
        assert_eq!(status_of(&f, "policy/self-only"), Some(Status::Fail));
        // PassRole without a way to launch compute is not a primitive on its own.
        assert_eq!(status_of(&f, "policy/pass-only"), Some(Status::Pass));
        assert_eq!(status_of(&f, "policy/denied"), Some(Status::Pass));
        assert_eq!(status_of(&f, "policy/reader"), Some(Status::Pass));
        // Full access is the admin check's.
        assert_eq!(status_of(&f, "policy/admin"), None);
    }
}
