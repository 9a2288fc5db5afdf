//! EC2 and VPC: `ec2-describe-*` files, converted member by member with EC2's PascalCase names.

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types as t;
use serde_json::Value;

use crate::ctx::{Ctx, pages};
use crate::json::{Obj, obj};

const SVC: &str = "ec2";

/// Tags as EC2 prints them: `[{"Key": .., "Value": ..}]`.
pub(crate) fn tags(items: &[t::Tag]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|x| obj().s("Key", x.key()).s("Value", x.value()).done())
            .collect(),
    )
}

fn tagged(o: Obj, items: &[t::Tag]) -> Obj {
    if items.is_empty() {
        o
    } else {
        o.v("Tags", tags(items))
    }
}

/// Regions (us-east-1 only): returns the enabled region names.
pub(crate) async fn regions(cx: &Ctx) -> Option<Vec<t::Region>> {
    let c = Client::new(&cx.sdk);
    let out = cx
        .one(
            SVC,
            "describe-regions",
            None,
            &[],
            c.describe_regions().send(),
        )
        .await?;
    let regions = out.regions().to_vec();
    let v = obj()
        .l("Regions", &regions, |r| {
            obj()
                .s("Endpoint", r.endpoint())
                .s("RegionName", r.region_name())
                .s("OptInStatus", r.opt_in_status())
                .done()
        })
        .done();
    cx.write(SVC, "describe-regions", None, &v);
    Some(regions)
}

/// Every EC2 read of one region.
pub(crate) async fn collect(cx: &Ctx) {
    let c = Client::new(&cx.sdk);
    tokio::join!(
        vpcs(cx, &c),
        subnets(cx, &c),
        route_tables(cx, &c),
        internet_gateways(cx, &c),
        nat_gateways(cx, &c),
        egress_only_internet_gateways(cx, &c),
        vpc_peering_connections(cx, &c),
        transit_gateways(cx, &c),
        vpc_endpoints(cx, &c),
        security_groups(cx, &c),
        network_acls(cx, &c),
        network_interfaces(cx, &c),
        addresses(cx, &c),
        managed_prefix_lists(cx, &c),
        flow_logs(cx, &c),
        instances(cx, &c),
        volumes(cx, &c),
        snapshots(cx, &c),
        images(cx, &c),
        ebs_encryption_by_default(cx, &c),
    );
}

async fn vpcs(cx: &Ctx, c: &Client) {
    let op = "describe-vpcs";
    let Some(p) = pages!(cx, SVC, op, None, c.describe_vpcs().into_paginator().send()) else {
        return;
    };
    let items: Vec<&t::Vpc> = p.iter().flat_map(|x| x.vpcs()).collect();
    let v = obj()
        .l("Vpcs", &items, |x| {
            let o = obj()
                .s("OwnerId", x.owner_id())
                .e("InstanceTenancy", x.instance_tenancy())
                .l(
                    "CidrBlockAssociationSet",
                    x.cidr_block_association_set(),
                    |a| {
                        obj()
                            .s("AssociationId", a.association_id())
                            .s("CidrBlock", a.cidr_block())
                            .o("CidrBlockState", a.cidr_block_state(), |s| {
                                obj().e("State", s.state()).done()
                            })
                            .done()
                    },
                )
                .l(
                    "Ipv6CidrBlockAssociationSet",
                    x.ipv6_cidr_block_association_set(),
                    |a| {
                        obj()
                            .s("AssociationId", a.association_id())
                            .s("Ipv6CidrBlock", a.ipv6_cidr_block())
                            .s("NetworkBorderGroup", a.network_border_group())
                            .done()
                    },
                )
                .b("IsDefault", x.is_default())
                .s("VpcId", x.vpc_id())
                .e("State", x.state())
                .s("CidrBlock", x.cidr_block())
                .s("DhcpOptionsId", x.dhcp_options_id());
            tagged(o, x.tags()).done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}

async fn subnets(cx: &Ctx, c: &Client) {
    let op = "describe-subnets";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_subnets().into_paginator().send()
    ) else {
        return;
    };
    let items: Vec<&t::Subnet> = p.iter().flat_map(|x| x.subnets()).collect();
    let v = obj()
        .l("Subnets", &items, |x| {
            let o = obj()
                .s("AvailabilityZone", x.availability_zone())
                .s("AvailabilityZoneId", x.availability_zone_id())
                .i("AvailableIpAddressCount", x.available_ip_address_count())
                .s("CidrBlock", x.cidr_block())
                .b("DefaultForAz", x.default_for_az())
                .b("MapPublicIpOnLaunch", x.map_public_ip_on_launch())
                .e("State", x.state())
                .s("SubnetId", x.subnet_id())
                .s("VpcId", x.vpc_id())
                .s("OwnerId", x.owner_id())
                .b(
                    "AssignIpv6AddressOnCreation",
                    x.assign_ipv6_address_on_creation(),
                )
                .l(
                    "Ipv6CidrBlockAssociationSet",
                    x.ipv6_cidr_block_association_set(),
                    |a| {
                        obj()
                            .s("AssociationId", a.association_id())
                            .s("Ipv6CidrBlock", a.ipv6_cidr_block())
                            .done()
                    },
                )
                .s("SubnetArn", x.subnet_arn());
            tagged(o, x.tags()).done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}

fn route(r: &t::Route) -> Value {
    obj()
        .s("DestinationCidrBlock", r.destination_cidr_block())
        .s("DestinationIpv6CidrBlock", r.destination_ipv6_cidr_block())
        .s("DestinationPrefixListId", r.destination_prefix_list_id())
        .s(
            "EgressOnlyInternetGatewayId",
            r.egress_only_internet_gateway_id(),
        )
        .s("GatewayId", r.gateway_id())
        .s("InstanceId", r.instance_id())
        .s("InstanceOwnerId", r.instance_owner_id())
        .s("NatGatewayId", r.nat_gateway_id())
        .s("TransitGatewayId", r.transit_gateway_id())
        .s("LocalGatewayId", r.local_gateway_id())
        .s("CarrierGatewayId", r.carrier_gateway_id())
        .s("NetworkInterfaceId", r.network_interface_id())
        .e("Origin", r.origin())
        .e("State", r.state())
        .s("VpcPeeringConnectionId", r.vpc_peering_connection_id())
        .s("CoreNetworkArn", r.core_network_arn())
        .done()
}

async fn route_tables(cx: &Ctx, c: &Client) {
    let op = "describe-route-tables";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_route_tables().into_paginator().send()
    ) else {
        return;
    };
    let items: Vec<&t::RouteTable> = p.iter().flat_map(|x| x.route_tables()).collect();
    let v = obj()
        .l("RouteTables", &items, |x| {
            let o = obj()
                .l("Associations", x.associations(), |a| {
                    obj()
                        .b("Main", a.main())
                        .s("RouteTableAssociationId", a.route_table_association_id())
                        .s("RouteTableId", a.route_table_id())
                        .s("SubnetId", a.subnet_id())
                        .s("GatewayId", a.gateway_id())
                        .o("AssociationState", a.association_state(), |s| {
                            obj().e("State", s.state()).done()
                        })
                        .done()
                })
                .l("PropagatingVgws", x.propagating_vgws(), |g| {
                    obj().s("GatewayId", g.gateway_id()).done()
                })
                .s("RouteTableId", x.route_table_id())
                .l("Routes", x.routes(), route)
                .s("VpcId", x.vpc_id())
                .s("OwnerId", x.owner_id());
            tagged(o, x.tags()).done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}

fn attachment(a: &t::InternetGatewayAttachment) -> Value {
    obj().e("State", a.state()).s("VpcId", a.vpc_id()).done()
}

async fn internet_gateways(cx: &Ctx, c: &Client) {
    let op = "describe-internet-gateways";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_internet_gateways().into_paginator().send()
    ) else {
        return;
    };
    let items: Vec<&t::InternetGateway> = p.iter().flat_map(|x| x.internet_gateways()).collect();
    let v = obj()
        .l("InternetGateways", &items, |x| {
            let o = obj()
                .l("Attachments", x.attachments(), attachment)
                .s("InternetGatewayId", x.internet_gateway_id())
                .s("OwnerId", x.owner_id());
            tagged(o, x.tags()).done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}

async fn egress_only_internet_gateways(cx: &Ctx, c: &Client) {
    let op = "describe-egress-only-internet-gateways";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_egress_only_internet_gateways()
            .into_paginator()
            .send()
    ) else {
        return;
    };
    let items: Vec<&t::EgressOnlyInternetGateway> = p
        .iter()
        .flat_map(|x| x.egress_only_internet_gateways())
        .collect();
    let v = obj()
        .l("EgressOnlyInternetGateways", &items, |x| {
            let o = obj().l("Attachments", x.attachments(), attachment).s(
                "EgressOnlyInternetGatewayId",
                x.egress_only_internet_gateway_id(),
            );
            tagged(o, x.tags()).done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}

async fn nat_gateways(cx: &Ctx, c: &Client) {
    let op = "describe-nat-gateways";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_nat_gateways().into_paginator().send()
    ) else {
        return;
    };
    let items: Vec<&t::NatGateway> = p.iter().flat_map(|x| x.nat_gateways()).collect();
    let v = obj()
        .l("NatGateways", &items, |x| {
            let o = obj()
                .t("CreateTime", x.create_time())
                .t("DeleteTime", x.delete_time())
                .l("NatGatewayAddresses", x.nat_gateway_addresses(), |a| {
                    obj()
                        .s("AllocationId", a.allocation_id())
                        .s("NetworkInterfaceId", a.network_interface_id())
                        .s("PrivateIp", a.private_ip())
                        .s("PublicIp", a.public_ip())
                        .s("AssociationId", a.association_id())
                        .b("IsPrimary", a.is_primary())
                        .e("Status", a.status())
                        .done()
                })
                .s("NatGatewayId", x.nat_gateway_id())
                .e("State", x.state())
                .s("SubnetId", x.subnet_id())
                .s("VpcId", x.vpc_id())
                .e("ConnectivityType", x.connectivity_type());
            tagged(o, x.tags()).done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}

fn peering_vpc_info(i: &t::VpcPeeringConnectionVpcInfo) -> Value {
    obj()
        .s("CidrBlock", i.cidr_block())
        .l("CidrBlockSet", i.cidr_block_set(), |c| {
            obj().s("CidrBlock", c.cidr_block()).done()
        })
        .l("Ipv6CidrBlockSet", i.ipv6_cidr_block_set(), |c| {
            obj().s("Ipv6CidrBlock", c.ipv6_cidr_block()).done()
        })
        .s("OwnerId", i.owner_id())
        .s("VpcId", i.vpc_id())
        .s("Region", i.region())
        .done()
}

async fn vpc_peering_connections(cx: &Ctx, c: &Client) {
    let op = "describe-vpc-peering-connections";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_vpc_peering_connections().into_paginator().send()
    ) else {
        return;
    };
    let items: Vec<&t::VpcPeeringConnection> =
        p.iter().flat_map(|x| x.vpc_peering_connections()).collect();
    let v = obj()
        .l("VpcPeeringConnections", &items, |x| {
            let o = obj()
                .o("AccepterVpcInfo", x.accepter_vpc_info(), peering_vpc_info)
                .t("ExpirationTime", x.expiration_time())
                .o("RequesterVpcInfo", x.requester_vpc_info(), peering_vpc_info)
                .o("Status", x.status(), |s| {
                    obj().e("Code", s.code()).s("Message", s.message()).done()
                })
                .s("VpcPeeringConnectionId", x.vpc_peering_connection_id());
            tagged(o, x.tags()).done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}

async fn transit_gateways(cx: &Ctx, c: &Client) {
    let op = "describe-transit-gateways";
    if let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_transit_gateways().into_paginator().send()
    ) {
        let items: Vec<&t::TransitGateway> = p.iter().flat_map(|x| x.transit_gateways()).collect();
        let v = obj()
            .l("TransitGateways", &items, |x| {
                let o = obj()
                    .s("TransitGatewayId", x.transit_gateway_id())
                    .s("TransitGatewayArn", x.transit_gateway_arn())
                    .e("State", x.state())
                    .s("OwnerId", x.owner_id())
                    .s("Description", x.description())
                    .t("CreationTime", x.creation_time())
                    .o("Options", x.options(), |o| {
                        obj()
                            .i("AmazonSideAsn", o.amazon_side_asn())
                            .e(
                                "AutoAcceptSharedAttachments",
                                o.auto_accept_shared_attachments(),
                            )
                            .e(
                                "DefaultRouteTableAssociation",
                                o.default_route_table_association(),
                            )
                            .s(
                                "AssociationDefaultRouteTableId",
                                o.association_default_route_table_id(),
                            )
                            .e(
                                "DefaultRouteTablePropagation",
                                o.default_route_table_propagation(),
                            )
                            .s(
                                "PropagationDefaultRouteTableId",
                                o.propagation_default_route_table_id(),
                            )
                            .done()
                    });
                tagged(o, x.tags()).done()
            })
            .done();
        cx.write(SVC, op, None, &v);
    }
    let op = "describe-transit-gateway-attachments";
    if let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_transit_gateway_attachments()
            .into_paginator()
            .send()
    ) {
        let items: Vec<&t::TransitGatewayAttachment> = p
            .iter()
            .flat_map(|x| x.transit_gateway_attachments())
            .collect();
        let v = obj()
            .l("TransitGatewayAttachments", &items, |x| {
                let o = obj()
                    .s(
                        "TransitGatewayAttachmentId",
                        x.transit_gateway_attachment_id(),
                    )
                    .s("TransitGatewayId", x.transit_gateway_id())
                    .s("TransitGatewayOwnerId", x.transit_gateway_owner_id())
                    .s("ResourceOwnerId", x.resource_owner_id())
                    .e("ResourceType", x.resource_type())
                    .s("ResourceId", x.resource_id())
                    .e("State", x.state())
                    .o("Association", x.association(), |a| {
                        obj()
                            .s(
                                "TransitGatewayRouteTableId",
                                a.transit_gateway_route_table_id(),
                            )
                            .e("State", a.state())
                            .done()
                    })
                    .t("CreationTime", x.creation_time());
                tagged(o, x.tags()).done()
            })
            .done();
        cx.write(SVC, op, None, &v);
    }
    let op = "describe-transit-gateway-route-tables";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_transit_gateway_route_tables()
            .into_paginator()
            .send()
    ) else {
        return;
    };
    let items: Vec<&t::TransitGatewayRouteTable> = p
        .iter()
        .flat_map(|x| x.transit_gateway_route_tables())
        .collect();
    let v = obj()
        .l("TransitGatewayRouteTables", &items, |x| {
            let o = obj()
                .s(
                    "TransitGatewayRouteTableId",
                    x.transit_gateway_route_table_id(),
                )
                .s("TransitGatewayId", x.transit_gateway_id())
                .e("State", x.state())
                .b(
                    "DefaultAssociationRouteTable",
                    x.default_association_route_table(),
                )
                .b(
                    "DefaultPropagationRouteTable",
                    x.default_propagation_route_table(),
                )
                .t("CreationTime", x.creation_time());
            tagged(o, x.tags()).done()
        })
        .done();
    cx.write(SVC, op, None, &v);
    let ids: Vec<String> = items
        .iter()
        .filter_map(|x| x.transit_gateway_route_table_id().map(str::to_owned))
        .collect();
    for id in ids {
        tgw_routes(cx, c, &id).await;
    }
}

async fn tgw_routes(cx: &Ctx, c: &Client, rtb: &str) {
    let op = "search-transit-gateway-routes";
    let filter = t::Filter::builder()
        .name("type")
        .values("static")
        .values("propagated")
        .build();
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        Some(rtb),
        c.search_transit_gateway_routes()
            .transit_gateway_route_table_id(rtb)
            .filters(filter)
            .into_paginator()
            .send()
    ) else {
        return;
    };
    let items: Vec<&t::TransitGatewayRoute> = p.iter().flat_map(|x| x.routes()).collect();
    let v = obj()
        .l("Routes", &items, |r| {
            obj()
                .s("DestinationCidrBlock", r.destination_cidr_block())
                .s("PrefixListId", r.prefix_list_id())
                .l(
                    "TransitGatewayAttachments",
                    r.transit_gateway_attachments(),
                    |a| {
                        obj()
                            .s("ResourceId", a.resource_id())
                            .s(
                                "TransitGatewayAttachmentId",
                                a.transit_gateway_attachment_id(),
                            )
                            .e("ResourceType", a.resource_type())
                            .done()
                    },
                )
                .e("Type", r.r#type())
                .e("State", r.state())
                .done()
        })
        .done();
    cx.write(SVC, op, Some(rtb), &v);
}

async fn vpc_endpoints(cx: &Ctx, c: &Client) {
    let op = "describe-vpc-endpoints";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_vpc_endpoints().into_paginator().send()
    ) else {
        return;
    };
    let items: Vec<&t::VpcEndpoint> = p.iter().flat_map(|x| x.vpc_endpoints()).collect();
    let v = obj()
        .l("VpcEndpoints", &items, |x| {
            let o = obj()
                .s("VpcEndpointId", x.vpc_endpoint_id())
                .e("VpcEndpointType", x.vpc_endpoint_type())
                .s("VpcId", x.vpc_id())
                .s("ServiceName", x.service_name())
                .e("State", x.state())
                .s("PolicyDocument", x.policy_document())
                .ls("RouteTableIds", x.route_table_ids())
                .ls("SubnetIds", x.subnet_ids())
                .l("Groups", x.groups(), |g| {
                    obj()
                        .s("GroupId", g.group_id())
                        .s("GroupName", g.group_name())
                        .done()
                })
                .b("PrivateDnsEnabled", x.private_dns_enabled())
                .b("RequesterManaged", x.requester_managed())
                .ls("NetworkInterfaceIds", x.network_interface_ids())
                .t("CreationTimestamp", x.creation_timestamp())
                .s("OwnerId", x.owner_id());
            tagged(o, x.tags()).done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}

fn ip_permission(p: &t::IpPermission) -> Value {
    obj()
        .s("IpProtocol", p.ip_protocol())
        .i("FromPort", p.from_port())
        .i("ToPort", p.to_port())
        .l("UserIdGroupPairs", p.user_id_group_pairs(), |g| {
            obj()
                .s("Description", g.description())
                .s("UserId", g.user_id())
                .s("GroupName", g.group_name())
                .s("GroupId", g.group_id())
                .s("VpcId", g.vpc_id())
                .s("VpcPeeringConnectionId", g.vpc_peering_connection_id())
                .s("PeeringStatus", g.peering_status())
                .done()
        })
        .l("IpRanges", p.ip_ranges(), |r| {
            obj()
                .s("CidrIp", r.cidr_ip())
                .s("Description", r.description())
                .done()
        })
        .l("Ipv6Ranges", p.ipv6_ranges(), |r| {
            obj()
                .s("CidrIpv6", r.cidr_ipv6())
                .s("Description", r.description())
                .done()
        })
        .l("PrefixListIds", p.prefix_list_ids(), |r| {
            obj()
                .s("PrefixListId", r.prefix_list_id())
                .s("Description", r.description())
                .done()
        })
        .done()
}

async fn security_groups(cx: &Ctx, c: &Client) {
    let op = "describe-security-groups";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_security_groups().into_paginator().send()
    ) else {
        return;
    };
    let items: Vec<&t::SecurityGroup> = p.iter().flat_map(|x| x.security_groups()).collect();
    let v = obj()
        .l("SecurityGroups", &items, |x| {
            let o = obj()
                .s("Description", x.description())
                .s("GroupName", x.group_name())
                .l("IpPermissions", x.ip_permissions(), ip_permission)
                .s("OwnerId", x.owner_id())
                .s("GroupId", x.group_id())
                .l(
                    "IpPermissionsEgress",
                    x.ip_permissions_egress(),
                    ip_permission,
                )
                .s("VpcId", x.vpc_id())
                .s("SecurityGroupArn", x.security_group_arn());
            tagged(o, x.tags()).done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}

async fn network_acls(cx: &Ctx, c: &Client) {
    let op = "describe-network-acls";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_network_acls().into_paginator().send()
    ) else {
        return;
    };
    let items: Vec<&t::NetworkAcl> = p.iter().flat_map(|x| x.network_acls()).collect();
    let v = obj()
        .l("NetworkAcls", &items, |x| {
            let o = obj()
                .l("Associations", x.associations(), |a| {
                    obj()
                        .s("NetworkAclAssociationId", a.network_acl_association_id())
                        .s("NetworkAclId", a.network_acl_id())
                        .s("SubnetId", a.subnet_id())
                        .done()
                })
                .l("Entries", x.entries(), |e| {
                    obj()
                        .s("CidrBlock", e.cidr_block())
                        .s("Ipv6CidrBlock", e.ipv6_cidr_block())
                        .b("Egress", e.egress())
                        .o("IcmpTypeCode", e.icmp_type_code(), |i| {
                            obj().i("Code", i.code()).i("Type", i.r#type()).done()
                        })
                        .o("PortRange", e.port_range(), |r| {
                            obj().i("From", r.from()).i("To", r.to()).done()
                        })
                        .s("Protocol", e.protocol())
                        .e("RuleAction", e.rule_action())
                        .i("RuleNumber", e.rule_number())
                        .done()
                })
                .b("IsDefault", x.is_default())
                .s("NetworkAclId", x.network_acl_id())
                .s("VpcId", x.vpc_id())
                .s("OwnerId", x.owner_id());
            tagged(o, x.tags()).done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}

fn group_identifiers(items: &[t::GroupIdentifier]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|g| {
                obj()
                    .s("GroupId", g.group_id())
                    .s("GroupName", g.group_name())
                    .done()
            })
            .collect(),
    )
}

async fn network_interfaces(cx: &Ctx, c: &Client) {
    let op = "describe-network-interfaces";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_network_interfaces().into_paginator().send()
    ) else {
        return;
    };
    let items: Vec<&t::NetworkInterface> = p.iter().flat_map(|x| x.network_interfaces()).collect();
    let v = obj()
        .l("NetworkInterfaces", &items, |x| {
            let assoc = |a: &t::NetworkInterfaceAssociation| {
                obj()
                    .s("AllocationId", a.allocation_id())
                    .s("AssociationId", a.association_id())
                    .s("IpOwnerId", a.ip_owner_id())
                    .s("PublicDnsName", a.public_dns_name())
                    .s("PublicIp", a.public_ip())
                    .done()
            };
            let mut o = obj()
                .o("Association", x.association(), assoc)
                .o("Attachment", x.attachment(), |a| {
                    obj()
                        .t("AttachTime", a.attach_time())
                        .s("AttachmentId", a.attachment_id())
                        .b("DeleteOnTermination", a.delete_on_termination())
                        .i("DeviceIndex", a.device_index())
                        .s("InstanceId", a.instance_id())
                        .s("InstanceOwnerId", a.instance_owner_id())
                        .e("Status", a.status())
                        .done()
                })
                .s("AvailabilityZone", x.availability_zone())
                .s("Description", x.description())
                .v("Groups", group_identifiers(x.groups()))
                .e("InterfaceType", x.interface_type())
                .s("MacAddress", x.mac_address())
                .s("NetworkInterfaceId", x.network_interface_id())
                .s("OwnerId", x.owner_id())
                .s("PrivateDnsName", x.private_dns_name())
                .s("PrivateIpAddress", x.private_ip_address())
                .l("PrivateIpAddresses", x.private_ip_addresses(), |a| {
                    obj()
                        .o("Association", a.association(), assoc)
                        .b("Primary", a.primary())
                        .s("PrivateDnsName", a.private_dns_name())
                        .s("PrivateIpAddress", a.private_ip_address())
                        .done()
                })
                .s("RequesterId", x.requester_id())
                .b("RequesterManaged", x.requester_managed())
                .b("SourceDestCheck", x.source_dest_check())
                .e("Status", x.status())
                .s("SubnetId", x.subnet_id())
                .s("VpcId", x.vpc_id());
            if !x.tag_set().is_empty() {
                o = o.v("TagSet", tags(x.tag_set()));
            }
            o.done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}

async fn addresses(cx: &Ctx, c: &Client) {
    let op = "describe-addresses";
    let Some(out) = cx
        .one(SVC, op, None, &[], c.describe_addresses().send())
        .await
    else {
        return;
    };
    let v = obj()
        .l("Addresses", out.addresses(), |x| {
            let o = obj()
                .s("AllocationId", x.allocation_id())
                .s("AssociationId", x.association_id())
                .e("Domain", x.domain())
                .s("NetworkInterfaceId", x.network_interface_id())
                .s("NetworkInterfaceOwnerId", x.network_interface_owner_id())
                .s("PrivateIpAddress", x.private_ip_address())
                .s("NetworkBorderGroup", x.network_border_group())
                .s("InstanceId", x.instance_id())
                .s("PublicIp", x.public_ip());
            tagged(o, x.tags()).done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}

async fn managed_prefix_lists(cx: &Ctx, c: &Client) {
    let op = "describe-managed-prefix-lists";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_managed_prefix_lists().into_paginator().send()
    ) else {
        return;
    };
    let items: Vec<&t::ManagedPrefixList> = p.iter().flat_map(|x| x.prefix_lists()).collect();
    let v = obj()
        .l("PrefixLists", &items, |x| {
            let o = obj()
                .s("PrefixListId", x.prefix_list_id())
                .s("AddressFamily", x.address_family())
                .e("State", x.state())
                .s("PrefixListArn", x.prefix_list_arn())
                .s("PrefixListName", x.prefix_list_name())
                .i("MaxEntries", x.max_entries())
                .i("Version", x.version())
                .s("OwnerId", x.owner_id());
            tagged(o, x.tags()).done()
        })
        .done();
    cx.write(SVC, op, None, &v);
    let ids: Vec<String> = items
        .iter()
        .filter_map(|x| x.prefix_list_id().map(str::to_owned))
        .collect();
    for id in ids {
        let op = "get-managed-prefix-list-entries";
        let Some(p) = pages!(
            cx,
            SVC,
            op,
            Some(id.as_str()),
            c.get_managed_prefix_list_entries()
                .prefix_list_id(&id)
                .into_paginator()
                .send()
        ) else {
            continue;
        };
        let entries: Vec<&t::PrefixListEntry> = p.iter().flat_map(|x| x.entries()).collect();
        let v = obj()
            .l("Entries", &entries, |e| {
                obj()
                    .s("Cidr", e.cidr())
                    .s("Description", e.description())
                    .done()
            })
            .done();
        cx.write(SVC, op, Some(&id), &v);
    }
}

async fn flow_logs(cx: &Ctx, c: &Client) {
    let op = "describe-flow-logs";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_flow_logs().into_paginator().send()
    ) else {
        return;
    };
    let items: Vec<&t::FlowLog> = p.iter().flat_map(|x| x.flow_logs()).collect();
    let v = obj()
        .l("FlowLogs", &items, |x| {
            let o = obj()
                .t("CreationTime", x.creation_time())
                .s("DeliverLogsPermissionArn", x.deliver_logs_permission_arn())
                .s("DeliverLogsStatus", x.deliver_logs_status())
                .s("FlowLogId", x.flow_log_id())
                .s("FlowLogStatus", x.flow_log_status())
                .s("LogGroupName", x.log_group_name())
                .s("ResourceId", x.resource_id())
                .e("TrafficType", x.traffic_type())
                .e("LogDestinationType", x.log_destination_type())
                .s("LogDestination", x.log_destination())
                .s("LogFormat", x.log_format())
                .i("MaxAggregationInterval", x.max_aggregation_interval());
            tagged(o, x.tags()).done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}

fn instance(x: &t::Instance) -> Value {
    let o = obj()
        .i("AmiLaunchIndex", x.ami_launch_index())
        .s("ImageId", x.image_id())
        .s("InstanceId", x.instance_id())
        .e("InstanceType", x.instance_type())
        .s("KernelId", x.kernel_id())
        .s("KeyName", x.key_name())
        .t("LaunchTime", x.launch_time())
        .o("Monitoring", x.monitoring(), |m| {
            obj().e("State", m.state()).done()
        })
        .o("Placement", x.placement(), |p| {
            obj()
                .s("AvailabilityZone", p.availability_zone())
                .s("GroupName", p.group_name())
                .e("Tenancy", p.tenancy())
                .done()
        })
        .e("Platform", x.platform())
        .s("PrivateDnsName", x.private_dns_name())
        .s("PrivateIpAddress", x.private_ip_address())
        .s("PublicDnsName", x.public_dns_name())
        .s("PublicIpAddress", x.public_ip_address())
        .o("State", x.state(), |s| {
            obj().i("Code", s.code()).e("Name", s.name()).done()
        })
        .s("StateTransitionReason", x.state_transition_reason())
        .s("SubnetId", x.subnet_id())
        .s("VpcId", x.vpc_id())
        .e("Architecture", x.architecture())
        .l("BlockDeviceMappings", x.block_device_mappings(), |b| {
            obj()
                .s("DeviceName", b.device_name())
                .o("Ebs", b.ebs(), |e| {
                    obj()
                        .t("AttachTime", e.attach_time())
                        .b("DeleteOnTermination", e.delete_on_termination())
                        .e("Status", e.status())
                        .s("VolumeId", e.volume_id())
                        .done()
                })
                .done()
        })
        .b("EbsOptimized", x.ebs_optimized())
        .o("IamInstanceProfile", x.iam_instance_profile(), |p| {
            obj().s("Arn", p.arn()).s("Id", p.id()).done()
        })
        .e("InstanceLifecycle", x.instance_lifecycle())
        .l("NetworkInterfaces", x.network_interfaces(), |n| {
            let assoc = |a: &t::InstanceNetworkInterfaceAssociation| {
                obj()
                    .s("IpOwnerId", a.ip_owner_id())
                    .s("PublicDnsName", a.public_dns_name())
                    .s("PublicIp", a.public_ip())
                    .done()
            };
            obj()
                .o("Association", n.association(), assoc)
                .o("Attachment", n.attachment(), |a| {
                    obj()
                        .t("AttachTime", a.attach_time())
                        .s("AttachmentId", a.attachment_id())
                        .b("DeleteOnTermination", a.delete_on_termination())
                        .i("DeviceIndex", a.device_index())
                        .e("Status", a.status())
                        .done()
                })
                .s("Description", n.description())
                .v("Groups", group_identifiers(n.groups()))
                .s("MacAddress", n.mac_address())
                .s("NetworkInterfaceId", n.network_interface_id())
                .s("OwnerId", n.owner_id())
                .s("PrivateDnsName", n.private_dns_name())
                .s("PrivateIpAddress", n.private_ip_address())
                .l("PrivateIpAddresses", n.private_ip_addresses(), |a| {
                    obj()
                        .o("Association", a.association(), assoc)
                        .b("Primary", a.primary())
                        .s("PrivateDnsName", a.private_dns_name())
                        .s("PrivateIpAddress", a.private_ip_address())
                        .done()
                })
                .b("SourceDestCheck", n.source_dest_check())
                .e("Status", n.status())
                .s("SubnetId", n.subnet_id())
                .s("VpcId", n.vpc_id())
                .s("InterfaceType", n.interface_type())
                .done()
        })
        .s("RootDeviceName", x.root_device_name())
        .e("RootDeviceType", x.root_device_type())
        .v("SecurityGroups", group_identifiers(x.security_groups()))
        .b("SourceDestCheck", x.source_dest_check())
        .e("VirtualizationType", x.virtualization_type())
        .o("MetadataOptions", x.metadata_options(), |m| {
            obj()
                .e("State", m.state())
                .e("HttpTokens", m.http_tokens())
                .i("HttpPutResponseHopLimit", m.http_put_response_hop_limit())
                .e("HttpEndpoint", m.http_endpoint())
                .e("HttpProtocolIpv6", m.http_protocol_ipv6())
                .e("InstanceMetadataTags", m.instance_metadata_tags())
                .done()
        })
        .s("PlatformDetails", x.platform_details());
    tagged(o, x.tags()).done()
}

async fn instances(cx: &Ctx, c: &Client) {
    let op = "describe-instances";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_instances().into_paginator().send()
    ) else {
        return;
    };
    let items: Vec<&t::Reservation> = p.iter().flat_map(|x| x.reservations()).collect();
    let v = obj()
        .l("Reservations", &items, |r| {
            obj()
                .v("Groups", group_identifiers(r.groups()))
                .l("Instances", r.instances(), instance)
                .s("OwnerId", r.owner_id())
                .s("RequesterId", r.requester_id())
                .s("ReservationId", r.reservation_id())
                .done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}

async fn volumes(cx: &Ctx, c: &Client) {
    let op = "describe-volumes";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_volumes().into_paginator().send()
    ) else {
        return;
    };
    let items: Vec<&t::Volume> = p.iter().flat_map(|x| x.volumes()).collect();
    let v = obj()
        .l("Volumes", &items, |x| {
            let o = obj()
                .l("Attachments", x.attachments(), |a| {
                    obj()
                        .t("AttachTime", a.attach_time())
                        .s("Device", a.device())
                        .s("InstanceId", a.instance_id())
                        .e("State", a.state())
                        .s("VolumeId", a.volume_id())
                        .b("DeleteOnTermination", a.delete_on_termination())
                        .done()
                })
                .s("AvailabilityZone", x.availability_zone())
                .t("CreateTime", x.create_time())
                .b("Encrypted", x.encrypted())
                .s("KmsKeyId", x.kms_key_id())
                .i("Size", x.size())
                .s("SnapshotId", x.snapshot_id())
                .e("State", x.state())
                .s("VolumeId", x.volume_id())
                .i("Iops", x.iops())
                .e("VolumeType", x.volume_type())
                .b("MultiAttachEnabled", x.multi_attach_enabled())
                .i("Throughput", x.throughput());
            tagged(o, x.tags()).done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}

async fn snapshots(cx: &Ctx, c: &Client) {
    let op = "describe-snapshots";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_snapshots()
            .owner_ids("self")
            .into_paginator()
            .send()
    ) else {
        return;
    };
    let items: Vec<&t::Snapshot> = p.iter().flat_map(|x| x.snapshots()).collect();
    let v = obj()
        .l("Snapshots", &items, |x| {
            let o = obj()
                .s("Description", x.description())
                .b("Encrypted", x.encrypted())
                .s("KmsKeyId", x.kms_key_id())
                .s("OwnerId", x.owner_id())
                .s("Progress", x.progress())
                .s("SnapshotId", x.snapshot_id())
                .t("StartTime", x.start_time())
                .e("State", x.state())
                .s("VolumeId", x.volume_id())
                .i("VolumeSize", x.volume_size())
                .e("StorageTier", x.storage_tier());
            tagged(o, x.tags()).done()
        })
        .done();
    cx.write(SVC, op, None, &v);
    let ids: Vec<String> = items
        .iter()
        .filter_map(|x| x.snapshot_id().map(str::to_owned))
        .collect();
    let mut set = tokio::task::JoinSet::new();
    for id in ids {
        let (cx, c) = (cx.clone(), c.clone());
        set.spawn(async move { snapshot_attribute(&cx, &c, &id).await });
    }
    while set.join_next().await.is_some() {}
}

async fn snapshot_attribute(cx: &Ctx, c: &Client, id: &str) {
    let op = "describe-snapshot-attribute";
    let Some(out) = cx
        .one(
            SVC,
            op,
            Some(id),
            &[],
            c.describe_snapshot_attribute()
                .snapshot_id(id)
                .attribute(t::SnapshotAttributeName::CreateVolumePermission)
                .send(),
        )
        .await
    else {
        return;
    };
    let v = obj()
        .l(
            "CreateVolumePermissions",
            out.create_volume_permissions(),
            |p| obj().e("Group", p.group()).s("UserId", p.user_id()).done(),
        )
        .s("SnapshotId", out.snapshot_id())
        .done();
    cx.write(SVC, op, Some(id), &v);
}

async fn images(cx: &Ctx, c: &Client) {
    let op = "describe-images";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_images().owners("self").into_paginator().send()
    ) else {
        return;
    };
    let items: Vec<&t::Image> = p.iter().flat_map(|x| x.images()).collect();
    let v = obj()
        .l("Images", &items, |x| {
            let o = obj()
                .e("Architecture", x.architecture())
                .s("CreationDate", x.creation_date())
                .s("ImageId", x.image_id())
                .s("ImageLocation", x.image_location())
                .e("ImageType", x.image_type())
                .b("Public", x.public())
                .s("OwnerId", x.owner_id())
                .e("State", x.state())
                .l("BlockDeviceMappings", x.block_device_mappings(), |b| {
                    obj()
                        .s("DeviceName", b.device_name())
                        .o("Ebs", b.ebs(), |e| {
                            obj()
                                .b("DeleteOnTermination", e.delete_on_termination())
                                .s("SnapshotId", e.snapshot_id())
                                .i("VolumeSize", e.volume_size())
                                .e("VolumeType", e.volume_type())
                                .b("Encrypted", e.encrypted())
                                .s("KmsKeyId", e.kms_key_id())
                                .done()
                        })
                        .done()
                })
                .s("Description", x.description())
                .s("Name", x.name())
                .e("RootDeviceType", x.root_device_type());
            tagged(o, x.tags()).done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}

async fn ebs_encryption_by_default(cx: &Ctx, c: &Client) {
    let op = "get-ebs-encryption-by-default";
    let Some(out) = cx
        .one(SVC, op, None, &[], c.get_ebs_encryption_by_default().send())
        .await
    else {
        return;
    };
    let v = obj()
        .b("EbsEncryptionByDefault", out.ebs_encryption_by_default())
        .e("SseType", out.sse_type())
        .done();
    cx.write(SVC, op, None, &v);
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_types::DateTime;
    use serde_json::json;

    #[test]
    fn instance_has_cli_member_names_and_relationships() {
        let i = t::Instance::builder()
            .instance_id("i-0abc")
            .instance_type(t::InstanceType::T3Micro)
            .subnet_id("subnet-1")
            .vpc_id("vpc-1")
            .launch_time(DateTime::from_secs(1_700_000_000))
            .state(
                t::InstanceState::builder()
                    .code(16)
                    .name(t::InstanceStateName::Running)
                    .build(),
            )
            .security_groups(
                t::GroupIdentifier::builder()
                    .group_id("sg-1")
                    .group_name("web")
                    .build(),
            )
            .iam_instance_profile(
                t::IamInstanceProfile::builder()
                    .arn("arn:aws:iam::123456789012:instance-profile/app")
                    .build(),
            )
            .metadata_options(
                t::InstanceMetadataOptionsResponse::builder()
                    .http_tokens(t::HttpTokensState::Required)
                    .build(),
            )
            .tags(t::Tag::builder().key("Name").value("web-1").build())
            .build();
        let v = instance(&i);
        assert_eq!(v["InstanceId"], "i-0abc");
        assert_eq!(v["InstanceType"], "t3.micro");
        assert_eq!(v["SubnetId"], "subnet-1");
        assert_eq!(v["LaunchTime"], "2023-11-14T22:13:20Z");
        assert_eq!(v["State"], json!({"Code": 16, "Name": "running"}));
        assert_eq!(
            v["SecurityGroups"],
            json!([{"GroupId": "sg-1", "GroupName": "web"}])
        );
        assert_eq!(
            v["IamInstanceProfile"]["Arn"],
            "arn:aws:iam::123456789012:instance-profile/app"
        );
        assert_eq!(v["MetadataOptions"]["HttpTokens"], "required");
        assert_eq!(v["Tags"], json!([{"Key": "Name", "Value": "web-1"}]));
        assert!(v.get("PublicIpAddress").is_none());
    }

    #[test]
    fn security_group_rules_keep_every_source_kind() {
        let p = t::IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(443)
            .to_port(443)
            .ip_ranges(t::IpRange::builder().cidr_ip("0.0.0.0/0").build())
            .ipv6_ranges(t::Ipv6Range::builder().cidr_ipv6("::/0").build())
            .user_id_group_pairs(
                t::UserIdGroupPair::builder()
                    .group_id("sg-2")
                    .user_id("123456789012")
                    .build(),
            )
            .prefix_list_ids(t::PrefixListId::builder().prefix_list_id("pl-1").build())
            .build();
        assert_eq!(
            ip_permission(&p),
            json!({
                "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                "UserIdGroupPairs": [{"UserId": "123456789012", "GroupId": "sg-2"}],
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                "Ipv6Ranges": [{"CidrIpv6": "::/0"}],
                "PrefixListIds": [{"PrefixListId": "pl-1"}]
            })
        );
    }

    #[test]
    fn routes_name_their_target() {
        let r = t::Route::builder()
            .destination_cidr_block("0.0.0.0/0")
            .nat_gateway_id("nat-1")
            .state(t::RouteState::Active)
            .origin(t::RouteOrigin::CreateRoute)
            .build();
        assert_eq!(
            route(&r),
            json!({"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1",
                   "Origin": "CreateRoute", "State": "active"})
        );
    }
}
