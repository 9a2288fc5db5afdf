//! VPC plumbing and firewalls: what the reachability engine reads.

use std::net::{Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use serde::{Deserialize, Serialize};

/// `AWS::EC2::VPC`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct VpcProps {
    /// Every associated IPv4 CIDR block (primary first).
    pub cidr_blocks: Vec<Ipv4Net>,
    /// Associated IPv6 CIDR blocks.
    pub ipv6_cidr_blocks: Vec<Ipv6Net>,
    /// The account's default VPC.
    pub is_default: bool,
    /// `available` or `pending`.
    pub state: String,
}

/// `AWS::EC2::Subnet`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SubnetProps {
    /// `vpc-…`.
    pub vpc_id: String,
    /// The IPv4 CIDR (absent for IPv6-only subnets).
    pub cidr_block: Option<Ipv4Net>,
    /// IPv6 CIDRs.
    pub ipv6_cidr_blocks: Vec<Ipv6Net>,
    /// e.g. `eu-west-1a`.
    pub availability_zone: String,
    /// `MapPublicIpOnLaunch`.
    pub map_public_ip_on_launch: bool,
    /// `AssignIpv6AddressOnCreation`.
    pub assign_ipv6_on_creation: bool,
}

/// Where a route sends traffic that matches its destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum RouteTarget {
    /// `local`: within the VPC.
    Local,
    /// `igw-…`.
    InternetGateway(String),
    /// `eigw-…`.
    EgressOnlyInternetGateway(String),
    /// `nat-…`.
    NatGateway(String),
    /// `pcx-…`.
    VpcPeeringConnection(String),
    /// `tgw-…`.
    TransitGateway(String),
    /// `vpce-…` (gateway endpoints and Gateway Load Balancer endpoints).
    VpcEndpoint(String),
    /// `vgw-…`.
    VirtualPrivateGateway(String),
    /// `eni-…`.
    NetworkInterface(String),
    /// `i-…` (a NAT instance).
    Instance(String),
    /// Carrier, core network, local gateway: kept with the field name that named it.
    Other(String),
}

/// What a route matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum RouteDestination {
    /// An IPv4 or IPv6 CIDR.
    Cidr(IpNet),
    /// A managed prefix list (`pl-…`): S3 / DynamoDB gateway endpoints, customer lists.
    PrefixList(String),
}

/// One route of a route table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    /// What it matches.
    pub destination: RouteDestination,
    /// Where it sends.
    pub target: RouteTarget,
    /// `active`, or `blackhole` when the target is gone.
    pub active: bool,
    /// `CreateRouteTable`, `CreateRoute` or `EnableVgwRoutePropagation`.
    pub origin: String,
}

/// One association of a route table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RouteTableAssociation {
    /// `rtbassoc-…`.
    pub id: String,
    /// The main route table of its VPC.
    pub main: bool,
    /// Explicitly associated subnet.
    pub subnet_id: Option<String>,
    /// Edge association with an internet or virtual private gateway.
    pub gateway_id: Option<String>,
}

/// `AWS::EC2::RouteTable`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RouteTableProps {
    /// `vpc-…`.
    pub vpc_id: String,
    /// Routes, in API order.
    pub routes: Vec<Route>,
    /// Associations.
    pub associations: Vec<RouteTableAssociation>,
}

/// Internet and egress-only internet gateways: the VPCs they are attached to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct GatewayAttachmentProps {
    /// `vpc-…` with an `attached` / `available` state.
    pub attached_vpcs: Vec<String>,
}

/// `AWS::EC2::NatGateway`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NatGatewayProps {
    /// `vpc-…`.
    pub vpc_id: String,
    /// `subnet-…` it sits in.
    pub subnet_id: String,
    /// `public` or `private`.
    pub connectivity_type: String,
    /// `available`, `deleted`, …
    pub state: String,
    /// Public addresses (EIPs) of a public NAT gateway.
    pub public_ips: Vec<Ipv4Addr>,
    /// Private addresses.
    pub private_ips: Vec<Ipv4Addr>,
    /// Its network interfaces.
    pub network_interface_ids: Vec<String>,
}

/// One side of a peering connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PeeringSide {
    /// `vpc-…`.
    pub vpc_id: String,
    /// Owning account.
    pub owner_id: String,
    /// Region.
    pub region: String,
    /// IPv4 CIDRs the peering exposes.
    pub cidr_blocks: Vec<Ipv4Net>,
    /// IPv6 CIDRs the peering exposes.
    pub ipv6_cidr_blocks: Vec<Ipv6Net>,
}

/// `AWS::EC2::VPCPeeringConnection`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct VpcPeeringProps {
    /// The requesting VPC.
    pub requester: PeeringSide,
    /// The accepting VPC.
    pub accepter: PeeringSide,
    /// `active`, `pending-acceptance`, `deleted`, …
    pub status: String,
}

/// `AWS::EC2::TransitGateway`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TransitGatewayProps {
    /// Owning account.
    pub owner_id: String,
    /// `available`, …
    pub state: String,
    /// The default association route table.
    pub association_default_route_table_id: Option<String>,
    /// The default propagation route table.
    pub propagation_default_route_table_id: Option<String>,
}

/// `AWS::EC2::TransitGatewayAttachment`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TransitGatewayAttachmentProps {
    /// `tgw-…`.
    pub transit_gateway_id: String,
    /// Owner of the transit gateway.
    pub transit_gateway_owner_id: String,
    /// `vpc`, `vpn`, `peering`, `direct-connect-gateway`, `connect`.
    pub resource_type: String,
    /// The attached resource (`vpc-…`).
    pub resource_id: String,
    /// Owner of the attached resource.
    pub resource_owner_id: String,
    /// `available`, …
    pub state: String,
    /// The TGW route table this attachment is associated with.
    pub association_route_table_id: Option<String>,
}

/// One route of a transit gateway route table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransitGatewayRoute {
    /// Destination CIDR.
    pub destination: IpNet,
    /// Attachments the route sends to (empty for a blackhole).
    pub attachment_ids: Vec<String>,
    /// `active` or `blackhole`.
    pub active: bool,
    /// `static` or `propagated`.
    pub route_type: String,
}

/// `AWS::EC2::TransitGatewayRouteTable`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TransitGatewayRouteTableProps {
    /// `tgw-…`.
    pub transit_gateway_id: String,
    /// Routes.
    pub routes: Vec<TransitGatewayRoute>,
    /// Whether `routes` was collected (SearchTransitGatewayRoutes is a separate call).
    pub routes_collected: bool,
}

/// `AWS::EC2::VPCEndpoint`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct VpcEndpointProps {
    /// `vpc-…`.
    pub vpc_id: String,
    /// e.g. `com.amazonaws.eu-west-1.s3`.
    pub service_name: String,
    /// `Gateway`, `Interface` or `GatewayLoadBalancer`.
    pub endpoint_type: String,
    /// `available`, …
    pub state: String,
    /// Gateway endpoints: the route tables that route to it.
    pub route_table_ids: Vec<String>,
    /// Interface endpoints: subnets.
    pub subnet_ids: Vec<String>,
    /// Interface endpoints: security groups.
    pub security_group_ids: Vec<String>,
    /// Interface endpoints: network interfaces.
    pub network_interface_ids: Vec<String>,
    /// The endpoint policy.
    pub policy: Option<super::PolicyDocument>,
    /// Private DNS enabled.
    pub private_dns_enabled: bool,
}

/// An IP protocol as security groups and network ACLs name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IpProtocol {
    /// `-1`: every protocol.
    All,
    /// `tcp` / `6`.
    Tcp,
    /// `udp` / `17`.
    Udp,
    /// `icmp` / `1`.
    Icmp,
    /// `icmpv6` / `58`.
    Icmpv6,
    /// Any other IANA protocol number.
    Number(u8),
}

impl IpProtocol {
    /// Parses AWS's spelling: a name (`tcp`, `udp`, `icmp`, `icmpv6`, any case) or a number
    /// (`-1`, `6`, …). Unknown text is `None`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "-1" | "all" => Some(Self::All),
            "tcp" | "6" => Some(Self::Tcp),
            "udp" | "17" => Some(Self::Udp),
            "icmp" | "1" => Some(Self::Icmp),
            "icmpv6" | "58" => Some(Self::Icmpv6),
            other => other.parse::<u8>().ok().map(Self::Number),
        }
    }

    /// The short name used in outputs: `all`, `tcp`, `udp`, `icmp`, `icmpv6` or the number.
    pub fn name(self) -> String {
        match self {
            Self::All => "all".into(),
            Self::Tcp => "tcp".into(),
            Self::Udp => "udp".into(),
            Self::Icmp => "icmp".into(),
            Self::Icmpv6 => "icmpv6".into(),
            Self::Number(n) => n.to_string(),
        }
    }
}

/// Who a security group rule admits (inbound) or lets out to (outbound).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SecurityGroupPeer {
    /// An IPv4 or IPv6 CIDR.
    Cidr {
        /// The range.
        cidr: IpNet,
    },
    /// A managed prefix list.
    PrefixList {
        /// `pl-…`.
        prefix_list_id: String,
    },
    /// Another security group (private addresses of interfaces carrying it).
    SecurityGroup {
        /// `sg-…`.
        group_id: String,
        /// Its account, when the API gives it (peered / shared VPCs).
        user_id: Option<String>,
        /// Its VPC, when the API gives it.
        vpc_id: Option<String>,
    },
}

/// One rule of a security group, flattened: one peer per rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityGroupRule {
    /// Protocol.
    pub protocol: IpProtocol,
    /// `FromPort` as the API gives it (for ICMP: the type; `-1` = any).
    pub from_port: Option<i32>,
    /// `ToPort` as the API gives it (for ICMP: the code; `-1` = any).
    pub to_port: Option<i32>,
    /// Who.
    pub peer: SecurityGroupPeer,
    /// The rule's description.
    pub description: Option<String>,
}

/// `AWS::EC2::SecurityGroup`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SecurityGroupProps {
    /// `sg-…`.
    pub group_id: String,
    /// The group name (`default` for the default group).
    pub group_name: String,
    /// Description.
    pub description: String,
    /// `vpc-…` (EC2-Classic groups have none).
    pub vpc_id: Option<String>,
    /// Inbound rules. Evidence id: `<group id>#ingress/<index>`.
    pub ingress: Vec<SecurityGroupRule>,
    /// Outbound rules. Evidence id: `<group id>#egress/<index>`.
    pub egress: Vec<SecurityGroupRule>,
}

/// One network ACL entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkAclEntry {
    /// 1–32766, or 32767 for the final `*` rule.
    pub rule_number: i32,
    /// Outbound when true.
    pub egress: bool,
    /// Protocol.
    pub protocol: IpProtocol,
    /// `allow` when true, `deny` when false.
    pub allow: bool,
    /// The IPv4 or IPv6 range.
    pub cidr: IpNet,
    /// TCP/UDP port range, inclusive.
    pub port_range: Option<(i32, i32)>,
    /// ICMP type and code (`-1` = any).
    pub icmp_type_code: Option<(i32, i32)>,
}

/// `AWS::EC2::NetworkAcl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NetworkAclProps {
    /// `vpc-…`.
    pub vpc_id: String,
    /// The VPC's default ACL.
    pub is_default: bool,
    /// Entries, in API order (evaluate by ascending rule number).
    pub entries: Vec<NetworkAclEntry>,
    /// Subnets associated with it.
    pub subnet_ids: Vec<String>,
}

/// `AWS::EC2::NetworkInterface`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NetworkInterfaceProps {
    /// `eni-…`.
    pub interface_id: String,
    /// `interface`, `lambda`, `nat_gateway`, `network_load_balancer`, `vpc_endpoint`, …
    pub interface_type: String,
    /// `vpc-…`.
    pub vpc_id: String,
    /// `subnet-…`.
    pub subnet_id: String,
    /// e.g. `eu-west-1a`.
    pub availability_zone: String,
    /// Private IPv4 addresses (primary first).
    pub private_ips: Vec<Ipv4Addr>,
    /// Public IPv4 addresses associated with the private ones (auto-assigned or EIP).
    pub public_ips: Vec<Ipv4Addr>,
    /// IPv6 addresses.
    pub ipv6_addresses: Vec<Ipv6Addr>,
    /// `sg-…`.
    pub security_group_ids: Vec<String>,
    /// The instance it is attached to.
    pub attached_instance_id: Option<String>,
    /// Free text, e.g. `ELB app/web/…`, `AWS Lambda VPC ENI-…`.
    pub description: String,
    /// Who created it on your behalf (`amazon-elb`, …).
    pub requester_id: Option<String>,
    /// `in-use`, `available`.
    pub status: String,
    /// Source/destination check.
    pub source_dest_check: bool,
}

/// `AWS::EC2::EIP`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ElasticIpProps {
    /// The address.
    pub public_ip: Option<Ipv4Addr>,
    /// `eipalloc-…`.
    pub allocation_id: String,
    /// Associated instance.
    pub instance_id: Option<String>,
    /// Associated interface.
    pub network_interface_id: Option<String>,
    /// The private address it maps to.
    pub private_ip: Option<Ipv4Addr>,
}

/// `AWS::EC2::PrefixList`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PrefixListProps {
    /// `pl-…`.
    pub prefix_list_id: String,
    /// Entries.
    pub cidrs: Vec<IpNet>,
    /// Whether the entries were collected.
    pub entries_collected: bool,
}

/// `AWS::EC2::FlowLog`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct FlowLogProps {
    /// The VPC, subnet or interface it logs.
    pub resource_id: String,
    /// `ACCEPT`, `REJECT` or `ALL`.
    pub traffic_type: String,
    /// `ACTIVE`, …
    pub status: String,
    /// `s3`, `cloud-watch-logs`, `kinesis-data-firehose`.
    pub destination_type: String,
    /// Where logs go.
    pub destination: Option<String>,
}
