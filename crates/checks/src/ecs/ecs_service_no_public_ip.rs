//! ECS services do not assign public IP addresses to their tasks.
//!
//! Why: with `assignPublicIp=ENABLED` every task gets a public address and is reachable from the
//! internet wherever its security groups allow.
//! Fix: update the service's network configuration to `assignPublicIp=DISABLED`, place tasks in
//! private subnets with a NAT gateway, and publish through a load balancer.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "ecs_service_no_public_ip",
    title: "ECS services do not assign public IP addresses to tasks",
    severity: Severity::Medium,
    kinds: &[ResourceKind::EcsService],
    rationale: "Tasks with public addresses are reachable from the internet wherever their security groups allow.",
    remediation: "aws ecs update-service --network-configuration 'awsvpcConfiguration={subnets=[…],securityGroups=[…],assignPublicIp=DISABLED}'",
    references: &[
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html",
    ],
    compliance: &[],
};

/// Runs the check over awsvpc services.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for s in ctx.of_kind(ResourceKind::EcsService) {
        let Properties::EcsService(p) = &s.props else {
            continue;
        };
        let Some(net) = &p.network else {
            continue;
        };
        out.push(Finding::verdict(
            &META,
            s,
            !net.assign_public_ip,
            format!("{} gives its tasks no public address", s.name),
            format!("{} gives its tasks public addresses", s.name),
            json!({ "assign_public_ip": net.assign_public_ip, "subnets": net.subnet_ids }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::{AwsVpcConfiguration, EcsServiceProps};
    use nephos_model::{Properties, ResourceKind};

    #[test]
    fn fails_public_ip() {
        let svc = |name: &str, public| {
            regional(
                ResourceKind::EcsService,
                &format!("arn:aws:ecs:{REGION}:{ACCOUNT}:service/c/{name}"),
                Properties::EcsService(EcsServiceProps {
                    network: Some(AwsVpcConfiguration {
                        assign_public_ip: public,
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
            )
        };
        let f = run_check(super::run, vec![svc("pub", true), svc("priv", false)]);
        assert_eq!(status_of(&f, "service/c/pub"), Some(Status::Fail));
        assert_eq!(status_of(&f, "service/c/priv"), Some(Status::Pass));
    }
}
