//! A role exists for managing incidents with AWS Support.
//!
//! Why: during an incident someone must be able to open and manage support cases without using
//! root or an over-privileged principal.
//! Fix: create a role with the AWS-managed `AWSSupportAccess` policy and let the incident team assume
//! it.

use std::collections::HashMap;

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_support_role_exists",
    title: "A role with AWSSupportAccess exists to manage incidents with AWS Support",
    severity: Severity::Low,
    kinds: &[ResourceKind::Account],
    rationale: "A dedicated support role lets the incident team work with AWS Support without root or broad privileges.",
    remediation: "Create an IAM role with the AWS-managed AWSSupportAccess policy attached and a trust policy for the incident team.",
    references: &["https://docs.aws.amazon.com/awssupport/latest/user/accessing-support.html"],
    compliance: &[cis(&["1.17"])],
};

/// Runs the check per account whose IAM authorization details were collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    let mut support_roles: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in ctx.of_kind(ResourceKind::IamRole) {
        let Properties::IamRole(p) = &r.props else {
            continue;
        };
        if p.attached_policy_arns
            .iter()
            .any(|a| a.ends_with(":iam::aws:policy/AWSSupportAccess"))
        {
            support_roles
                .entry(r.account.as_str())
                .or_default()
                .push(r.id.as_str());
        }
    }
    for (account, _) in ctx.accounts() {
        if !ctx.collected(
            &account.account,
            "us-east-1",
            "iam-get-account-authorization-details",
        ) {
            continue;
        }
        let roles = support_roles
            .get(account.account.as_str())
            .map_or(&[][..], Vec::as_slice);
        out.push(Finding::verdict(
            &META,
            account,
            !roles.is_empty(),
            format!("{} role(s) have AWSSupportAccess", roles.len()),
            "no role has AWSSupportAccess attached",
            json!({ "support_roles": roles }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::{AccountProps, IamRoleProps};

    #[test]
    fn passes_only_with_a_support_role() {
        let support = role(
            "support",
            IamRoleProps {
                attached_policy_arns: vec!["arn:aws:iam::aws:policy/AWSSupportAccess".into()],
                ..Default::default()
            },
        );
        let other = role("app", IamRoleProps::default());
        let acct = || account(AccountProps::default());
        let f = run_check(super::run, vec![acct(), support, other.clone()]);
        assert_eq!(status_of(&f, ":root"), Some(Status::Pass));
        let f = run_check(super::run, vec![acct(), other]);
        assert_eq!(status_of(&f, ":root"), Some(Status::Fail));
    }
}
