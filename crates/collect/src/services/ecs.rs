//! ECS: clusters, services, tasks and task definitions (`ecs-*` files, camelCase as ECS's API).

use std::collections::BTreeSet;

use aws_sdk_ecs::Client;
use aws_sdk_ecs::types as t;
use serde_json::Value;

use crate::ctx::{Ctx, pages};
use crate::json::obj;

const SVC: &str = "ecs";

fn tags(items: &[t::Tag]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|x| obj().s("key", x.key()).s("value", x.value()).done())
            .collect(),
    )
}

fn key_values(items: &[t::KeyValuePair]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|x| obj().s("name", x.name()).s("value", x.value()).done())
            .collect(),
    )
}

fn awsvpc(n: &t::NetworkConfiguration) -> Value {
    obj()
        .o("awsvpcConfiguration", n.awsvpc_configuration(), |a| {
            obj()
                .ls("subnets", a.subnets())
                .ls("securityGroups", a.security_groups())
                .e("assignPublicIp", a.assign_public_ip())
                .done()
        })
        .done()
}

/// Every ECS read of one region.
pub(crate) async fn collect(cx: &Ctx) {
    let c = Client::new(&cx.sdk);
    let op = "list-clusters";
    let Some(p) = pages!(cx, SVC, op, None, c.list_clusters().into_paginator().send()) else {
        return;
    };
    let arns: Vec<String> = p
        .iter()
        .flat_map(|x| x.cluster_arns().iter().cloned())
        .collect();
    cx.write(SVC, op, None, &obj().ls("clusterArns", &arns).done());
    let mut clusters = Vec::new();
    let op = "describe-clusters";
    for chunk in arns.chunks(100) {
        if let Some(out) = cx
            .one(
                SVC,
                op,
                None,
                &[],
                c.describe_clusters()
                    .set_clusters(Some(chunk.to_vec()))
                    .include(t::ClusterField::Tags)
                    .include(t::ClusterField::Settings)
                    .send(),
            )
            .await
        {
            clusters.extend(out.clusters().iter().cloned());
        }
    }
    let v = obj()
        .l("clusters", &clusters, |x| {
            obj()
                .s("clusterArn", x.cluster_arn())
                .s("clusterName", x.cluster_name())
                .s("status", x.status())
                .i(
                    "registeredContainerInstancesCount",
                    Some(x.registered_container_instances_count()),
                )
                .i("runningTasksCount", Some(x.running_tasks_count()))
                .i("pendingTasksCount", Some(x.pending_tasks_count()))
                .i("activeServicesCount", Some(x.active_services_count()))
                .v("tags", tags(x.tags()))
                .l("settings", x.settings(), |s| {
                    obj().e("name", s.name()).s("value", s.value()).done()
                })
                .ls("capacityProviders", x.capacity_providers())
                .done()
        })
        .done();
    cx.write(SVC, op, None, &v);
    let mut set = tokio::task::JoinSet::new();
    for arn in arns {
        let (cx, c) = (cx.clone(), c.clone());
        set.spawn(async move { cluster(&cx, &c, &arn).await });
    }
    let mut task_definitions = BTreeSet::new();
    while let Some(r) = set.join_next().await {
        if let Ok(defs) = r {
            task_definitions.extend(defs);
        }
    }
    let mut set = tokio::task::JoinSet::new();
    for arn in task_definitions {
        let (cx, c) = (cx.clone(), c.clone());
        set.spawn(async move { task_definition(&cx, &c, &arn).await });
    }
    while set.join_next().await.is_some() {}
}

/// Services and tasks of one cluster; gives the task definitions they use.
async fn cluster(cx: &Ctx, c: &Client, cluster: &str) -> Vec<String> {
    let mut defs = Vec::new();
    let op = "list-services";
    if let Some(p) = pages!(
        cx,
        SVC,
        op,
        Some(cluster),
        c.list_services().cluster(cluster).into_paginator().send()
    ) {
        let arns: Vec<String> = p
            .iter()
            .flat_map(|x| x.service_arns().iter().cloned())
            .collect();
        cx.write(
            SVC,
            op,
            Some(cluster),
            &obj().ls("serviceArns", &arns).done(),
        );
        let mut services = Vec::new();
        let op = "describe-services";
        let mut ok = true;
        for chunk in arns.chunks(10) {
            match cx
                .one(
                    SVC,
                    op,
                    Some(cluster),
                    &[],
                    c.describe_services()
                        .cluster(cluster)
                        .set_services(Some(chunk.to_vec()))
                        .include(t::ServiceField::Tags)
                        .send(),
                )
                .await
            {
                Some(out) => services.extend(out.services().iter().cloned()),
                None => ok = false,
            }
        }
        if ok {
            defs.extend(
                services
                    .iter()
                    .filter_map(|s| s.task_definition().map(str::to_owned)),
            );
            let v = obj().l("services", &services, service).done();
            cx.write(SVC, op, Some(cluster), &v);
        }
    }
    let op = "list-tasks";
    if let Some(p) = pages!(
        cx,
        SVC,
        op,
        Some(cluster),
        c.list_tasks().cluster(cluster).into_paginator().send()
    ) {
        let arns: Vec<String> = p
            .iter()
            .flat_map(|x| x.task_arns().iter().cloned())
            .collect();
        cx.write(SVC, op, Some(cluster), &obj().ls("taskArns", &arns).done());
        let mut tasks = Vec::new();
        let op = "describe-tasks";
        let mut ok = true;
        for chunk in arns.chunks(100) {
            match cx
                .one(
                    SVC,
                    op,
                    Some(cluster),
                    &[],
                    c.describe_tasks()
                        .cluster(cluster)
                        .set_tasks(Some(chunk.to_vec()))
                        .include(t::TaskField::Tags)
                        .send(),
                )
                .await
            {
                Some(out) => tasks.extend(out.tasks().iter().cloned()),
                None => ok = false,
            }
        }
        if ok {
            defs.extend(
                tasks
                    .iter()
                    .filter_map(|s| s.task_definition_arn().map(str::to_owned)),
            );
            let v = obj().l("tasks", &tasks, task).done();
            cx.write(SVC, op, Some(cluster), &v);
        }
    }
    defs
}

fn service(x: &t::Service) -> Value {
    obj()
        .s("serviceArn", x.service_arn())
        .s("serviceName", x.service_name())
        .s("clusterArn", x.cluster_arn())
        .l("loadBalancers", x.load_balancers(), |l| {
            obj()
                .s("targetGroupArn", l.target_group_arn())
                .s("loadBalancerName", l.load_balancer_name())
                .s("containerName", l.container_name())
                .i("containerPort", l.container_port())
                .done()
        })
        .s("status", x.status())
        .i("desiredCount", Some(x.desired_count()))
        .i("runningCount", Some(x.running_count()))
        .i("pendingCount", Some(x.pending_count()))
        .e("launchType", x.launch_type())
        .s("platformVersion", x.platform_version())
        .s("taskDefinition", x.task_definition())
        .s("roleArn", x.role_arn())
        .t("createdAt", x.created_at())
        .o("networkConfiguration", x.network_configuration(), awsvpc)
        .e("schedulingStrategy", x.scheduling_strategy())
        .v("tags", tags(x.tags()))
        .b("enableExecuteCommand", Some(x.enable_execute_command()))
        .done()
}

fn task(x: &t::Task) -> Value {
    obj()
        .l("attachments", x.attachments(), |a| {
            obj()
                .s("id", a.id())
                .s("type", a.r#type())
                .s("status", a.status())
                .v("details", key_values(a.details()))
                .done()
        })
        .s("availabilityZone", x.availability_zone())
        .s("clusterArn", x.cluster_arn())
        .s("containerInstanceArn", x.container_instance_arn())
        .l("containers", x.containers(), |k| {
            obj()
                .s("containerArn", k.container_arn())
                .s("name", k.name())
                .s("image", k.image())
                .s("lastStatus", k.last_status())
                .l("networkInterfaces", k.network_interfaces(), |n| {
                    obj()
                        .s("attachmentId", n.attachment_id())
                        .s("privateIpv4Address", n.private_ipv4_address())
                        .s("ipv6Address", n.ipv6_address())
                        .done()
                })
                .done()
        })
        .t("createdAt", x.created_at())
        .s("desiredStatus", x.desired_status())
        .s("group", x.group())
        .s("lastStatus", x.last_status())
        .e("launchType", x.launch_type())
        .t("startedAt", x.started_at())
        .s("startedBy", x.started_by())
        .v("tags", tags(x.tags()))
        .s("taskArn", x.task_arn())
        .s("taskDefinitionArn", x.task_definition_arn())
        .done()
}

async fn task_definition(cx: &Ctx, c: &Client, arn: &str) {
    let op = "describe-task-definition";
    let Some(out) = cx
        .one(
            SVC,
            op,
            Some(arn),
            &[],
            c.describe_task_definition()
                .task_definition(arn)
                .include(t::TaskDefinitionField::Tags)
                .send(),
        )
        .await
    else {
        return;
    };
    let v = obj()
        .o("taskDefinition", out.task_definition(), |d| {
            obj()
                .s("taskDefinitionArn", d.task_definition_arn())
                .l("containerDefinitions", d.container_definitions(), container)
                .s("family", d.family())
                .s("taskRoleArn", d.task_role_arn())
                .s("executionRoleArn", d.execution_role_arn())
                .e("networkMode", d.network_mode())
                .i("revision", Some(d.revision()))
                .e("status", d.status())
                .le("compatibilities", d.compatibilities())
                .le("requiresCompatibilities", d.requires_compatibilities())
                .s("cpu", d.cpu())
                .s("memory", d.memory())
                .t("registeredAt", d.registered_at())
                .done()
        })
        .v("tags", tags(out.tags()))
        .done();
    cx.write(SVC, op, Some(arn), &v);
}

fn container(k: &t::ContainerDefinition) -> Value {
    obj()
        .s("name", k.name())
        .s("image", k.image())
        .i("cpu", Some(k.cpu()))
        .i("memory", k.memory())
        .l("portMappings", k.port_mappings(), |p| {
            obj()
                .i("containerPort", p.container_port())
                .i("hostPort", p.host_port())
                .e("protocol", p.protocol())
                .s("name", p.name())
                .done()
        })
        .b("essential", k.essential())
        .v("environment", key_values(k.environment()))
        .l("secrets", k.secrets(), |s| {
            obj()
                .s("name", Some(s.name()))
                .s("valueFrom", Some(s.value_from()))
                .done()
        })
        .s("user", k.user())
        .b("privileged", k.privileged())
        .b("readonlyRootFilesystem", k.readonly_root_filesystem())
        .done()
}
