//! Lambda execution roles do not have full administrator rights.
//!
//! Why: a code-injection bug or a poisoned dependency runs with the function's role; an admin role
//! turns one vulnerable function into a compromised account.
//! Fix: give the function a role with only the actions and resources it uses.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use super::functions;
use crate::context::Context;
use crate::finding::Finding;
use crate::iam::admin_grants;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "lambda_function_role_not_admin",
    title: "Lambda function execution roles do not grant full administrator (\"*:*\") access",
    severity: Severity::Critical,
    kinds: &[ResourceKind::LambdaFunction],
    rationale: "A vulnerable function or a poisoned dependency runs with the execution role; an administrator role hands over the whole account.",
    remediation: "Detach AdministratorAccess and `*:*` policies from the execution role; grant only what the function uses.",
    references: &["https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html"],
    compliance: &[],
};

/// Runs the check over functions whose execution role was collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in functions(ctx) {
        let Some(role) = ctx.by_arn(&p.role_arn) else {
            continue;
        };
        let Properties::IamRole(rp) = &role.props else {
            continue;
        };
        let grants = admin_grants(ctx, &rp.inline_policies, &rp.attached_policy_arns);
        out.push(Finding::verdict(
            &META,
            r,
            grants.is_empty(),
            format!("the role of {} is not an administrator", r.name),
            format!("{} runs with administrator role {}", r.name, role.name),
            json!({ "role": role.id, "admin_grants": grants }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::function;
    use crate::finding::Status;
    use crate::iam::ADMINISTRATOR_ACCESS;
    use crate::testutil::*;
    use nephos_model::props::{IamRoleProps, InlinePolicy};

    #[test]
    fn fails_function_with_admin_role() {
        let f = run_check(
            super::run,
            vec![
                function("admin", |_| {}),
                role(
                    "admin",
                    IamRoleProps {
                        attached_policy_arns: vec![ADMINISTRATOR_ACCESS.into()],
                        ..Default::default()
                    },
                ),
                function("inline", |_| {}),
                role(
                    "inline",
                    IamRoleProps {
                        inline_policies: vec![InlinePolicy {
                            name: "all".into(),
                            document:
                                r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
                                    .into(),
                        }],
                        ..Default::default()
                    },
                ),
                function("app", |_| {}),
                role(
                    "app",
                    IamRoleProps {
                        attached_policy_arns: vec![
                            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
                                .into(),
                        ],
                        ..Default::default()
                    },
                ),
            ],
        );
        assert_eq!(status_of(&f, "function:admin"), Some(Status::Fail));
        assert_eq!(status_of(&f, "function:inline"), Some(Status::Fail));
        assert_eq!(status_of(&f, "function:app"), Some(Status::Pass));
    }
}
