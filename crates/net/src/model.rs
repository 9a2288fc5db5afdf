//! The network index: an [`Inventory`] turned, once, into the lookups reachability needs.
//!
//! Subnets know their route table (explicit association, else the VPC's main table) and their
//! network ACL (explicit association, else the VPC's default ACL); security groups, prefix lists,
//! gateways, peerings and transit gateway attachments are found by their AWS ids; every
//! interface-bearing resource (instance, ECS task, Lambda function in a VPC, RDS instance,
//! stand-alone ENI, load balancer node) becomes one or more [`Interface`]s, and interfaces that share
//! subnet, security groups and addressing share an equivalence class, so analyses run once per
//! class rather than once per interface.
//!
//! Building is linear in the number of resources. Nothing here is `O(n²)`.

use std::collections::{HashMap, HashSet};

/// A hash map with a fast, non-cryptographic hasher (keys are ids from the inventory, not
/// attacker-chosen input at a service boundary).
pub type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
/// A hash set with the same hasher.
pub type FastSet<K> = HashSet<K, foldhash::fast::RandomState>;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::IpNet;
use nephos_model::props::{
    ClassicLoadBalancerProps, GatewayAttachmentProps, ListenerProps, LoadBalancerProps,
    NatGatewayProps, NetworkAclEntry, NetworkAclProps, NetworkInterfaceProps, RouteTableProps,
    SecurityGroupProps, SubnetProps, TargetGroupProps, TransitGatewayAttachmentProps,
    TransitGatewayRouteTableProps, VpcPeeringProps, VpcProps,
};
use nephos_model::{Inventory, Properties, Resource, ResourceId, ResourceKind};

use crate::address::AddressSet;

/// Account-data sources (file stems) whose absence the engine reports as an assumption.
pub mod source {
    /// `ec2-describe-route-tables`.
    pub const ROUTE_TABLES: &str = "ec2-describe-route-tables";
    /// `ec2-describe-network-acls`.
    pub const NETWORK_ACLS: &str = "ec2-describe-network-acls";
    /// `ec2-describe-security-groups`.
    pub const SECURITY_GROUPS: &str = "ec2-describe-security-groups";
    /// `ec2-describe-internet-gateways`.
    pub const INTERNET_GATEWAYS: &str = "ec2-describe-internet-gateways";
    /// `ec2-describe-subnets`.
    pub const SUBNETS: &str = "ec2-describe-subnets";
    /// `ec2-describe-network-interfaces`.
    pub const NETWORK_INTERFACES: &str = "ec2-describe-network-interfaces";
}

/// A reference to a security group from an interface: found, or named but not in the inventory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SgSlot<'a> {
    /// Index into the model's security groups.
    Known(u32),
    /// `sg-…` named by the interface but not collected (another account, a denied region, …).
    Missing(&'a str),
}

/// What an interface is for, which decides how it can be exposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// An instance, ECS task or stand-alone ENI: exposed on whatever its rules admit.
    Compute,
    /// A Lambda function's VPC interface: never reachable inbound (AWS: no inbound network path).
    Lambda,
    /// An RDS instance: it listens on its endpoint port only.
    Database {
        /// The endpoint port, when known.
        port: Option<u16>,
    },
    /// An interface AWS manages for a service (NAT gateway, load balancer node, VPC endpoint): not
    /// reported on its own; the load balancer is reported instead.
    ServiceManaged,
}

/// One network interface (real, or derived from a resource whose interfaces were not collected).
#[derive(Debug, Clone)]
pub struct Interface<'a> {
    /// The resource reported for this interface (the instance, task, function, DB or ENI).
    pub owner: &'a ResourceId,
    /// Its kind.
    pub owner_kind: ResourceKind,
    /// The ENI resource, when one was collected.
    pub eni: Option<&'a ResourceId>,
    /// Account id.
    pub account: &'a str,
    /// Region.
    pub region: &'a str,
    /// Index of its subnet, when collected.
    pub subnet: Option<u32>,
    /// `subnet-…` as named by the resource.
    pub subnet_id: &'a str,
    /// `vpc-…`.
    pub vpc_id: &'a str,
    /// Security groups.
    pub sgs: Vec<SgSlot<'a>>,
    /// Private IPv4 addresses.
    pub private_v4: Vec<Ipv4Addr>,
    /// Has a public IPv4 address or EIP (or will get one: `assignPublicIp=ENABLED`).
    pub public_v4: bool,
    /// IPv6 addresses.
    pub v6: Vec<Ipv6Addr>,
    /// What it is for.
    pub role: Role,
    /// Its equivalence class.
    pub class: u32,
}

/// The key of an equivalence class: interfaces with equal keys get equal answers from the internet.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClassKey<'a> {
    /// `subnet-…`.
    pub subnet_id: &'a str,
    /// Sorted security groups.
    pub sgs: Vec<SgSlot<'a>>,
    /// Has a public IPv4 address.
    pub public_v4: bool,
    /// Has an IPv6 address.
    pub v6: bool,
}

/// A VPC and what it defaults to.
#[derive(Debug, Clone)]
pub struct Vpc<'a> {
    /// The resource.
    pub res: &'a Resource,
    /// Its properties.
    pub props: &'a VpcProps,
    /// Every CIDR of the VPC (IPv4 and IPv6).
    pub cidrs: AddressSet,
    /// The main route table.
    pub main_route_table: Option<u32>,
    /// The default network ACL.
    pub default_nacl: Option<u32>,
}

/// A subnet and the tables that govern it.
#[derive(Debug, Clone)]
pub struct Subnet<'a> {
    /// The resource.
    pub res: &'a Resource,
    /// Its properties.
    pub props: &'a SubnetProps,
    /// Its route table: explicit association, else the main table.
    pub route_table: Option<u32>,
    /// Its network ACL: explicit association, else the default ACL.
    pub nacl: Option<u32>,
    /// Its addresses.
    pub cidrs: AddressSet,
}

/// A route table.
#[derive(Debug, Clone)]
pub struct RouteTable<'a> {
    /// The resource.
    pub res: &'a Resource,
    /// Its properties.
    pub props: &'a RouteTableProps,
}

/// A network ACL with its entries split by direction and sorted by rule number.
#[derive(Debug, Clone)]
pub struct NetworkAcl<'a> {
    /// The resource.
    pub res: &'a Resource,
    /// Its properties.
    pub props: &'a NetworkAclProps,
    /// Inbound entries, ascending rule number.
    pub ingress: Vec<&'a NetworkAclEntry>,
    /// Outbound entries, ascending rule number.
    pub egress: Vec<&'a NetworkAclEntry>,
}

/// A security group.
#[derive(Debug, Clone)]
pub struct SecurityGroup<'a> {
    /// The resource.
    pub res: &'a Resource,
    /// Its properties.
    pub props: &'a SecurityGroupProps,
}

/// A prefix list's entries (`None` when they were not collected).
#[derive(Debug, Clone)]
pub struct PrefixList {
    /// The networks.
    pub nets: Option<Vec<IpNet>>,
    /// The same as a set.
    pub set: Option<AddressSet>,
}

/// An ELBv2 load balancer with its listeners.
#[derive(Debug, Clone)]
pub struct LoadBalancer<'a> {
    /// The resource.
    pub res: &'a Resource,
    /// Its properties.
    pub props: &'a LoadBalancerProps,
    /// Its listeners.
    pub listeners: Vec<(&'a Resource, &'a ListenerProps)>,
}

/// The index. Borrow-only: it holds references into the inventory it was built from.
#[derive(Debug)]
pub struct NetworkModel<'a> {
    /// The inventory.
    pub inventory: &'a Inventory,
    /// VPCs.
    pub vpcs: Vec<Vpc<'a>>,
    /// `vpc-…` → index.
    pub vpc_by_id: FastMap<&'a str, u32>,
    /// Subnets.
    pub subnets: Vec<Subnet<'a>>,
    /// `subnet-…` → index.
    pub subnet_by_id: FastMap<&'a str, u32>,
    /// Route tables.
    pub route_tables: Vec<RouteTable<'a>>,
    /// Network ACLs.
    pub nacls: Vec<NetworkAcl<'a>>,
    /// Security groups.
    pub sgs: Vec<SecurityGroup<'a>>,
    /// `sg-…` → index.
    pub sg_by_id: FastMap<&'a str, u32>,
    /// `pl-…` → entries.
    pub prefix_lists: FastMap<&'a str, PrefixList>,
    /// `igw-…` → (resource, attachments).
    pub igws: FastMap<&'a str, (&'a Resource, &'a GatewayAttachmentProps)>,
    /// `eigw-…` → (resource, attachments).
    pub eigws: FastMap<&'a str, (&'a Resource, &'a GatewayAttachmentProps)>,
    /// `nat-…` → (resource, props).
    pub nat_gateways: FastMap<&'a str, (&'a Resource, &'a NatGatewayProps)>,
    /// `pcx-…` → (resource, props).
    pub peerings: FastMap<&'a str, (&'a Resource, &'a VpcPeeringProps)>,
    /// (`tgw-…`, `vpc-…`) → attachment.
    pub tgw_attachment_by_vpc:
        FastMap<(&'a str, &'a str), (&'a Resource, &'a TransitGatewayAttachmentProps)>,
    /// `tgw-attach-…` → attachment.
    pub tgw_attachments: FastMap<&'a str, (&'a Resource, &'a TransitGatewayAttachmentProps)>,
    /// `tgw-rtb-…` → route table.
    pub tgw_route_tables: FastMap<&'a str, (&'a Resource, &'a TransitGatewayRouteTableProps)>,
    /// Interfaces.
    pub interfaces: Vec<Interface<'a>>,
    /// Class keys, by class index.
    pub classes: Vec<ClassKey<'a>>,
    /// Resource id → its interfaces.
    pub interfaces_of: FastMap<&'a ResourceId, Vec<u32>>,
    /// `i-…` → the instance's interfaces.
    pub interfaces_of_instance: FastMap<&'a str, Vec<u32>>,
    /// (`vpc-…`, private IPv4) → interface.
    pub interface_by_ip: FastMap<(&'a str, Ipv4Addr), u32>,
    /// ELBv2 load balancers.
    pub load_balancers: Vec<LoadBalancer<'a>>,
    /// Target group ARN → (resource, props).
    pub target_groups: FastMap<&'a str, (&'a Resource, &'a TargetGroupProps)>,
    /// Classic load balancers.
    pub classic_load_balancers: Vec<(&'a Resource, &'a ClassicLoadBalancerProps)>,
    /// Target id (`i-…` or a private address) → ELBv2 load balancers forwarding to it.
    pub lbs_by_target: FastMap<&'a str, Vec<u32>>,
    /// `i-…` → classic load balancers registering it.
    pub classic_by_instance: FastMap<&'a str, Vec<u32>>,
    /// Load balancer ARN → index (ELBv2 in `load_balancers`, classic in `classic_load_balancers`).
    pub lb_by_id: FastMap<&'a str, u32>,
    present: FastSet<(&'a str, &'a str, ResourceKind)>,
    peered: FastSet<(&'a str, &'a str)>,
}

fn region_of(r: &Resource) -> &str {
    r.region.as_deref().unwrap_or("")
}

fn id_tail(r: &Resource) -> &str {
    r.id.short()
}

impl<'a> NetworkModel<'a> {
    /// Indexes an inventory. Linear in its size; never fails (unresolvable references become
    /// assumptions in answers).
    pub fn build(inventory: &'a Inventory) -> Self {
        let mut m = Self {
            inventory,
            vpcs: Vec::new(),
            vpc_by_id: FastMap::default(),
            subnets: Vec::new(),
            subnet_by_id: FastMap::default(),
            route_tables: Vec::new(),
            nacls: Vec::new(),
            sgs: Vec::new(),
            sg_by_id: FastMap::default(),
            prefix_lists: FastMap::default(),
            igws: FastMap::default(),
            eigws: FastMap::default(),
            nat_gateways: FastMap::default(),
            peerings: FastMap::default(),
            tgw_attachment_by_vpc: FastMap::default(),
            tgw_attachments: FastMap::default(),
            tgw_route_tables: FastMap::default(),
            interfaces: Vec::new(),
            classes: Vec::new(),
            interfaces_of: FastMap::default(),
            interfaces_of_instance: FastMap::default(),
            interface_by_ip: FastMap::default(),
            load_balancers: Vec::new(),
            target_groups: FastMap::default(),
            classic_load_balancers: Vec::new(),
            present: FastSet::default(),
            peered: FastSet::default(),
            lbs_by_target: FastMap::default(),
            classic_by_instance: FastMap::default(),
            lb_by_id: FastMap::default(),
        };
        let mut listeners: FastMap<&'a str, Vec<(&'a Resource, &'a ListenerProps)>> =
            FastMap::default();
        let mut enis: FastMap<&'a str, (&'a Resource, &'a NetworkInterfaceProps)> =
            FastMap::default();
        for r in inventory.resources() {
            m.present.insert((r.account.as_str(), region_of(r), r.kind));
            m.index_plumbing(r, &mut listeners, &mut enis);
        }
        m.resolve_defaults();
        // AWS: a security group can reference groups of a peer VPC only when the peering is
        // active and within one Region (inter-Region peering does not support references).
        for (_, p) in m.peerings.values() {
            let (ra, rb) = (p.requester.region.as_str(), p.accepter.region.as_str());
            let same_region = ra.is_empty() || rb.is_empty() || ra == rb;
            if p.status.eq_ignore_ascii_case("active") && same_region {
                let (a, b) = (p.requester.vpc_id.as_str(), p.accepter.vpc_id.as_str());
                m.peered.insert((a, b));
                m.peered.insert((b, a));
            }
        }
        for lb in &mut m.load_balancers {
            if let Some(ls) = listeners.remove(lb.res.id.as_str()) {
                lb.listeners = ls;
            }
        }
        m.index_load_balancer_targets();
        m.build_interfaces(&enis);
        m.assign_classes();
        m
    }

    fn index_plumbing(
        &mut self,
        r: &'a Resource,
        listeners: &mut FastMap<&'a str, Vec<(&'a Resource, &'a ListenerProps)>>,
        enis: &mut FastMap<&'a str, (&'a Resource, &'a NetworkInterfaceProps)>,
    ) {
        match &r.props {
            Properties::Vpc(p) => {
                let nets: Vec<IpNet> = p
                    .cidr_blocks
                    .iter()
                    .map(|n| IpNet::V4(*n))
                    .chain(p.ipv6_cidr_blocks.iter().map(|n| IpNet::V6(*n)))
                    .collect();
                self.vpc_by_id.insert(id_tail(r), len32(&self.vpcs));
                self.vpcs.push(Vpc {
                    res: r,
                    props: p,
                    cidrs: AddressSet::from_nets(&nets),
                    main_route_table: None,
                    default_nacl: None,
                });
            }
            Properties::Subnet(p) => {
                let nets: Vec<IpNet> = p
                    .cidr_block
                    .iter()
                    .map(|n| IpNet::V4(*n))
                    .chain(p.ipv6_cidr_blocks.iter().map(|n| IpNet::V6(*n)))
                    .collect();
                self.subnet_by_id.insert(id_tail(r), len32(&self.subnets));
                self.subnets.push(Subnet {
                    res: r,
                    props: p,
                    route_table: None,
                    nacl: None,
                    cidrs: AddressSet::from_nets(&nets),
                });
            }
            Properties::RouteTable(p) => self.route_tables.push(RouteTable { res: r, props: p }),
            Properties::NetworkAcl(p) => {
                let mut ingress: Vec<&NetworkAclEntry> =
                    p.entries.iter().filter(|e| !e.egress).collect();
                let mut egress: Vec<&NetworkAclEntry> =
                    p.entries.iter().filter(|e| e.egress).collect();
                ingress.sort_by_key(|e| e.rule_number);
                egress.sort_by_key(|e| e.rule_number);
                self.nacls.push(NetworkAcl {
                    res: r,
                    props: p,
                    ingress,
                    egress,
                });
            }
            Properties::SecurityGroup(p) => {
                let key = if p.group_id.is_empty() {
                    id_tail(r)
                } else {
                    p.group_id.as_str()
                };
                self.sg_by_id.insert(key, len32(&self.sgs));
                self.sgs.push(SecurityGroup { res: r, props: p });
            }
            Properties::PrefixList(p) => {
                let key = if p.prefix_list_id.is_empty() {
                    id_tail(r)
                } else {
                    p.prefix_list_id.as_str()
                };
                let (nets, set) = if p.entries_collected {
                    (Some(p.cidrs.clone()), Some(AddressSet::from_nets(&p.cidrs)))
                } else {
                    (None, None)
                };
                self.prefix_lists.insert(key, PrefixList { nets, set });
            }
            Properties::InternetGateway(p) => {
                self.igws.insert(id_tail(r), (r, p));
            }
            Properties::EgressOnlyInternetGateway(p) => {
                self.eigws.insert(id_tail(r), (r, p));
            }
            Properties::NatGateway(p) => {
                self.nat_gateways.insert(id_tail(r), (r, p));
            }
            Properties::VpcPeeringConnection(p) => {
                self.peerings.insert(id_tail(r), (r, p));
            }
            Properties::TransitGatewayAttachment(p) => {
                self.tgw_attachments.insert(id_tail(r), (r, p));
                if p.resource_type.eq_ignore_ascii_case("vpc") {
                    self.tgw_attachment_by_vpc.insert(
                        (p.transit_gateway_id.as_str(), p.resource_id.as_str()),
                        (r, p),
                    );
                }
            }
            Properties::TransitGatewayRouteTable(p) => {
                self.tgw_route_tables.insert(id_tail(r), (r, p));
            }
            Properties::LoadBalancer(p) => self.load_balancers.push(LoadBalancer {
                res: r,
                props: p,
                listeners: Vec::new(),
            }),
            Properties::Listener(p) => listeners
                .entry(p.load_balancer_arn.as_str())
                .or_default()
                .push((r, p)),
            Properties::TargetGroup(p) => {
                self.target_groups.insert(r.id.as_str(), (r, p));
            }
            Properties::ClassicLoadBalancer(p) => self.classic_load_balancers.push((r, p)),
            Properties::NetworkInterface(p) => {
                let key = if p.interface_id.is_empty() {
                    id_tail(r)
                } else {
                    p.interface_id.as_str()
                };
                enis.insert(key, (r, p));
            }
            _ => {}
        }
    }

    /// Which load balancers forward to which targets, so per-resource questions need not scan them.
    fn index_load_balancer_targets(&mut self) {
        for (i, lb) in self.load_balancers.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            self.lb_by_id.insert(lb.res.id.as_str(), i);
            for (_, l) in &lb.listeners {
                for a in &l.default_actions {
                    for tg in &a.target_group_arns {
                        let Some((_, g)) = self.target_groups.get(tg.as_str()) else {
                            continue;
                        };
                        for t in &g.targets {
                            let v = self.lbs_by_target.entry(t.id.as_str()).or_default();
                            if v.last() != Some(&i) {
                                v.push(i);
                            }
                        }
                    }
                }
            }
        }
        for (i, (res, p)) in self.classic_load_balancers.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            self.lb_by_id.insert(res.id.as_str(), i);
            for inst in &p.instance_ids {
                self.classic_by_instance
                    .entry(inst.as_str())
                    .or_default()
                    .push(i);
            }
        }
    }

    /// Main route tables, default ACLs, and each subnet's table and ACL.
    fn resolve_defaults(&mut self) {
        let mut explicit_rtb: FastMap<&'a str, u32> = FastMap::default();
        for (i, rt) in self.route_tables.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            for a in &rt.props.associations {
                if a.main {
                    if let Some(&v) = self.vpc_by_id.get(rt.props.vpc_id.as_str())
                        && let Some(vpc) = self.vpcs.get_mut(v as usize)
                    {
                        vpc.main_route_table = Some(i);
                    }
                } else if let Some(s) = &a.subnet_id {
                    explicit_rtb.insert(s.as_str(), i);
                }
            }
        }
        let mut explicit_nacl: FastMap<&'a str, u32> = FastMap::default();
        for (i, acl) in self.nacls.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            if acl.props.is_default
                && let Some(&v) = self.vpc_by_id.get(acl.props.vpc_id.as_str())
                && let Some(vpc) = self.vpcs.get_mut(v as usize)
            {
                vpc.default_nacl = Some(i);
            }
            for s in &acl.props.subnet_ids {
                explicit_nacl.insert(s.as_str(), i);
            }
        }
        for s in &mut self.subnets {
            let id = s.res.id.short();
            let vpc = self
                .vpc_by_id
                .get(s.props.vpc_id.as_str())
                .and_then(|&v| self.vpcs.get(v as usize));
            s.route_table = explicit_rtb
                .get(id)
                .copied()
                .or_else(|| vpc.and_then(|v| v.main_route_table));
            s.nacl = explicit_nacl
                .get(id)
                .copied()
                .or_else(|| vpc.and_then(|v| v.default_nacl));
        }
    }

    /// Resolves `sg-…` ids, sorted and deduplicated.
    pub fn sg_slots(&self, ids: impl IntoIterator<Item = &'a String>) -> Vec<SgSlot<'a>> {
        let mut v: Vec<SgSlot<'a>> = ids
            .into_iter()
            .map(|id| match self.sg_by_id.get(id.as_str()) {
                Some(&i) => SgSlot::Known(i),
                None => SgSlot::Missing(id.as_str()),
            })
            .collect();
        v.sort();
        v.dedup();
        v
    }

    fn build_interfaces(
        &mut self,
        enis: &FastMap<&'a str, (&'a Resource, &'a NetworkInterfaceProps)>,
    ) {
        let inv = self.inventory;
        let mut claimed: FastSet<&'a str> = FastSet::default();
        // ECS services by (cluster, name), for tasks whose ENI was not collected.
        let mut services: FastMap<(&'a str, &'a str), &'a Resource> = FastMap::default();
        for r in inv.of_kind(ResourceKind::EcsService) {
            if let Properties::EcsService(p) = &r.props {
                services.insert((p.cluster_arn.as_str(), r.name.as_str()), r);
            }
        }
        for r in inv.resources() {
            match &r.props {
                Properties::Instance(p) => {
                    let mut found = false;
                    for eni in &p.network_interface_ids {
                        if let Some(&(er, ep)) = enis.get(eni.as_str()) {
                            claimed.insert(eni.as_str());
                            self.push_eni(r, Some(er), ep, Role::Compute);
                            found = true;
                        }
                    }
                    if !found && let (Some(subnet), Some(vpc)) = (&p.subnet_id, &p.vpc_id) {
                        let sgs = self.sg_slots(&p.security_group_ids);
                        self.push(Interface {
                            owner: &r.id,
                            owner_kind: r.kind,
                            eni: None,
                            account: &r.account,
                            region: region_of(r),
                            subnet: None,
                            subnet_id: subnet,
                            vpc_id: vpc,
                            sgs,
                            private_v4: p.private_ip.into_iter().collect(),
                            public_v4: p.public_ip.is_some(),
                            v6: p.ipv6_addresses.clone(),
                            role: Role::Compute,
                            class: 0,
                        });
                    }
                }
                Properties::EcsTask(p) => {
                    if let Some(eni) = &p.network_interface_id
                        && let Some(&(er, ep)) = enis.get(eni.as_str())
                    {
                        claimed.insert(eni.as_str());
                        self.push_eni(r, Some(er), ep, Role::Compute);
                    } else if let Some(subnet) = &p.subnet_id {
                        let service = p
                            .group
                            .as_deref()
                            .and_then(|g| g.strip_prefix("service:"))
                            .and_then(|name| services.get(&(p.cluster_arn.as_str(), name)));
                        let net = service.and_then(|s| match &s.props {
                            Properties::EcsService(sp) => sp.network.as_ref(),
                            _ => None,
                        });
                        let vpc = self
                            .subnet_by_id
                            .get(subnet.as_str())
                            .and_then(|&s| self.subnets.get(s as usize))
                            .map_or("", |s| s.props.vpc_id.as_str());
                        let sgs = match net {
                            Some(n) => self.sg_slots(&n.security_group_ids),
                            None => vec![SgSlot::Missing("(task security groups not collected)")],
                        };
                        self.push(Interface {
                            owner: &r.id,
                            owner_kind: r.kind,
                            eni: None,
                            account: &r.account,
                            region: region_of(r),
                            subnet: None,
                            subnet_id: subnet,
                            vpc_id: vpc,
                            sgs,
                            private_v4: p.private_ip.into_iter().collect(),
                            public_v4: net.is_none_or(|n| n.assign_public_ip),
                            v6: Vec::new(),
                            role: Role::Compute,
                            class: 0,
                        });
                    }
                }
                Properties::LambdaFunction(p) => {
                    if let Some(vc) = &p.vpc_config {
                        let sgs = self.sg_slots(&vc.security_group_ids);
                        for s in &vc.subnet_ids {
                            self.push(Interface {
                                owner: &r.id,
                                owner_kind: r.kind,
                                eni: None,
                                account: &r.account,
                                region: region_of(r),
                                subnet: None,
                                subnet_id: s,
                                vpc_id: &vc.vpc_id,
                                sgs: sgs.clone(),
                                private_v4: Vec::new(),
                                public_v4: false,
                                v6: Vec::new(),
                                role: Role::Lambda,
                                class: 0,
                            });
                        }
                    }
                }
                Properties::VpcEndpoint(p) => {
                    // An interface endpoint is reached through its ENIs (AWS: not a route target).
                    for eni in &p.network_interface_ids {
                        if let Some(&(er, ep)) = enis.get(eni.as_str()) {
                            claimed.insert(eni.as_str());
                            self.push_eni(r, Some(er), ep, Role::ServiceManaged);
                        }
                    }
                }
                Properties::DbInstance(p) => {
                    let sgs = self.sg_slots(&p.security_group_ids);
                    for s in &p.subnet_ids {
                        self.push(Interface {
                            owner: &r.id,
                            owner_kind: r.kind,
                            eni: None,
                            account: &r.account,
                            region: region_of(r),
                            subnet: None,
                            subnet_id: s,
                            vpc_id: p.vpc_id.as_deref().unwrap_or(""),
                            sgs: sgs.clone(),
                            private_v4: Vec::new(),
                            public_v4: p.publicly_accessible,
                            v6: Vec::new(),
                            role: Role::Database { port: p.port },
                            class: 0,
                        });
                    }
                }
                _ => {}
            }
        }
        let mut rest: Vec<_> = enis
            .iter()
            .filter(|(id, _)| !claimed.contains(*id))
            .map(|(_, v)| *v)
            .collect();
        rest.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        for (er, ep) in rest {
            let role = eni_role(ep);
            self.push_eni(er, Some(er), ep, role);
        }
    }

    fn push_eni(
        &mut self,
        owner: &'a Resource,
        eni: Option<&'a Resource>,
        p: &'a NetworkInterfaceProps,
        role: Role,
    ) {
        let sgs = self.sg_slots(&p.security_group_ids);
        self.push(Interface {
            owner: &owner.id,
            owner_kind: owner.kind,
            eni: eni.map(|e| &e.id),
            account: &owner.account,
            region: region_of(owner),
            subnet: None,
            subnet_id: &p.subnet_id,
            vpc_id: &p.vpc_id,
            sgs,
            private_v4: p.private_ips.clone(),
            public_v4: !p.public_ips.is_empty(),
            v6: p.ipv6_addresses.clone(),
            role,
            class: 0,
        });
    }

    fn push(&mut self, mut iface: Interface<'a>) {
        iface.subnet = self.subnet_by_id.get(iface.subnet_id).copied();
        if iface.vpc_id.is_empty()
            && let Some(s) = iface.subnet.and_then(|s| self.subnets.get(s as usize))
        {
            iface.vpc_id = s.props.vpc_id.as_str();
        }
        let i = len32(&self.interfaces);
        self.interfaces_of.entry(iface.owner).or_default().push(i);
        if iface.owner_kind == ResourceKind::Instance {
            self.interfaces_of_instance
                .entry(iface.owner.short())
                .or_default()
                .push(i);
        }
        if let Some(eni) = iface.eni
            && eni != iface.owner
        {
            self.interfaces_of.entry(eni).or_default().push(i);
        }
        for ip in &iface.private_v4 {
            self.interface_by_ip.insert((iface.vpc_id, *ip), i);
        }
        self.interfaces.push(iface);
    }

    /// Assigns equivalence classes. Called once after all interfaces exist.
    fn assign_classes(&mut self) {
        let mut by_key: FastMap<ClassKey<'a>, u32> = FastMap::default();
        for iface in &mut self.interfaces {
            let key = ClassKey {
                subnet_id: iface.subnet_id,
                sgs: iface.sgs.clone(),
                public_v4: iface.public_v4,
                v6: !iface.v6.is_empty(),
            };
            let next = len32(&self.classes);
            let c = *by_key.entry(key.clone()).or_insert_with(|| {
                self.classes.push(key);
                next
            });
            iface.class = c;
        }
    }

    /// True when `source` was collected for the account and region, by the coverage record or
    /// because resources of the kind it yields are present.
    pub fn collected(&self, account: &str, region: &str, source: &str) -> bool {
        if self
            .inventory
            .coverage
            .is_collected(account, region, source)
        {
            return true;
        }
        let kind = match source {
            source::ROUTE_TABLES => ResourceKind::RouteTable,
            source::NETWORK_ACLS => ResourceKind::NetworkAcl,
            source::SECURITY_GROUPS => ResourceKind::SecurityGroup,
            source::INTERNET_GATEWAYS => ResourceKind::InternetGateway,
            source::SUBNETS => ResourceKind::Subnet,
            source::NETWORK_INTERFACES => ResourceKind::NetworkInterface,
            _ => return false,
        };
        self.present.contains(&(account, region, kind))
    }

    /// The VPC with this `vpc-…` id.
    pub fn vpc(&self, id: &str) -> Option<&Vpc<'a>> {
        self.vpc_by_id
            .get(id)
            .and_then(|&i| self.vpcs.get(i as usize))
    }

    /// The subnet at this index.
    pub fn subnet(&self, i: u32) -> Option<&Subnet<'a>> {
        self.subnets.get(i as usize)
    }

    /// The route table at this index.
    pub fn route_table(&self, i: u32) -> Option<&RouteTable<'a>> {
        self.route_tables.get(i as usize)
    }

    /// The network ACL at this index.
    pub fn nacl(&self, i: u32) -> Option<&NetworkAcl<'a>> {
        self.nacls.get(i as usize)
    }

    /// The security group at this index.
    pub fn sg(&self, i: u32) -> Option<&SecurityGroup<'a>> {
        self.sgs.get(i as usize)
    }

    /// True when the VPCs are the same, or joined by an active peering connection within one
    /// Region: where security group references can match.
    pub fn same_or_peered(&self, a: &str, b: &str) -> bool {
        a == b || self.peered.contains(&(a, b))
    }

    /// The first private address of an interface, as an [`IpAddr`].
    pub fn private_addr(&self, iface: &Interface<'a>) -> Option<IpAddr> {
        iface.private_v4.first().map(|a| IpAddr::V4(*a))
    }
}

/// What a stand-alone ENI is for, from its type, requester and description.
fn eni_role(p: &NetworkInterfaceProps) -> Role {
    let t = p.interface_type.as_str();
    if t == "lambda" || p.description.starts_with("AWS Lambda VPC ENI") {
        return Role::Lambda;
    }
    let managed_types = [
        "nat_gateway",
        "network_load_balancer",
        "gateway_load_balancer",
        "gateway_load_balancer_endpoint",
        "vpc_endpoint",
        "transit_gateway",
        "interface_endpoint",
    ];
    if managed_types.contains(&t)
        || p.description.starts_with("ELB ")
        || p.description.starts_with("RDSNetworkInterface")
        || p.requester_id.as_deref() == Some("amazon-elb")
    {
        return Role::ServiceManaged;
    }
    Role::Compute
}

fn len32<T>(v: &[T]) -> u32 {
    u32::try_from(v.len()).unwrap_or(u32::MAX)
}
