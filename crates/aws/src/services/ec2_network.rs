//! EC2 networking: VPCs, subnets, route tables, gateways, peering, transit gateways, endpoints,
//! security groups, network ACLs, interfaces, addresses, prefix lists and flow logs.

use crate::items::Items;
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use nephos_model::props::*;
use nephos_model::{Properties, RelationshipKind as K, ResourceId, ResourceKind};
use serde::Deserialize;
use serde_json::Result;

use crate::out::{Ctx, Out};
use crate::text::{
    Tag, Text, ipv4, ipv6, name_for, opt, opt_time, policy_from_text, strings, tags,
};

fn cidr4(t: &Option<Text<'_>>) -> Option<Ipv4Net> {
    t.as_ref().and_then(|t| t.as_str().parse().ok())
}

fn cidr6(t: &Option<Text<'_>>) -> Option<Ipv6Net> {
    t.as_ref().and_then(|t| t.as_str().parse().ok())
}

fn cidr(t: &Option<Text<'_>>) -> Option<IpNet> {
    t.as_ref().and_then(|t| t.as_str().parse().ok())
}

/// The id from an API ARN when given, else the constructed EC2 ARN.
fn id_or(ctx: &Ctx<'_>, arn: &Option<Text<'_>>, resource_type: &str, id: &str) -> ResourceId {
    match arn.as_ref().filter(|a| a.as_str().starts_with("arn:")) {
        Some(a) => ResourceId::new(a.as_str()),
        None => ctx.ec2_id(resource_type, id),
    }
}

/// The EC2 resource type in ARNs for a short id's prefix.
pub fn ec2_type_of(short: &str) -> &'static str {
    match short.split('-').next().unwrap_or("") {
        "vpc" => "vpc",
        "subnet" => "subnet",
        "eni" => "network-interface",
        "i" => "instance",
        "igw" => "internet-gateway",
        "eigw" => "egress-only-internet-gateway",
        "nat" => "natgateway",
        "pcx" => "vpc-peering-connection",
        "tgw" => "transit-gateway",
        "vpce" => "vpc-endpoint",
        "vgw" => "vpn-gateway",
        "sg" => "security-group",
        "rtb" => "route-table",
        "acl" => "network-acl",
        _ => "resource",
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CidrAssoc<'a> {
    #[serde(default, borrow)]
    cidr_block: Option<Text<'a>>,
    #[serde(default, borrow)]
    ipv6_cidr_block: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Vpc<'a> {
    #[serde(borrow)]
    vpc_id: Text<'a>,
    #[serde(default, borrow)]
    owner_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    cidr_block: Option<Text<'a>>,
    #[serde(default, borrow)]
    cidr_block_association_set: Vec<CidrAssoc<'a>>,
    #[serde(default, borrow)]
    ipv6_cidr_block_association_set: Vec<CidrAssoc<'a>>,
    #[serde(default)]
    is_default: bool,
    #[serde(default, borrow)]
    state: Text<'a>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Vpcs<'a> {
    #[serde(default, borrow)]
    vpcs: Items<Vpc<'a>>,
}

/// `ec2-describe-vpcs.json`.
pub fn vpcs(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Vpcs<'_> = serde_json::from_slice(bytes)?;
    for v in doc.vpcs {
        let owner = v.owner_id.as_ref().map_or(ctx.account, |o| o.as_str());
        let id = ResourceId::ec2(ctx.region, owner, "vpc", v.vpc_id.as_str());
        let tags = tags(&v.tags);
        let mut cidr_blocks: Vec<Ipv4Net> = cidr4(&v.cidr_block).into_iter().collect();
        for a in &v.cidr_block_association_set {
            if let Some(c) = cidr4(&a.cidr_block)
                && !cidr_blocks.contains(&c)
            {
                cidr_blocks.push(c);
            }
        }
        let props = VpcProps {
            cidr_blocks,
            ipv6_cidr_blocks: v
                .ipv6_cidr_block_association_set
                .iter()
                .filter_map(|a| cidr6(&a.ipv6_cidr_block))
                .collect(),
            is_default: v.is_default,
            state: v.state.to_owned_string(),
        };
        let mut r = ctx.resource(
            id.clone(),
            ResourceKind::Vpc,
            name_for(&tags, None, v.vpc_id.as_str()),
        );
        r.tags = tags;
        r.props = Properties::Vpc(props);
        r.account = owner.to_owned();
        out.rel(
            ctx.region_id(),
            K::Contains,
            id,
            "ec2:DescribeVpcs Vpcs[].VpcId",
        );
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Subnet<'a> {
    #[serde(borrow)]
    subnet_id: Text<'a>,
    #[serde(borrow)]
    vpc_id: Text<'a>,
    #[serde(default, borrow)]
    subnet_arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    cidr_block: Option<Text<'a>>,
    #[serde(default, borrow)]
    ipv6_cidr_block_association_set: Vec<CidrAssoc<'a>>,
    #[serde(default, borrow)]
    availability_zone: Text<'a>,
    #[serde(default)]
    map_public_ip_on_launch: bool,
    #[serde(default)]
    assign_ipv6_address_on_creation: bool,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Subnets<'a> {
    #[serde(default, borrow)]
    subnets: Items<Subnet<'a>>,
}

/// `ec2-describe-subnets.json`.
pub fn subnets(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Subnets<'_> = serde_json::from_slice(bytes)?;
    for s in doc.subnets {
        let id = id_or(ctx, &s.subnet_arn, "subnet", s.subnet_id.as_str());
        let tags = tags(&s.tags);
        let mut r = ctx.resource(
            id.clone(),
            ResourceKind::Subnet,
            name_for(&tags, None, s.subnet_id.as_str()),
        );
        if let Some(p) = id.arn_parts() {
            r.account = p.account.to_owned();
        }
        r.tags = tags;
        r.props = Properties::Subnet(SubnetProps {
            vpc_id: s.vpc_id.to_owned_string(),
            cidr_block: cidr4(&s.cidr_block),
            ipv6_cidr_blocks: s
                .ipv6_cidr_block_association_set
                .iter()
                .filter_map(|a| cidr6(&a.ipv6_cidr_block))
                .collect(),
            availability_zone: s.availability_zone.to_owned_string(),
            map_public_ip_on_launch: s.map_public_ip_on_launch,
            assign_ipv6_on_creation: s.assign_ipv6_address_on_creation,
        });
        out.rel(
            ctx.ec2("vpc", s.vpc_id.as_str()),
            K::Contains,
            id,
            "ec2:DescribeSubnets Subnets[].VpcId",
        );
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RouteShape<'a> {
    #[serde(default, borrow)]
    destination_cidr_block: Option<Text<'a>>,
    #[serde(default, borrow)]
    destination_ipv6_cidr_block: Option<Text<'a>>,
    #[serde(default, borrow)]
    destination_prefix_list_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    gateway_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    egress_only_internet_gateway_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    nat_gateway_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    vpc_peering_connection_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    transit_gateway_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    network_interface_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    instance_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    local_gateway_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    carrier_gateway_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    core_network_arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    state: Option<Text<'a>>,
    #[serde(default, borrow)]
    origin: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RouteAssoc<'a> {
    #[serde(default, borrow)]
    route_table_association_id: Text<'a>,
    #[serde(default)]
    main: bool,
    #[serde(default, borrow)]
    subnet_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    gateway_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    association_state: Option<AssocState<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AssocState<'a> {
    #[serde(default, borrow)]
    state: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RouteTableShape<'a> {
    #[serde(borrow)]
    route_table_id: Text<'a>,
    #[serde(borrow)]
    vpc_id: Text<'a>,
    #[serde(default, borrow)]
    owner_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    routes: Vec<RouteShape<'a>>,
    #[serde(default, borrow)]
    associations: Vec<RouteAssoc<'a>>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RouteTables<'a> {
    #[serde(default, borrow)]
    route_tables: Items<RouteTableShape<'a>>,
}

fn route_target(r: &RouteShape<'_>) -> Option<RouteTarget> {
    let s = |t: &Option<Text<'_>>| opt(t);
    if let Some(g) = s(&r.gateway_id) {
        return Some(match g.split('-').next().unwrap_or("") {
            _ if g == "local" => RouteTarget::Local,
            "igw" => RouteTarget::InternetGateway(g),
            "vgw" => RouteTarget::VirtualPrivateGateway(g),
            "vpce" => RouteTarget::VpcEndpoint(g),
            _ => RouteTarget::Other(g),
        });
    }
    if let Some(x) = s(&r.nat_gateway_id) {
        return Some(RouteTarget::NatGateway(x));
    }
    if let Some(x) = s(&r.egress_only_internet_gateway_id) {
        return Some(RouteTarget::EgressOnlyInternetGateway(x));
    }
    if let Some(x) = s(&r.vpc_peering_connection_id) {
        return Some(RouteTarget::VpcPeeringConnection(x));
    }
    if let Some(x) = s(&r.transit_gateway_id) {
        return Some(RouteTarget::TransitGateway(x));
    }
    if let Some(x) = s(&r.network_interface_id) {
        return Some(RouteTarget::NetworkInterface(x));
    }
    if let Some(x) = s(&r.instance_id) {
        return Some(RouteTarget::Instance(x));
    }
    s(&r.local_gateway_id)
        .or_else(|| s(&r.carrier_gateway_id))
        .or_else(|| s(&r.core_network_arn))
        .map(RouteTarget::Other)
}

/// `ec2-describe-route-tables.json`.
pub fn route_tables(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: RouteTables<'_> = serde_json::from_slice(bytes)?;
    for t in doc.route_tables {
        let owner = t.owner_id.as_ref().map_or(ctx.account, |o| o.as_str());
        let id = ResourceId::ec2(ctx.region, owner, "route-table", t.route_table_id.as_str());
        let tags = tags(&t.tags);
        let mut routes = Vec::with_capacity(t.routes.len());
        for r in &t.routes {
            let destination = if let Some(pl) = opt(&r.destination_prefix_list_id) {
                RouteDestination::PrefixList(pl)
            } else if let Some(c) =
                cidr(&r.destination_cidr_block).or_else(|| cidr(&r.destination_ipv6_cidr_block))
            {
                RouteDestination::Cidr(c)
            } else {
                continue;
            };
            let Some(target) = route_target(r) else {
                continue;
            };
            let evidence = match &target {
                RouteTarget::Local => None,
                RouteTarget::InternetGateway(g)
                | RouteTarget::VirtualPrivateGateway(g)
                | RouteTarget::VpcEndpoint(g) => Some((
                    g.clone(),
                    "ec2:DescribeRouteTables RouteTables[].Routes[].GatewayId",
                )),
                RouteTarget::NatGateway(g) => Some((
                    g.clone(),
                    "ec2:DescribeRouteTables RouteTables[].Routes[].NatGatewayId",
                )),
                RouteTarget::EgressOnlyInternetGateway(g) => Some((
                    g.clone(),
                    "ec2:DescribeRouteTables RouteTables[].Routes[].EgressOnlyInternetGatewayId",
                )),
                RouteTarget::VpcPeeringConnection(g) => Some((
                    g.clone(),
                    "ec2:DescribeRouteTables RouteTables[].Routes[].VpcPeeringConnectionId",
                )),
                RouteTarget::TransitGateway(g) => Some((
                    g.clone(),
                    "ec2:DescribeRouteTables RouteTables[].Routes[].TransitGatewayId",
                )),
                RouteTarget::NetworkInterface(g) => Some((
                    g.clone(),
                    "ec2:DescribeRouteTables RouteTables[].Routes[].NetworkInterfaceId",
                )),
                RouteTarget::Instance(g) => Some((
                    g.clone(),
                    "ec2:DescribeRouteTables RouteTables[].Routes[].InstanceId",
                )),
                RouteTarget::Other(_) => None,
            };
            let active = r.state.as_ref().is_none_or(|s| s.as_str() != "blackhole");
            if let (true, Some((short, ev))) = (active, evidence) {
                out.rel(
                    id.clone(),
                    K::RoutesVia,
                    ctx.ec2(ec2_type_of(&short), &short),
                    ev,
                );
            }
            if let (true, RouteTarget::NetworkInterface(_), Some(i)) =
                (active, &target, opt(&r.instance_id))
            {
                out.rel(
                    id.clone(),
                    K::RoutesVia,
                    ctx.ec2("instance", &i),
                    "ec2:DescribeRouteTables RouteTables[].Routes[].InstanceId",
                );
            }
            routes.push(Route {
                destination,
                target,
                active,
                origin: r.origin.to_owned_string(),
            });
        }
        let mut associations = Vec::with_capacity(t.associations.len());
        for a in &t.associations {
            let gone = a.association_state.as_ref().is_some_and(|s| {
                matches!(
                    s.state.as_str(),
                    "disassociated" | "disassociating" | "failed"
                )
            });
            if gone {
                continue;
            }
            if let Some(sn) = opt(&a.subnet_id) {
                out.rel(
                    ctx.ec2("subnet", &sn),
                    K::RoutesVia,
                    id.clone(),
                    "ec2:DescribeRouteTables RouteTables[].Associations[].SubnetId",
                );
            }
            associations.push(RouteTableAssociation {
                id: a.route_table_association_id.to_owned_string(),
                main: a.main,
                subnet_id: opt(&a.subnet_id),
                gateway_id: opt(&a.gateway_id),
            });
        }
        let mut r = ctx.resource(
            id.clone(),
            ResourceKind::RouteTable,
            name_for(&tags, None, t.route_table_id.as_str()),
        );
        r.account = owner.to_owned();
        r.tags = tags;
        r.props = Properties::RouteTable(RouteTableProps {
            vpc_id: t.vpc_id.to_owned_string(),
            routes,
            associations,
        });
        out.rel(
            ctx.ec2("vpc", t.vpc_id.as_str()),
            K::Contains,
            id,
            "ec2:DescribeRouteTables RouteTables[].VpcId",
        );
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Attachment<'a> {
    #[serde(borrow)]
    vpc_id: Text<'a>,
    #[serde(default, borrow)]
    state: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Gateway<'a> {
    #[serde(default, borrow)]
    internet_gateway_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    egress_only_internet_gateway_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    owner_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    attachments: Vec<Attachment<'a>>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Gateways<'a> {
    #[serde(default, borrow)]
    internet_gateways: Items<Gateway<'a>>,
    #[serde(default, borrow)]
    egress_only_internet_gateways: Items<Gateway<'a>>,
}

fn gateways(ctx: &Ctx<'_>, list: Vec<Gateway<'_>>, egress_only: bool, out: &mut Out) -> Result<()> {
    let (kind, rtype, missing, evidence) = if egress_only {
        (
            ResourceKind::EgressOnlyInternetGateway,
            "egress-only-internet-gateway",
            "EgressOnlyInternetGatewayId",
            "ec2:DescribeEgressOnlyInternetGateways EgressOnlyInternetGateways[].Attachments[].VpcId",
        )
    } else {
        (
            ResourceKind::InternetGateway,
            "internet-gateway",
            "InternetGatewayId",
            "ec2:DescribeInternetGateways InternetGateways[].Attachments[].VpcId",
        )
    };
    for g in list {
        let short = if egress_only {
            &g.egress_only_internet_gateway_id
        } else {
            &g.internet_gateway_id
        };
        let Some(short) = opt(short) else {
            return Err(serde::de::Error::missing_field(missing));
        };
        let owner = g.owner_id.as_ref().map_or(ctx.account, |o| o.as_str());
        let id = ResourceId::ec2(ctx.region, owner, rtype, &short);
        let tags = tags(&g.tags);
        let attached: Vec<String> = g
            .attachments
            .iter()
            .filter(|a| {
                matches!(
                    a.state.as_str(),
                    "attached" | "available" | "attaching" | ""
                )
            })
            .map(|a| a.vpc_id.to_owned_string())
            .collect();
        for v in &attached {
            out.rel(id.clone(), K::AttachedTo, ctx.ec2("vpc", v), evidence);
        }
        let mut r = ctx.resource(id.clone(), kind, name_for(&tags, None, &short));
        r.account = owner.to_owned();
        r.tags = tags;
        let props = GatewayAttachmentProps {
            attached_vpcs: attached,
        };
        r.props = if egress_only {
            Properties::EgressOnlyInternetGateway(props)
        } else {
            Properties::InternetGateway(props)
        };
        out.rel(ctx.region_id(), K::Contains, id, evidence);
        out.resources.push(r);
    }
    Ok(())
}

/// `ec2-describe-internet-gateways.json`.
pub fn internet_gateways(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Gateways<'_> = serde_json::from_slice(bytes)?;
    gateways(ctx, doc.internet_gateways.0, false, out)
}

/// `ec2-describe-egress-only-internet-gateways.json`.
pub fn egress_only_internet_gateways(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Gateways<'_> = serde_json::from_slice(bytes)?;
    gateways(ctx, doc.egress_only_internet_gateways.0, true, out)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct NatAddress<'a> {
    #[serde(default, borrow)]
    network_interface_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    private_ip: Option<Text<'a>>,
    #[serde(default, borrow)]
    public_ip: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct NatGateway<'a> {
    #[serde(borrow)]
    nat_gateway_id: Text<'a>,
    #[serde(default, borrow)]
    vpc_id: Text<'a>,
    #[serde(default, borrow)]
    subnet_id: Text<'a>,
    #[serde(default, borrow)]
    state: Text<'a>,
    #[serde(default, borrow)]
    connectivity_type: Option<Text<'a>>,
    #[serde(default, borrow)]
    create_time: Option<Text<'a>>,
    #[serde(default, borrow)]
    nat_gateway_addresses: Vec<NatAddress<'a>>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct NatGateways<'a> {
    #[serde(default, borrow)]
    nat_gateways: Items<NatGateway<'a>>,
}

/// `ec2-describe-nat-gateways.json`.
pub fn nat_gateways(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: NatGateways<'_> = serde_json::from_slice(bytes)?;
    for n in doc.nat_gateways {
        let id = ctx.ec2_id("natgateway", n.nat_gateway_id.as_str());
        let tags = tags(&n.tags);
        let mut r = ctx.resource(
            id.clone(),
            ResourceKind::NatGateway,
            name_for(&tags, None, n.nat_gateway_id.as_str()),
        );
        r.tags = tags;
        r.created = opt_time(&n.create_time);
        r.props = Properties::NatGateway(NatGatewayProps {
            vpc_id: n.vpc_id.to_owned_string(),
            subnet_id: n.subnet_id.to_owned_string(),
            connectivity_type: n
                .connectivity_type
                .as_ref()
                .map_or_else(|| "public".to_owned(), Text::to_owned_string),
            state: n.state.to_owned_string(),
            public_ips: n
                .nat_gateway_addresses
                .iter()
                .filter_map(|a| ipv4(&a.public_ip))
                .collect(),
            private_ips: n
                .nat_gateway_addresses
                .iter()
                .filter_map(|a| ipv4(&a.private_ip))
                .collect(),
            network_interface_ids: n
                .nat_gateway_addresses
                .iter()
                .filter_map(|a| opt(&a.network_interface_id))
                .collect(),
        });
        if !n.subnet_id.is_empty() {
            out.rel(
                ctx.ec2("subnet", n.subnet_id.as_str()),
                K::Contains,
                id,
                "ec2:DescribeNatGateways NatGateways[].SubnetId",
            );
        } else if !n.vpc_id.is_empty() {
            out.rel(
                ctx.ec2("vpc", n.vpc_id.as_str()),
                K::Contains,
                id,
                "ec2:DescribeNatGateways NatGateways[].VpcId",
            );
        }
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PeeringInfo<'a> {
    #[serde(default, borrow)]
    vpc_id: Text<'a>,
    #[serde(default, borrow)]
    owner_id: Text<'a>,
    #[serde(default, borrow)]
    region: Text<'a>,
    #[serde(default, borrow)]
    cidr_block: Option<Text<'a>>,
    #[serde(default, borrow)]
    cidr_block_set: Vec<CidrAssoc<'a>>,
    #[serde(default, borrow)]
    ipv6_cidr_block_set: Vec<CidrAssoc<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct StatusCode<'a> {
    #[serde(default, borrow)]
    code: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Peering<'a> {
    #[serde(borrow)]
    vpc_peering_connection_id: Text<'a>,
    #[serde(default, borrow)]
    requester_vpc_info: Option<PeeringInfo<'a>>,
    #[serde(default, borrow)]
    accepter_vpc_info: Option<PeeringInfo<'a>>,
    #[serde(default, borrow)]
    status: Option<StatusCode<'a>>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Peerings<'a> {
    #[serde(default, borrow)]
    vpc_peering_connections: Items<Peering<'a>>,
}

fn peering_side(ctx: &Ctx<'_>, info: &Option<PeeringInfo<'_>>) -> PeeringSide {
    let Some(i) = info else {
        return PeeringSide::default();
    };
    let mut cidr_blocks: Vec<Ipv4Net> = cidr4(&i.cidr_block).into_iter().collect();
    for c in i.cidr_block_set.iter().filter_map(|c| cidr4(&c.cidr_block)) {
        if !cidr_blocks.contains(&c) {
            cidr_blocks.push(c);
        }
    }
    PeeringSide {
        vpc_id: i.vpc_id.to_owned_string(),
        owner_id: if i.owner_id.is_empty() {
            ctx.account.to_owned()
        } else {
            i.owner_id.to_owned_string()
        },
        region: if i.region.is_empty() {
            ctx.region.to_owned()
        } else {
            i.region.to_owned_string()
        },
        cidr_blocks,
        ipv6_cidr_blocks: i
            .ipv6_cidr_block_set
            .iter()
            .filter_map(|c| cidr6(&c.ipv6_cidr_block))
            .collect(),
    }
}

/// `ec2-describe-vpc-peering-connections.json`.
pub fn vpc_peering_connections(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Peerings<'_> = serde_json::from_slice(bytes)?;
    for p in doc.vpc_peering_connections {
        let requester = peering_side(ctx, &p.requester_vpc_info);
        let accepter = peering_side(ctx, &p.accepter_vpc_info);
        // The peering connection's ARN carries the requester's account and region: both sides of
        // an inter-account or inter-region peering list it, and must name one resource.
        let owner = if requester.owner_id.is_empty() {
            ctx.account
        } else {
            requester.owner_id.as_str()
        };
        let home = if requester.region.is_empty() {
            ctx.region
        } else {
            requester.region.as_str()
        };
        let id = ResourceId::ec2(
            home,
            owner,
            "vpc-peering-connection",
            p.vpc_peering_connection_id.as_str(),
        );
        for (side, ev) in [
            (
                &requester,
                "ec2:DescribeVpcPeeringConnections VpcPeeringConnections[].RequesterVpcInfo.VpcId",
            ),
            (
                &accepter,
                "ec2:DescribeVpcPeeringConnections VpcPeeringConnections[].AccepterVpcInfo.VpcId",
            ),
        ] {
            if !side.vpc_id.is_empty() {
                let vpc = ResourceId::ec2(&side.region, &side.owner_id, "vpc", &side.vpc_id);
                out.rel(id.clone(), K::Connects, vpc, ev);
            }
        }
        let tags = tags(&p.tags);
        let mut r = ctx.resource(
            id.clone(),
            ResourceKind::VpcPeeringConnection,
            name_for(&tags, None, p.vpc_peering_connection_id.as_str()),
        );
        r.tags = tags;
        r.account = owner.to_owned();
        r.region = Some(home.to_owned());
        let container = ResourceId::region(owner, home);
        r.props = Properties::VpcPeeringConnection(VpcPeeringProps {
            requester,
            accepter,
            status: p
                .status
                .as_ref()
                .map(|s| s.code.to_owned_string())
                .unwrap_or_default(),
        });
        out.rel(
            container,
            K::Contains,
            id,
            "ec2:DescribeVpcPeeringConnections VpcPeeringConnections[].VpcPeeringConnectionId",
        );
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TgwOptions<'a> {
    #[serde(default, borrow)]
    association_default_route_table_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    propagation_default_route_table_id: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TransitGateway<'a> {
    #[serde(borrow)]
    transit_gateway_id: Text<'a>,
    #[serde(default, borrow)]
    transit_gateway_arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    owner_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    state: Text<'a>,
    #[serde(default, borrow)]
    options: Option<TgwOptions<'a>>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TransitGateways<'a> {
    #[serde(default, borrow)]
    transit_gateways: Items<TransitGateway<'a>>,
}

/// `ec2-describe-transit-gateways.json`.
pub fn transit_gateways(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: TransitGateways<'_> = serde_json::from_slice(bytes)?;
    for t in doc.transit_gateways {
        let owner = t
            .owner_id
            .as_ref()
            .map_or(ctx.account, |o| o.as_str())
            .to_owned();
        let id = match opt(&t.transit_gateway_arn) {
            Some(a) => ResourceId::new(a),
            None => ResourceId::ec2(
                ctx.region,
                &owner,
                "transit-gateway",
                t.transit_gateway_id.as_str(),
            ),
        };
        let tags = tags(&t.tags);
        let mut r = ctx.resource(
            id.clone(),
            ResourceKind::TransitGateway,
            name_for(&tags, None, t.transit_gateway_id.as_str()),
        );
        r.tags = tags;
        r.account.clone_from(&owner);
        r.props = Properties::TransitGateway(TransitGatewayProps {
            owner_id: owner,
            state: t.state.to_owned_string(),
            association_default_route_table_id: t
                .options
                .as_ref()
                .and_then(|o| opt(&o.association_default_route_table_id)),
            propagation_default_route_table_id: t
                .options
                .as_ref()
                .and_then(|o| opt(&o.propagation_default_route_table_id)),
        });
        out.rel(
            ctx.region_id(),
            K::Contains,
            id,
            "ec2:DescribeTransitGateways TransitGateways[].TransitGatewayId",
        );
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TgwAssociation<'a> {
    #[serde(default, borrow)]
    transit_gateway_route_table_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    state: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TgwAttachment<'a> {
    #[serde(borrow)]
    transit_gateway_attachment_id: Text<'a>,
    #[serde(borrow)]
    transit_gateway_id: Text<'a>,
    #[serde(default, borrow)]
    transit_gateway_owner_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    resource_owner_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    resource_type: Text<'a>,
    #[serde(default, borrow)]
    resource_id: Text<'a>,
    #[serde(default, borrow)]
    state: Text<'a>,
    #[serde(default, borrow)]
    association: Option<TgwAssociation<'a>>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TgwAttachments<'a> {
    #[serde(default, borrow)]
    transit_gateway_attachments: Items<TgwAttachment<'a>>,
}

/// `ec2-describe-transit-gateway-attachments.json`.
pub fn transit_gateway_attachments(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: TgwAttachments<'_> = serde_json::from_slice(bytes)?;
    for a in doc.transit_gateway_attachments {
        let id = ctx.ec2_id(
            "transit-gateway-attachment",
            a.transit_gateway_attachment_id.as_str(),
        );
        let tgw_owner = a
            .transit_gateway_owner_id
            .as_ref()
            .map_or(ctx.account, |o| o.as_str());
        let res_owner = a
            .resource_owner_id
            .as_ref()
            .map_or(ctx.account, |o| o.as_str());
        let tgw = ResourceId::ec2(
            ctx.region,
            tgw_owner,
            "transit-gateway",
            a.transit_gateway_id.as_str(),
        );
        out.rel(
            id.clone(),
            K::Connects,
            tgw,
            "ec2:DescribeTransitGatewayAttachments TransitGatewayAttachments[].TransitGatewayId",
        );
        if a.resource_type.as_str() == "vpc" && !a.resource_id.is_empty() {
            let vpc = ResourceId::ec2(ctx.region, res_owner, "vpc", a.resource_id.as_str());
            out.rel(
                id.clone(),
                K::Connects,
                vpc,
                "ec2:DescribeTransitGatewayAttachments TransitGatewayAttachments[].ResourceId",
            );
        }
        let tags = tags(&a.tags);
        let mut r = ctx.resource(
            id.clone(),
            ResourceKind::TransitGatewayAttachment,
            name_for(&tags, None, a.transit_gateway_attachment_id.as_str()),
        );
        r.tags = tags;
        r.props = Properties::TransitGatewayAttachment(TransitGatewayAttachmentProps {
            transit_gateway_id: a.transit_gateway_id.to_owned_string(),
            transit_gateway_owner_id: tgw_owner.to_owned(),
            resource_type: a.resource_type.to_owned_string(),
            resource_id: a.resource_id.to_owned_string(),
            resource_owner_id: res_owner.to_owned(),
            state: a.state.to_owned_string(),
            association_route_table_id: a
                .association
                .as_ref()
                .filter(|s| !matches!(s.state.as_str(), "disassociated" | "disassociating"))
                .and_then(|s| opt(&s.transit_gateway_route_table_id)),
        });
        out.rel(ctx.region_id(), K::Contains, id, "ec2:DescribeTransitGatewayAttachments TransitGatewayAttachments[].TransitGatewayAttachmentId");
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TgwRouteTable<'a> {
    #[serde(borrow)]
    transit_gateway_route_table_id: Text<'a>,
    #[serde(borrow)]
    transit_gateway_id: Text<'a>,
    #[serde(default, borrow)]
    creation_time: Option<Text<'a>>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TgwRouteTables<'a> {
    #[serde(default, borrow)]
    transit_gateway_route_tables: Items<TgwRouteTable<'a>>,
}

/// `ec2-describe-transit-gateway-route-tables.json`.
pub fn transit_gateway_route_tables(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: TgwRouteTables<'_> = serde_json::from_slice(bytes)?;
    for t in doc.transit_gateway_route_tables {
        let id = ctx.ec2_id(
            "transit-gateway-route-table",
            t.transit_gateway_route_table_id.as_str(),
        );
        let tags = tags(&t.tags);
        let mut r = ctx.resource(
            id.clone(),
            ResourceKind::TransitGatewayRouteTable,
            name_for(&tags, None, t.transit_gateway_route_table_id.as_str()),
        );
        r.tags = tags;
        r.created = opt_time(&t.creation_time);
        r.props = Properties::TransitGatewayRouteTable(TransitGatewayRouteTableProps {
            transit_gateway_id: t.transit_gateway_id.to_owned_string(),
            routes: Vec::new(),
            routes_collected: false,
        });
        out.rel(
            id.clone(),
            K::AttachedTo,
            ctx.ec2("transit-gateway", t.transit_gateway_id.as_str()),
            "ec2:DescribeTransitGatewayRouteTables TransitGatewayRouteTables[].TransitGatewayId",
        );
        out.rel(ctx.region_id(), K::Contains, id, "ec2:DescribeTransitGatewayRouteTables TransitGatewayRouteTables[].TransitGatewayRouteTableId");
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TgwRouteAttachment<'a> {
    #[serde(default, borrow)]
    transit_gateway_attachment_id: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TgwRoute<'a> {
    #[serde(default, borrow)]
    destination_cidr_block: Option<Text<'a>>,
    #[serde(default, borrow)]
    transit_gateway_attachments: Vec<TgwRouteAttachment<'a>>,
    #[serde(default, borrow, rename = "Type")]
    route_type: Text<'a>,
    #[serde(default, borrow)]
    state: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TgwRoutes<'a> {
    #[serde(default, borrow)]
    routes: Items<TgwRoute<'a>>,
}

/// `ec2-search-transit-gateway-routes/<tgw-rtb-id>`.
pub fn transit_gateway_routes(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: TgwRoutes<'_> = serde_json::from_slice(bytes)?;
    let rtb = ctx.param();
    let id = if rtb.starts_with("arn:") {
        ResourceId::new(rtb)
    } else {
        ctx.ec2_id("transit-gateway-route-table", rtb)
    };
    let mut routes = Vec::new();
    for r in &doc.routes {
        let Some(destination) = cidr(&r.destination_cidr_block) else {
            continue;
        };
        let attachment_ids: Vec<String> = r
            .transit_gateway_attachments
            .iter()
            .filter_map(|a| opt(&a.transit_gateway_attachment_id))
            .collect();
        for a in &attachment_ids {
            out.rel(
                id.clone(),
                K::RoutesVia,
                ctx.ec2_id("transit-gateway-attachment", a),
                "ec2:SearchTransitGatewayRoutes Routes[].TransitGatewayAttachments[].TransitGatewayAttachmentId",
            );
        }
        routes.push(TransitGatewayRoute {
            destination,
            attachment_ids,
            active: r.state.as_str() != "blackhole",
            route_type: r.route_type.to_owned_string(),
        });
    }
    out.patch(id, move |r| {
        if let Properties::TransitGatewayRouteTable(p) = &mut r.props {
            p.routes = routes;
            p.routes_collected = true;
        }
    });
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct GroupRef<'a> {
    #[serde(borrow)]
    group_id: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Endpoint<'a> {
    #[serde(borrow)]
    vpc_endpoint_id: Text<'a>,
    #[serde(default, borrow)]
    vpc_endpoint_type: Text<'a>,
    #[serde(default, borrow)]
    vpc_id: Text<'a>,
    #[serde(default, borrow)]
    service_name: Text<'a>,
    #[serde(default, borrow)]
    state: Text<'a>,
    #[serde(default, borrow)]
    policy_document: Option<Text<'a>>,
    #[serde(default, borrow)]
    route_table_ids: Vec<Text<'a>>,
    #[serde(default, borrow)]
    subnet_ids: Vec<Text<'a>>,
    #[serde(default, borrow)]
    groups: Vec<GroupRef<'a>>,
    #[serde(default, borrow)]
    network_interface_ids: Vec<Text<'a>>,
    #[serde(default)]
    private_dns_enabled: bool,
    #[serde(default, borrow)]
    creation_timestamp: Option<Text<'a>>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Endpoints<'a> {
    #[serde(default, borrow)]
    vpc_endpoints: Items<Endpoint<'a>>,
}

/// `ec2-describe-vpc-endpoints.json`.
pub fn vpc_endpoints(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Endpoints<'_> = serde_json::from_slice(bytes)?;
    for e in doc.vpc_endpoints {
        let id = ctx.ec2_id("vpc-endpoint", e.vpc_endpoint_id.as_str());
        for rt in &e.route_table_ids {
            out.rel(
                id.clone(),
                K::AttachedTo,
                ctx.ec2("route-table", rt.as_str()),
                "ec2:DescribeVpcEndpoints VpcEndpoints[].RouteTableIds",
            );
        }
        for g in &e.groups {
            out.rel(
                id.clone(),
                K::AttachedTo,
                ctx.ec2("security-group", g.group_id.as_str()),
                "ec2:DescribeVpcEndpoints VpcEndpoints[].Groups[].GroupId",
            );
        }
        if e.subnet_ids.is_empty() {
            if !e.vpc_id.is_empty() {
                out.rel(
                    ctx.ec2("vpc", e.vpc_id.as_str()),
                    K::Contains,
                    id.clone(),
                    "ec2:DescribeVpcEndpoints VpcEndpoints[].VpcId",
                );
            }
        } else {
            for s in &e.subnet_ids {
                out.rel(
                    ctx.ec2("subnet", s.as_str()),
                    K::Contains,
                    id.clone(),
                    "ec2:DescribeVpcEndpoints VpcEndpoints[].SubnetIds",
                );
            }
        }
        let tags = tags(&e.tags);
        let mut r = ctx.resource(
            id,
            ResourceKind::VpcEndpoint,
            name_for(&tags, None, e.vpc_endpoint_id.as_str()),
        );
        r.tags = tags;
        r.created = opt_time(&e.creation_timestamp);
        r.props = Properties::VpcEndpoint(VpcEndpointProps {
            vpc_id: e.vpc_id.to_owned_string(),
            service_name: e.service_name.to_owned_string(),
            endpoint_type: e.vpc_endpoint_type.to_owned_string(),
            state: e.state.to_owned_string(),
            route_table_ids: strings(&e.route_table_ids),
            subnet_ids: strings(&e.subnet_ids),
            security_group_ids: e
                .groups
                .iter()
                .map(|g| g.group_id.to_owned_string())
                .collect(),
            network_interface_ids: strings(&e.network_interface_ids),
            policy: e
                .policy_document
                .as_ref()
                .and_then(|p| policy_from_text(p.as_str())),
            private_dns_enabled: e.private_dns_enabled,
        });
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct IpRange<'a> {
    #[serde(default, borrow)]
    cidr_ip: Option<Text<'a>>,
    #[serde(default, borrow)]
    cidr_ipv6: Option<Text<'a>>,
    #[serde(default, borrow)]
    prefix_list_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    group_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    user_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    vpc_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    description: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct IpPermission<'a> {
    #[serde(default, borrow)]
    ip_protocol: Text<'a>,
    #[serde(default)]
    from_port: Option<i64>,
    #[serde(default)]
    to_port: Option<i64>,
    #[serde(default, borrow)]
    ip_ranges: Vec<IpRange<'a>>,
    #[serde(default, borrow)]
    ipv6_ranges: Vec<IpRange<'a>>,
    #[serde(default, borrow)]
    prefix_list_ids: Vec<IpRange<'a>>,
    #[serde(default, borrow)]
    user_id_group_pairs: Vec<IpRange<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SecurityGroup<'a> {
    #[serde(borrow)]
    group_id: Text<'a>,
    #[serde(default, borrow)]
    group_name: Text<'a>,
    #[serde(default, borrow)]
    description: Text<'a>,
    #[serde(default, borrow)]
    vpc_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    owner_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    ip_permissions: Vec<IpPermission<'a>>,
    #[serde(default, borrow)]
    ip_permissions_egress: Vec<IpPermission<'a>>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SecurityGroups<'a> {
    #[serde(default, borrow)]
    security_groups: Items<SecurityGroup<'a>>,
}

fn sg_rules(perms: &[IpPermission<'_>]) -> Vec<SecurityGroupRule> {
    let mut rules = Vec::new();
    for p in perms {
        let Some(protocol) = IpProtocol::parse(p.ip_protocol.as_str()) else {
            continue;
        };
        let from_port = p.from_port.and_then(|n| i32::try_from(n).ok());
        let to_port = p.to_port.and_then(|n| i32::try_from(n).ok());
        let mut push = |peer: SecurityGroupPeer, description: &Option<Text<'_>>| {
            rules.push(SecurityGroupRule {
                protocol,
                from_port,
                to_port,
                peer,
                description: opt(description),
            });
        };
        for r in &p.ip_ranges {
            if let Some(c) = cidr(&r.cidr_ip) {
                push(SecurityGroupPeer::Cidr { cidr: c }, &r.description);
            }
        }
        for r in &p.ipv6_ranges {
            if let Some(c) = cidr(&r.cidr_ipv6) {
                push(SecurityGroupPeer::Cidr { cidr: c }, &r.description);
            }
        }
        for r in &p.prefix_list_ids {
            if let Some(pl) = opt(&r.prefix_list_id) {
                push(
                    SecurityGroupPeer::PrefixList { prefix_list_id: pl },
                    &r.description,
                );
            }
        }
        for r in &p.user_id_group_pairs {
            if let Some(g) = opt(&r.group_id) {
                push(
                    SecurityGroupPeer::SecurityGroup {
                        group_id: g,
                        user_id: opt(&r.user_id),
                        vpc_id: opt(&r.vpc_id),
                    },
                    &r.description,
                );
            }
        }
    }
    rules
}

/// `ec2-describe-security-groups.json`.
pub fn security_groups(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: SecurityGroups<'_> = serde_json::from_slice(bytes)?;
    for g in doc.security_groups {
        let owner = g.owner_id.as_ref().map_or(ctx.account, |o| o.as_str());
        let id = ResourceId::ec2(ctx.region, owner, "security-group", g.group_id.as_str());
        let tags = tags(&g.tags);
        let api_name = Some(g.group_name.as_str());
        let mut r = ctx.resource(
            id.clone(),
            ResourceKind::SecurityGroup,
            name_for(&tags, api_name, g.group_id.as_str()),
        );
        r.account = owner.to_owned();
        r.tags = tags;
        match opt(&g.vpc_id) {
            Some(v) => out.rel(
                ctx.ec2("vpc", &v),
                K::Contains,
                id,
                "ec2:DescribeSecurityGroups SecurityGroups[].VpcId",
            ),
            None => out.rel(
                ctx.region_id(),
                K::Contains,
                id,
                "ec2:DescribeSecurityGroups SecurityGroups[].GroupId",
            ),
        }
        r.props = Properties::SecurityGroup(SecurityGroupProps {
            group_id: g.group_id.to_owned_string(),
            group_name: g.group_name.to_owned_string(),
            description: g.description.to_owned_string(),
            vpc_id: opt(&g.vpc_id),
            ingress: sg_rules(&g.ip_permissions),
            egress: sg_rules(&g.ip_permissions_egress),
        });
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PortRange {
    #[serde(default)]
    from: Option<i64>,
    #[serde(default)]
    to: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct IcmpTypeCode {
    #[serde(default, rename = "Type")]
    icmp_type: Option<i64>,
    #[serde(default)]
    code: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AclEntry<'a> {
    rule_number: i64,
    #[serde(default, borrow)]
    protocol: Text<'a>,
    #[serde(default, borrow)]
    rule_action: Text<'a>,
    #[serde(default)]
    egress: bool,
    #[serde(default, borrow)]
    cidr_block: Option<Text<'a>>,
    #[serde(default, borrow)]
    ipv6_cidr_block: Option<Text<'a>>,
    #[serde(default)]
    port_range: Option<PortRange>,
    #[serde(default)]
    icmp_type_code: Option<IcmpTypeCode>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AclAssoc<'a> {
    #[serde(default, borrow)]
    subnet_id: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct NetworkAcl<'a> {
    #[serde(borrow)]
    network_acl_id: Text<'a>,
    #[serde(borrow)]
    vpc_id: Text<'a>,
    #[serde(default)]
    is_default: bool,
    #[serde(default, borrow)]
    owner_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    entries: Vec<AclEntry<'a>>,
    #[serde(default, borrow)]
    associations: Vec<AclAssoc<'a>>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct NetworkAcls<'a> {
    #[serde(default, borrow)]
    network_acls: Items<NetworkAcl<'a>>,
}

fn i32_of(n: Option<i64>) -> Option<i32> {
    n.and_then(|n| i32::try_from(n).ok())
}

/// `ec2-describe-network-acls.json`.
pub fn network_acls(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: NetworkAcls<'_> = serde_json::from_slice(bytes)?;
    for a in doc.network_acls {
        let owner = a.owner_id.as_ref().map_or(ctx.account, |o| o.as_str());
        let id = ResourceId::ec2(ctx.region, owner, "network-acl", a.network_acl_id.as_str());
        let mut entries = Vec::with_capacity(a.entries.len());
        for e in &a.entries {
            let (Some(protocol), Some(cidr), Ok(rule_number)) = (
                IpProtocol::parse(e.protocol.as_str()),
                cidr(&e.cidr_block).or_else(|| cidr(&e.ipv6_cidr_block)),
                i32::try_from(e.rule_number),
            ) else {
                continue;
            };
            entries.push(NetworkAclEntry {
                rule_number,
                egress: e.egress,
                protocol,
                allow: e.rule_action.as_str().eq_ignore_ascii_case("allow"),
                cidr,
                port_range: e
                    .port_range
                    .as_ref()
                    .and_then(|p| Some((i32_of(p.from)?, i32_of(p.to)?))),
                icmp_type_code: e
                    .icmp_type_code
                    .as_ref()
                    .and_then(|p| Some((i32_of(p.icmp_type)?, i32_of(p.code)?))),
            });
        }
        let subnet_ids: Vec<String> = a
            .associations
            .iter()
            .filter_map(|s| opt(&s.subnet_id))
            .collect();
        for s in &subnet_ids {
            out.rel(
                ctx.ec2("subnet", s),
                K::RoutesVia,
                id.clone(),
                "ec2:DescribeNetworkAcls NetworkAcls[].Associations[].SubnetId",
            );
        }
        let tags = tags(&a.tags);
        let mut r = ctx.resource(
            id.clone(),
            ResourceKind::NetworkAcl,
            name_for(&tags, None, a.network_acl_id.as_str()),
        );
        r.account = owner.to_owned();
        r.tags = tags;
        r.props = Properties::NetworkAcl(NetworkAclProps {
            vpc_id: a.vpc_id.to_owned_string(),
            is_default: a.is_default,
            entries,
            subnet_ids,
        });
        out.rel(
            ctx.ec2("vpc", a.vpc_id.as_str()),
            K::Contains,
            id,
            "ec2:DescribeNetworkAcls NetworkAcls[].VpcId",
        );
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct IpAssociation<'a> {
    #[serde(default, borrow)]
    public_ip: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PrivateIp<'a> {
    #[serde(default, borrow)]
    private_ip_address: Option<Text<'a>>,
    #[serde(default, borrow)]
    association: Option<IpAssociation<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Ipv6Address<'a> {
    #[serde(default, borrow)]
    ipv6_address: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct EniAttachment<'a> {
    #[serde(default, borrow)]
    instance_id: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct NetworkInterface<'a> {
    #[serde(borrow)]
    network_interface_id: Text<'a>,
    #[serde(default, borrow)]
    interface_type: Text<'a>,
    #[serde(default, borrow)]
    vpc_id: Text<'a>,
    #[serde(default, borrow)]
    subnet_id: Text<'a>,
    #[serde(default, borrow)]
    availability_zone: Text<'a>,
    #[serde(default, borrow)]
    owner_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    private_ip_address: Option<Text<'a>>,
    #[serde(default, borrow)]
    private_ip_addresses: Vec<PrivateIp<'a>>,
    #[serde(default, borrow)]
    association: Option<IpAssociation<'a>>,
    #[serde(default, borrow)]
    ipv6_addresses: Vec<Ipv6Address<'a>>,
    #[serde(default, borrow)]
    groups: Vec<GroupRef<'a>>,
    #[serde(default, borrow)]
    attachment: Option<EniAttachment<'a>>,
    #[serde(default, borrow)]
    description: Text<'a>,
    #[serde(default, borrow)]
    requester_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    status: Text<'a>,
    #[serde(default = "yes")]
    source_dest_check: bool,
    #[serde(default, borrow)]
    tag_set: Vec<Tag<'a>>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct NetworkInterfaces<'a> {
    #[serde(default, borrow)]
    network_interfaces: Items<NetworkInterface<'a>>,
}

/// `ec2-describe-network-interfaces.json`.
pub fn network_interfaces(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: NetworkInterfaces<'_> = serde_json::from_slice(bytes)?;
    for n in doc.network_interfaces {
        let owner = n.owner_id.as_ref().map_or(ctx.account, |o| o.as_str());
        let id = ResourceId::ec2(
            ctx.region,
            owner,
            "network-interface",
            n.network_interface_id.as_str(),
        );
        let mut private_ips = Vec::new();
        if let Some(ip) = ipv4(&n.private_ip_address) {
            private_ips.push(ip);
        }
        let mut public_ips = Vec::new();
        for p in &n.private_ip_addresses {
            if let Some(ip) = ipv4(&p.private_ip_address)
                && !private_ips.contains(&ip)
            {
                private_ips.push(ip);
            }
            if let Some(ip) = p.association.as_ref().and_then(|a| ipv4(&a.public_ip))
                && !public_ips.contains(&ip)
            {
                public_ips.push(ip);
            }
        }
        if let Some(ip) = n.association.as_ref().and_then(|a| ipv4(&a.public_ip))
            && !public_ips.contains(&ip)
        {
            public_ips.insert(0, ip);
        }
        for g in &n.groups {
            out.rel(
                id.clone(),
                K::AttachedTo,
                ctx.ec2("security-group", g.group_id.as_str()),
                "ec2:DescribeNetworkInterfaces NetworkInterfaces[].Groups[].GroupId",
            );
        }
        if !n.subnet_id.is_empty() {
            out.rel(
                ctx.ec2("subnet", n.subnet_id.as_str()),
                K::Contains,
                id.clone(),
                "ec2:DescribeNetworkInterfaces NetworkInterfaces[].SubnetId",
            );
        }
        let mut tag_list = n.tag_set;
        tag_list.extend(n.tags);
        let tags = tags(&tag_list);
        let mut r = ctx.resource(
            id,
            ResourceKind::NetworkInterface,
            name_for(&tags, None, n.network_interface_id.as_str()),
        );
        r.account = owner.to_owned();
        r.tags = tags;
        r.props = Properties::NetworkInterface(NetworkInterfaceProps {
            interface_id: n.network_interface_id.to_owned_string(),
            interface_type: n.interface_type.to_owned_string(),
            vpc_id: n.vpc_id.to_owned_string(),
            subnet_id: n.subnet_id.to_owned_string(),
            availability_zone: n.availability_zone.to_owned_string(),
            private_ips,
            public_ips,
            ipv6_addresses: n
                .ipv6_addresses
                .iter()
                .filter_map(|a| ipv6(&a.ipv6_address))
                .collect(),
            security_group_ids: n
                .groups
                .iter()
                .map(|g| g.group_id.to_owned_string())
                .collect(),
            attached_instance_id: n.attachment.as_ref().and_then(|a| opt(&a.instance_id)),
            description: n.description.to_owned_string(),
            requester_id: opt(&n.requester_id),
            status: n.status.to_owned_string(),
            source_dest_check: n.source_dest_check,
        });
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Address<'a> {
    #[serde(default, borrow)]
    allocation_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    public_ip: Option<Text<'a>>,
    #[serde(default, borrow)]
    instance_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    network_interface_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    private_ip_address: Option<Text<'a>>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Addresses<'a> {
    #[serde(default, borrow)]
    addresses: Items<Address<'a>>,
}

/// `ec2-describe-addresses.json`.
pub fn addresses(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Addresses<'_> = serde_json::from_slice(bytes)?;
    for a in doc.addresses {
        // EC2-Classic addresses have no allocation id; the public IP identifies them.
        let Some(short) = opt(&a.allocation_id).or_else(|| opt(&a.public_ip)) else {
            return Err(serde::de::Error::missing_field("AllocationId"));
        };
        let id = ctx.ec2_id("elastic-ip", &short);
        if let Some(eni) = opt(&a.network_interface_id) {
            out.rel(
                id.clone(),
                K::AttachedTo,
                ctx.ec2("network-interface", &eni),
                "ec2:DescribeAddresses Addresses[].NetworkInterfaceId",
            );
        } else if let Some(i) = opt(&a.instance_id) {
            out.rel(
                id.clone(),
                K::AttachedTo,
                ctx.ec2("instance", &i),
                "ec2:DescribeAddresses Addresses[].InstanceId",
            );
        }
        let tags = tags(&a.tags);
        let mut r = ctx.resource(
            id.clone(),
            ResourceKind::ElasticIp,
            name_for(&tags, None, &short),
        );
        r.tags = tags;
        r.props = Properties::ElasticIp(ElasticIpProps {
            public_ip: ipv4(&a.public_ip),
            allocation_id: opt(&a.allocation_id).unwrap_or_default(),
            instance_id: opt(&a.instance_id),
            network_interface_id: opt(&a.network_interface_id),
            private_ip: ipv4(&a.private_ip_address),
        });
        out.rel(
            ctx.region_id(),
            K::Contains,
            id,
            "ec2:DescribeAddresses Addresses[].AllocationId",
        );
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PrefixList<'a> {
    #[serde(borrow)]
    prefix_list_id: Text<'a>,
    #[serde(default, borrow)]
    prefix_list_name: Option<Text<'a>>,
    #[serde(default, borrow)]
    prefix_list_arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PrefixLists<'a> {
    #[serde(default, borrow)]
    prefix_lists: Items<PrefixList<'a>>,
}

/// `ec2-describe-managed-prefix-lists.json`.
pub fn managed_prefix_lists(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: PrefixLists<'_> = serde_json::from_slice(bytes)?;
    for p in doc.prefix_lists {
        let id = id_or(
            ctx,
            &p.prefix_list_arn,
            "prefix-list",
            p.prefix_list_id.as_str(),
        );
        let tags = tags(&p.tags);
        let name = name_for(
            &tags,
            p.prefix_list_name.as_ref().map(Text::as_str),
            p.prefix_list_id.as_str(),
        );
        let mut r = ctx.resource(id.clone(), ResourceKind::PrefixList, name);
        r.tags = tags;
        r.props = Properties::PrefixList(PrefixListProps {
            prefix_list_id: p.prefix_list_id.to_owned_string(),
            cidrs: Vec::new(),
            entries_collected: false,
        });
        out.rel(
            ctx.region_id(),
            K::Contains,
            id,
            "ec2:DescribeManagedPrefixLists PrefixLists[].PrefixListId",
        );
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PrefixListEntry<'a> {
    #[serde(default, borrow)]
    cidr: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PrefixListEntries<'a> {
    #[serde(default, borrow)]
    entries: Items<PrefixListEntry<'a>>,
}

/// `ec2-get-managed-prefix-list-entries/<pl-id>`. The patch finds the list by its short id, so it
/// works for AWS-managed lists (whose ARNs carry the account `aws`) too.
pub fn prefix_list_entries(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: PrefixListEntries<'_> = serde_json::from_slice(bytes)?;
    let cidrs: Vec<IpNet> = doc.entries.iter().filter_map(|e| cidr(&e.cidr)).collect();
    let pl = ctx.param();
    let id = if pl.starts_with("arn:") {
        ResourceId::new(pl)
    } else {
        ctx.ec2_id("prefix-list", pl)
    };
    out.patch(id, move |r| {
        if let Properties::PrefixList(p) = &mut r.props {
            p.cidrs = cidrs;
            p.entries_collected = true;
        }
    });
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct FlowLog<'a> {
    #[serde(borrow)]
    flow_log_id: Text<'a>,
    #[serde(default, borrow)]
    resource_id: Text<'a>,
    #[serde(default, borrow)]
    traffic_type: Text<'a>,
    #[serde(default, borrow)]
    flow_log_status: Text<'a>,
    #[serde(default, borrow)]
    log_destination_type: Option<Text<'a>>,
    #[serde(default, borrow)]
    log_destination: Option<Text<'a>>,
    #[serde(default, borrow)]
    log_group_name: Option<Text<'a>>,
    #[serde(default, borrow)]
    creation_time: Option<Text<'a>>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct FlowLogs<'a> {
    #[serde(default, borrow)]
    flow_logs: Items<FlowLog<'a>>,
}

/// The bucket ARN of an S3 destination that may carry a key prefix (`arn:aws:s3:::bkt/logs/`).
pub fn s3_bucket_arn(arn: &str) -> String {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", partition, "s3", _, _, resource] => {
            let bucket = resource.split('/').next().unwrap_or(resource);
            format!("arn:{partition}:s3:::{bucket}")
        }
        _ => {
            let bucket = arn.trim_start_matches("s3://");
            format!(
                "arn:aws:s3:::{}",
                bucket.split('/').next().unwrap_or(bucket)
            )
        }
    }
}

/// `ec2-describe-flow-logs.json`.
pub fn flow_logs(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: FlowLogs<'_> = serde_json::from_slice(bytes)?;
    for f in doc.flow_logs {
        let id = ctx.ec2_id("vpc-flow-log", f.flow_log_id.as_str());
        let destination_type = f
            .log_destination_type
            .as_ref()
            .map_or_else(|| "cloud-watch-logs".to_owned(), Text::to_owned_string);
        let destination = opt(&f.log_destination).or_else(|| {
            opt(&f.log_group_name).map(|g| {
                format!(
                    "arn:{}:logs:{}:{}:log-group:{g}",
                    nephos_model::partition_for_region(ctx.region),
                    ctx.region,
                    ctx.account
                )
            })
        });
        if let Some(d) = &destination {
            let to = if destination_type == "s3" {
                s3_bucket_arn(d)
            } else {
                d.clone()
            };
            out.rel(
                id.clone(),
                K::LogsTo,
                ResourceId::new(to),
                "ec2:DescribeFlowLogs FlowLogs[].LogDestination",
            );
        }
        if !f.resource_id.is_empty() {
            let short = f.resource_id.as_str();
            let rtype = ec2_type_of(short);
            out.rel(
                ctx.ec2(rtype, short),
                K::LogsTo,
                id.clone(),
                "ec2:DescribeFlowLogs FlowLogs[].ResourceId",
            );
        }
        let tags = tags(&f.tags);
        let mut r = ctx.resource(
            id.clone(),
            ResourceKind::FlowLog,
            name_for(&tags, None, f.flow_log_id.as_str()),
        );
        r.tags = tags;
        r.created = opt_time(&f.creation_time);
        r.props = Properties::FlowLog(FlowLogProps {
            resource_id: f.resource_id.to_owned_string(),
            traffic_type: f.traffic_type.to_owned_string(),
            status: f.flow_log_status.to_owned_string(),
            destination_type,
            destination,
        });
        out.rel(
            ctx.region_id(),
            K::Contains,
            id,
            "ec2:DescribeFlowLogs FlowLogs[].FlowLogId",
        );
        out.resources.push(r);
    }
    Ok(())
}
