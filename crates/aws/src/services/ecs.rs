//! ECS (camelCase responses): clusters, services, task definitions, tasks.

use crate::items::Items;
use nephos_model::props::*;
use nephos_model::{Properties, RelationshipKind as K, ResourceId, ResourceKind};
use serde::Deserialize;
use serde_json::Result;

use crate::out::{Ctx, Out};
use crate::text::{LowerTag, Text, ipv4, opt, opt_time, port, strings};

fn lower_tags(list: &[LowerTag<'_>]) -> nephos_model::Tags {
    list.iter()
        .map(|t| (t.key.to_owned_string(), t.value.to_owned_string()))
        .collect()
}

#[derive(Deserialize)]
struct Setting<'a> {
    #[serde(default, borrow)]
    name: Text<'a>,
    #[serde(default, borrow)]
    value: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Cluster<'a> {
    #[serde(borrow)]
    cluster_arn: Text<'a>,
    #[serde(default, borrow)]
    cluster_name: Option<Text<'a>>,
    #[serde(default, borrow)]
    status: Text<'a>,
    #[serde(default)]
    running_tasks_count: i64,
    #[serde(default, borrow)]
    settings: Vec<Setting<'a>>,
    #[serde(default, borrow)]
    tags: Vec<LowerTag<'a>>,
}

#[derive(Deserialize)]
struct Clusters<'a> {
    #[serde(default, borrow)]
    clusters: Items<Cluster<'a>>,
}

/// `ecs-list-clusters.json`, `ecs-list-services/…`, `ecs-list-tasks/…`: lists of ARNs whose
/// resources come from the matching describe call; read for coverage and shape only.
pub fn arn_list(_ctx: &Ctx<'_>, bytes: &[u8], _out: &mut Out) -> Result<()> {
    let _: serde::de::IgnoredAny = serde_json::from_slice(bytes)?;
    Ok(())
}

/// `ecs-describe-clusters.json`.
pub fn clusters(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Clusters<'_> = serde_json::from_slice(bytes)?;
    for c in doc.clusters {
        let id = ResourceId::new(c.cluster_arn.as_str());
        let name = opt(&c.cluster_name).unwrap_or_else(|| id.short().to_owned());
        let mut r = ctx.resource(id.clone(), ResourceKind::EcsCluster, name);
        r.tags = lower_tags(&c.tags);
        r.props = Properties::EcsCluster(EcsClusterProps {
            status: c.status.to_owned_string(),
            container_insights: c.settings.iter().any(|s| {
                s.name.as_str() == "containerInsights"
                    && matches!(s.value.as_str(), "enabled" | "enhanced")
            }),
            running_tasks_count: c.running_tasks_count,
        });
        out.rel(
            ctx.region_id(),
            K::Contains,
            id,
            "ecs:DescribeClusters clusters[].clusterArn",
        );
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AwsVpc<'a> {
    #[serde(default, borrow)]
    subnets: Vec<Text<'a>>,
    #[serde(default, borrow)]
    security_groups: Vec<Text<'a>>,
    #[serde(default, borrow)]
    assign_public_ip: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NetworkConfiguration<'a> {
    #[serde(default, borrow)]
    awsvpc_configuration: Option<AwsVpc<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LbShape<'a> {
    #[serde(default, borrow)]
    target_group_arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    load_balancer_name: Option<Text<'a>>,
    #[serde(default, borrow)]
    container_name: Option<Text<'a>>,
    #[serde(default)]
    container_port: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Service<'a> {
    #[serde(borrow)]
    service_arn: Text<'a>,
    #[serde(default, borrow)]
    service_name: Option<Text<'a>>,
    #[serde(default, borrow)]
    cluster_arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    task_definition: Text<'a>,
    #[serde(default, borrow)]
    launch_type: Option<Text<'a>>,
    #[serde(default, borrow)]
    network_configuration: Option<NetworkConfiguration<'a>>,
    #[serde(default, borrow)]
    load_balancers: Vec<LbShape<'a>>,
    #[serde(default)]
    desired_count: i64,
    #[serde(default, borrow)]
    status: Text<'a>,
    #[serde(default, borrow)]
    created_at: Option<Text<'a>>,
    #[serde(default, borrow)]
    tags: Vec<LowerTag<'a>>,
}

#[derive(Deserialize)]
struct Services<'a> {
    #[serde(default, borrow)]
    services: Items<Service<'a>>,
}

fn awsvpc(n: &Option<NetworkConfiguration<'_>>) -> Option<AwsVpcConfiguration> {
    let v = n.as_ref()?.awsvpc_configuration.as_ref()?;
    Some(AwsVpcConfiguration {
        subnet_ids: strings(&v.subnets),
        security_group_ids: strings(&v.security_groups),
        assign_public_ip: v
            .assign_public_ip
            .as_ref()
            .is_some_and(|a| a.as_str() == "ENABLED"),
    })
}

/// `ecs-describe-services/<cluster-arn>`.
pub fn services(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Services<'_> = serde_json::from_slice(bytes)?;
    for s in doc.services {
        let id = ResourceId::new(s.service_arn.as_str());
        let cluster = opt(&s.cluster_arn).unwrap_or_else(|| ctx.param().to_owned());
        out.rel(
            ResourceId::new(cluster.as_str()),
            K::Contains,
            id.clone(),
            "ecs:DescribeServices services[].clusterArn",
        );
        if !s.task_definition.is_empty() {
            out.rel(
                id.clone(),
                K::InstanceOf,
                ResourceId::new(s.task_definition.as_str()),
                "ecs:DescribeServices services[].taskDefinition",
            );
        }
        let network = awsvpc(&s.network_configuration);
        for g in network.iter().flat_map(|n| &n.security_group_ids) {
            out.rel(id.clone(), K::AttachedTo, ctx.ec2("security-group", g), "ecs:DescribeServices services[].networkConfiguration.awsvpcConfiguration.securityGroups");
        }
        let load_balancers: Vec<EcsLoadBalancer> = s
            .load_balancers
            .iter()
            .map(|l| EcsLoadBalancer {
                target_group_arn: opt(&l.target_group_arn),
                load_balancer_name: opt(&l.load_balancer_name),
                container_name: opt(&l.container_name),
                container_port: port(l.container_port),
            })
            .collect();
        let name = opt(&s.service_name).unwrap_or_else(|| id.short().to_owned());
        let mut r = ctx.resource(id, ResourceKind::EcsService, name);
        r.tags = lower_tags(&s.tags);
        r.created = opt_time(&s.created_at);
        r.props = Properties::EcsService(EcsServiceProps {
            cluster_arn: cluster,
            task_definition_arn: s.task_definition.to_owned_string(),
            launch_type: opt(&s.launch_type),
            network,
            load_balancers,
            desired_count: s.desired_count,
            status: s.status.to_owned_string(),
        });
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PortMapping<'a> {
    #[serde(default)]
    container_port: Option<i64>,
    #[serde(default)]
    host_port: Option<i64>,
    #[serde(default, borrow)]
    protocol: Option<Text<'a>>,
}

#[derive(Deserialize)]
struct EnvVar<'a> {
    #[serde(default, borrow)]
    name: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Container<'a> {
    #[serde(default, borrow)]
    name: Text<'a>,
    #[serde(default, borrow)]
    image: Text<'a>,
    #[serde(default)]
    privileged: Option<bool>,
    #[serde(default)]
    readonly_root_filesystem: Option<bool>,
    #[serde(default, borrow)]
    user: Option<Text<'a>>,
    #[serde(default, borrow)]
    port_mappings: Vec<PortMapping<'a>>,
    #[serde(default, borrow)]
    environment: Vec<EnvVar<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TaskDefinition<'a> {
    #[serde(borrow)]
    task_definition_arn: Text<'a>,
    #[serde(default, borrow)]
    family: Text<'a>,
    #[serde(default)]
    revision: i64,
    #[serde(default, borrow)]
    task_role_arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    execution_role_arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    network_mode: Option<Text<'a>>,
    #[serde(default, borrow)]
    container_definitions: Vec<Container<'a>>,
    #[serde(default, borrow)]
    requires_compatibilities: Vec<Text<'a>>,
    #[serde(default, borrow)]
    registered_at: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DescribeTaskDefinition<'a> {
    #[serde(borrow)]
    task_definition: TaskDefinition<'a>,
    #[serde(default, borrow)]
    tags: Vec<LowerTag<'a>>,
}

/// `ecs-describe-task-definition/<task-definition-arn>`.
pub fn task_definition(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: DescribeTaskDefinition<'_> = serde_json::from_slice(bytes)?;
    let t = doc.task_definition;
    let id = ResourceId::new(t.task_definition_arn.as_str());
    if let Some(role) = opt(&t.task_role_arn) {
        out.rel(
            id.clone(),
            K::UsesRole,
            ResourceId::new(role),
            "ecs:DescribeTaskDefinition taskDefinition.taskRoleArn",
        );
    }
    if let Some(role) = opt(&t.execution_role_arn) {
        out.rel(
            id.clone(),
            K::UsesExecutionRole,
            ResourceId::new(role),
            "ecs:DescribeTaskDefinition taskDefinition.executionRoleArn",
        );
    }
    out.rel(
        ctx.region_id(),
        K::Contains,
        id.clone(),
        "ecs:DescribeTaskDefinition taskDefinition.taskDefinitionArn",
    );
    let name = format!("{}:{}", t.family, t.revision);
    let mut r = ctx.resource(id, ResourceKind::EcsTaskDefinition, name);
    r.tags = lower_tags(&doc.tags);
    r.created = opt_time(&t.registered_at);
    r.props = Properties::EcsTaskDefinition(EcsTaskDefinitionProps {
        family: t.family.to_owned_string(),
        revision: t.revision,
        task_role_arn: opt(&t.task_role_arn),
        execution_role_arn: opt(&t.execution_role_arn),
        network_mode: opt(&t.network_mode),
        containers: t
            .container_definitions
            .iter()
            .map(|c| ContainerDefinition {
                name: c.name.to_owned_string(),
                image: c.image.to_owned_string(),
                privileged: c.privileged.unwrap_or(false),
                readonly_root_filesystem: c.readonly_root_filesystem.unwrap_or(false),
                user: opt(&c.user),
                port_mappings: c
                    .port_mappings
                    .iter()
                    .filter_map(|p| {
                        Some((
                            port(p.container_port)?,
                            port(p.host_port),
                            p.protocol
                                .as_ref()
                                .map_or_else(|| "tcp".to_owned(), Text::to_owned_string),
                        ))
                    })
                    .collect(),
                environment_keys: c
                    .environment
                    .iter()
                    .map(|e| e.name.to_owned_string())
                    .collect(),
            })
            .collect(),
        requires_compatibilities: strings(&t.requires_compatibilities),
    });
    out.resources.push(r);
    Ok(())
}

#[derive(Deserialize)]
struct Detail<'a> {
    #[serde(default, borrow)]
    name: Text<'a>,
    #[serde(default, borrow)]
    value: Option<Text<'a>>,
}

#[derive(Deserialize)]
struct TaskAttachment<'a> {
    #[serde(default, borrow, rename = "type")]
    attachment_type: Text<'a>,
    #[serde(default, borrow)]
    details: Vec<Detail<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Task<'a> {
    #[serde(borrow)]
    task_arn: Text<'a>,
    #[serde(default, borrow)]
    cluster_arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    task_definition_arn: Text<'a>,
    #[serde(default, borrow)]
    launch_type: Option<Text<'a>>,
    #[serde(default, borrow)]
    last_status: Text<'a>,
    #[serde(default, borrow)]
    group: Option<Text<'a>>,
    #[serde(default, borrow)]
    attachments: Vec<TaskAttachment<'a>>,
    #[serde(default, borrow)]
    container_instance_arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    created_at: Option<Text<'a>>,
    #[serde(default, borrow)]
    tags: Vec<LowerTag<'a>>,
}

#[derive(Deserialize)]
struct Tasks<'a> {
    #[serde(default, borrow)]
    tasks: Items<Task<'a>>,
}

/// `ecs-describe-tasks/<cluster-arn>`.
pub fn tasks(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Tasks<'_> = serde_json::from_slice(bytes)?;
    for t in doc.tasks {
        let id = ResourceId::new(t.task_arn.as_str());
        let cluster = opt(&t.cluster_arn).unwrap_or_else(|| ctx.param().to_owned());
        let cluster_id = ResourceId::new(cluster.as_str());
        let group = opt(&t.group);
        match group.as_deref().and_then(|g| g.strip_prefix("service:")) {
            Some(service) => {
                let cluster_name = cluster_id.short();
                let service_id = ResourceId::arn(
                    "ecs",
                    ctx.region,
                    ctx.account,
                    &format!("service/{cluster_name}/{service}"),
                );
                out.rel(
                    cluster_id.clone(),
                    K::Contains,
                    service_id.clone(),
                    "ecs:DescribeTasks tasks[].group",
                );
                out.rel(
                    service_id,
                    K::Contains,
                    id.clone(),
                    "ecs:DescribeTasks tasks[].group",
                );
            }
            None => out.rel(
                cluster_id,
                K::Contains,
                id.clone(),
                "ecs:DescribeTasks tasks[].clusterArn",
            ),
        }
        if !t.task_definition_arn.is_empty() {
            out.rel(
                id.clone(),
                K::InstanceOf,
                ResourceId::new(t.task_definition_arn.as_str()),
                "ecs:DescribeTasks tasks[].taskDefinitionArn",
            );
        }
        let mut eni = None;
        let mut subnet = None;
        let mut private_ip = None;
        for a in t
            .attachments
            .iter()
            .filter(|a| a.attachment_type.as_str() == "ElasticNetworkInterface")
        {
            for d in &a.details {
                match d.name.as_str() {
                    "networkInterfaceId" => eni = opt(&d.value),
                    "subnetId" => subnet = opt(&d.value),
                    "privateIPv4Address" => private_ip = ipv4(&d.value),
                    _ => {}
                }
            }
        }
        if let Some(e) = &eni {
            out.rel(
                id.clone(),
                K::AttachedTo,
                ctx.ec2("network-interface", e),
                "ecs:DescribeTasks tasks[].attachments[].details[networkInterfaceId]",
            );
        }
        if let Some(s) = &subnet {
            out.rel(
                ctx.ec2("subnet", s),
                K::Contains,
                id.clone(),
                "ecs:DescribeTasks tasks[].attachments[].details[subnetId]",
            );
        }
        let short = id.short().to_owned();
        let mut r = ctx.resource(id, ResourceKind::EcsTask, short);
        r.tags = lower_tags(&t.tags);
        r.created = opt_time(&t.created_at);
        r.props = Properties::EcsTask(EcsTaskProps {
            cluster_arn: cluster,
            task_definition_arn: t.task_definition_arn.to_owned_string(),
            launch_type: opt(&t.launch_type),
            last_status: t.last_status.to_owned_string(),
            group,
            network_interface_id: eni,
            subnet_id: subnet,
            private_ip,
            container_instance_arn: opt(&t.container_instance_arn),
        });
        out.resources.push(r);
    }
    Ok(())
}
