//! Roles trust only accounts of the estate.
//!
//! Why: a trust policy naming another account lets anyone that account authorizes assume the role;
//! trust to accounts outside the inventory and its organization is how vendors and forgotten
//! partners keep access.
//! Fix: remove unknown accounts from the trust policy, or require `sts:ExternalId` and review them.

use nephos_model::{Properties, ResourceKind};
use serde_json::{Value, json};

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};
use crate::policy_patterns;

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_role_cross_account_trust_known_accounts",
    title: "IAM roles trust only accounts of the estate (inventory accounts and their organization)",
    severity: Severity::High,
    kinds: &[ResourceKind::IamRole],
    rationale: "A trust policy naming an unknown account lets whoever that account authorizes assume the role.",
    remediation: "Remove the unknown account from the role's trust policy, or confirm it is a vetted partner and require sts:ExternalId.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html",
    ],
    compliance: &[],
};

/// Runs the check over every role with a trust policy.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for r in ctx.of_kind(ResourceKind::IamRole) {
        let Properties::IamRole(p) = &r.props else {
            continue;
        };
        if p.trust_policy.is_empty() {
            continue;
        }
        let Ok(trusted) = policy_patterns::allowed_principal_accounts(&p.trust_policy) else {
            continue;
        };
        let unknown: Vec<Value> = trusted
            .iter()
            .filter(|(a, _)| !ctx.is_known_account(a))
            .map(|(a, s)| json!({ "account": a, "external_id_required": s.condition.as_ref().is_some_and(|c| c.to_string().to_ascii_lowercase().contains("sts:externalid")), "statement": policy_patterns::evidence(s) }))
            .collect();
        out.push(Finding::verdict(
            &META,
            r,
            unknown.is_empty(),
            format!("{} trusts no account outside the estate", r.name),
            format!(
                "{} trusts {} account(s) outside the estate",
                r.name,
                unknown.len()
            ),
            json!({ "unknown_trusted_accounts": unknown }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::IamRoleProps;

    fn trusting(name: &str, principal: &str) -> nephos_model::Resource {
        role(
            name,
            IamRoleProps {
                trust_policy: format!(
                    r#"{{"Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{principal}"}},"Action":"sts:AssumeRole"}}]}}"#
                ),
                ..Default::default()
            },
        )
    }

    #[test]
    fn fails_trust_to_unknown_account() {
        let f = run_check(
            super::run,
            vec![
                trusting("vendor", "arn:aws:iam::999988887777:root"),
                trusting("own", &format!("arn:aws:iam::{ACCOUNT}:root")),
                role("svc", IamRoleProps { trust_policy: r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#.into(), ..Default::default() }),
            ],
        );
        assert_eq!(status_of(&f, "role/vendor"), Some(Status::Fail));
        assert_eq!(status_of(&f, "role/own"), Some(Status::Pass));
        assert_eq!(status_of(&f, "role/svc"), Some(Status::Pass));
    }
}
