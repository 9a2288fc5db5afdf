//! Bad or inconsistent input never panics: random small estates with dangling references,
//! overlapping CIDRs, empty tables and odd protocols go through build, exposure and reach.
#![allow(clippy::unwrap_used, reason = "test code")]

use std::net::Ipv4Addr;

use ipnet::{IpNet, Ipv4Net};
use nephos_model::props::*;
use nephos_model::{Inventory, Properties, Resource, ResourceId, ResourceKind};
use nephos_net::{Endpoint, NetworkModel, Protocol, ReachQuery};
use proptest::prelude::*;

fn id(n: u8, prefix: &str) -> String {
    format!("{prefix}-{}", n % 3)
}

fn net4() -> impl Strategy<Value = IpNet> {
    (any::<u32>(), 0u8..=32)
        .prop_map(|(a, l)| IpNet::V4(Ipv4Net::new(Ipv4Addr::from(a), l).unwrap().trunc()))
}

fn proto() -> impl Strategy<Value = IpProtocol> {
    prop_oneof![
        Just(IpProtocol::All),
        Just(IpProtocol::Tcp),
        Just(IpProtocol::Udp),
        Just(IpProtocol::Icmp),
        Just(IpProtocol::Icmpv6),
        any::<u8>().prop_map(IpProtocol::Number),
    ]
}

fn target() -> impl Strategy<Value = RouteTarget> {
    (0u8..8, any::<u8>()).prop_map(|(k, n)| match k {
        0 => RouteTarget::Local,
        1 => RouteTarget::InternetGateway(id(n, "igw")),
        2 => RouteTarget::NatGateway(id(n, "nat")),
        3 => RouteTarget::EgressOnlyInternetGateway(id(n, "eigw")),
        4 => RouteTarget::VpcPeeringConnection(id(n, "pcx")),
        5 => RouteTarget::TransitGateway(id(n, "tgw")),
        6 => RouteTarget::VpcEndpoint(id(n, "vpce")),
        _ => RouteTarget::Other("x".into()),
    })
}

/// An ACL entry: number, egress, protocol, allow, CIDR, port range (also used as ICMP type/code).
type AclEntry = (i32, bool, IpProtocol, bool, IpNet, Option<(i32, i32)>);
/// A rule: protocol, from, to, CIDR, and a byte choosing CIDR or group peer.
type GroupRule = (IpProtocol, Option<i32>, Option<i32>, IpNet, u8);

#[derive(Debug, Clone)]
enum Piece {
    Vpc(u8, IpNet),
    Subnet(u8, u8, IpNet),
    Table(u8, Vec<(IpNet, RouteTarget, bool)>, bool, u8),
    Acl(u8, Vec<AclEntry>, bool),
    Group(u8, Vec<GroupRule>),
    Instance(u8, u8, u8, bool),
    Igw(u8, u8),
    Nat(u8, u8, u8),
    Lb(u8, u8, u8, bool),
    Db(u8, u8, u8, Option<u16>),
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        (any::<u8>(), net4()).prop_map(|(a, n)| Piece::Vpc(a, n)),
        (any::<u8>(), any::<u8>(), net4()).prop_map(|(a, b, n)| Piece::Subnet(a, b, n)),
        (
            any::<u8>(),
            prop::collection::vec((net4(), target(), any::<bool>()), 0..4),
            any::<bool>(),
            any::<u8>()
        )
            .prop_map(|(a, r, m, s)| Piece::Table(a, r, m, s)),
        (
            any::<u8>(),
            prop::collection::vec(
                (
                    -5i32..40000,
                    any::<bool>(),
                    proto(),
                    any::<bool>(),
                    net4(),
                    prop::option::of((-3i32..70000, -3i32..70000))
                ),
                0..4
            ),
            any::<bool>()
        )
            .prop_map(|(a, e, d)| Piece::Acl(a, e, d)),
        (
            any::<u8>(),
            prop::collection::vec(
                (
                    proto(),
                    prop::option::of(-3i32..70000),
                    prop::option::of(-3i32..70000),
                    net4(),
                    any::<u8>()
                ),
                0..4
            )
        )
            .prop_map(|(a, r)| Piece::Group(a, r)),
        (any::<u8>(), any::<u8>(), any::<u8>(), any::<bool>())
            .prop_map(|(a, b, c, d)| Piece::Instance(a, b, c, d)),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Piece::Igw(a, b)),
        (any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(a, b, c)| Piece::Nat(a, b, c)),
        (any::<u8>(), any::<u8>(), any::<u8>(), any::<bool>())
            .prop_map(|(a, b, c, d)| Piece::Lb(a, b, c, d)),
        (any::<u8>(), any::<u8>(), any::<u8>(), any::<Option<u16>>())
            .prop_map(|(a, b, c, d)| Piece::Db(a, b, c, d)),
    ]
}

fn add(inv: &mut Inventory, kind: ResourceKind, short: &str, ty: &str, props: Properties) {
    let rid = ResourceId::ec2("r-1", "1", ty, short);
    let mut r = Resource::new(rid, kind, "1", Some("r-1".into()), short);
    r.props = props;
    inv.insert(r);
}

fn estate(pieces: &[Piece]) -> Inventory {
    let mut inv = Inventory::new("prop");
    for (i, p) in pieces.iter().enumerate() {
        match p.clone() {
            Piece::Vpc(a, n) => {
                let IpNet::V4(n) = n else { continue };
                add(
                    &mut inv,
                    ResourceKind::Vpc,
                    &id(a, "vpc"),
                    "vpc",
                    Properties::Vpc(VpcProps {
                        cidr_blocks: vec![n],
                        ..VpcProps::default()
                    }),
                );
            }
            Piece::Subnet(a, v, n) => {
                let IpNet::V4(n) = n else { continue };
                add(
                    &mut inv,
                    ResourceKind::Subnet,
                    &id(a, "subnet"),
                    "subnet",
                    Properties::Subnet(SubnetProps {
                        vpc_id: id(v, "vpc"),
                        cidr_block: Some(n),
                        ..SubnetProps::default()
                    }),
                );
            }
            Piece::Table(a, routes, main, s) => add(
                &mut inv,
                ResourceKind::RouteTable,
                &format!("rtb-{i}"),
                "route-table",
                Properties::RouteTable(RouteTableProps {
                    vpc_id: id(a, "vpc"),
                    routes: routes
                        .into_iter()
                        .map(|(d, t, active)| Route {
                            destination: RouteDestination::Cidr(d),
                            target: t,
                            active,
                            origin: String::new(),
                        })
                        .collect(),
                    associations: vec![RouteTableAssociation {
                        main,
                        subnet_id: (!main).then(|| id(s, "subnet")),
                        ..RouteTableAssociation::default()
                    }],
                }),
            ),
            Piece::Acl(a, entries, default) => add(
                &mut inv,
                ResourceKind::NetworkAcl,
                &format!("acl-{i}"),
                "network-acl",
                Properties::NetworkAcl(NetworkAclProps {
                    vpc_id: id(a, "vpc"),
                    is_default: default,
                    entries: entries
                        .into_iter()
                        .map(
                            |(n, egress, protocol, allow, cidr, port_range)| NetworkAclEntry {
                                rule_number: n,
                                egress,
                                protocol,
                                allow,
                                cidr,
                                port_range,
                                icmp_type_code: port_range,
                            },
                        )
                        .collect(),
                    subnet_ids: vec![id(a, "subnet")],
                }),
            ),
            Piece::Group(a, rules) => add(
                &mut inv,
                ResourceKind::SecurityGroup,
                &id(a, "sg"),
                "security-group",
                Properties::SecurityGroup(SecurityGroupProps {
                    group_id: id(a, "sg"),
                    ingress: rules
                        .iter()
                        .map(|(protocol, f, t, cidr, g)| SecurityGroupRule {
                            protocol: *protocol,
                            from_port: *f,
                            to_port: *t,
                            peer: if g % 2 == 0 {
                                SecurityGroupPeer::Cidr { cidr: *cidr }
                            } else {
                                SecurityGroupPeer::SecurityGroup {
                                    group_id: id(*g, "sg"),
                                    user_id: None,
                                    vpc_id: None,
                                }
                            },
                            description: None,
                        })
                        .collect(),
                    egress: rules
                        .iter()
                        .map(|(protocol, f, t, cidr, _)| SecurityGroupRule {
                            protocol: *protocol,
                            from_port: *f,
                            to_port: *t,
                            peer: SecurityGroupPeer::PrefixList {
                                prefix_list_id: cidr.to_string(),
                            },
                            description: None,
                        })
                        .collect(),
                    ..SecurityGroupProps::default()
                }),
            ),
            Piece::Instance(s, g, v, public) => add(
                &mut inv,
                ResourceKind::Instance,
                &format!("i-{i}"),
                "instance",
                Properties::Instance(Box::new(InstanceProps {
                    subnet_id: Some(id(s, "subnet")),
                    vpc_id: Some(id(v, "vpc")),
                    security_group_ids: vec![id(g, "sg")],
                    private_ip: Some(Ipv4Addr::new(10, 0, 0, s)),
                    public_ip: public.then_some(Ipv4Addr::new(54, 0, 0, g)),
                    ..InstanceProps::default()
                })),
            ),
            Piece::Igw(a, v) => add(
                &mut inv,
                ResourceKind::InternetGateway,
                &id(a, "igw"),
                "internet-gateway",
                Properties::InternetGateway(GatewayAttachmentProps {
                    attached_vpcs: vec![id(v, "vpc")],
                }),
            ),
            Piece::Nat(a, s, v) => add(
                &mut inv,
                ResourceKind::NatGateway,
                &id(a, "nat"),
                "natgateway",
                Properties::NatGateway(NatGatewayProps {
                    subnet_id: id(s, "subnet"),
                    vpc_id: id(v, "vpc"),
                    ..NatGatewayProps::default()
                }),
            ),
            Piece::Lb(s, g, v, public) => add(
                &mut inv,
                ResourceKind::LoadBalancer,
                &format!("lb-{i}"),
                "lb",
                Properties::LoadBalancer(LoadBalancerProps {
                    scheme: if public {
                        "internet-facing".into()
                    } else {
                        "internal".into()
                    },
                    subnet_ids: vec![id(s, "subnet")],
                    security_group_ids: vec![id(g, "sg")],
                    vpc_id: Some(id(v, "vpc")),
                    ..LoadBalancerProps::default()
                }),
            ),
            Piece::Db(s, g, v, port) => add(
                &mut inv,
                ResourceKind::DbInstance,
                &format!("db-{i}"),
                "db",
                Properties::DbInstance(Box::new(DbInstanceProps {
                    subnet_ids: vec![id(s, "subnet")],
                    security_group_ids: vec![id(g, "sg")],
                    vpc_id: Some(id(v, "vpc")),
                    publicly_accessible: true,
                    port,
                    ..DbInstanceProps::default()
                })),
            ),
        }
    }
    inv
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn build_exposure_and_reach_never_panic(pieces in prop::collection::vec(piece(), 0..25), port in any::<Option<u16>>(), p in 0u8..4) {
        let inv = estate(&pieces);
        let model = NetworkModel::build(&inv);
        let report = model.exposures();
        for e in &report.exposures {
            prop_assert!(!e.ports.is_empty());
            prop_assert!(e.ports.iter().all(|[a, b]| a <= b));
        }
        let protocol = [Protocol::Tcp, Protocol::Udp, Protocol::Icmp, Protocol::Other(50)][usize::from(p)];
        let ids: Vec<ResourceId> = inv.resources().iter().map(|r| r.id.clone()).collect();
        let ends: Vec<Endpoint> = ids.iter().take(6).cloned().map(Endpoint::Resource).chain([Endpoint::Internet]).collect();
        for a in &ends {
            for b in &ends {
                let _ = model.reach(&ReachQuery { from: a.clone(), to: b.clone(), protocol, port });
            }
        }
    }
}
