//! Lambda resource policies do not let everyone invoke or manage the function.
//!
//! Why: a `*` principal without a restricting condition (such as `aws:SourceArn` for the trigger)
//! lets any AWS account invoke the function.
//! Fix: `aws lambda remove-permission` for the public statement and re-add it with the trigger's
//! `--source-arn` / `--source-account`.

use serde_json::json;

use super::functions;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};
use crate::policy_patterns;
use nephos_model::ResourceKind;

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "lambda_function_policy_not_public",
    title: "Lambda function resource policies do not grant access to everyone",
    severity: Severity::High,
    kinds: &[ResourceKind::LambdaFunction],
    rationale: "A `*` principal without a restricting condition lets any AWS account invoke the function.",
    remediation: "Remove the public permission (aws lambda remove-permission) and grant the trigger with --source-arn and --source-account.",
    references: &[
        "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
    ],
    compliance: &[],
};

/// Runs the check over functions whose policy was collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in functions(ctx) {
        let Some(policy) = &p.policy else {
            continue;
        };
        let Ok(public) = ctx.public_statements(policy, r) else {
            continue;
        };
        let statements: Vec<_> = public.iter().map(policy_patterns::evidence).collect();
        out.push(Finding::verdict(
            &META,
            r,
            public.is_empty(),
            || format!("the policy of {} grants nothing to everyone", r.name),
            || format!("the policy of {} lets anyone invoke it", r.name),
            json!({ "public_statements": statements }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::function;
    use crate::finding::Status;
    use crate::testutil::*;

    #[test]
    fn fails_public_invoke() {
        let open = r#"{"Statement":[{"Sid":"any","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"}]}"#;
        let s3 = r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"*","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::b"}}}]}"#;
        let f = run_check(
            super::run,
            vec![
                function("open", |p| p.policy = Some(open.into())),
                function("s3", |p| p.policy = Some(s3.into())),
            ],
        );
        assert_eq!(status_of(&f, "function:open"), Some(Status::Fail));
        assert_eq!(status_of(&f, "function:s3"), Some(Status::Pass));
    }
}
