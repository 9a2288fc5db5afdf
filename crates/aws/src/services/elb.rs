//! Elastic Load Balancing: v2 load balancers, listeners, target groups and targets; classic ELBs.

use crate::items::Items;
use nephos_model::props::*;
use nephos_model::{Properties, RelationshipKind as K, ResourceId, ResourceKind};
use serde::Deserialize;
use serde_json::Result;

use crate::out::{Ctx, Out, Target};
use crate::services::lambda::function_arn;
use crate::text::{Tag, Text, name_for, opt, opt_time, port, strings, tags};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Zone<'a> {
    #[serde(default, borrow)]
    zone_name: Text<'a>,
    #[serde(default, borrow)]
    subnet_id: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Code<'a> {
    #[serde(default, borrow)]
    code: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct LoadBalancer<'a> {
    #[serde(borrow)]
    load_balancer_arn: Text<'a>,
    #[serde(default, borrow)]
    load_balancer_name: Option<Text<'a>>,
    #[serde(default, borrow, rename = "DNSName")]
    dns_name: Text<'a>,
    #[serde(default, borrow)]
    scheme: Text<'a>,
    #[serde(default, borrow)]
    vpc_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    state: Option<Code<'a>>,
    #[serde(default, borrow, rename = "Type")]
    lb_type: Text<'a>,
    #[serde(default, borrow)]
    availability_zones: Vec<Zone<'a>>,
    #[serde(default, borrow)]
    security_groups: Vec<Text<'a>>,
    #[serde(default, borrow)]
    ip_address_type: Text<'a>,
    #[serde(default, borrow)]
    created_time: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct LoadBalancers<'a> {
    #[serde(default, borrow)]
    load_balancers: Items<LoadBalancer<'a>>,
}

/// `elbv2-describe-load-balancers.json`.
pub fn load_balancers(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: LoadBalancers<'_> = serde_json::from_slice(bytes)?;
    for lb in doc.load_balancers {
        let id = ResourceId::new(lb.load_balancer_arn.as_str());
        let subnet_ids: Vec<String> = lb
            .availability_zones
            .iter()
            .filter_map(|z| opt(&z.subnet_id))
            .collect();
        for s in &subnet_ids {
            out.rel(
                ctx.ec2("subnet", s),
                K::Contains,
                id.clone(),
                "elbv2:DescribeLoadBalancers LoadBalancers[].AvailabilityZones[].SubnetId",
            );
        }
        if subnet_ids.is_empty() {
            out.rel(
                ctx.region_id(),
                K::Contains,
                id.clone(),
                "elbv2:DescribeLoadBalancers LoadBalancers[].LoadBalancerArn",
            );
        }
        for g in &lb.security_groups {
            out.rel(
                id.clone(),
                K::AttachedTo,
                ctx.ec2("security-group", g.as_str()),
                "elbv2:DescribeLoadBalancers LoadBalancers[].SecurityGroups",
            );
        }
        let short = id.short().to_owned();
        let mut r = ctx.resource(
            id,
            ResourceKind::LoadBalancer,
            name_for(
                &Default::default(),
                lb.load_balancer_name.as_ref().map(Text::as_str),
                &short,
            ),
        );
        r.created = opt_time(&lb.created_time);
        r.props = Properties::LoadBalancer(LoadBalancerProps {
            lb_type: lb.lb_type.to_owned_string(),
            scheme: lb.scheme.to_owned_string(),
            vpc_id: opt(&lb.vpc_id),
            subnet_ids,
            availability_zones: lb
                .availability_zones
                .iter()
                .map(|z| z.zone_name.to_owned_string())
                .collect(),
            security_group_ids: strings(&lb.security_groups),
            dns_name: lb.dns_name.to_owned_string(),
            ip_address_type: lb.ip_address_type.to_owned_string(),
            state: lb
                .state
                .as_ref()
                .map(|s| s.code.to_owned_string())
                .unwrap_or_default(),
        });
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TargetGroupRef<'a> {
    #[serde(borrow)]
    target_group_arn: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ForwardConfig<'a> {
    #[serde(default, borrow)]
    target_groups: Vec<TargetGroupRef<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Action<'a> {
    #[serde(default, borrow, rename = "Type")]
    action_type: Text<'a>,
    #[serde(default, borrow)]
    target_group_arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    forward_config: Option<ForwardConfig<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Listener<'a> {
    #[serde(borrow)]
    listener_arn: Text<'a>,
    #[serde(default, borrow)]
    load_balancer_arn: Option<Text<'a>>,
    #[serde(default)]
    port: Option<i64>,
    #[serde(default, borrow)]
    protocol: Text<'a>,
    #[serde(default, borrow)]
    ssl_policy: Option<Text<'a>>,
    #[serde(default, borrow)]
    default_actions: Vec<Action<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Listeners<'a> {
    #[serde(default, borrow)]
    listeners: Items<Listener<'a>>,
}

/// `elbv2-describe-listeners/<lb-arn>`.
pub fn listeners(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Listeners<'_> = serde_json::from_slice(bytes)?;
    for l in doc.listeners {
        let id = ResourceId::new(l.listener_arn.as_str());
        let lb = opt(&l.load_balancer_arn).unwrap_or_else(|| ctx.param().to_owned());
        out.rel(
            ResourceId::new(lb.as_str()),
            K::ForwardsTo,
            id.clone(),
            "elbv2:DescribeListeners Listeners[].LoadBalancerArn",
        );
        let mut default_actions = Vec::new();
        for a in &l.default_actions {
            let mut tgs: Vec<String> = opt(&a.target_group_arn).into_iter().collect();
            for t in a.forward_config.iter().flat_map(|f| &f.target_groups) {
                let t = t.target_group_arn.to_owned_string();
                if !tgs.contains(&t) {
                    tgs.push(t);
                }
            }
            for t in &tgs {
                out.rel(
                    id.clone(),
                    K::ForwardsTo,
                    ResourceId::new(t.as_str()),
                    "elbv2:DescribeListeners Listeners[].DefaultActions[].TargetGroupArn",
                );
            }
            default_actions.push(ListenerAction {
                action_type: a.action_type.to_owned_string(),
                target_group_arns: tgs,
            });
        }
        let name = format!("{}:{}", l.protocol, l.port.unwrap_or_default());
        let mut r = ctx.resource(id, ResourceKind::Listener, name);
        r.props = Properties::Listener(ListenerProps {
            load_balancer_arn: lb,
            port: port(l.port),
            protocol: l.protocol.to_owned_string(),
            default_actions,
            ssl_policy: opt(&l.ssl_policy),
        });
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TargetGroup<'a> {
    #[serde(borrow)]
    target_group_arn: Text<'a>,
    #[serde(default, borrow)]
    target_group_name: Option<Text<'a>>,
    #[serde(default, borrow)]
    protocol: Option<Text<'a>>,
    #[serde(default)]
    port: Option<i64>,
    #[serde(default, borrow)]
    vpc_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    target_type: Text<'a>,
    #[serde(default, borrow)]
    load_balancer_arns: Vec<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TargetGroups<'a> {
    #[serde(default, borrow)]
    target_groups: Items<TargetGroup<'a>>,
}

/// `elbv2-describe-target-groups.json`.
pub fn target_groups(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: TargetGroups<'_> = serde_json::from_slice(bytes)?;
    for t in doc.target_groups {
        let id = ResourceId::new(t.target_group_arn.as_str());
        for lb in &t.load_balancer_arns {
            out.rel(
                id.clone(),
                K::AttachedTo,
                ResourceId::new(lb.as_str()),
                "elbv2:DescribeTargetGroups TargetGroups[].LoadBalancerArns",
            );
        }
        match opt(&t.vpc_id) {
            Some(v) => out.rel(
                ctx.ec2("vpc", &v),
                K::Contains,
                id.clone(),
                "elbv2:DescribeTargetGroups TargetGroups[].VpcId",
            ),
            None => out.rel(
                ctx.region_id(),
                K::Contains,
                id.clone(),
                "elbv2:DescribeTargetGroups TargetGroups[].TargetGroupArn",
            ),
        }
        let short = id.short().to_owned();
        let mut r = ctx.resource(
            id,
            ResourceKind::TargetGroup,
            name_for(
                &Default::default(),
                t.target_group_name.as_ref().map(Text::as_str),
                &short,
            ),
        );
        r.props = Properties::TargetGroup(TargetGroupProps {
            target_type: t.target_type.to_owned_string(),
            protocol: opt(&t.protocol),
            port: port(t.port),
            vpc_id: opt(&t.vpc_id),
            load_balancer_arns: strings(&t.load_balancer_arns),
            targets: Vec::new(),
            targets_collected: false,
        });
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TargetShape<'a> {
    #[serde(borrow)]
    id: Text<'a>,
    #[serde(default)]
    port: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Health<'a> {
    #[serde(default, borrow)]
    state: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct HealthDescription<'a> {
    #[serde(borrow)]
    target: TargetShape<'a>,
    #[serde(default, borrow)]
    target_health: Option<Health<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TargetHealth<'a> {
    #[serde(default, borrow)]
    target_health_descriptions: Items<HealthDescription<'a>>,
}

/// `elbv2-describe-target-health/<tg-arn>`: targets resolved to instances, the interfaces holding
/// IP targets, Lambda functions and ALBs.
pub fn target_health(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: TargetHealth<'_> = serde_json::from_slice(bytes)?;
    let tg = ResourceId::new(ctx.param());
    let mut targets = Vec::new();
    for d in &doc.target_health_descriptions {
        let t = d.target.id.as_str();
        let to = if t.starts_with("i-") {
            Some(ctx.ec2("instance", t))
        } else if t.starts_with("arn:") && t.contains(":lambda:") {
            Some(Target::Id(ResourceId::new(function_arn(t))))
        } else if t.starts_with("arn:") {
            Some(Target::Id(ResourceId::new(t)))
        } else {
            // IP targets resolve after import, in the target group's VPC (`resolve::ip_targets`).
            None
        };
        if let Some(to) = to {
            out.rel(
                tg.clone(),
                K::ForwardsTo,
                to,
                "elbv2:DescribeTargetHealth TargetHealthDescriptions[].Target.Id",
            );
        }
        targets.push(nephos_model::props::Target {
            id: t.to_owned(),
            port: port(d.target.port),
            health: d.target_health.as_ref().and_then(|h| opt(&h.state)),
        });
    }
    out.patch(tg, move |r| {
        if let Properties::TargetGroup(p) = &mut r.props {
            p.targets = targets;
            p.targets_collected = true;
        }
    });
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TagDescription<'a> {
    #[serde(borrow)]
    resource_arn: Text<'a>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TagDescriptions<'a> {
    #[serde(default, borrow)]
    tag_descriptions: Items<TagDescription<'a>>,
}

/// `elbv2-describe-tags.json`.
pub fn elbv2_tags(_ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: TagDescriptions<'_> = serde_json::from_slice(bytes)?;
    for d in doc.tag_descriptions {
        let t = tags(&d.tags);
        out.patch(ResourceId::new(d.resource_arn.as_str()), move |r| {
            r.tags.extend(t)
        });
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ClassicListenerShape<'a> {
    #[serde(default, borrow)]
    protocol: Text<'a>,
    #[serde(default)]
    load_balancer_port: Option<i64>,
    #[serde(default, borrow)]
    instance_protocol: Text<'a>,
    #[serde(default)]
    instance_port: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListenerDescription<'a> {
    #[serde(borrow)]
    listener: ClassicListenerShape<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct InstanceRef<'a> {
    #[serde(borrow)]
    instance_id: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ClassicLb<'a> {
    #[serde(borrow)]
    load_balancer_name: Text<'a>,
    #[serde(default, borrow, rename = "DNSName")]
    dns_name: Text<'a>,
    #[serde(default, borrow)]
    scheme: Text<'a>,
    #[serde(default, borrow, rename = "VPCId")]
    vpc_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    subnets: Vec<Text<'a>>,
    #[serde(default, borrow)]
    security_groups: Vec<Text<'a>>,
    #[serde(default, borrow)]
    listener_descriptions: Vec<ListenerDescription<'a>>,
    #[serde(default, borrow)]
    instances: Vec<InstanceRef<'a>>,
    #[serde(default, borrow)]
    created_time: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ClassicLbs<'a> {
    #[serde(default, borrow)]
    load_balancer_descriptions: Items<ClassicLb<'a>>,
}

/// `elb-describe-load-balancers.json`.
pub fn classic_load_balancers(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: ClassicLbs<'_> = serde_json::from_slice(bytes)?;
    for lb in doc.load_balancer_descriptions {
        let name = lb.load_balancer_name.to_owned_string();
        let id = ResourceId::arn(
            "elasticloadbalancing",
            ctx.region,
            ctx.account,
            &format!("loadbalancer/{name}"),
        );
        for s in &lb.subnets {
            out.rel(
                ctx.ec2("subnet", s.as_str()),
                K::Contains,
                id.clone(),
                "elb:DescribeLoadBalancers LoadBalancerDescriptions[].Subnets",
            );
        }
        if lb.subnets.is_empty() {
            out.rel(
                ctx.region_id(),
                K::Contains,
                id.clone(),
                "elb:DescribeLoadBalancers LoadBalancerDescriptions[].LoadBalancerName",
            );
        }
        for g in &lb.security_groups {
            out.rel(
                id.clone(),
                K::AttachedTo,
                ctx.ec2("security-group", g.as_str()),
                "elb:DescribeLoadBalancers LoadBalancerDescriptions[].SecurityGroups",
            );
        }
        for i in &lb.instances {
            out.rel(
                id.clone(),
                K::ForwardsTo,
                ctx.ec2("instance", i.instance_id.as_str()),
                "elb:DescribeLoadBalancers LoadBalancerDescriptions[].Instances[].InstanceId",
            );
        }
        let mut r = ctx.resource(id, ResourceKind::ClassicLoadBalancer, name);
        r.created = opt_time(&lb.created_time);
        r.props = Properties::ClassicLoadBalancer(ClassicLoadBalancerProps {
            scheme: lb.scheme.to_owned_string(),
            vpc_id: opt(&lb.vpc_id),
            subnet_ids: strings(&lb.subnets),
            security_group_ids: strings(&lb.security_groups),
            listeners: lb
                .listener_descriptions
                .iter()
                .map(|d| ClassicListener {
                    protocol: d.listener.protocol.to_owned_string(),
                    load_balancer_port: port(d.listener.load_balancer_port).unwrap_or_default(),
                    instance_protocol: d.listener.instance_protocol.to_owned_string(),
                    instance_port: port(d.listener.instance_port).unwrap_or_default(),
                })
                .collect(),
            instance_ids: lb
                .instances
                .iter()
                .map(|i| i.instance_id.to_owned_string())
                .collect(),
            dns_name: lb.dns_name.to_owned_string(),
        });
        out.resources.push(r);
    }
    Ok(())
}
