//! Placement edges read from properties, so compute lands in its subnets even where the import
//! stated only the VPC configuration:
//! - a function's `VpcConfig.SubnetIds`: subnet → function (contains);
//! - an awsvpc task's subnet: subnet → task (contains);
//! - a service's awsvpc subnets: service → subnet (attached to).
//!
//! Subnet short ids are resolved in the resource's own account and region (a subnet shared from
//! another account keeps its owner's ARN in the import's own relationships).

use nephos_model::props::{EcsServiceProps, EcsTaskProps, LambdaFunctionProps};
use nephos_model::{Resource, ResourceId};

use super::{DeriveOutput, DerivedEdge, End};
use crate::edge::{DeriveRule, EdgeKind};
use crate::graph::NodeIx;

fn subnet_id(resource: &Resource, subnet: &str) -> Option<ResourceId> {
    let region = resource.region.as_deref()?;
    (!subnet.is_empty()).then(|| ResourceId::ec2(region, &resource.account, "subnet", subnet))
}

pub(crate) fn function(
    owner: NodeIx,
    resource: &Resource,
    props: &LambdaFunctionProps,
    out: &mut DeriveOutput,
) {
    let Some(vpc) = &props.vpc_config else {
        return;
    };
    let mut subnets: Vec<&String> = vpc.subnet_ids.iter().collect();
    subnets.sort();
    subnets.dedup();
    for s in subnets {
        if let Some(id) = subnet_id(resource, s) {
            out.edges.push(DerivedEdge {
                from: End::Id(id),
                to: End::Node(owner),
                kind: EdgeKind::Contains,
                evidence: "lambda:ListFunctions Functions[].VpcConfig.SubnetIds".into(),
                rule: DeriveRule::Placement,
            });
        }
    }
}

pub(crate) fn task(
    owner: NodeIx,
    resource: &Resource,
    props: &EcsTaskProps,
    out: &mut DeriveOutput,
) {
    if let Some(id) = props
        .subnet_id
        .as_deref()
        .and_then(|s| subnet_id(resource, s))
    {
        out.edges.push(DerivedEdge {
            from: End::Id(id),
            to: End::Node(owner),
            kind: EdgeKind::Contains,
            evidence: "ecs:DescribeTasks tasks[].attachments[].details subnetId".into(),
            rule: DeriveRule::Placement,
        });
    }
}

pub(crate) fn service(
    owner: NodeIx,
    resource: &Resource,
    props: &EcsServiceProps,
    out: &mut DeriveOutput,
) {
    let Some(net) = &props.network else {
        return;
    };
    let mut subnets: Vec<&String> = net.subnet_ids.iter().collect();
    subnets.sort();
    subnets.dedup();
    for s in subnets {
        if let Some(id) = subnet_id(resource, s) {
            out.edges.push(DerivedEdge {
                from: End::Node(owner),
                to: End::Id(id),
                kind: EdgeKind::AttachedTo,
                evidence: "ecs:DescribeServices services[].networkConfiguration.awsvpcConfiguration.subnets"
                    .into(),
                rule: DeriveRule::Placement,
            });
        }
    }
}
