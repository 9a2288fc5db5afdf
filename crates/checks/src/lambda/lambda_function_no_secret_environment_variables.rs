//! Lambda functions keep no secrets in environment variables.
//!
//! Judged on variable names only (the collector never reads values): a name such as
//! `DB_PASSWORD` or `AWS_SECRET_ACCESS_KEY` fails, a reference such as `DB_PASSWORD_SECRET_ARN`
//! passes (see [`crate::secret_names`]).
//!
//! Why: environment variables are returned in plain text to anyone allowed
//! `lambda:GetFunctionConfiguration`, and end up in logs, tickets and infrastructure code.
//! Fix: keep the secret in Secrets Manager or SSM Parameter Store and pass its ARN or name.

use nephos_model::ResourceKind;
use serde_json::json;

use super::functions;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};
use crate::secret_names::secret_names;

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "lambda_function_no_secret_environment_variables",
    title: "Lambda functions have no environment variables named like secrets (passwords, keys, tokens)",
    severity: Severity::High,
    kinds: &[ResourceKind::LambdaFunction],
    rationale: "Environment variables are readable in plain text by anyone allowed lambda:GetFunctionConfiguration and are copied into logs and code; secrets there leak.",
    remediation: "Store the secret in Secrets Manager or SSM Parameter Store, grant the execution role read access, and pass only its ARN or name.",
    references: &[
        "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html",
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html",
    ],
    compliance: &[],
};

/// Runs the check over every function.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in functions(ctx) {
        let names = secret_names(&p.environment_keys);
        out.push(Finding::verdict(
            &META,
            r,
            names.is_empty(),
            || {
                format!(
                    "no environment variable of {} is named like a secret",
                    r.name
                )
            },
            || {
                format!(
                    "{} has environment variable(s) named like secrets: {}",
                    r.name,
                    names.join(", ")
                )
            },
            json!({ "secret_like_variables": names }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::function;
    use crate::finding::Status;
    use crate::testutil::*;

    #[test]
    fn fails_secret_named_variables_passes_references() {
        let f = run_check(
            super::run,
            vec![
                function("leaky", |p| {
                    p.environment_keys = vec!["STAGE".into(), "DB_PASSWORD".into()];
                }),
                function("clean", |p| {
                    p.environment_keys = vec!["STAGE".into(), "DB_PASSWORD_SECRET_ARN".into()];
                }),
            ],
        );
        assert_eq!(status_of(&f, "function:leaky"), Some(Status::Fail));
        assert_eq!(status_of(&f, "function:clean"), Some(Status::Pass));
        let leaky = f
            .iter()
            .find(|x| x.resource.as_str().ends_with(":leaky"))
            .unwrap();
        assert_eq!(leaky.evidence["secret_like_variables"][0], "DB_PASSWORD");
    }
}
