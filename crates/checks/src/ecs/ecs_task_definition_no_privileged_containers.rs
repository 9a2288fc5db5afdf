//! ECS task definitions run no privileged containers.
//!
//! Why: a privileged container has root on the host: any compromise of it is a compromise of the
//! container instance and every task on it.
//! Fix: register a new revision with `privileged: false` and grant specific Linux capabilities if
//! needed.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "ecs_task_definition_no_privileged_containers",
    title: "ECS task definitions do not run privileged containers",
    severity: Severity::High,
    kinds: &[ResourceKind::EcsTaskDefinition],
    rationale: "A privileged container has root access to the host, so compromising it compromises the host and every task on it.",
    remediation: "Register a new task definition revision with privileged=false; add only the Linux capabilities the container needs.",
    references: &[
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security",
    ],
    compliance: &[],
};

/// Runs the check over every task definition.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for td in ctx.of_kind(ResourceKind::EcsTaskDefinition) {
        let Properties::EcsTaskDefinition(p) = &td.props else {
            continue;
        };
        let privileged: Vec<&str> = p
            .containers
            .iter()
            .filter(|c| c.privileged)
            .map(|c| c.name.as_str())
            .collect();
        out.push(Finding::verdict(
            &META,
            td,
            privileged.is_empty(),
            format!("{}:{} runs no privileged container", p.family, p.revision),
            format!(
                "{}:{} runs privileged container(s) {}",
                p.family,
                p.revision,
                privileged.join(", ")
            ),
            json!({ "privileged_containers": privileged }),
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
    fn fails_privileged_container() {
        let td = |family: &str, privileged| {
            regional(
                ResourceKind::EcsTaskDefinition,
                &format!("arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/{family}:1"),
                Properties::EcsTaskDefinition(EcsTaskDefinitionProps {
                    family: family.into(),
                    revision: 1,
                    containers: vec![ContainerDefinition {
                        name: "app".into(),
                        privileged,
                        ..Default::default()
                    }],
                    ..Default::default()
                }),
            )
        };
        let f = run_check(super::run, vec![td("root", true), td("plain", false)]);
        assert_eq!(status_of(&f, "task-definition/root:1"), Some(Status::Fail));
        assert_eq!(status_of(&f, "task-definition/plain:1"), Some(Status::Pass));
    }
}
