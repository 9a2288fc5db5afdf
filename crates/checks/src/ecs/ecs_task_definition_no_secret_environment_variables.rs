//! ECS task definitions pass no secrets as plain environment variables.
//!
//! Judged on variable names only (the collector never reads values): a container `environment`
//! entry named like `DB_PASSWORD` fails; secrets passed through the `secrets` field (Secrets
//! Manager or SSM references) are not environment entries and pass (see [`crate::secret_names`]).
//!
//! Why: task definition environment values are readable in plain text by anyone allowed
//! `ecs:DescribeTaskDefinition`, and every revision keeps them.
//! Fix: move the value to Secrets Manager or SSM Parameter Store and reference it in `secrets`.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};
use crate::secret_names::secret_names;

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "ecs_task_definition_no_secret_environment_variables",
    title: "ECS task definitions have no container environment variables named like secrets",
    severity: Severity::High,
    kinds: &[ResourceKind::EcsTaskDefinition],
    rationale: "Container environment values are readable in plain text by anyone allowed ecs:DescribeTaskDefinition, and every revision keeps them.",
    remediation: "Put the secret in Secrets Manager or SSM Parameter Store and reference it in the container's `secrets` instead of `environment`.",
    references: &[
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html",
    ],
    compliance: &[],
};

/// Runs the check over every task definition.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for td in ctx.of_kind(ResourceKind::EcsTaskDefinition) {
        let Properties::EcsTaskDefinition(p) = &td.props else {
            continue;
        };
        let found: Vec<serde_json::Value> = p
            .containers
            .iter()
            .filter_map(|c| {
                let names = secret_names(&c.environment_keys);
                (!names.is_empty()).then(|| json!({ "container": c.name, "variables": names }))
            })
            .collect();
        out.push(Finding::verdict(
            &META,
            td,
            found.is_empty(),
            || {
                format!(
                    "{}:{} passes no secret-named environment variable",
                    p.family, p.revision
                )
            },
            || {
                format!(
                    "{}:{} has container environment variables named like secrets",
                    p.family, p.revision
                )
            },
            json!({ "secret_like_variables": found }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::{ContainerDefinition, EcsTaskDefinitionProps};
    use nephos_model::{Properties, ResourceKind};

    #[test]
    fn fails_secret_named_environment_entries() {
        let td = |family: &str, keys: &[&str]| {
            regional(
                ResourceKind::EcsTaskDefinition,
                &format!("arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/{family}:1"),
                Properties::EcsTaskDefinition(EcsTaskDefinitionProps {
                    family: family.into(),
                    revision: 1,
                    containers: vec![ContainerDefinition {
                        name: "app".into(),
                        environment_keys: keys.iter().map(|k| (*k).to_owned()).collect(),
                        ..Default::default()
                    }],
                    ..Default::default()
                }),
            )
        };
        let f = run_check(
            super::run,
            vec![
                td("leaky", &["PORT", "AWS_SECRET_ACCESS_KEY"]),
                td("plain", &["PORT"]),
            ],
        );
        assert_eq!(status_of(&f, "task-definition/leaky:1"), Some(Status::Fail));
        assert_eq!(status_of(&f, "task-definition/plain:1"), Some(Status::Pass));
    }
}
