//! Test-only adapter: AWS API responses (as the AWS CLI prints them) → `nephos_model::Inventory`.
//!
//! The real importer is `nephos_aws::import`, built on another branch. Until it lands on `main`,
//! the conformance suite reads its AWS-shaped scenarios through this adapter, which understands
//! only the fields the network engine reads. Once the importer is merged, the runner should write
//! each scenario's files into a temporary account-data folder and import it for real.

#![allow(dead_code, reason = "shared by several test binaries")]

pub mod folder;

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net};
use nephos_model::props::*;
use nephos_model::{Inventory, Properties, Resource, ResourceId, ResourceKind};
use serde_json::Value;

fn s<'v>(v: &'v Value, k: &str) -> &'v str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

fn opt_s(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(str::to_owned)
}

fn arr<'v>(v: &'v Value, k: &str) -> &'v [Value] {
    v.get(k)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn int(v: &Value, k: &str) -> Option<i32> {
    v.get(k)
        .and_then(|x| {
            x.as_i64()
                .or_else(|| x.as_str().and_then(|s| s.parse().ok()))
        })
        .and_then(|x| i32::try_from(x).ok())
}

fn b(v: &Value, k: &str) -> bool {
    v.get(k).and_then(Value::as_bool).unwrap_or(false)
}

fn strs(v: &Value, k: &str) -> Vec<String> {
    arr(v, k)
        .iter()
        .filter_map(|x| x.as_str().map(str::to_owned))
        .collect()
}

fn net(s: &str) -> Option<IpNet> {
    s.parse::<IpNet>().ok().map(|n| n.trunc())
}

struct Ctx<'i> {
    account: String,
    region: String,
    inv: &'i mut Inventory,
}

impl Ctx<'_> {
    fn ec2(&self, ty: &str, id: &str) -> ResourceId {
        ResourceId::ec2(&self.region, &self.account, ty, id)
    }

    fn add(&mut self, id: ResourceId, kind: ResourceKind, props: Properties) {
        let mut r = Resource::new(
            id.clone(),
            kind,
            self.account.clone(),
            Some(self.region.clone()),
            id.short().to_owned(),
        );
        r.props = props;
        self.inv.insert(r);
    }
}

/// Builds an inventory from `files`: file stem (`ec2-describe-vpcs`, or
/// `elbv2-describe-target-health/<tg-arn>` for per-parameter files) → response.
pub fn inventory(account: &str, region: &str, files: &BTreeMap<String, Value>) -> Inventory {
    let mut inv = Inventory::new("scenario");
    for stem in files.keys() {
        let base = stem.split('/').next().unwrap_or(stem);
        inv.coverage.mark_collected(account, region, base);
    }
    let mut c = Ctx {
        account: account.to_owned(),
        region: region.to_owned(),
        inv: &mut inv,
    };
    let get = |k: &str| files.get(k).cloned().unwrap_or(Value::Null);
    let prefixed = |p: &str| -> Vec<(String, Value)> {
        files
            .iter()
            .filter(|(k, _)| k.starts_with(p))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };

    for v in arr(&get("ec2-describe-vpcs"), "Vpcs") {
        let mut cidrs: Vec<Ipv4Net> = arr(v, "CidrBlockAssociationSet")
            .iter()
            .filter_map(|a| s(a, "CidrBlock").parse().ok())
            .collect();
        if let Ok(c0) = s(v, "CidrBlock").parse::<Ipv4Net>()
            && !cidrs.contains(&c0)
        {
            cidrs.insert(0, c0);
        }
        let props = VpcProps {
            cidr_blocks: cidrs,
            ipv6_cidr_blocks: arr(v, "Ipv6CidrBlockAssociationSet")
                .iter()
                .filter_map(|a| s(a, "Ipv6CidrBlock").parse().ok())
                .collect(),
            is_default: b(v, "IsDefault"),
            state: s(v, "State").into(),
        };
        let id = c.ec2("vpc", s(v, "VpcId"));
        c.add(id, ResourceKind::Vpc, Properties::Vpc(props));
    }
    for v in arr(&get("ec2-describe-subnets"), "Subnets") {
        let props = SubnetProps {
            vpc_id: s(v, "VpcId").into(),
            cidr_block: s(v, "CidrBlock").parse().ok(),
            ipv6_cidr_blocks: arr(v, "Ipv6CidrBlockAssociationSet")
                .iter()
                .filter_map(|a| s(a, "Ipv6CidrBlock").parse().ok())
                .collect(),
            availability_zone: s(v, "AvailabilityZone").into(),
            map_public_ip_on_launch: b(v, "MapPublicIpOnLaunch"),
            assign_ipv6_on_creation: b(v, "AssignIpv6AddressOnCreation"),
        };
        let id = c.ec2("subnet", s(v, "SubnetId"));
        c.add(id, ResourceKind::Subnet, Properties::Subnet(props));
    }
    for v in arr(&get("ec2-describe-route-tables"), "RouteTables") {
        let routes = arr(v, "Routes")
            .iter()
            .filter_map(|r| {
                let destination = if let Some(n) = net(s(r, "DestinationCidrBlock")) {
                    RouteDestination::Cidr(n)
                } else if let Some(n) = net(s(r, "DestinationIpv6CidrBlock")) {
                    RouteDestination::Cidr(n)
                } else if !s(r, "DestinationPrefixListId").is_empty() {
                    RouteDestination::PrefixList(s(r, "DestinationPrefixListId").into())
                } else {
                    return None;
                };
                let g = s(r, "GatewayId");
                let target = if g == "local" {
                    RouteTarget::Local
                } else if g.starts_with("igw-") {
                    RouteTarget::InternetGateway(g.into())
                } else if g.starts_with("vpce-") {
                    RouteTarget::VpcEndpoint(g.into())
                } else if g.starts_with("vgw-") {
                    RouteTarget::VirtualPrivateGateway(g.into())
                } else if let Some(x) = opt_s(r, "EgressOnlyInternetGatewayId") {
                    RouteTarget::EgressOnlyInternetGateway(x)
                } else if let Some(x) = opt_s(r, "NatGatewayId") {
                    RouteTarget::NatGateway(x)
                } else if let Some(x) = opt_s(r, "VpcPeeringConnectionId") {
                    RouteTarget::VpcPeeringConnection(x)
                } else if let Some(x) = opt_s(r, "TransitGatewayId") {
                    RouteTarget::TransitGateway(x)
                } else if let Some(x) = opt_s(r, "InstanceId") {
                    RouteTarget::Instance(x)
                } else if let Some(x) = opt_s(r, "NetworkInterfaceId") {
                    RouteTarget::NetworkInterface(x)
                } else {
                    RouteTarget::Other(g.into())
                };
                Some(Route {
                    destination,
                    target,
                    active: s(r, "State") != "blackhole",
                    origin: s(r, "Origin").into(),
                })
            })
            .collect();
        let associations = arr(v, "Associations")
            .iter()
            .map(|a| RouteTableAssociation {
                id: s(a, "RouteTableAssociationId").into(),
                main: b(a, "Main"),
                subnet_id: opt_s(a, "SubnetId"),
                gateway_id: opt_s(a, "GatewayId"),
            })
            .collect();
        let props = RouteTableProps {
            vpc_id: s(v, "VpcId").into(),
            routes,
            associations,
        };
        let id = c.ec2("route-table", s(v, "RouteTableId"));
        c.add(id, ResourceKind::RouteTable, Properties::RouteTable(props));
    }
    for (file, key, idk, ty, kind) in [
        (
            "ec2-describe-internet-gateways",
            "InternetGateways",
            "InternetGatewayId",
            "internet-gateway",
            ResourceKind::InternetGateway,
        ),
        (
            "ec2-describe-egress-only-internet-gateways",
            "EgressOnlyInternetGateways",
            "EgressOnlyInternetGatewayId",
            "egress-only-internet-gateway",
            ResourceKind::EgressOnlyInternetGateway,
        ),
    ] {
        for v in arr(&get(file), key) {
            let p = GatewayAttachmentProps {
                attached_vpcs: arr(v, "Attachments")
                    .iter()
                    .filter(|a| matches!(s(a, "State"), "available" | "attached" | ""))
                    .map(|a| s(a, "VpcId").to_owned())
                    .collect(),
            };
            let id = c.ec2(ty, s(v, idk));
            let props = if kind == ResourceKind::InternetGateway {
                Properties::InternetGateway(p)
            } else {
                Properties::EgressOnlyInternetGateway(p)
            };
            c.add(id, kind, props);
        }
    }
    for v in arr(&get("ec2-describe-nat-gateways"), "NatGateways") {
        let addrs = arr(v, "NatGatewayAddresses");
        let props = NatGatewayProps {
            vpc_id: s(v, "VpcId").into(),
            subnet_id: s(v, "SubnetId").into(),
            connectivity_type: if s(v, "ConnectivityType").is_empty() {
                "public".into()
            } else {
                s(v, "ConnectivityType").into()
            },
            state: s(v, "State").into(),
            public_ips: addrs
                .iter()
                .filter_map(|a| s(a, "PublicIp").parse().ok())
                .collect(),
            private_ips: addrs
                .iter()
                .filter_map(|a| s(a, "PrivateIp").parse().ok())
                .collect(),
            network_interface_ids: Vec::new(),
        };
        let id = c.ec2("natgateway", s(v, "NatGatewayId"));
        c.add(id, ResourceKind::NatGateway, Properties::NatGateway(props));
    }
    for v in arr(
        &get("ec2-describe-vpc-peering-connections"),
        "VpcPeeringConnections",
    ) {
        let side = |x: &Value| PeeringSide {
            vpc_id: s(x, "VpcId").into(),
            owner_id: s(x, "OwnerId").into(),
            region: s(x, "Region").into(),
            cidr_blocks: arr(x, "CidrBlockSet")
                .iter()
                .filter_map(|a| s(a, "CidrBlock").parse().ok())
                .chain(s(x, "CidrBlock").parse().ok())
                .collect(),
            ipv6_cidr_blocks: arr(x, "Ipv6CidrBlockSet")
                .iter()
                .filter_map(|a| s(a, "Ipv6CidrBlock").parse().ok())
                .collect(),
        };
        let props = VpcPeeringProps {
            requester: side(v.get("RequesterVpcInfo").unwrap_or(&Value::Null)),
            accepter: side(v.get("AccepterVpcInfo").unwrap_or(&Value::Null)),
            status: v
                .get("Status")
                .map_or("active", |x| s(x, "Code"))
                .to_owned(),
        };
        let id = c.ec2("vpc-peering-connection", s(v, "VpcPeeringConnectionId"));
        c.add(
            id,
            ResourceKind::VpcPeeringConnection,
            Properties::VpcPeeringConnection(props),
        );
    }
    for v in arr(
        &get("ec2-describe-transit-gateway-attachments"),
        "TransitGatewayAttachments",
    ) {
        let props = TransitGatewayAttachmentProps {
            transit_gateway_id: s(v, "TransitGatewayId").into(),
            transit_gateway_owner_id: String::new(),
            resource_type: s(v, "ResourceType").into(),
            resource_id: s(v, "ResourceId").into(),
            resource_owner_id: String::new(),
            state: s(v, "State").into(),
            association_route_table_id: v
                .get("Association")
                .and_then(|a| opt_s(a, "TransitGatewayRouteTableId")),
        };
        let id = c.ec2(
            "transit-gateway-attachment",
            s(v, "TransitGatewayAttachmentId"),
        );
        c.add(
            id,
            ResourceKind::TransitGatewayAttachment,
            Properties::TransitGatewayAttachment(props),
        );
    }
    for v in arr(
        &get("ec2-describe-transit-gateway-route-tables"),
        "TransitGatewayRouteTables",
    ) {
        let rid = s(v, "TransitGatewayRouteTableId");
        let routes_file = files.get(&format!("ec2-search-transit-gateway-routes/{rid}"));
        let routes = routes_file
            .map(|f| {
                arr(f, "Routes")
                    .iter()
                    .filter_map(|r| {
                        Some(TransitGatewayRoute {
                            destination: net(s(r, "DestinationCidrBlock"))?,
                            attachment_ids: arr(r, "TransitGatewayAttachments")
                                .iter()
                                .map(|a| s(a, "TransitGatewayAttachmentId").to_owned())
                                .collect(),
                            active: s(r, "State") != "blackhole",
                            route_type: s(r, "Type").into(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let props = TransitGatewayRouteTableProps {
            transit_gateway_id: s(v, "TransitGatewayId").into(),
            routes,
            routes_collected: routes_file.is_some(),
        };
        let id = c.ec2("transit-gateway-route-table", rid);
        c.add(
            id,
            ResourceKind::TransitGatewayRouteTable,
            Properties::TransitGatewayRouteTable(props),
        );
    }
    for v in arr(&get("ec2-describe-managed-prefix-lists"), "PrefixLists") {
        let pid = s(v, "PrefixListId");
        let entries = files.get(&format!("ec2-get-managed-prefix-list-entries/{pid}"));
        let props = PrefixListProps {
            prefix_list_id: pid.into(),
            cidrs: entries
                .map(|e| {
                    arr(e, "Entries")
                        .iter()
                        .filter_map(|x| net(s(x, "Cidr")))
                        .collect()
                })
                .unwrap_or_default(),
            entries_collected: entries.is_some(),
        };
        let id = c.ec2("prefix-list", pid);
        c.add(id, ResourceKind::PrefixList, Properties::PrefixList(props));
    }
    for v in arr(&get("ec2-describe-security-groups"), "SecurityGroups") {
        let rules = |k: &str| -> Vec<SecurityGroupRule> {
            let mut out = Vec::new();
            for p in arr(v, k) {
                let protocol = IpProtocol::parse(s(p, "IpProtocol")).unwrap_or(IpProtocol::All);
                let mk = |peer| SecurityGroupRule {
                    protocol,
                    from_port: int(p, "FromPort"),
                    to_port: int(p, "ToPort"),
                    peer,
                    description: None,
                };
                for r in arr(p, "IpRanges") {
                    if let Some(cidr) = net(s(r, "CidrIp")) {
                        out.push(mk(SecurityGroupPeer::Cidr { cidr }));
                    }
                }
                for r in arr(p, "Ipv6Ranges") {
                    if let Some(cidr) = net(s(r, "CidrIpv6")) {
                        out.push(mk(SecurityGroupPeer::Cidr { cidr }));
                    }
                }
                for r in arr(p, "PrefixListIds") {
                    out.push(mk(SecurityGroupPeer::PrefixList {
                        prefix_list_id: s(r, "PrefixListId").into(),
                    }));
                }
                for r in arr(p, "UserIdGroupPairs") {
                    out.push(mk(SecurityGroupPeer::SecurityGroup {
                        group_id: s(r, "GroupId").into(),
                        user_id: opt_s(r, "UserId"),
                        vpc_id: opt_s(r, "VpcId"),
                    }));
                }
            }
            out
        };
        let props = SecurityGroupProps {
            group_id: s(v, "GroupId").into(),
            group_name: s(v, "GroupName").into(),
            description: String::new(),
            vpc_id: opt_s(v, "VpcId"),
            ingress: rules("IpPermissions"),
            egress: rules("IpPermissionsEgress"),
        };
        let id = c.ec2("security-group", s(v, "GroupId"));
        c.add(
            id,
            ResourceKind::SecurityGroup,
            Properties::SecurityGroup(props),
        );
    }
    for v in arr(&get("ec2-describe-network-acls"), "NetworkAcls") {
        let entries = arr(v, "Entries")
            .iter()
            .filter_map(|e| {
                let cidr = net(s(e, "CidrBlock")).or_else(|| net(s(e, "Ipv6CidrBlock")))?;
                Some(NetworkAclEntry {
                    rule_number: int(e, "RuleNumber")?,
                    egress: b(e, "Egress"),
                    protocol: IpProtocol::parse(s(e, "Protocol")).unwrap_or(IpProtocol::All),
                    allow: s(e, "RuleAction") == "allow",
                    cidr,
                    port_range: e
                        .get("PortRange")
                        .and_then(|p| Some((int(p, "From")?, int(p, "To")?))),
                    icmp_type_code: e
                        .get("IcmpTypeCode")
                        .and_then(|p| Some((int(p, "Type")?, int(p, "Code")?))),
                })
            })
            .collect();
        let props = NetworkAclProps {
            vpc_id: s(v, "VpcId").into(),
            is_default: b(v, "IsDefault"),
            entries,
            subnet_ids: arr(v, "Associations")
                .iter()
                .map(|a| s(a, "SubnetId").to_owned())
                .collect(),
        };
        let id = c.ec2("network-acl", s(v, "NetworkAclId"));
        c.add(id, ResourceKind::NetworkAcl, Properties::NetworkAcl(props));
    }
    for v in arr(&get("ec2-describe-network-interfaces"), "NetworkInterfaces") {
        let privs = arr(v, "PrivateIpAddresses");
        let mut private_ips: Vec<Ipv4Addr> = privs
            .iter()
            .filter_map(|p| s(p, "PrivateIpAddress").parse().ok())
            .collect();
        if private_ips.is_empty()
            && let Ok(ip) = s(v, "PrivateIpAddress").parse()
        {
            private_ips.push(ip);
        }
        let mut public_ips: Vec<Ipv4Addr> = privs
            .iter()
            .filter_map(|p| {
                p.get("Association")
                    .and_then(|a| s(a, "PublicIp").parse().ok())
            })
            .collect();
        if public_ips.is_empty()
            && let Some(ip) = v
                .get("Association")
                .and_then(|a| s(a, "PublicIp").parse().ok())
        {
            public_ips.push(ip);
        }
        let props = NetworkInterfaceProps {
            interface_id: s(v, "NetworkInterfaceId").into(),
            interface_type: s(v, "InterfaceType").into(),
            vpc_id: s(v, "VpcId").into(),
            subnet_id: s(v, "SubnetId").into(),
            availability_zone: s(v, "AvailabilityZone").into(),
            private_ips,
            public_ips,
            ipv6_addresses: arr(v, "Ipv6Addresses")
                .iter()
                .filter_map(|a| s(a, "Ipv6Address").parse::<Ipv6Addr>().ok())
                .collect(),
            security_group_ids: arr(v, "Groups")
                .iter()
                .map(|g| s(g, "GroupId").to_owned())
                .collect(),
            attached_instance_id: v.get("Attachment").and_then(|a| opt_s(a, "InstanceId")),
            description: s(v, "Description").into(),
            requester_id: opt_s(v, "RequesterId"),
            status: s(v, "Status").into(),
            source_dest_check: true,
        };
        let id = c.ec2("network-interface", s(v, "NetworkInterfaceId"));
        c.add(
            id,
            ResourceKind::NetworkInterface,
            Properties::NetworkInterface(props),
        );
    }
    for r in arr(&get("ec2-describe-instances"), "Reservations") {
        for v in arr(r, "Instances") {
            let enis = arr(v, "NetworkInterfaces");
            let props = InstanceProps {
                instance_id: s(v, "InstanceId").into(),
                state: v.get("State").map_or("running", |x| s(x, "Name")).into(),
                vpc_id: opt_s(v, "VpcId"),
                subnet_id: opt_s(v, "SubnetId"),
                private_ip: s(v, "PrivateIpAddress").parse().ok(),
                public_ip: s(v, "PublicIpAddress").parse().ok(),
                ipv6_addresses: enis
                    .iter()
                    .flat_map(|e| arr(e, "Ipv6Addresses"))
                    .filter_map(|a| s(a, "Ipv6Address").parse().ok())
                    .collect(),
                security_group_ids: arr(v, "SecurityGroups")
                    .iter()
                    .map(|g| s(g, "GroupId").to_owned())
                    .collect(),
                network_interface_ids: enis
                    .iter()
                    .map(|e| s(e, "NetworkInterfaceId").to_owned())
                    .collect(),
                ..InstanceProps::default()
            };
            let id = c.ec2("instance", s(v, "InstanceId"));
            c.add(
                id,
                ResourceKind::Instance,
                Properties::Instance(Box::new(props)),
            );
        }
    }
    for v in arr(&get("ec2-describe-vpc-endpoints"), "VpcEndpoints") {
        let props = VpcEndpointProps {
            vpc_id: s(v, "VpcId").into(),
            service_name: s(v, "ServiceName").into(),
            endpoint_type: s(v, "VpcEndpointType").into(),
            state: s(v, "State").into(),
            route_table_ids: strs(v, "RouteTableIds"),
            subnet_ids: strs(v, "SubnetIds"),
            security_group_ids: arr(v, "Groups")
                .iter()
                .map(|g| s(g, "GroupId").to_owned())
                .collect(),
            network_interface_ids: strs(v, "NetworkInterfaceIds"),
            policy: None,
            private_dns_enabled: b(v, "PrivateDnsEnabled"),
        };
        let id = c.ec2("vpc-endpoint", s(v, "VpcEndpointId"));
        c.add(
            id,
            ResourceKind::VpcEndpoint,
            Properties::VpcEndpoint(props),
        );
    }
    for v in arr(&get("elbv2-describe-load-balancers"), "LoadBalancers") {
        let props = LoadBalancerProps {
            lb_type: s(v, "Type").into(),
            scheme: s(v, "Scheme").into(),
            vpc_id: opt_s(v, "VpcId"),
            subnet_ids: arr(v, "AvailabilityZones")
                .iter()
                .map(|a| s(a, "SubnetId").to_owned())
                .collect(),
            availability_zones: Vec::new(),
            security_group_ids: strs(v, "SecurityGroups"),
            dns_name: s(v, "DNSName").into(),
            ip_address_type: s(v, "IpAddressType").into(),
            state: String::new(),
        };
        c.add(
            ResourceId::new(s(v, "LoadBalancerArn")),
            ResourceKind::LoadBalancer,
            Properties::LoadBalancer(props),
        );
    }
    for (_, f) in prefixed("elbv2-describe-listeners") {
        for v in arr(&f, "Listeners") {
            let props = ListenerProps {
                load_balancer_arn: s(v, "LoadBalancerArn").into(),
                port: int(v, "Port").and_then(|p| u16::try_from(p).ok()),
                protocol: s(v, "Protocol").into(),
                default_actions: arr(v, "DefaultActions")
                    .iter()
                    .map(|a| ListenerAction {
                        action_type: s(a, "Type").into(),
                        target_group_arns: opt_s(a, "TargetGroupArn")
                            .into_iter()
                            .chain(
                                a.get("ForwardConfig")
                                    .map(|fc| arr(fc, "TargetGroups"))
                                    .unwrap_or(&[])
                                    .iter()
                                    .map(|t| s(t, "TargetGroupArn").to_owned()),
                            )
                            .collect(),
                    })
                    .collect(),
                ssl_policy: None,
            };
            c.add(
                ResourceId::new(s(v, "ListenerArn")),
                ResourceKind::Listener,
                Properties::Listener(props),
            );
        }
    }
    for v in arr(&get("elbv2-describe-target-groups"), "TargetGroups") {
        let arn = s(v, "TargetGroupArn");
        let health = files.get(&format!("elbv2-describe-target-health/{arn}"));
        let props = TargetGroupProps {
            target_type: s(v, "TargetType").into(),
            protocol: opt_s(v, "Protocol"),
            port: int(v, "Port").and_then(|p| u16::try_from(p).ok()),
            vpc_id: opt_s(v, "VpcId"),
            load_balancer_arns: strs(v, "LoadBalancerArns"),
            targets: health
                .map(|h| {
                    arr(h, "TargetHealthDescriptions")
                        .iter()
                        .map(|d| {
                            let t = d.get("Target").unwrap_or(&Value::Null);
                            Target {
                                id: s(t, "Id").into(),
                                port: int(t, "Port").and_then(|p| u16::try_from(p).ok()),
                                health: d.get("TargetHealth").and_then(|h| opt_s(h, "State")),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default(),
            targets_collected: health.is_some(),
        };
        c.add(
            ResourceId::new(arn),
            ResourceKind::TargetGroup,
            Properties::TargetGroup(props),
        );
    }
    for v in arr(
        &get("elb-describe-load-balancers"),
        "LoadBalancerDescriptions",
    ) {
        let name = s(v, "LoadBalancerName");
        let props = ClassicLoadBalancerProps {
            scheme: s(v, "Scheme").into(),
            vpc_id: opt_s(v, "VPCId"),
            subnet_ids: strs(v, "Subnets"),
            security_group_ids: strs(v, "SecurityGroups"),
            listeners: arr(v, "ListenerDescriptions")
                .iter()
                .filter_map(|l| {
                    let l = l.get("Listener")?;
                    Some(ClassicListener {
                        protocol: s(l, "Protocol").into(),
                        load_balancer_port: u16::try_from(int(l, "LoadBalancerPort")?).ok()?,
                        instance_protocol: s(l, "InstanceProtocol").into(),
                        instance_port: u16::try_from(int(l, "InstancePort")?).ok()?,
                    })
                })
                .collect(),
            instance_ids: arr(v, "Instances")
                .iter()
                .map(|i| s(i, "InstanceId").to_owned())
                .collect(),
            dns_name: s(v, "DNSName").into(),
        };
        let id = ResourceId::arn(
            "elasticloadbalancing",
            &c.region,
            &c.account,
            &format!("loadbalancer/{name}"),
        );
        c.add(
            id,
            ResourceKind::ClassicLoadBalancer,
            Properties::ClassicLoadBalancer(props),
        );
    }
    for v in arr(&get("lambda-list-functions"), "Functions") {
        let vpc_config = v.get("VpcConfig").and_then(|vc| {
            let vpc_id = s(vc, "VpcId");
            (!vpc_id.is_empty()).then(|| LambdaVpcConfig {
                vpc_id: vpc_id.into(),
                subnet_ids: strs(vc, "SubnetIds"),
                security_group_ids: strs(vc, "SecurityGroupIds"),
            })
        });
        let props = LambdaFunctionProps {
            role_arn: s(v, "Role").into(),
            vpc_config,
            ..LambdaFunctionProps::default()
        };
        c.add(
            ResourceId::new(s(v, "FunctionArn")),
            ResourceKind::LambdaFunction,
            Properties::LambdaFunction(Box::new(props)),
        );
    }
    for (_, f) in prefixed("ecs-describe-services") {
        for v in arr(&f, "services") {
            let network = v
                .get("networkConfiguration")
                .and_then(|n| n.get("awsvpcConfiguration"))
                .map(|a| AwsVpcConfiguration {
                    subnet_ids: strs(a, "subnets"),
                    security_group_ids: strs(a, "securityGroups"),
                    assign_public_ip: s(a, "assignPublicIp") == "ENABLED",
                });
            let props = EcsServiceProps {
                cluster_arn: s(v, "clusterArn").into(),
                network,
                ..EcsServiceProps::default()
            };
            let id = ResourceId::new(s(v, "serviceArn"));
            let mut r = Resource::new(
                id,
                ResourceKind::EcsService,
                c.account.clone(),
                Some(c.region.clone()),
                s(v, "serviceName"),
            );
            r.props = Properties::EcsService(props);
            c.inv.insert(r);
        }
    }
    for (_, f) in prefixed("ecs-describe-tasks") {
        for v in arr(&f, "tasks") {
            let details: BTreeMap<&str, &str> = arr(v, "attachments")
                .iter()
                .filter(|a| s(a, "type") == "ElasticNetworkInterface")
                .flat_map(|a| arr(a, "details"))
                .map(|d| (s(d, "name"), s(d, "value")))
                .collect();
            let props = EcsTaskProps {
                cluster_arn: s(v, "clusterArn").into(),
                task_definition_arn: s(v, "taskDefinitionArn").into(),
                launch_type: opt_s(v, "launchType"),
                last_status: s(v, "lastStatus").into(),
                group: opt_s(v, "group"),
                network_interface_id: details.get("networkInterfaceId").map(|x| (*x).to_owned()),
                subnet_id: details.get("subnetId").map(|x| (*x).to_owned()),
                private_ip: details
                    .get("privateIPv4Address")
                    .and_then(|x| x.parse().ok()),
                container_instance_arn: None,
            };
            c.add(
                ResourceId::new(s(v, "taskArn")),
                ResourceKind::EcsTask,
                Properties::EcsTask(props),
            );
        }
    }
    for v in arr(&get("rds-describe-db-instances"), "DBInstances") {
        let g = v.get("DBSubnetGroup").unwrap_or(&Value::Null);
        let props = DbInstanceProps {
            identifier: s(v, "DBInstanceIdentifier").into(),
            engine: s(v, "Engine").into(),
            publicly_accessible: b(v, "PubliclyAccessible"),
            vpc_id: opt_s(g, "VpcId"),
            subnet_ids: arr(g, "Subnets")
                .iter()
                .map(|x| s(x, "SubnetIdentifier").to_owned())
                .collect(),
            security_group_ids: arr(v, "VpcSecurityGroups")
                .iter()
                .map(|x| s(x, "VpcSecurityGroupId").to_owned())
                .collect(),
            port: v
                .get("Endpoint")
                .and_then(|e| int(e, "Port"))
                .and_then(|p| u16::try_from(p).ok()),
            ..DbInstanceProps::default()
        };
        c.add(
            ResourceId::new(s(v, "DBInstanceArn")),
            ResourceKind::DbInstance,
            Properties::DbInstance(Box::new(props)),
        );
    }
    inv
}
