//! Benchmarks: exposure of every resource and single reach queries on a synthetic estate.
//!
//! The demo estate generator (`nephos-demo`) is built on another branch; until it is on `main`
//! this bench builds its own synthetic inventory directly in the model: per VPC, 4 subnets (2
//! public, 2 behind a NAT gateway), an internet gateway, 2 route tables, a NAT gateway, a default
//! network ACL with a deny entry, 10 security groups (open 443, SSH from private space, 5432 from a
//! group reference), one internet-facing ALB with a listener and a target group of 5 targets, and
//! 77 instances spread over the subnets and groups (half of those in public subnets have public
//! IPs): 100 resources per VPC. `NEPHOS_BENCH_1M=1` also measures a 1M-resource estate, and
//! `NEPHOS_BENCH_DEMO=<dir>` the same on a demo estate folder written by `nephos demo`.

#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented items"
)]

use std::hint::black_box;
use std::net::Ipv4Addr;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use nephos_model::props::*;
use nephos_model::{Inventory, Properties, Resource, ResourceId, ResourceKind};
use nephos_net::{Endpoint, NetworkModel, Protocol, ReachQuery};

const REGION: &str = "eu-west-1";
const ACCOUNT: &str = "111122223333";
const INSTANCES_PER_VPC: usize = 77;

fn add(inv: &mut Inventory, id: ResourceId, kind: ResourceKind, props: Properties) {
    let mut r = Resource::new(id.clone(), kind, ACCOUNT, Some(REGION.into()), id.short());
    r.props = props;
    inv.insert(r);
}

fn ec2(ty: &str, id: &str) -> ResourceId {
    ResourceId::ec2(REGION, ACCOUNT, ty, id)
}

fn net(s: &str) -> ipnet::IpNet {
    s.parse()
        .unwrap_or(ipnet::IpNet::V4(ipnet::Ipv4Net::default()))
}

fn all_traffic(cidr: &str) -> SecurityGroupRule {
    SecurityGroupRule {
        protocol: IpProtocol::All,
        from_port: None,
        to_port: None,
        peer: SecurityGroupPeer::Cidr { cidr: net(cidr) },
        description: None,
    }
}

fn tcp(port: i32, peer: SecurityGroupPeer) -> SecurityGroupRule {
    SecurityGroupRule {
        protocol: IpProtocol::Tcp,
        from_port: Some(port),
        to_port: Some(port),
        peer,
        description: None,
    }
}

fn acl_entry(number: i32, egress: bool, allow: bool, ports: Option<(i32, i32)>) -> NetworkAclEntry {
    NetworkAclEntry {
        rule_number: number,
        egress,
        protocol: if ports.is_some() {
            IpProtocol::Tcp
        } else {
            IpProtocol::All
        },
        allow,
        cidr: net("0.0.0.0/0"),
        port_range: ports,
        icmp_type_code: None,
    }
}

fn route(dest: &str, target: RouteTarget) -> Route {
    Route {
        destination: RouteDestination::Cidr(net(dest)),
        target,
        active: true,
        origin: "CreateRoute".into(),
    }
}

/// A synthetic estate of about `vpcs * 100` resources.
fn estate(vpcs: usize) -> Inventory {
    let mut inv = Inventory::new("bench");
    for v in 0..vpcs {
        let vpc = format!("vpc-{v}");
        add(
            &mut inv,
            ec2("vpc", &vpc),
            ResourceKind::Vpc,
            Properties::Vpc(VpcProps {
                cidr_blocks: vec!["10.0.0.0/16".parse().unwrap_or_default()],
                ..VpcProps::default()
            }),
        );
        let subnets: Vec<String> = (0..4).map(|k| format!("subnet-{v}-{k}")).collect();
        for (k, s) in subnets.iter().enumerate() {
            add(
                &mut inv,
                ec2("subnet", s),
                ResourceKind::Subnet,
                Properties::Subnet(SubnetProps {
                    vpc_id: vpc.clone(),
                    cidr_block: format!("10.0.{k}.0/24").parse().ok(),
                    ..SubnetProps::default()
                }),
            );
        }
        let igw = format!("igw-{v}");
        add(
            &mut inv,
            ec2("internet-gateway", &igw),
            ResourceKind::InternetGateway,
            Properties::InternetGateway(GatewayAttachmentProps {
                attached_vpcs: vec![vpc.clone()],
            }),
        );
        let nat = format!("nat-{v}");
        add(
            &mut inv,
            ec2("natgateway", &nat),
            ResourceKind::NatGateway,
            Properties::NatGateway(NatGatewayProps {
                vpc_id: vpc.clone(),
                subnet_id: subnets[0].clone(),
                connectivity_type: "public".into(),
                state: "available".into(),
                ..NatGatewayProps::default()
            }),
        );
        add(
            &mut inv,
            ec2("route-table", &format!("rtb-{v}-main")),
            ResourceKind::RouteTable,
            Properties::RouteTable(RouteTableProps {
                vpc_id: vpc.clone(),
                routes: vec![
                    route("10.0.0.0/16", RouteTarget::Local),
                    route("0.0.0.0/0", RouteTarget::NatGateway(nat.clone())),
                ],
                associations: vec![RouteTableAssociation {
                    main: true,
                    ..RouteTableAssociation::default()
                }],
            }),
        );
        add(
            &mut inv,
            ec2("route-table", &format!("rtb-{v}-pub")),
            ResourceKind::RouteTable,
            Properties::RouteTable(RouteTableProps {
                vpc_id: vpc.clone(),
                routes: vec![
                    route("10.0.0.0/16", RouteTarget::Local),
                    route("0.0.0.0/0", RouteTarget::InternetGateway(igw.clone())),
                ],
                associations: subnets[..2]
                    .iter()
                    .map(|s| RouteTableAssociation {
                        subnet_id: Some(s.clone()),
                        ..RouteTableAssociation::default()
                    })
                    .collect(),
            }),
        );
        add(
            &mut inv,
            ec2("network-acl", &format!("acl-{v}")),
            ResourceKind::NetworkAcl,
            Properties::NetworkAcl(NetworkAclProps {
                vpc_id: vpc.clone(),
                is_default: true,
                entries: vec![
                    acl_entry(90, false, false, Some((3389, 3389))),
                    acl_entry(100, false, true, None),
                    acl_entry(100, true, true, None),
                ],
                subnet_ids: subnets.clone(),
            }),
        );
        let sgs: Vec<String> = (0..10).map(|j| format!("sg-{v}-{j}")).collect();
        for (j, sg) in sgs.iter().enumerate() {
            let ingress = match j % 3 {
                0 => vec![tcp(
                    443,
                    SecurityGroupPeer::Cidr {
                        cidr: net("0.0.0.0/0"),
                    },
                )],
                1 => vec![
                    tcp(
                        22,
                        SecurityGroupPeer::Cidr {
                            cidr: net("10.0.0.0/8"),
                        },
                    ),
                    tcp(
                        8080,
                        SecurityGroupPeer::SecurityGroup {
                            group_id: sgs[0].clone(),
                            user_id: None,
                            vpc_id: None,
                        },
                    ),
                ],
                _ => vec![tcp(
                    5432,
                    SecurityGroupPeer::SecurityGroup {
                        group_id: sgs[0].clone(),
                        user_id: None,
                        vpc_id: None,
                    },
                )],
            };
            add(
                &mut inv,
                ec2("security-group", sg),
                ResourceKind::SecurityGroup,
                Properties::SecurityGroup(SecurityGroupProps {
                    group_id: sg.clone(),
                    vpc_id: Some(vpc.clone()),
                    ingress,
                    egress: vec![all_traffic("0.0.0.0/0")],
                    ..SecurityGroupProps::default()
                }),
            );
        }
        let mut targets = Vec::new();
        for i in 0..INSTANCES_PER_VPC {
            let k = i % 4;
            let id = format!("i-{v}-{i}");
            let private = Ipv4Addr::new(
                10,
                0,
                u8::try_from(k).unwrap_or(0),
                u8::try_from(i % 250 + 4).unwrap_or(4),
            );
            if i < 5 {
                targets.push(Target {
                    id: id.clone(),
                    port: Some(8080),
                    health: None,
                });
            }
            add(
                &mut inv,
                ec2("instance", &id),
                ResourceKind::Instance,
                Properties::Instance(Box::new(InstanceProps {
                    instance_id: id.clone(),
                    vpc_id: Some(vpc.clone()),
                    subnet_id: Some(subnets[k].clone()),
                    private_ip: Some(private),
                    public_ip: (k < 2 && i % 2 == 0).then_some(Ipv4Addr::new(54, 0, 0, 1)),
                    security_group_ids: vec![sgs[i % 10].clone()],
                    ..InstanceProps::default()
                })),
            );
        }
        let lb = ResourceId::arn(
            "elasticloadbalancing",
            REGION,
            ACCOUNT,
            &format!("loadbalancer/app/web/{v}"),
        );
        let tg = ResourceId::arn(
            "elasticloadbalancing",
            REGION,
            ACCOUNT,
            &format!("targetgroup/web/{v}"),
        );
        add(
            &mut inv,
            lb.clone(),
            ResourceKind::LoadBalancer,
            Properties::LoadBalancer(LoadBalancerProps {
                lb_type: "application".into(),
                scheme: "internet-facing".into(),
                vpc_id: Some(vpc.clone()),
                subnet_ids: subnets[..2].to_vec(),
                security_group_ids: vec![sgs[0].clone()],
                ..LoadBalancerProps::default()
            }),
        );
        add(
            &mut inv,
            ResourceId::arn(
                "elasticloadbalancing",
                REGION,
                ACCOUNT,
                &format!("listener/app/web/{v}/443"),
            ),
            ResourceKind::Listener,
            Properties::Listener(ListenerProps {
                load_balancer_arn: lb.to_string(),
                port: Some(443),
                protocol: "HTTPS".into(),
                default_actions: vec![ListenerAction {
                    action_type: "forward".into(),
                    target_group_arns: vec![tg.to_string()],
                }],
                ssl_policy: None,
            }),
        );
        add(
            &mut inv,
            tg,
            ResourceKind::TargetGroup,
            Properties::TargetGroup(TargetGroupProps {
                target_type: "instance".into(),
                port: Some(8080),
                vpc_id: Some(vpc.clone()),
                targets,
                targets_collected: true,
                ..TargetGroupProps::default()
            }),
        );
    }
    inv
}

fn reach_queries() -> [ReachQuery; 3] {
    let i = |s: &str| Endpoint::Resource(ec2("instance", s));
    [
        ReachQuery {
            from: Endpoint::Internet,
            to: i("i-7-0"),
            protocol: Protocol::Tcp,
            port: Some(443),
        },
        ReachQuery {
            from: i("i-7-10"),
            to: i("i-7-2"),
            protocol: Protocol::Tcp,
            port: Some(5432),
        },
        ReachQuery {
            from: i("i-7-3"),
            to: Endpoint::Internet,
            protocol: Protocol::Tcp,
            port: Some(443),
        },
    ]
}

fn bench(c: &mut Criterion) {
    let inv = estate(1000);
    eprintln!("synthetic estate: {} resources", inv.len());
    let mut g = c.benchmark_group("net_100k");
    g.sample_size(10);
    g.bench_function("build", |b| {
        b.iter(|| black_box(NetworkModel::build(&inv).interfaces.len()))
    });
    g.bench_function("build_and_exposures", |b| {
        b.iter(|| {
            let m = NetworkModel::build(&inv);
            black_box(m.exposures().exposures.len())
        });
    });
    g.finish();
    let model = NetworkModel::build(&inv);
    eprintln!("exposures: {}", model.exposures().exposures.len());
    let mut g = c.benchmark_group("reach_100k");
    for (name, q) in [
        "internet_to_instance",
        "instance_to_instance",
        "instance_to_internet",
    ]
    .into_iter()
    .zip(reach_queries())
    {
        g.bench_function(name, |b| {
            b.iter(|| black_box(model.reach(&q).map(|a| a.reachable)))
        });
    }
    g.finish();

    if let Some(dir) = std::env::var_os("NEPHOS_BENCH_DEMO") {
        demo(c, std::path::Path::new(&dir));
    }

    if std::env::var_os("NEPHOS_BENCH_1M").is_some() {
        let inv = estate(10_000);
        let t = Instant::now();
        let m = NetworkModel::build(&inv);
        let n = m.exposures().exposures.len();
        eprintln!(
            "1M estate ({} resources): build + exposures {:?} ({n} exposures)",
            inv.len(),
            t.elapsed()
        );
    }
}

/// The same measurements on a demo estate folder (`nephos demo --out DIR --resources N`).
fn demo(c: &mut Criterion, dir: &std::path::Path) {
    let t = Instant::now();
    let Ok(imported) = nephos_aws::import(dir) else {
        eprintln!("cannot import {}", dir.display());
        return;
    };
    let inv = imported.inventory;
    eprintln!(
        "demo estate {}: {} resources, imported in {:?}",
        dir.display(),
        inv.len(),
        t.elapsed()
    );
    let t = Instant::now();
    let model = NetworkModel::build(&inv);
    let report = model.exposures();
    eprintln!(
        "demo: build + exposures once {:?} ({} exposures)",
        t.elapsed(),
        report.exposures.len()
    );
    let mut g = c.benchmark_group("demo");
    g.sample_size(10);
    g.bench_function("build_and_exposures", |b| {
        b.iter(|| black_box(NetworkModel::build(&inv).exposures().exposures.len()));
    });
    g.finish();
    let Some(target) = report.exposures.iter().find(|e| e.through.is_some()) else {
        return;
    };
    let queries = [
        ReachQuery {
            from: Endpoint::Internet,
            to: Endpoint::Resource(ResourceId::new(target.resource.as_str())),
            protocol: Protocol::Tcp,
            port: target.ports.first().map(|p| p[0]),
        },
        ReachQuery {
            from: Endpoint::Resource(ResourceId::new(target.resource.as_str())),
            to: Endpoint::Internet,
            protocol: Protocol::Tcp,
            port: Some(443),
        },
    ];
    let mut g = c.benchmark_group("demo_reach");
    for (name, q) in ["internet_to_target", "target_to_internet"]
        .into_iter()
        .zip(queries)
    {
        g.bench_function(name, |b| {
            b.iter(|| black_box(model.reach(&q).map(|a| a.reachable)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
