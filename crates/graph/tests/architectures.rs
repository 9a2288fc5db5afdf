//! Architecture rules, one test per rule of the issue.

mod common;

use common::{Estate, allow};
use nephos_graph::{Architecture, Graph};
use nephos_model::ResourceId;

fn arch_of<'a>(archs: &'a [Architecture], id: &ResourceId) -> &'a Architecture {
    let found: Vec<&Architecture> = archs.iter().filter(|a| a.members.contains(id)).collect();
    assert_eq!(
        found.len(),
        1,
        "{id} should be a member of exactly one architecture: {archs:#?}"
    );
    found[0]
}

#[test]
fn every_vpc_seeds_an_architecture_holding_its_network() {
    let mut e = Estate::new();
    let a = e.vpc("vpc-a");
    let b = e.vpc("vpc-b");
    let sa = e.subnet(&a, "subnet-a", "eu-west-1a");
    let sb = e.subnet(&b, "subnet-b", "eu-west-1a");
    let ia = e.instance(&sa, "i-a", None);
    let ib = e.instance(&sb, "i-b", None);
    let igw = e.internet_gateway(&a, "igw-a");
    let g = Graph::build(&e.inv);
    let archs = g.architectures();
    assert_eq!(archs.len(), 2);
    let arch_a = arch_of(&archs, &a);
    assert_eq!(arch_a.seeds, vec![a.clone()]);
    for m in [&sa, &ia, &igw] {
        assert!(arch_a.members.contains(m), "{m} in {arch_a:#?}");
    }
    assert!(!arch_a.members.contains(&ib));
    // The account and the region hold everything but belong to no architecture.
    assert!(!arch_a.members.contains(&e.region_id()));
    assert_eq!(arch_of(&archs, &b).seeds, vec![b]);
}

#[test]
fn active_peering_merges_vpcs_and_pending_does_not() {
    let mut e = Estate::new();
    let a = e.vpc("vpc-a");
    let b = e.vpc("vpc-b");
    let c = e.vpc("vpc-c");
    let pcx = e.peering("pcx-ab", &a, &b, "active");
    let pending = e.peering("pcx-bc", &b, &c, "pending-acceptance");
    let g = Graph::build(&e.inv);
    let archs = g.architectures();
    assert_eq!(archs.len(), 2, "{archs:#?}");
    let ab = arch_of(&archs, &a);
    assert_eq!(ab.seeds, vec![a.clone(), b.clone()]);
    assert!(ab.members.contains(&pcx));
    // The evidence: the peering connection joined them.
    assert_eq!(
        ab.joined_by,
        vec![nephos_graph::Join {
            resource: pcx.clone(),
            how: nephos_graph::JoinKind::Network
        }]
    );
    let c_arch = arch_of(&archs, &c);
    assert_eq!(c_arch.seeds, vec![c.clone()]);
    // The pending connection is a dependency of both sides, not a member of either.
    assert!(ab.shared.contains(&pending) && c_arch.shared.contains(&pending));
}

#[test]
fn peering_across_accounts_and_regions_merges() {
    let mut e = Estate::new();
    let a = e.vpc("vpc-a");
    e.in_account("222222222222", "us-east-1");
    let b = e.vpc("vpc-b");
    e.in_account("111111111111", "eu-west-1");
    e.peering("pcx-x", &a, &b, "active");
    let g = Graph::build(&e.inv);
    let archs = g.architectures();
    assert_eq!(archs.len(), 1);
    assert_eq!(archs[0].seeds, vec![a, b]);
}

#[test]
fn peering_to_an_uncollected_vpc_keeps_the_other_side_as_a_placeholder_member() {
    let mut e = Estate::new();
    let a = e.vpc("vpc-a");
    let other = ResourceId::ec2("eu-west-1", "999999999999", "vpc", "vpc-elsewhere");
    e.peering("pcx-x", &a, &other, "active");
    let g = Graph::build(&e.inv);
    let archs = g.architectures();
    assert_eq!(archs.len(), 1);
    assert!(archs[0].members.contains(&other));
    assert!(g.resource(g.find(&other).unwrap()).is_none());
}

#[test]
fn lambda_outside_a_vpc_seeds_an_architecture_with_triggers_role_and_data() {
    let mut e = Estate::new();
    let role = e.role(
        "thumbnailer",
        &allow(
            &["s3:GetObject", "s3:PutObject"],
            &["arn:aws:s3:::photos/*"],
        ),
    );
    let f = e.lambda("thumbnailer", &role, &[]);
    let photos = e.bucket("photos");
    let unrelated = e.bucket("unrelated");
    e.notify(&photos, &f);
    let g = Graph::build(&e.inv);
    let archs = g.architectures();
    assert_eq!(archs.len(), 1);
    let arch = &archs[0];
    assert_eq!(arch.seeds, vec![f.clone()]);
    for m in [&f, &role, &photos] {
        assert!(arch.members.contains(m), "{m}: {arch:#?}");
    }
    assert!(!arch.members.contains(&unrelated));
}

#[test]
fn lambda_in_a_vpc_joins_the_vpc_architecture() {
    let mut e = Estate::new();
    let vpc = e.vpc("vpc-a");
    let subnet = e.subnet(&vpc, "subnet-a", "eu-west-1a");
    let role = e.role("worker", "");
    let f = e.lambda("worker", &role, &[&subnet]);
    let g = Graph::build(&e.inv);
    let archs = g.architectures();
    assert_eq!(archs.len(), 1, "{archs:#?}");
    assert_eq!(archs[0].seeds, vec![vpc]);
    assert!(archs[0].members.contains(&f));
    assert!(archs[0].members.contains(&role));
}

#[test]
fn ecs_cluster_seeds_its_services_and_tasks_in_a_vpc_join_it_to_the_vpc() {
    let mut e = Estate::new();
    let vpc = e.vpc("vpc-a");
    let subnet = e.subnet(&vpc, "subnet-a", "eu-west-1a");
    let role = e.role("api-task", "");
    let cluster = e.ecs_cluster("api");
    let svc = e.ecs_service(&cluster, "api", &role, Some(&subnet));
    let role2 = e.role("batch-task", "");
    let batch = e.ecs_cluster("batch");
    let batch_svc = e.ecs_service(&batch, "batch", &role2, None);
    let g = Graph::build(&e.inv);
    let archs = g.architectures();
    assert_eq!(archs.len(), 2, "{archs:#?}");
    let joined = arch_of(&archs, &svc);
    assert_eq!(joined.seeds, vec![vpc.clone(), cluster.clone()]);
    assert!(joined.members.contains(&role));
    let alone = arch_of(&archs, &batch_svc);
    assert_eq!(alone.seeds, vec![batch]);
    assert!(alone.members.contains(&role2));
    let td = ResourceId::new("arn:aws:ecs:eu-west-1:111111111111:task-definition/batch:1");
    assert!(alone.members.contains(&td));
}

#[test]
fn a_data_store_used_by_two_applications_joins_them() {
    let mut e = Estate::new();
    let writer_role = e.role(
        "writer",
        &allow(
            &["sqs:SendMessage"],
            &["arn:aws:sqs:eu-west-1:111111111111:jobs"],
        ),
    );
    let writer = e.lambda("writer", &writer_role, &[]);
    let reader_role = e.role("reader", "");
    let reader = e.lambda("reader", &reader_role, &[]);
    let jobs = e.queue("jobs");
    // An event source mapping makes the queue trigger the reader.
    let esm = ResourceId::new("arn:aws:lambda:eu-west-1:111111111111:event-source-mapping:u-1");
    e.add(
        esm,
        nephos_model::ResourceKind::EventSourceMapping,
        "u-1",
        nephos_model::Properties::EventSourceMapping(
            nephos_model::props::EventSourceMappingProps {
                uuid: "u-1".into(),
                function_arn: reader.as_str().into(),
                event_source_arn: Some(jobs.as_str().into()),
                state: "Enabled".into(),
            },
        ),
    );
    let g = Graph::build(&e.inv);
    let archs = g.architectures();
    assert_eq!(archs.len(), 1, "{archs:#?}");
    assert_eq!(archs[0].seeds, vec![reader, writer]);
    assert!(archs[0].members.contains(&jobs));
    assert!(archs[0].joined_by.contains(&nephos_graph::Join {
        resource: jobs.clone(),
        how: nephos_graph::JoinKind::SharedUse
    }));
}

#[test]
fn hubs_are_shared_and_glue_nothing() {
    let mut e = Estate::new();
    let logs = e.bucket("central-logs");
    let key = e.kms_key("shared-key");
    let managed = e.managed_policy(
        "read-logs",
        &allow(&["s3:GetObject"], &["arn:aws:s3:::central-logs/*"]),
    );
    let mut vpcs = Vec::new();
    let mut functions = Vec::new();
    for i in 0..4 {
        let vpc = e.vpc(&format!("vpc-{i}"));
        e.relate(
            &vpc,
            nephos_model::RelationshipKind::LogsTo,
            &logs,
            "ec2:DescribeFlowLogs FlowLogs[].LogDestination",
        );
        vpcs.push(vpc);
        // Every function reads the logging bucket through the shared managed policy, and uses the
        // shared key.
        let role = e.role(&format!("fn-{i}"), "");
        e.attach_policy(&role, &managed);
        let f = e.lambda(&format!("fn-{i}"), &role, &[]);
        e.encrypt(&f, &key);
        functions.push(f);
    }
    let g = Graph::build(&e.inv);
    let archs = g.architectures();
    assert_eq!(archs.len(), 8, "{archs:#?}");
    for a in &archs {
        assert!(a.shared.contains(&logs), "{a:#?}");
        assert!(!a.members.contains(&logs));
    }
    let f0 = arch_of(&archs, &functions[0]);
    assert!(f0.shared.contains(&key) && f0.shared.contains(&managed));
    // The bucket is read by 4 function architectures (≥ the hub threshold): shared, not glue.
    assert_eq!(f0.seeds, vec![functions[0].clone()]);
}

#[test]
fn below_the_hub_threshold_a_shared_role_glues() {
    let mut e = Estate::new();
    let role = e.role("pipeline", "");
    let a = e.lambda("extract", &role, &[]);
    let b = e.lambda("load", &role, &[]);
    let g = Graph::build(&e.inv);
    let archs = g.architectures();
    assert_eq!(archs.len(), 1);
    assert_eq!(archs[0].seeds, vec![a, b]);
    assert!(archs[0].members.contains(&role));
    assert!(archs[0].shared.is_empty());
    assert_eq!(archs[0].joined_by.len(), 1);
    assert_eq!(archs[0].joined_by[0].resource, role);
}

#[test]
fn names_and_owners_come_from_tags() {
    let mut e = Estate::new();
    let vpc = e.vpc("vpc-a");
    e.tag(&vpc, "Name", "main");
    let subnet = e.subnet(&vpc, "subnet-a", "eu-west-1a");
    let i = e.instance(&subnet, "i-1", None);
    e.tag(&i, "Application", "checkout");
    e.tag(&i, "Team", "payments");
    let lone = e.vpc("vpc-b");
    e.tag(&lone, "Name", "sandbox");
    let stack = e.vpc("vpc-c");
    e.tag(&stack, "aws:cloudformation:stack-name", "network-prod");
    e.tag(&stack, "owner", "platform@example.com");
    let g = Graph::build(&e.inv);
    let archs = g.architectures();
    let a = arch_of(&archs, &vpc);
    assert_eq!(a.name, "checkout");
    assert_eq!(a.owner.as_deref(), Some("payments"));
    let b = arch_of(&archs, &lone);
    assert_eq!(b.name, "sandbox");
    assert_eq!(b.owner, None);
    let c = arch_of(&archs, &stack);
    assert_eq!(c.name, "network-prod");
    assert_eq!(c.owner.as_deref(), Some("platform@example.com"));
}

#[test]
fn ids_are_stable_across_runs_and_insertion_orders() {
    let mut e = Estate::new();
    let a = e.vpc("vpc-a");
    let b = e.vpc("vpc-b");
    e.peering("pcx-ab", &a, &b, "active");
    e.vpc("vpc-c");
    let role = e.role("f", "");
    e.lambda("f", &role, &[]);
    let first: Vec<String> = Graph::build(&e.inv)
        .architectures()
        .into_iter()
        .map(|a| a.id)
        .collect();
    // Same estate, resources and relationships in reverse order.
    let mut reversed = nephos_model::Inventory::new("reversed");
    for r in e.inv.resources().iter().rev() {
        reversed.insert(r.clone());
    }
    for rel in e.inv.relationships().iter().rev() {
        reversed.relate(rel.clone());
    }
    let second: Vec<String> = Graph::build(&reversed)
        .architectures()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(first, second);
    assert_eq!(first.len(), 3);
    // The id is a function of the seed ids alone.
    let expected =
        nephos_graph::arch::naming::architecture_id([a.as_str(), b.as_str()].into_iter());
    assert!(first.contains(&expected));
    let mut sorted = first.clone();
    sorted.sort();
    assert_eq!(first, sorted, "architectures are listed by id");
}

#[test]
fn transit_gateway_joins_vpcs_only_with_routes_both_ways() {
    use nephos_model::props::*;
    use nephos_model::{Properties, RelationshipKind, ResourceKind};
    let mut e = Estate::new();
    let vpcs: Vec<ResourceId> = ["vpc-a", "vpc-b", "vpc-c"]
        .iter()
        .map(|v| e.vpc(v))
        .collect();
    let tgw = e.ec2("transit-gateway", "tgw-1");
    e.add(
        tgw.clone(),
        ResourceKind::TransitGateway,
        "tgw-1",
        Properties::TransitGateway(TransitGatewayProps::default()),
    );
    // a and b share table rtb-ab routing to both; c is associated with rtb-c that routes to a only.
    for (i, (vpc, table)) in vpcs
        .iter()
        .zip(["tgw-rtb-ab", "tgw-rtb-ab", "tgw-rtb-c"])
        .enumerate()
    {
        let att = e.ec2("transit-gateway-attachment", &format!("tgw-attach-{i}"));
        e.add(
            att.clone(),
            ResourceKind::TransitGatewayAttachment,
            &format!("tgw-attach-{i}"),
            Properties::TransitGatewayAttachment(TransitGatewayAttachmentProps {
                transit_gateway_id: "tgw-1".into(),
                resource_type: "vpc".into(),
                resource_id: vpc.short().into(),
                state: "available".into(),
                association_route_table_id: Some(table.into()),
                ..Default::default()
            }),
        );
        e.relate(
            &att,
            RelationshipKind::Connects,
            vpc,
            "ec2:DescribeTransitGatewayAttachments TransitGatewayAttachments[].ResourceId",
        );
        e.relate(
            &att,
            RelationshipKind::Connects,
            &tgw,
            "ec2:DescribeTransitGatewayAttachments TransitGatewayAttachments[].TransitGatewayId",
        );
    }
    let route = |cidr: &str, att: &str| TransitGatewayRoute {
        destination: cidr.parse().unwrap(),
        attachment_ids: vec![att.into()],
        active: true,
        route_type: "propagated".into(),
    };
    for (table, routes) in [
        (
            "tgw-rtb-ab",
            vec![
                route("10.0.0.0/16", "tgw-attach-0"),
                route("10.1.0.0/16", "tgw-attach-1"),
            ],
        ),
        ("tgw-rtb-c", vec![route("10.0.0.0/16", "tgw-attach-0")]),
    ] {
        let id = e.ec2("transit-gateway-route-table", table);
        e.add(
            id,
            ResourceKind::TransitGatewayRouteTable,
            table,
            Properties::TransitGatewayRouteTable(TransitGatewayRouteTableProps {
                transit_gateway_id: "tgw-1".into(),
                routes,
                routes_collected: true,
            }),
        );
    }
    let g = Graph::build(&e.inv);
    let archs = g.architectures();
    assert_eq!(archs.len(), 2, "{archs:#?}");
    assert_eq!(
        arch_of(&archs, &vpcs[0]).seeds,
        vec![vpcs[0].clone(), vpcs[1].clone()]
    );
    assert_eq!(arch_of(&archs, &vpcs[2]).seeds, vec![vpcs[2].clone()]);
    // The gateway is used by both: shared.
    assert!(arch_of(&archs, &vpcs[2]).shared.contains(&tgw));
    let joined = &arch_of(&archs, &vpcs[0]).joined_by;
    assert_eq!(joined.len(), 1, "{joined:?}");
    assert_eq!(joined[0].how, nephos_graph::JoinKind::TransitGatewayRoutes);
    assert!(
        joined[0]
            .resource
            .as_str()
            .ends_with("transit-gateway-attachment/tgw-attach-0")
    );
    assert!(arch_of(&archs, &vpcs[2]).joined_by.is_empty());
}

/// The seeds of the architecture holding `id` as a seed, by short name.
fn seeds_with(archs: &[Architecture], id: &ResourceId) -> Vec<String> {
    archs
        .iter()
        .find(|a| a.seeds.contains(id))
        .map(|a| a.seeds.iter().map(|s| s.short().to_owned()).collect())
        .unwrap_or_default()
}

#[test]
fn a_vpc_peered_with_three_or_more_vpcs_is_a_network_hub_joining_none() {
    let mut e = Estate::new();
    let hub = e.vpc("vpc-hub");
    let spokes: Vec<ResourceId> = (0..3).map(|i| e.vpc(&format!("vpc-s{i}"))).collect();
    for (i, s) in spokes.iter().enumerate() {
        e.peering(&format!("pcx-{i}"), s, &hub, "active");
    }
    // Two spokes peered with each other directly stay one architecture.
    e.peering("pcx-direct", &spokes[0], &spokes[1], "active");
    // The hub still holds its own application: a function outside any VPC sharing a queue with
    // a function inside the hub.
    let hub_subnet = e.subnet(&hub, "subnet-hub", "eu-west-1a");
    let queue = e.queue("hub-jobs");
    let qarn = queue.as_str().to_owned();
    let writer = e.role("hub-writer", &allow(&["sqs:SendMessage"], &[&qarn]));
    let reader = e.role("hub-reader", &allow(&["sqs:ReceiveMessage"], &[&qarn]));
    let ingest = e.lambda("hub-ingest", &writer, &[]);
    e.lambda("hub-worker", &reader, &[&hub_subnet]);
    let g = Graph::build(&e.inv);
    let archs = g.architectures();
    assert_eq!(
        seeds_with(&archs, &hub),
        ["vpc-hub", "hub-ingest"],
        "{archs:#?}"
    );
    assert_eq!(seeds_with(&archs, &ingest), ["vpc-hub", "hub-ingest"]);
    assert_eq!(seeds_with(&archs, &spokes[0]), ["vpc-s0", "vpc-s1"]);
    assert_eq!(seeds_with(&archs, &spokes[2]), ["vpc-s2"]);
    // With two spokes only, the peerings join as before.
    let mut e = Estate::new();
    let hub = e.vpc("vpc-hub");
    let a = e.vpc("vpc-a");
    let b = e.vpc("vpc-b");
    e.peering("pcx-a", &a, &hub, "active");
    e.peering("pcx-b", &b, &hub, "active");
    let archs = Graph::build(&e.inv).architectures();
    assert_eq!(seeds_with(&archs, &hub), ["vpc-a", "vpc-b", "vpc-hub"]);
}

#[test]
fn an_ecs_cluster_spanning_separate_networks_joins_none_of_them() {
    let mut e = Estate::new();
    let a = e.vpc("vpc-a");
    let b = e.vpc("vpc-b");
    let sa = e.subnet(&a, "subnet-a", "eu-west-1a");
    let sb = e.subnet(&b, "subnet-b", "eu-west-1a");
    let (ra, rb) = (e.role("task-a", ""), e.role("task-b", ""));
    let cluster = e.ecs_cluster("shared");
    e.ecs_service(&cluster, "svc-a", &ra, Some(&sa));
    e.ecs_service(&cluster, "svc-b", &rb, Some(&sb));
    let archs = Graph::build(&e.inv).architectures();
    assert_eq!(seeds_with(&archs, &a), ["vpc-a"], "{archs:#?}");
    assert_eq!(seeds_with(&archs, &b), ["vpc-b"]);
    assert_eq!(seeds_with(&archs, &cluster), ["shared"]);
    // A cluster whose services all run in one network joins it.
    let mut e = Estate::new();
    let a = e.vpc("vpc-a");
    let sa = e.subnet(&a, "subnet-a", "eu-west-1a");
    let sa2 = e.subnet(&a, "subnet-a2", "eu-west-1b");
    let role = e.role("task", "");
    let cluster = e.ecs_cluster("own");
    e.ecs_service(&cluster, "svc-1", &role, Some(&sa));
    e.ecs_service(&cluster, "svc-2", &role, Some(&sa2));
    let archs = Graph::build(&e.inv).architectures();
    assert_eq!(seeds_with(&archs, &a), ["vpc-a", "own"]);
}
