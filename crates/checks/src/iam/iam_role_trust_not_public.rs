//! No role trust policy lets everyone assume the role.
//!
//! Why: `"Principal": {"AWS": "*"}` without a condition restricting callers lets any AWS account in
//! the world assume the role.
//! Fix: name the trusted accounts or roles, or add a condition such as `aws:PrincipalOrgID`.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};
use crate::policy_patterns;

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_role_trust_not_public",
    title: "IAM role trust policies do not allow everyone (\"*\") to assume the role",
    severity: Severity::Critical,
    kinds: &[ResourceKind::IamRole],
    rationale: "A `*` principal without a restricting condition lets any AWS principal in the world assume the role.",
    remediation: "Replace the `*` principal with the trusted account or role ARNs, or add an aws:PrincipalOrgID / aws:PrincipalAccount condition.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
    ],
    compliance: &[],
};

/// Runs the check over every role with a trust policy.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for r in ctx.of_kind(ResourceKind::IamRole) {
        let Properties::IamRole(p) = &r.props else {
            continue;
        };
        let Ok(public) = ctx.public_statements(&p.trust_policy, r) else {
            continue;
        };
        let statements: Vec<_> = public.iter().map(policy_patterns::evidence).collect();
        out.push(Finding::verdict(
            &META,
            r,
            public.is_empty(),
            || format!("the trust policy of {} does not trust everyone", r.name),
            || {
                format!(
                    "the trust policy of {} lets any AWS principal assume it",
                    r.name
                )
            },
            json!({ "public_statements": statements }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::IamRoleProps;

    #[test]
    fn fails_star_principal_without_condition() {
        let doc = |cond: &str| {
            format!(
                r#"{{"Statement":[{{"Effect":"Allow","Principal":{{"AWS":"*"}},"Action":"sts:AssumeRole"{cond}}}]}}"#
            )
        };
        let f = run_check(
            super::run,
            vec![
                role(
                    "open",
                    IamRoleProps {
                        trust_policy: doc(""),
                        ..Default::default()
                    },
                ),
                role(
                    "org",
                    IamRoleProps {
                        trust_policy: doc(
                            r#","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}"#,
                        ),
                        ..Default::default()
                    },
                ),
            ],
        );
        assert_eq!(status_of(&f, "role/open"), Some(Status::Fail));
        assert_eq!(status_of(&f, "role/org"), Some(Status::Pass));
    }
}
