//! EC2 networking: VPCs, subnets, route tables, gateways, peering, transit gateways, endpoints,
//! security groups, network ACLs, interfaces, addresses, prefix lists, flow logs.

mod common;

use common::{A, B, assert_rel, ec2, estate, rel, res};
use nephos_model::props::*;
use nephos_model::{Properties, RelationshipKind as K, ResourceKind};

const R: &str = "eu-west-1";

fn id(t: &str, short: &str) -> String {
    ec2(R, A, t, short)
}

#[test]
fn vpc_and_subnets_with_containment() {
    let inv = &estate().inventory;
    let vpc = res(inv, &id("vpc", "vpc-0a1"));
    assert_eq!(vpc.kind, ResourceKind::Vpc);
    assert_eq!(vpc.name, "prod-vpc", "Name tag names a VPC");
    assert_eq!(vpc.tags.get("team").map(String::as_str), Some("core"));
    let Properties::Vpc(p) = &vpc.props else {
        panic!("vpc props")
    };
    assert_eq!(
        p.cidr_blocks.len(),
        2,
        "primary and secondary CIDR, once each"
    );
    assert_eq!(p.ipv6_cidr_blocks.len(), 1);
    assert!(!p.is_default);
    let region = format!("arn:aws:nephos:{R}:{A}:region/{R}");
    assert_rel(inv, &format!("arn:aws:iam::{A}:root"), K::Contains, &region);
    assert_eq!(
        assert_rel(inv, &region, K::Contains, vpc.id.as_str()),
        "ec2:DescribeVpcs Vpcs[].VpcId"
    );

    let pubnet = res(inv, &id("subnet", "subnet-0pub"));
    let Properties::Subnet(s) = &pubnet.props else {
        panic!("subnet props")
    };
    assert!(s.map_public_ip_on_launch);
    assert_eq!(
        s.cidr_block.map(|c| c.to_string()).as_deref(),
        Some("10.0.1.0/24")
    );
    assert_eq!(s.vpc_id, "vpc-0a1");
    assert_eq!(pubnet.name, "public-a");
    assert_eq!(
        assert_rel(inv, vpc.id.as_str(), K::Contains, pubnet.id.as_str()),
        "ec2:DescribeSubnets Subnets[].VpcId"
    );
    for (sub, what) in [
        ("subnet-0pub", "instance/i-web"),
        ("subnet-0pub", "natgateway/nat-01"),
        ("subnet-0priv", "network-interface/eni-app"),
    ] {
        let (t, short) = what.split_once('/').unwrap();
        assert_rel(inv, &id("subnet", sub), K::Contains, &id(t, short));
    }
}

#[test]
fn route_tables_routes_and_main_association() {
    let inv = &estate().inventory;
    let rtb = res(inv, &id("route-table", "rtb-pub"));
    let Properties::RouteTable(t) = &rtb.props else {
        panic!("route table props")
    };
    assert_eq!(t.routes.len(), 7);
    assert!(t.routes.iter().any(|r| r.target == RouteTarget::Local));
    assert!(t.routes.iter().any(|r| r.destination
        == RouteDestination::PrefixList("pl-6da54004".into())
        && r.target == RouteTarget::VpcEndpoint("vpce-01".into())));
    let blackhole = t
        .routes
        .iter()
        .find(|r| r.target == RouteTarget::VirtualPrivateGateway("vgw-gone".into()))
        .unwrap();
    assert!(!blackhole.active);
    assert_eq!(
        t.associations.len(),
        1,
        "a disassociated association is dropped"
    );

    for (target, t_short) in [
        ("internet-gateway", "igw-01"),
        ("vpc-peering-connection", "pcx-01"),
        ("transit-gateway", "tgw-01"),
        ("vpc-endpoint", "vpce-01"),
    ] {
        assert_rel(inv, rtb.id.as_str(), K::RoutesVia, &id(target, t_short));
    }
    assert!(
        rel(
            inv,
            rtb.id.as_str(),
            K::RoutesVia,
            &id("vpn-gateway", "vgw-gone")
        )
        .is_none(),
        "blackhole routes route nowhere"
    );
    assert_rel(
        inv,
        &id("route-table", "rtb-main"),
        K::RoutesVia,
        &id("natgateway", "nat-01"),
    );

    // subnet-0pub is explicitly associated; the others fall back to the main table.
    assert_eq!(
        assert_rel(
            inv,
            &id("subnet", "subnet-0pub"),
            K::RoutesVia,
            &id("route-table", "rtb-pub")
        ),
        "ec2:DescribeRouteTables RouteTables[].Associations[].SubnetId"
    );
    assert!(
        rel(
            inv,
            &id("subnet", "subnet-0pub"),
            K::RoutesVia,
            &id("route-table", "rtb-main")
        )
        .is_none()
    );
    for s in ["subnet-0priv", "subnet-0db"] {
        assert_eq!(
            assert_rel(
                inv,
                &id("subnet", s),
                K::RoutesVia,
                &id("route-table", "rtb-main")
            ),
            "ec2:DescribeRouteTables RouteTables[].Associations[].Main"
        );
        assert!(
            rel(
                inv,
                &id("subnet", s),
                K::RoutesVia,
                &id("route-table", "rtb-pub")
            )
            .is_none()
        );
    }
}

#[test]
fn gateways_peering_and_transit() {
    let inv = &estate().inventory;
    let igw = res(inv, &id("internet-gateway", "igw-01"));
    let Properties::InternetGateway(g) = &igw.props else {
        panic!("igw props")
    };
    assert_eq!(g.attached_vpcs, vec!["vpc-0a1".to_owned()]);
    assert_rel(inv, igw.id.as_str(), K::AttachedTo, &id("vpc", "vpc-0a1"));

    let nat = res(inv, &id("natgateway", "nat-01"));
    let Properties::NatGateway(n) = &nat.props else {
        panic!("nat props")
    };
    assert_eq!(n.public_ips[0].to_string(), "52.1.1.1");
    assert_eq!(n.connectivity_type, "public");
    assert!(nat.created.is_some());

    let pcx = id("vpc-peering-connection", "pcx-01");
    let Properties::VpcPeeringConnection(p) = &res(inv, &pcx).props else {
        panic!("pcx props")
    };
    assert_eq!(p.accepter.owner_id, B);
    assert_eq!(p.status, "active");
    assert_rel(inv, &pcx, K::Connects, &id("vpc", "vpc-0a1"));
    assert_rel(inv, &pcx, K::Connects, &ec2(R, B, "vpc", "vpc-0b2"));
    // the peer VPC was collected in the other account folder
    assert_eq!(res(inv, &ec2(R, B, "vpc", "vpc-0b2")).account, B);

    let att = id("transit-gateway-attachment", "tgw-attach-01");
    assert_rel(inv, &att, K::Connects, &id("transit-gateway", "tgw-01"));
    assert_rel(inv, &att, K::Connects, &id("vpc", "vpc-0a1"));
    let Properties::TransitGatewayAttachment(a) = &res(inv, &att).props else {
        panic!()
    };
    assert_eq!(a.association_route_table_id.as_deref(), Some("tgw-rtb-01"));
    let rt = id("transit-gateway-route-table", "tgw-rtb-01");
    let Properties::TransitGatewayRouteTable(t) = &res(inv, &rt).props else {
        panic!()
    };
    assert!(t.routes_collected);
    assert_eq!(t.routes.len(), 2);
    assert!(
        t.routes
            .iter()
            .any(|r| !r.active && r.attachment_ids.is_empty())
    );
    assert_rel(inv, &rt, K::RoutesVia, &att);
    let Properties::TransitGateway(tg) = &res(inv, &id("transit-gateway", "tgw-01")).props else {
        panic!()
    };
    assert_eq!(
        tg.association_default_route_table_id.as_deref(),
        Some("tgw-rtb-01")
    );
}

#[test]
fn endpoints_security_groups_and_acls() {
    let inv = &estate().inventory;
    let vpce = id("vpc-endpoint", "vpce-01");
    let Properties::VpcEndpoint(e) = &res(inv, &vpce).props else {
        panic!()
    };
    assert_eq!(e.endpoint_type, "Gateway");
    assert!(
        e.policy
            .as_deref()
            .is_some_and(|p| p.starts_with('{') && p.contains("\"Principal\":\"*\""))
    );
    assert_rel(inv, &vpce, K::AttachedTo, &id("route-table", "rtb-pub"));
    assert_rel(inv, &id("vpc", "vpc-0a1"), K::Contains, &vpce);

    let web = res(inv, &id("security-group", "sg-web"));
    assert_eq!(web.name, "web", "the API's group name beats the Name tag");
    let Properties::SecurityGroup(g) = &web.props else {
        panic!()
    };
    assert_eq!(
        g.ingress.len(),
        3,
        "one rule per peer: 0.0.0.0/0, ::/0, pl-123"
    );
    let https = &g.ingress[0];
    assert_eq!(
        (https.protocol, https.from_port, https.to_port),
        (IpProtocol::Tcp, Some(443), Some(443))
    );
    assert_eq!(https.description.as_deref(), Some("https"));
    assert!(
        matches!(&g.ingress[2].peer, SecurityGroupPeer::PrefixList { prefix_list_id } if prefix_list_id == "pl-123")
    );
    assert_eq!(g.egress[0].protocol, IpProtocol::All);
    assert_eq!(g.egress[0].from_port, None);
    let Properties::SecurityGroup(app) = &res(inv, &id("security-group", "sg-app")).props else {
        panic!()
    };
    assert!(
        matches!(&app.ingress[0].peer, SecurityGroupPeer::SecurityGroup { group_id, user_id, .. }
        if group_id == "sg-web" && user_id.as_deref() == Some(A))
    );

    let acl = id("network-acl", "acl-01");
    let Properties::NetworkAcl(a) = &res(inv, &acl).props else {
        panic!()
    };
    assert_eq!(a.entries.len(), 5);
    let deny22 = a.entries.iter().find(|e| e.rule_number == 200).unwrap();
    assert!(!deny22.allow && !deny22.egress);
    assert_eq!(deny22.port_range, Some((22, 22)));
    assert_eq!(a.subnet_ids.len(), 3);
    for s in ["subnet-0pub", "subnet-0priv", "subnet-0db"] {
        assert_rel(inv, &id("subnet", s), K::RoutesVia, &acl);
    }
}

#[test]
fn interfaces_addresses_prefix_lists_flow_logs() {
    let inv = &estate().inventory;
    let eni = id("network-interface", "eni-web");
    let Properties::NetworkInterface(n) = &res(inv, &eni).props else {
        panic!()
    };
    assert_eq!(n.private_ips[0].to_string(), "10.0.1.10");
    assert_eq!(
        n.public_ips.len(),
        1,
        "the same public IP listed twice is kept once"
    );
    assert_eq!(n.attached_instance_id.as_deref(), Some("i-web"));
    assert_rel(inv, &eni, K::AttachedTo, &id("security-group", "sg-web"));
    let Properties::NetworkInterface(l) = &res(inv, &id("network-interface", "eni-lambda")).props
    else {
        panic!()
    };
    assert_eq!(l.interface_type, "lambda");
    assert!(l.requester_id.is_some());

    let eip = id("elastic-ip", "eipalloc-01");
    assert_eq!(res(inv, &eip).name, "web-eip");
    assert_rel(inv, &eip, K::AttachedTo, &eni);

    let Properties::PrefixList(pl) = &res(inv, &id("prefix-list", "pl-123")).props else {
        panic!()
    };
    assert!(pl.entries_collected);
    assert_eq!(pl.cidrs.len(), 2);
    let aws_pl = res(inv, &format!("arn:aws:ec2:{R}:aws:prefix-list/pl-6da54004"));
    let Properties::PrefixList(aws_pl) = &aws_pl.props else {
        panic!()
    };
    assert!(
        !aws_pl.entries_collected,
        "entries not collected for the AWS-managed list"
    );

    let fl = id("vpc-flow-log", "fl-01");
    assert_eq!(
        assert_rel(inv, &fl, K::LogsTo, "arn:aws:s3:::prod-logs"),
        "ec2:DescribeFlowLogs FlowLogs[].LogDestination"
    );
    assert_rel(inv, &id("vpc", "vpc-0a1"), K::LogsTo, &fl);
}
