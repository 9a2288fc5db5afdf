//! Compute and load balancing: instances, volumes, snapshots, images, ELB, Lambda, ECS.

mod common;

use common::{A, B, assert_rel, ec2, estate, rel, res};
use nephos_model::{Properties, RelationshipKind as K};

const R: &str = "eu-west-1";
const LB: &str =
    "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web-alb/50dc6c495c0c9188";
const LISTENER: &str = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/web-alb/50dc6c495c0c9188/f2f7dc8efc522ab2";
const TG_WEB: &str =
    "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/73e2d6bc24d8a067";
const TG_IP: &str =
    "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/ip/83e2d6bc24d8a067";
const TG_FN: &str =
    "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/fn/93e2d6bc24d8a067";
const FN: &str = "arn:aws:lambda:eu-west-1:111122223333:function:processor";
const KEY: &str = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

#[test]
fn instance_props_and_relationships() {
    let inv = &estate().inventory;
    let i = res(inv, &ec2(R, A, "instance", "i-web"));
    assert_eq!(i.name, "web-1");
    assert!(i.created.is_some());
    let Properties::Instance(p) = &i.props else {
        panic!()
    };
    assert_eq!(p.state, "running");
    assert_eq!(
        p.public_ip.map(|a| a.to_string()).as_deref(),
        Some("54.1.2.3")
    );
    assert_eq!(
        p.security_group_ids,
        vec!["sg-web".to_owned()],
        "groups from the instance and its interface, once"
    );
    assert_eq!(p.ipv6_addresses.len(), 1);
    assert!(p.metadata_options.allows_imdsv1());
    assert_eq!(p.volume_ids, vec!["vol-01".to_owned()]);
    assert!(!p.monitoring_enabled);
    let iid = i.id.as_str();
    assert_rel(
        inv,
        iid,
        K::AttachedTo,
        &ec2(R, A, "network-interface", "eni-web"),
    );
    let profile = format!("arn:aws:iam::{A}:instance-profile/web-profile");
    assert_eq!(
        assert_rel(inv, iid, K::UsesRole, &profile),
        "ec2:DescribeInstances Instances[].IamInstanceProfile.Arn"
    );
    assert_rel(
        inv,
        &profile,
        K::UsesRole,
        &format!("arn:aws:iam::{A}:role/web-role"),
    );
    assert_rel(
        inv,
        iid,
        K::InstanceOf,
        &format!("arn:aws:ec2:{R}::image/ami-01"),
    );
}

#[test]
fn volumes_snapshots_images() {
    let inv = &estate().inventory;
    let vol = ec2(R, A, "volume", "vol-01");
    let Properties::Volume(v) = &res(inv, &vol).props else {
        panic!()
    };
    assert!(v.encrypted);
    assert_eq!(v.attached_instance_ids, vec!["i-web".to_owned()]);
    assert_rel(inv, &vol, K::AttachedTo, &ec2(R, A, "instance", "i-web"));
    assert_rel(inv, &vol, K::EncryptedBy, KEY);
    let snap = format!("arn:aws:ec2:{R}::snapshot/snap-01");
    assert_rel(inv, &vol, K::InstanceOf, &snap);
    let Properties::Snapshot(s) = &res(inv, &snap).props else {
        panic!()
    };
    assert_eq!(s.public, Some(true), "createVolumePermission group all");
    assert_eq!(s.shared_with_accounts, vec![B.to_owned()]);
    let image = res(inv, &format!("arn:aws:ec2:{R}::image/ami-01"));
    assert_eq!(image.name, "web-ami-2024");
    let Properties::Image(im) = &image.props else {
        panic!()
    };
    assert!(!im.public && !im.encrypted);
    assert_eq!(im.snapshot_ids, vec!["snap-01".to_owned()]);
}

#[test]
fn load_balancers_listeners_target_groups_targets() {
    let inv = &estate().inventory;
    let lb = res(inv, LB);
    assert_eq!(lb.name, "web-alb", "the API name, not the Name tag");
    assert_eq!(
        lb.tags.get("env").map(String::as_str),
        Some("prod"),
        "tags from elbv2-describe-tags"
    );
    let Properties::LoadBalancer(p) = &lb.props else {
        panic!()
    };
    assert!(p.internet_facing());
    assert_eq!(p.subnet_ids.len(), 2);
    assert_rel(inv, &ec2(R, A, "subnet", "subnet-0pub"), K::Contains, LB);
    assert_rel(inv, LB, K::ForwardsTo, LISTENER);
    assert_rel(inv, LISTENER, K::ForwardsTo, TG_WEB);
    assert_rel(inv, LISTENER, K::ForwardsTo, TG_IP);
    let Properties::Listener(l) = &res(inv, LISTENER).props else {
        panic!()
    };
    assert_eq!((l.port, l.protocol.as_str()), (Some(443), "HTTPS"));
    assert_eq!(
        l.default_actions[0].target_group_arns.len(),
        2,
        "ForwardConfig groups merged, once each"
    );

    let Properties::TargetGroup(t) = &res(inv, TG_WEB).props else {
        panic!()
    };
    assert!(t.targets_collected);
    assert_eq!(t.targets[0].health.as_deref(), Some("healthy"));
    assert_eq!(
        assert_rel(inv, TG_WEB, K::ForwardsTo, &ec2(R, A, "instance", "i-web")),
        "elbv2:DescribeTargetHealth TargetHealthDescriptions[].Target.Id"
    );
    // an ip target resolves to the interface that holds the address; an address outside is kept in props only
    assert_rel(
        inv,
        TG_IP,
        K::ForwardsTo,
        &ec2(R, A, "network-interface", "eni-app"),
    );
    // eni-other holds the same address in another VPC: private ranges overlap, the VPC decides
    assert!(
        rel(
            inv,
            TG_IP,
            K::ForwardsTo,
            &ec2(R, A, "network-interface", "eni-other")
        )
        .is_none()
    );
    let Properties::TargetGroup(ip) = &res(inv, TG_IP).props else {
        panic!()
    };
    assert_eq!(ip.targets.len(), 2);
    assert_eq!(
        inv.relationships()
            .iter()
            .filter(|r| r.from.as_str() == TG_IP && r.kind == K::ForwardsTo)
            .count(),
        1
    );
    // a qualified function ARN resolves to the function
    assert_rel(inv, TG_FN, K::ForwardsTo, FN);
    let Properties::TargetGroup(f) = &res(inv, TG_FN).props else {
        panic!()
    };
    assert_eq!(f.target_type, "lambda");
    assert_eq!(f.port, None);

    let classic = format!("arn:aws:elasticloadbalancing:{R}:{A}:loadbalancer/legacy-elb");
    let Properties::ClassicLoadBalancer(c) = &res(inv, &classic).props else {
        panic!()
    };
    assert_eq!(c.listeners[0].instance_port, 8080);
    assert_eq!(c.vpc_id.as_deref(), Some("vpc-0a1"));
    assert_rel(
        inv,
        &classic,
        K::ForwardsTo,
        &ec2(R, A, "instance", "i-web"),
    );
}

#[test]
fn lambda_functions_policies_tags_mappings() {
    let inv = &estate().inventory;
    let f = res(inv, FN);
    assert_eq!(f.name, "processor");
    assert_eq!(f.tags.get("team").map(String::as_str), Some("orders"));
    let Properties::LambdaFunction(p) = &f.props else {
        panic!()
    };
    assert_eq!(
        p.environment_keys,
        vec!["DB_PASSWORD".to_owned(), "STAGE".to_owned()]
    );
    assert!(
        !format!("{p:?}").contains("hunter2"),
        "environment values are not kept"
    );
    assert!(p.last_modified.is_some(), "Lambda's +0000 offset parses");
    let policy = p.policy.as_deref().expect("policy collected");
    assert!(policy.contains("arn:aws:s3:::public-site"));
    assert_eq!(p.vpc_config.as_ref().map(|v| v.subnet_ids.len()), Some(1));
    assert_rel(
        inv,
        FN,
        K::UsesRole,
        &format!("arn:aws:iam::{A}:role/lambda-role"),
    );
    assert_rel(inv, FN, K::EncryptedBy, KEY);
    assert_rel(inv, &ec2(R, A, "subnet", "subnet-0priv"), K::Contains, FN);

    let public = format!("arn:aws:lambda:{R}:{A}:function:public-fn");
    let Properties::LambdaFunction(pp) = &res(inv, &public).props else {
        panic!()
    };
    assert!(pp.policy.is_none(), "`{{}}`: collected, no resource policy");
    assert!(pp.vpc_config.is_none(), "an empty VpcConfig is no VPC");
    assert_rel(
        inv,
        &format!("arn:aws:nephos:{R}:{A}:region/{R}"),
        K::Contains,
        &public,
    );

    let esm =
        format!("arn:aws:lambda:{R}:{A}:event-source-mapping:a1b2c3d4-5678-90ab-cdef-11111EXAMPLE");
    assert_rel(inv, &esm, K::Triggers, FN);
    assert_rel(
        inv,
        &format!("arn:aws:sqs:{R}:{A}:orders"),
        K::Triggers,
        &esm,
    );
}

#[test]
fn ecs_clusters_services_task_definitions_tasks() {
    let inv = &estate().inventory;
    let cluster = format!("arn:aws:ecs:{R}:{A}:cluster/prod-cluster");
    let service = format!("arn:aws:ecs:{R}:{A}:service/prod-cluster/web-svc");
    let td = format!("arn:aws:ecs:{R}:{A}:task-definition/web:3");
    let task = format!("arn:aws:ecs:{R}:{A}:task/prod-cluster/0123456789abcdef0");
    let c = res(inv, &cluster);
    assert_eq!(
        c.tags.get("team").map(String::as_str),
        Some("web"),
        "ECS tags are camelCase key/value"
    );
    let Properties::EcsCluster(cp) = &c.props else {
        panic!()
    };
    assert!(cp.container_insights);
    assert_eq!(cp.running_tasks_count, 1);

    let Properties::EcsService(s) = &res(inv, &service).props else {
        panic!()
    };
    assert_eq!(s.launch_type.as_deref(), Some("FARGATE"));
    assert_eq!(s.network.as_ref().map(|n| n.assign_public_ip), Some(false));
    assert_eq!(s.load_balancers[0].container_port, Some(8080));
    assert_rel(inv, &cluster, K::Contains, &service);
    assert_rel(inv, &service, K::InstanceOf, &td);

    let Properties::EcsTaskDefinition(t) = &res(inv, &td).props else {
        panic!()
    };
    assert_eq!((t.family.as_str(), t.revision), ("web", 3));
    assert!(t.containers[0].readonly_root_filesystem);
    assert_eq!(
        t.containers[0].port_mappings[0],
        (8080, Some(8080), "tcp".to_owned())
    );
    assert_eq!(t.containers[0].environment_keys, vec!["API_KEY".to_owned()]);
    assert_rel(
        inv,
        &td,
        K::UsesRole,
        &format!("arn:aws:iam::{A}:role/web-task-role"),
    );
    assert_rel(
        inv,
        &td,
        K::UsesExecutionRole,
        &format!("arn:aws:iam::{A}:role/ecs-exec-role"),
    );

    let Properties::EcsTask(k) = &res(inv, &task).props else {
        panic!()
    };
    assert_eq!(k.network_interface_id.as_deref(), Some("eni-app"));
    assert_eq!(
        k.private_ip.map(|i| i.to_string()).as_deref(),
        Some("10.0.2.20")
    );
    assert_rel(inv, &service, K::Contains, &task);
    assert_rel(inv, &task, K::InstanceOf, &td);
    assert_rel(
        inv,
        &task,
        K::AttachedTo,
        &ec2(R, A, "network-interface", "eni-app"),
    );
    assert!(
        rel(inv, &cluster, K::Contains, &task).is_none(),
        "a service's task is contained by the service"
    );
}
