//! VPC plumbing: VPCs, subnets, route tables, network ACLs, gateways, endpoints, flow logs,
//! security groups, network interfaces and Elastic IPs, with consistent address allocation.

use std::net::Ipv4Addr;

use nephos_model::ResourceKind;
use serde::Serialize;
use serde_json::{Value, json};

use crate::DemoError;
use crate::account::Builder;
use crate::labels::Problem;
use crate::plan::{Env, VpcPlan};
use crate::time::{self, DAY};

/// A subnet and its next free address.
#[derive(Debug, Clone)]
pub struct Subnet {
    /// `subnet-…`.
    pub id: String,
    /// e.g. `us-east-1a`.
    pub az: String,
    /// Network address.
    base: u32,
    /// Prefix length.
    prefix: u8,
    /// Offset of the next free address.
    next: u32,
}

impl Subnet {
    /// The next free private address (AWS reserves the first four and the last one).
    pub fn alloc(&mut self) -> Ipv4Addr {
        let size = 1u32 << (32 - u32::from(self.prefix));
        if self.next >= size - 1 {
            self.next = 4; // wrap rather than leave the subnet; real subnets would be full
        }
        let ip = Ipv4Addr::from(self.base + self.next);
        self.next += 1;
        ip
    }

    /// `a.b.c.d/n`.
    pub fn cidr(&self) -> String {
        format!("{}/{}", Ipv4Addr::from(self.base), self.prefix)
    }

    fn available(&self) -> u32 {
        let size = 1u32 << (32 - u32::from(self.prefix));
        size.saturating_sub(self.next + 1)
    }
}

/// A built VPC and what applications need from it.
#[derive(Debug, Clone)]
pub struct Net {
    /// Region.
    pub region: &'static str,
    /// `vpc-…`.
    pub vpc_id: String,
    /// `10.x.0.0/16`.
    pub cidr: String,
    /// Public subnets, one per AZ.
    pub public: Vec<Subnet>,
    /// Private subnets, one per AZ.
    pub private: Vec<Subnet>,
    /// The `default` security group.
    pub default_sg: String,
    /// Round-robin cursor over private subnets.
    pub cursor: usize,
}

/// The S3 gateway prefix list of a region (the real ids).
pub fn s3_prefix_list(region: &str) -> &'static str {
    match region {
        "us-east-1" => "pl-63a5400a",
        "eu-west-1" => "pl-6da54004",
        _ => "pl-68a54001",
    }
}

fn s3_cidrs(region: &str) -> &'static [&'static str] {
    match region {
        "us-east-1" => &[
            "3.5.0.0/19",
            "16.182.0.0/16",
            "52.216.0.0/15",
            "54.231.0.0/16",
        ],
        "eu-west-1" => &[
            "3.5.64.0/21",
            "3.5.72.0/23",
            "52.92.0.0/17",
            "52.218.0.0/17",
        ],
        _ => &[
            "3.5.76.0/22",
            "3.5.80.0/21",
            "52.92.128.0/17",
            "52.218.128.0/17",
        ],
    }
}

/// `[{"Key": k, "Value": v}, …]`.
pub fn tags(pairs: &[(&str, &str)]) -> Value {
    Value::Array(
        pairs
            .iter()
            .map(|(k, v)| json!({"Key": k, "Value": v}))
            .collect(),
    )
}

/// An inbound or outbound rule from a CIDR.
pub fn rule_cidr(proto: &str, from: i32, to: i32, cidr: &str, desc: &str) -> Value {
    let mut r = json!({
        "IpProtocol": proto,
        "IpRanges": [{"CidrIp": cidr, "Description": desc}],
        "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []
    });
    if proto != "-1" {
        r["FromPort"] = json!(from);
        r["ToPort"] = json!(to);
    }
    r
}

/// An inbound rule from another security group of the same account.
pub fn rule_sg(proto: &str, from: i32, to: i32, group_id: &str, account: &str) -> Value {
    let mut r = json!({
        "IpProtocol": proto,
        "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": [],
        "UserIdGroupPairs": [{"GroupId": group_id, "UserId": account}]
    });
    if proto != "-1" {
        r["FromPort"] = json!(from);
        r["ToPort"] = json!(to);
    }
    r
}

/// All traffic out.
pub fn egress_all() -> Vec<Value> {
    vec![rule_cidr("-1", 0, 0, "0.0.0.0/0", "")]
}

/// A security group reference: `{"GroupId", "GroupName"}`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupRef<'a> {
    /// `sg-…`.
    pub group_id: &'a str,
    /// Name.
    pub group_name: &'a str,
}

/// The public address of an interface.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EniAssociation {
    ip_owner_id: &'static str,
    public_dns_name: String,
    public_ip: String,
}

/// The attachment of an interface.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EniAttachment<'a> {
    attach_time: String,
    attachment_id: &'a str,
    delete_on_termination: bool,
    device_index: u32,
    network_card_index: u32,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance_id: Option<&'a str>,
    instance_owner_id: &'a str,
}

/// One private address of an interface.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrivateIp {
    #[serde(skip_serializing_if = "Option::is_none")]
    association: Option<EniAssociation>,
    primary: bool,
    private_dns_name: String,
    private_ip_address: String,
}

/// A network interface as `DescribeNetworkInterfaces` prints it (typed: the most numerous item).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EniDoc<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    association: Option<EniAssociation>,
    attachment: EniAttachment<'a>,
    availability_zone: &'a str,
    description: &'a str,
    groups: Vec<GroupRef<'a>>,
    interface_type: &'a str,
    ipv6_addresses: [(); 0],
    mac_address: &'a str,
    network_interface_id: &'a str,
    owner_id: &'a str,
    private_dns_name: String,
    private_ip_address: String,
    private_ip_addresses: [PrivateIp; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    requester_id: Option<&'a str>,
    requester_managed: bool,
    source_dest_check: bool,
    status: &'static str,
    subnet_id: &'a str,
    tag_set: [(); 0],
    vpc_id: &'a str,
}

/// What a network interface is for.
#[derive(Debug, Clone)]
pub struct EniSpec<'a> {
    /// `interface`, `nat_gateway`, `lambda`, `vpc_endpoint`.
    pub interface_type: &'static str,
    /// Description AWS writes.
    pub description: String,
    /// (group id, group name).
    pub groups: &'a [(String, String)],
    /// Attached instance.
    pub instance: Option<&'a str>,
    /// Give it a public address.
    pub public_ip: bool,
    /// Who created it for you (`amazon-elb`, …); `None` for your own.
    pub requester: Option<String>,
}

/// A network interface as created.
#[derive(Debug, Clone)]
pub struct Eni {
    /// `eni-…`.
    pub id: String,
    /// Primary private address.
    pub ip: Ipv4Addr,
    /// Public address.
    pub public_ip: Option<Ipv4Addr>,
    /// MAC address.
    pub mac: String,
    /// `eni-attach-…`.
    pub attachment_id: String,
    /// Subnet.
    pub subnet_id: String,
    /// AZ.
    pub az: String,
}

impl Builder<'_> {
    /// A public address from the account and region's block.
    pub fn public_ip(&mut self, region: &str) -> Ipv4Addr {
        let pool: u32 = match region {
            "us-east-1" => u32::from(Ipv4Addr::new(3, 208, 0, 0)),
            "eu-west-1" => u32::from(Ipv4Addr::new(34, 240, 0, 0)),
            _ => u32::from(Ipv4Addr::new(44, 224, 0, 0)),
        };
        let block = ((self.acct.index as u32) % 250) * 4096;
        let n = self.public_ips.entry(region.to_owned()).or_insert(10);
        *n += 1;
        Ipv4Addr::from(pool + block + (*n % 4090))
    }

    /// Private DNS name of an address.
    pub fn private_dns(region: &str, ip: Ipv4Addr) -> String {
        let dashed = ip.to_string().replace('.', "-");
        if region == "us-east-1" {
            format!("ip-{dashed}.ec2.internal")
        } else {
            format!("ip-{dashed}.{region}.compute.internal")
        }
    }

    /// Public DNS name of an address.
    pub fn public_dns(region: &str, ip: Ipv4Addr) -> String {
        let dashed = ip.to_string().replace('.', "-");
        if region == "us-east-1" {
            format!("ec2-{dashed}.compute-1.amazonaws.com")
        } else {
            format!("ec2-{dashed}.{region}.compute.amazonaws.com")
        }
    }

    /// Creates a network interface in `subnet` and lists it.
    pub fn eni(
        &mut self,
        net_region: &'static str,
        vpc_id: &str,
        subnet: &mut Subnet,
        spec: &EniSpec<'_>,
    ) -> Result<Eni, DemoError> {
        let id = self.rng.ec2_id("eni");
        let ip = subnet.alloc();
        let public_ip = spec.public_ip.then(|| self.public_ip(net_region));
        let mac = format!("0e:{}", {
            let h = self.rng.hex(10);
            format!(
                "{}:{}:{}:{}:{}",
                &h[0..2],
                &h[2..4],
                &h[4..6],
                &h[6..8],
                &h[8..10]
            )
        });
        let attachment_id = self.rng.ec2_id("eni-attach");
        let eni = Eni {
            id,
            ip,
            public_ip,
            mac,
            attachment_id,
            subnet_id: subnet.id.clone(),
            az: subnet.az.clone(),
        };
        let doc = self.eni_json(net_region, vpc_id, &eni, spec);
        let mut buf = Vec::with_capacity(1024);
        serde_json::to_writer(&mut buf, &doc).map_err(|source| DemoError::Json {
            file: format!("{net_region}/ec2-describe-network-interfaces.json"),
            source,
        })?;
        self.out.item_raw(
            net_region,
            "ec2-describe-network-interfaces",
            "NetworkInterfaces",
            &buf,
        );
        self.out.count(ResourceKind::NetworkInterface);
        Ok(eni)
    }

    /// The `DescribeNetworkInterfaces` shape of an interface (also embedded in instances).
    pub fn eni_json<'a>(
        &'a self,
        region: &str,
        vpc_id: &'a str,
        eni: &'a Eni,
        spec: &'a EniSpec<'_>,
    ) -> EniDoc<'a> {
        let account = self.acct.id.as_str();
        let association = eni.public_ip.map(|p| EniAssociation {
            ip_owner_id: "amazon",
            public_dns_name: Self::public_dns(region, p),
            public_ip: p.to_string(),
        });
        let private_dns = Self::private_dns(region, eni.ip);
        let private_ip = eni.ip.to_string();
        EniDoc {
            association: association.clone(),
            attachment: EniAttachment {
                attach_time: time::iso(30 * DAY),
                attachment_id: &eni.attachment_id,
                delete_on_termination: true,
                device_index: if spec.instance.is_some() { 0 } else { 1 },
                network_card_index: 0,
                status: "attached",
                instance_id: spec.instance,
                instance_owner_id: if spec.instance.is_some() {
                    account
                } else {
                    "amazon-aws"
                },
            },
            availability_zone: &eni.az,
            description: &spec.description,
            groups: spec
                .groups
                .iter()
                .map(|(id, name)| GroupRef {
                    group_id: id,
                    group_name: name,
                })
                .collect(),
            interface_type: spec.interface_type,
            ipv6_addresses: [],
            mac_address: &eni.mac,
            network_interface_id: &eni.id,
            owner_id: account,
            private_ip_addresses: [PrivateIp {
                association,
                primary: true,
                private_dns_name: private_dns.clone(),
                private_ip_address: private_ip.clone(),
            }],
            private_dns_name: private_dns,
            private_ip_address: private_ip,
            requester_id: spec.requester.as_deref(),
            requester_managed: spec.requester.is_some(),
            source_dest_check: spec.interface_type != "nat_gateway",
            status: "in-use",
            subnet_id: &eni.subnet_id,
            tag_set: [],
            vpc_id,
        }
    }

    /// Creates a security group and lists it. Returns its id.
    #[expect(
        clippy::too_many_arguments,
        reason = "mirrors the API call's parameters"
    )]
    pub fn security_group(
        &mut self,
        region: &str,
        vpc_id: &str,
        name: &str,
        description: &str,
        ingress: Vec<Value>,
        egress: Vec<Value>,
        tag_pairs: &[(&str, &str)],
    ) -> Result<String, DemoError> {
        let id = self.rng.ec2_id("sg");
        let v = json!({
            "Description": description,
            "GroupName": name,
            "IpPermissions": ingress,
            "OwnerId": self.acct.id,
            "GroupId": id,
            "IpPermissionsEgress": egress,
            "Tags": tags(tag_pairs),
            "VpcId": vpc_id
        });
        self.out
            .item(region, "ec2-describe-security-groups", "SecurityGroups", &v)?;
        self.out.count(ResourceKind::SecurityGroup);
        Ok(id)
    }

    /// An EC2 ARN of this account.
    pub fn ec2_arn(&self, region: &str, kind: &str, id: &str) -> String {
        format!("arn:aws:ec2:{region}:{}:{kind}/{id}", self.acct.id)
    }

    /// Builds a VPC with public and private subnets in three AZs, gateways, route tables, network
    /// ACLs, endpoints and flow logs.
    pub fn vpc(
        &mut self,
        region: &'static str,
        plan: &VpcPlan,
        first: bool,
    ) -> Result<Net, DemoError> {
        let acct = self.acct;
        let account = acct.id.clone();
        let env = acct.env.tag();
        let o = plan.octet;
        let cidr = format!("10.{o}.0.0/16");
        let vpc_id = plan.id.clone();
        let vpc_name = format!(
            "{}-{}-vpc{}",
            acct.name,
            region,
            if first {
                String::new()
            } else {
                format!("-{}", plan.octet)
            }
        );
        let team = "netops";
        let base_tags = |name: &str| -> Vec<(String, String)> {
            vec![
                ("Name".into(), name.to_owned()),
                ("env".into(), env.to_owned()),
                ("team".into(), team.to_owned()),
            ]
        };
        let t = |pairs: &[(String, String)]| {
            let p: Vec<(&str, &str)> = pairs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            tags(&p)
        };
        // VPC.
        let assoc = self.rng.ec2_id("vpc-cidr-assoc");
        self.out.item(
            region,
            "ec2-describe-vpcs",
            "Vpcs",
            &json!({
                "CidrBlock": cidr,
                "DhcpOptionsId": format!("dopt-0{}", self.rng.hex(16)),
                "State": "available",
                "VpcId": vpc_id,
                "OwnerId": account,
                "InstanceTenancy": "default",
                "CidrBlockAssociationSet": [{"AssociationId": assoc, "CidrBlock": cidr,
                                              "CidrBlockState": {"State": "associated"}}],
                "IsDefault": false,
                "Tags": t(&base_tags(&vpc_name))
            }),
        )?;
        self.out.count(ResourceKind::Vpc);
        let vpc_arn = self.ec2_arn(region, "vpc", &vpc_id);

        // Subnets: public /20s at 0, 16, 32; private /18s at 64, 128, 192.
        let mut public = Vec::new();
        let mut private = Vec::new();
        for (i, az_letter) in ["a", "b", "c"].iter().enumerate() {
            let az = format!("{region}{az_letter}");
            for is_public in [true, false] {
                let (third, prefix) = if is_public {
                    (i as u32 * 16, 20u8)
                } else {
                    (64 + i as u32 * 64, 18u8)
                };
                let base = u32::from(Ipv4Addr::new(10, o, third as u8, 0));
                let s = Subnet {
                    id: self.rng.ec2_id("subnet"),
                    az: az.clone(),
                    base,
                    prefix,
                    next: 4,
                };
                if is_public {
                    public.push(s)
                } else {
                    private.push(s)
                }
            }
        }
        let mut net = Net {
            region,
            vpc_id: vpc_id.clone(),
            cidr: cidr.clone(),
            public,
            private,
            default_sg: String::new(),
            cursor: 0,
        };

        // Internet gateway.
        let igw = self.rng.ec2_id("igw");
        self.out.item(
            region,
            "ec2-describe-internet-gateways",
            "InternetGateways",
            &json!({
                "Attachments": [{"State": "available", "VpcId": vpc_id}],
                "InternetGatewayId": igw,
                "OwnerId": account,
                "Tags": t(&base_tags(&format!("{vpc_name}-igw")))
            }),
        )?;
        self.out.count(ResourceKind::InternetGateway);

        // NAT gateways: one per AZ in prod, one otherwise, with an EIP and an interface each.
        let nat_count = if acct.env == Env::Prod { 3 } else { 1 };
        let mut nats = Vec::new();
        for i in 0..nat_count {
            let nat_id = format!("nat-0{}", self.rng.hex(16));
            let alloc = self.rng.ec2_id("eipalloc");
            let eip_assoc = self.rng.ec2_id("eipassoc");
            let spec = EniSpec {
                interface_type: "nat_gateway",
                description: format!("Interface for NAT Gateway {nat_id}"),
                groups: &[],
                instance: None,
                public_ip: true,
                requester: Some("amazon-aws".into()),
            };
            let mut subnet = net.public[i].clone();
            let eni = self.eni(region, &vpc_id, &mut subnet, &spec)?;
            net.public[i] = subnet;
            let public_ip = eni.public_ip.map(|p| p.to_string()).unwrap_or_default();
            self.out.item(
                region,
                "ec2-describe-addresses",
                "Addresses",
                &json!({
                    "AllocationId": alloc,
                    "AssociationId": eip_assoc,
                    "Domain": "vpc",
                    "NetworkInterfaceId": eni.id,
                    "NetworkInterfaceOwnerId": account,
                    "PrivateIpAddress": eni.ip.to_string(),
                    "PublicIp": public_ip,
                    "PublicIpv4Pool": "amazon",
                    "NetworkBorderGroup": region,
                    "Tags": t(&base_tags(&format!("{vpc_name}-nat-{}", i + 1)))
                }),
            )?;
            self.out.count(ResourceKind::ElasticIp);
            self.out.item(
                region,
                "ec2-describe-nat-gateways",
                "NatGateways",
                &json!({
                    "CreateTime": time::iso(400 * DAY),
                    "NatGatewayAddresses": [{
                        "AllocationId": alloc, "NetworkInterfaceId": eni.id,
                        "PrivateIp": eni.ip.to_string(), "PublicIp": public_ip,
                        "AssociationId": eip_assoc, "IsPrimary": true, "Status": "succeeded"
                    }],
                    "NatGatewayId": nat_id,
                    "State": "available",
                    "SubnetId": net.public[i].id,
                    "VpcId": vpc_id,
                    "ConnectivityType": "public",
                    "Tags": t(&base_tags(&format!("{vpc_name}-nat-{}", i + 1)))
                }),
            )?;
            self.out.count(ResourceKind::NatGateway);
            nats.push(nat_id);
        }

        // Gateway endpoint for S3 (its id is needed in the private route tables).
        let vpce_s3 = self.rng.ec2_id("vpce");
        let pl = s3_prefix_list(region);
        let local = json!({"DestinationCidrBlock": cidr, "GatewayId": "local",
                           "Origin": "CreateRouteTable", "State": "active"});
        let peer_routes: Vec<Value> = self
            .plan
            .peerings_of(&vpc_id)
            .map(|p| {
                let other = if p.requester.vpc_id == vpc_id {
                    &p.accepter
                } else {
                    &p.requester
                };
                json!({"DestinationCidrBlock": format!("10.{}.0.0/16", other.octet),
                       "VpcPeeringConnectionId": p.id, "Origin": "CreateRoute", "State": "active"})
            })
            .collect();

        // Route tables: main (local only), public (igw), private per AZ (nat, s3 endpoint, peers).
        let assoc_json = |rt: &str, subnet: Option<&str>, id: String| {
            let mut a = json!({"Main": subnet.is_none(), "RouteTableAssociationId": id,
                               "RouteTableId": rt, "AssociationState": {"State": "associated"}});
            if let Some(s) = subnet {
                a["SubnetId"] = json!(s);
            }
            a
        };
        let main_rt = self.rng.ec2_id("rtb");
        let main_assoc = self.rng.ec2_id("rtbassoc");
        self.out.item(
            region,
            "ec2-describe-route-tables",
            "RouteTables",
            &json!({
                "Associations": [assoc_json(&main_rt, None, main_assoc)],
                "PropagatingVgws": [],
                "RouteTableId": main_rt,
                "Routes": [local.clone()],
                "Tags": t(&base_tags(&format!("{vpc_name}-main"))),
                "VpcId": vpc_id,
                "OwnerId": account
            }),
        )?;
        self.out.count(ResourceKind::RouteTable);
        let public_rt = self.rng.ec2_id("rtb");
        let mut assocs = Vec::new();
        for s in &net.public {
            let id = self.rng.ec2_id("rtbassoc");
            assocs.push(assoc_json(&public_rt, Some(&s.id), id));
        }
        self.out.item(
            region,
            "ec2-describe-route-tables",
            "RouteTables",
            &json!({
                "Associations": assocs,
                "PropagatingVgws": [],
                "RouteTableId": public_rt,
                "Routes": [local.clone(), {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw,
                            "Origin": "CreateRoute", "State": "active"}],
                "Tags": t(&base_tags(&format!("{vpc_name}-public"))),
                "VpcId": vpc_id,
                "OwnerId": account
            }),
        )?;
        self.out.count(ResourceKind::RouteTable);
        let mut private_rts = Vec::new();
        for (i, s) in net.private.iter().enumerate() {
            let rt = self.rng.ec2_id("rtb");
            let assoc = self.rng.ec2_id("rtbassoc");
            let nat = &nats[i % nats.len()];
            let mut routes = vec![
                local.clone(),
                json!({"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": nat,
                       "Origin": "CreateRoute", "State": "active"}),
                json!({"DestinationPrefixListId": pl, "GatewayId": vpce_s3,
                       "Origin": "CreateRoute", "State": "active"}),
            ];
            routes.extend(peer_routes.iter().cloned());
            self.out.item(
                region,
                "ec2-describe-route-tables",
                "RouteTables",
                &json!({
                    "Associations": [assoc_json(&rt, Some(&s.id), assoc)],
                    "PropagatingVgws": [],
                    "RouteTableId": rt,
                    "Routes": routes,
                    "Tags": t(&base_tags(&format!("{vpc_name}-private-{}", s.az))),
                    "VpcId": vpc_id,
                    "OwnerId": account
                }),
            )?;
            self.out.count(ResourceKind::RouteTable);
            private_rts.push(rt);
        }
        self.out.item(
            region,
            "ec2-describe-vpc-endpoints",
            "VpcEndpoints",
            &json!({
                "VpcEndpointId": vpce_s3,
                "VpcEndpointType": "Gateway",
                "VpcId": vpc_id,
                "ServiceName": format!("com.amazonaws.{region}.s3"),
                "State": "available",
                "PolicyDocument": crate::policy::text(&crate::policy::document(vec![json!({
                    "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"})])),
                "RouteTableIds": private_rts,
                "SubnetIds": [], "Groups": [], "NetworkInterfaceIds": [], "DnsEntries": [],
                "PrivateDnsEnabled": false,
                "RequesterManaged": false,
                "CreationTimestamp": time::iso(400 * DAY),
                "Tags": t(&base_tags(&format!("{vpc_name}-s3"))),
                "OwnerId": account
            }),
        )?;
        self.out.count(ResourceKind::VpcEndpoint);

        // Subnets are listed now that addresses of the NAT interfaces are taken.
        for s in net.public.iter().chain(net.private.iter()) {
            let is_public = net.public.iter().any(|p| p.id == s.id);
            let name = format!(
                "{vpc_name}-{}-{}",
                if is_public { "public" } else { "private" },
                s.az
            );
            let subnet_arn = self.ec2_arn(region, "subnet", &s.id);
            self.out.item(region, "ec2-describe-subnets", "Subnets", &json!({
                "AvailabilityZone": s.az,
                "AvailabilityZoneId": format!("{}-az{}", az_prefix(region), s.az.bytes().last().map_or(1, |b| b - b'a' + 1)),
                "AvailableIpAddressCount": s.available(),
                "CidrBlock": s.cidr(),
                "DefaultForAz": false,
                "MapPublicIpOnLaunch": is_public,
                "State": "available",
                "SubnetId": s.id,
                "VpcId": vpc_id,
                "OwnerId": account,
                "AssignIpv6AddressOnCreation": false,
                "Ipv6CidrBlockAssociationSet": [],
                "Tags": t(&base_tags(&name)),
                "SubnetArn": subnet_arn
            }))?;
            self.out.count(ResourceKind::Subnet);
        }

        // Network ACLs: the default one on public subnets, a custom one on private subnets.
        let entry = |n: i32,
                     egress: bool,
                     proto: &str,
                     allow: bool,
                     cidr: &str,
                     ports: Option<(i32, i32)>| {
            let mut e = json!({"CidrBlock": cidr, "Egress": egress, "Protocol": proto,
                               "RuleAction": if allow { "allow" } else { "deny" }, "RuleNumber": n});
            if let Some((f, t)) = ports {
                e["PortRange"] = json!({"From": f, "To": t});
            }
            e
        };
        let default_acl = self.rng.ec2_id("acl");
        let acl_assocs: Vec<Value> = net
            .public
            .iter()
            .map(|s| {
                json!({
            "NetworkAclAssociationId": format!("aclassoc-0{}", self.rng.hex(16)),
            "NetworkAclId": default_acl, "SubnetId": s.id})
            })
            .collect();
        self.out.item(
            region,
            "ec2-describe-network-acls",
            "NetworkAcls",
            &json!({
                "Associations": acl_assocs,
                "Entries": [
                    entry(100, true, "-1", true, "0.0.0.0/0", None),
                    entry(32767, true, "-1", false, "0.0.0.0/0", None),
                    entry(100, false, "-1", true, "0.0.0.0/0", None),
                    entry(32767, false, "-1", false, "0.0.0.0/0", None),
                ],
                "IsDefault": true,
                "NetworkAclId": default_acl,
                "Tags": [],
                "VpcId": vpc_id,
                "OwnerId": account
            }),
        )?;
        self.out.count(ResourceKind::NetworkAcl);
        let private_acl = self.rng.ec2_id("acl");
        let acl_assocs: Vec<Value> = net
            .private
            .iter()
            .map(|s| {
                json!({
            "NetworkAclAssociationId": format!("aclassoc-0{}", self.rng.hex(16)),
            "NetworkAclId": private_acl, "SubnetId": s.id})
            })
            .collect();
        let mut entries = vec![
            entry(100, false, "-1", true, &cidr, None),
            entry(110, false, "6", true, "0.0.0.0/0", Some((1024, 65535))),
            entry(111, false, "17", true, "0.0.0.0/0", Some((1024, 65535))),
        ];
        for (k, p) in self.plan.peerings_of(&vpc_id).enumerate() {
            let other = if p.requester.vpc_id == vpc_id {
                &p.accepter
            } else {
                &p.requester
            };
            entries.push(entry(
                120 + k as i32,
                false,
                "-1",
                true,
                &format!("10.{}.0.0/16", other.octet),
                None,
            ));
        }
        entries.push(entry(32767, false, "-1", false, "0.0.0.0/0", None));
        entries.push(entry(100, true, "-1", true, "0.0.0.0/0", None));
        entries.push(entry(32767, true, "-1", false, "0.0.0.0/0", None));
        self.out.item(
            region,
            "ec2-describe-network-acls",
            "NetworkAcls",
            &json!({
                "Associations": acl_assocs,
                "Entries": entries,
                "IsDefault": false,
                "NetworkAclId": private_acl,
                "Tags": t(&base_tags(&format!("{vpc_name}-private"))),
                "VpcId": vpc_id,
                "OwnerId": account
            }),
        )?;
        self.out.count(ResourceKind::NetworkAcl);

        // The default security group: no rules, unless the problem is planted here.
        let open_default = first
            && acct.has(Problem::Ec2SecurityGroupDefaultAllowsTraffic)
            && !self.planted_default_sg;
        let default_sg = self.rng.ec2_id("sg");
        let (ingress, egress) = if open_default {
            (
                vec![rule_sg("-1", 0, 0, &default_sg, &account)],
                egress_all(),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        self.out.item(
            region,
            "ec2-describe-security-groups",
            "SecurityGroups",
            &json!({
                "Description": "default VPC security group",
                "GroupName": "default",
                "IpPermissions": ingress,
                "OwnerId": account,
                "GroupId": default_sg,
                "IpPermissionsEgress": egress,
                "Tags": [],
                "VpcId": vpc_id
            }),
        )?;
        self.out.count(ResourceKind::SecurityGroup);
        let sg_arn = self.ec2_arn(region, "security-group", &default_sg);
        if open_default {
            self.planted_default_sg = true;
            self.problem(
                Problem::Ec2SecurityGroupDefaultAllowsTraffic,
                ResourceKind::SecurityGroup,
                &sg_arn,
                Some(region),
                vec![vpc_arn.clone()],
            );
        } else {
            self.clean(ResourceKind::SecurityGroup, &sg_arn);
        }
        net.default_sg = default_sg;

        // Interface endpoint (SSM) in the first VPC of prod regions.
        if first && acct.env == Env::Prod {
            let sg = self.security_group(
                region,
                &vpc_id,
                "vpce-ssm",
                "HTTPS from the VPC to the SSM endpoint",
                vec![rule_cidr("tcp", 443, 443, &cidr, "VPC")],
                egress_all(),
                &[("Name", "vpce-ssm"), ("env", env), ("team", team)],
            )?;
            let sg_arn = self.ec2_arn(region, "security-group", &sg);
            self.clean(ResourceKind::SecurityGroup, &sg_arn);
            let vpce = self.rng.ec2_id("vpce");
            let groups = [(sg.clone(), "vpce-ssm".to_owned())];
            let mut enis = Vec::new();
            let mut subnets = Vec::new();
            for i in 0..2 {
                let spec = EniSpec {
                    interface_type: "vpc_endpoint",
                    description: format!("VPC Endpoint Interface {vpce}"),
                    groups: &groups,
                    instance: None,
                    public_ip: false,
                    requester: Some("amazon-aws".into()),
                };
                let mut s = net.private[i].clone();
                let eni = self.eni(region, &vpc_id, &mut s, &spec)?;
                net.private[i] = s;
                subnets.push(eni.subnet_id.clone());
                enis.push(eni.id);
            }
            self.out.item(region, "ec2-describe-vpc-endpoints", "VpcEndpoints", &json!({
                "VpcEndpointId": vpce,
                "VpcEndpointType": "Interface",
                "VpcId": vpc_id,
                "ServiceName": format!("com.amazonaws.{region}.ssm"),
                "State": "available",
                "PolicyDocument": crate::policy::text(&crate::policy::document(vec![json!({
                    "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"})])),
                "RouteTableIds": [],
                "SubnetIds": subnets,
                "Groups": [{"GroupId": sg, "GroupName": "vpce-ssm"}],
                "NetworkInterfaceIds": enis,
                "DnsEntries": [{"DnsName": format!("{vpce}.ssm.{region}.vpce.amazonaws.com"), "HostedZoneId": "Z7HUB22UULQXV"}],
                "PrivateDnsEnabled": true,
                "RequesterManaged": false,
                "IpAddressType": "ipv4",
                "CreationTimestamp": time::iso(300 * DAY),
                "Tags": t(&base_tags(&format!("{vpc_name}-ssm"))),
                "OwnerId": account
            }))?;
            self.out.count(ResourceKind::VpcEndpoint);
        }

        // Flow logs, unless the problem is planted here.
        let missing = acct.has(Problem::VpcFlowLogsMissing)
            && !self.planted_flow_logs
            && region != "us-east-1";
        if missing {
            self.planted_flow_logs = true;
            self.problem(
                Problem::VpcFlowLogsMissing,
                ResourceKind::Vpc,
                &vpc_arn,
                Some(region),
                Vec::new(),
            );
        } else {
            let fl = format!("fl-0{}", self.rng.hex(16));
            self.out.item(region, "ec2-describe-flow-logs", "FlowLogs", &json!({
                "CreationTime": time::iso(400 * DAY),
                "DeliverLogsStatus": "SUCCESS",
                "FlowLogId": fl,
                "FlowLogStatus": "ACTIVE",
                "LogDestinationType": "s3",
                "LogDestination": format!("arn:aws:s3:::{}/{}/", self.plan.flow_log_bucket(), account),
                "ResourceId": vpc_id,
                "TrafficType": "ALL",
                "LogFormat": "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}",
                "MaxAggregationInterval": 600,
                "Tags": t(&base_tags(&format!("{vpc_name}-flow-logs")))
            }))?;
            self.out.count(ResourceKind::FlowLog);
            self.clean(ResourceKind::Vpc, &vpc_arn);
        }

        // Peering connections: listed by both sides; counted once, by the requester.
        for p in self.plan.peerings_of(&vpc_id) {
            let info = |side: &crate::plan::PeerSide| {
                let owner = &self.plan.accounts[side.account].id;
                let c = format!("10.{}.0.0/16", side.octet);
                json!({"CidrBlock": c, "CidrBlockSet": [{"CidrBlock": c}], "OwnerId": owner,
                       "PeeringOptions": {"AllowDnsResolutionFromRemoteVpc": false,
                                          "AllowEgressFromLocalClassicLinkToRemoteVpc": false,
                                          "AllowEgressFromLocalVpcToRemoteClassicLink": false},
                       "VpcId": side.vpc_id, "Region": side.region})
            };
            self.out.item(region, "ec2-describe-vpc-peering-connections", "VpcPeeringConnections", &json!({
                "AccepterVpcInfo": info(&p.accepter),
                "RequesterVpcInfo": info(&p.requester),
                "Status": {"Code": "active", "Message": "Active"},
                "Tags": tags(&[("Name", &format!("{}-to-{}", self.plan.accounts[p.requester.account].name, self.plan.accounts[p.accepter.account].name))]),
                "VpcPeeringConnectionId": p.id
            }))?;
            if p.requester.vpc_id == vpc_id {
                self.out.count(ResourceKind::VpcPeeringConnection);
            }
        }
        Ok(net)
    }

    /// Region-wide files every collected region has, even when empty.
    pub fn region_lists(&mut self, region: &str) -> Result<(), DemoError> {
        for (stem, key) in [
            ("ec2-describe-vpcs", "Vpcs"),
            ("ec2-describe-subnets", "Subnets"),
            ("ec2-describe-route-tables", "RouteTables"),
            ("ec2-describe-internet-gateways", "InternetGateways"),
            ("ec2-describe-nat-gateways", "NatGateways"),
            (
                "ec2-describe-egress-only-internet-gateways",
                "EgressOnlyInternetGateways",
            ),
            (
                "ec2-describe-vpc-peering-connections",
                "VpcPeeringConnections",
            ),
            ("ec2-describe-transit-gateways", "TransitGateways"),
            (
                "ec2-describe-transit-gateway-attachments",
                "TransitGatewayAttachments",
            ),
            (
                "ec2-describe-transit-gateway-route-tables",
                "TransitGatewayRouteTables",
            ),
            ("ec2-describe-vpc-endpoints", "VpcEndpoints"),
            ("ec2-describe-security-groups", "SecurityGroups"),
            ("ec2-describe-network-acls", "NetworkAcls"),
            ("ec2-describe-network-interfaces", "NetworkInterfaces"),
            ("ec2-describe-addresses", "Addresses"),
            ("ec2-describe-flow-logs", "FlowLogs"),
            ("ec2-describe-instances", "Reservations"),
            ("ec2-describe-volumes", "Volumes"),
            ("ec2-describe-snapshots", "Snapshots"),
            ("ec2-describe-images", "Images"),
            ("elbv2-describe-load-balancers", "LoadBalancers"),
            ("elbv2-describe-target-groups", "TargetGroups"),
            ("elbv2-describe-tags", "TagDescriptions"),
            ("elb-describe-load-balancers", "LoadBalancerDescriptions"),
            ("lambda-list-functions", "Functions"),
            ("lambda-list-event-source-mappings", "EventSourceMappings"),
            ("ecs-list-clusters", "clusterArns"),
            ("ecs-describe-clusters", "clusters"),
            ("rds-describe-db-instances", "DBInstances"),
            ("dynamodb-list-tables", "TableNames"),
            ("sqs-list-queues", "QueueUrls"),
            ("sns-list-topics", "Topics"),
            ("sns-list-subscriptions", "Subscriptions"),
            ("kms-list-keys", "Keys"),
            ("kms-list-aliases", "Aliases"),
            ("cloudtrail-describe-trails", "trailList"),
        ] {
            self.out.list(region, stem, key);
        }
        self.out.count(ResourceKind::Region);
        // The AWS-managed S3 prefix list the gateway endpoint routes use (one ARN per region, shared
        // by every account: counted once for the estate).
        let pl = s3_prefix_list(region);
        self.shared.push((
            ResourceKind::PrefixList,
            format!("arn:aws:ec2:{region}:aws:prefix-list/{pl}"),
        ));
        self.out.item(
            region,
            "ec2-describe-managed-prefix-lists",
            "PrefixLists",
            &json!({
                "PrefixListId": pl,
                "AddressFamily": "IPv4",
                "State": "create-complete",
                "PrefixListArn": format!("arn:aws:ec2:{region}:aws:prefix-list/{pl}"),
                "PrefixListName": format!("com.amazonaws.{region}.s3"),
                "Tags": [],
                "OwnerId": "AWS"
            }),
        )?;
        let entries: Vec<Value> = s3_cidrs(region)
            .iter()
            .map(|c| json!({"Cidr": c}))
            .collect();
        self.out.param(
            region,
            "ec2-get-managed-prefix-list-entries",
            pl,
            &json!({"Entries": entries}),
        )?;
        self.out.doc(
            region,
            "ec2-get-ebs-encryption-by-default",
            &json!({"EbsEncryptionByDefault": true}),
        )?;
        self.out.doc(region, "config-describe-configuration-recorder-status", &json!({
            "ConfigurationRecordersStatus": [{"name": "default", "lastStartTime": time::iso(500 * DAY),
                "recording": true, "lastStatus": "SUCCESS", "lastStatusChangeTime": time::iso(DAY / 24)}]
        }))?;
        let account = self.acct.id.clone();
        self.out.doc(region, "accessanalyzer-list-analyzers", &json!({
            "analyzers": [{"arn": format!("arn:aws:access-analyzer:{region}:{account}:analyzer/acme-account-analyzer"),
                "name": "acme-account-analyzer", "type": "ACCOUNT", "createdAt": time::iso(500 * DAY),
                "status": "ACTIVE", "tags": {}}]
        }))?;
        Ok(())
    }
}

/// The AZ id prefix of a region (`use1`).
pub fn az_prefix(region: &str) -> &'static str {
    match region {
        "us-east-1" => "use1",
        "eu-west-1" => "euw1",
        _ => "usw2",
    }
}
