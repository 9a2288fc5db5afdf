//! Resolution after every file is read: short ids, KMS key ids and aliases, group names and
//! private IPs become resource ids; subnets without an explicit route table get their VPC's main
//! table. Lookups go through hash indexes keyed by account and region that borrow the inventory:
//! no pass is quadratic, no lookup allocates, and resolution runs in parallel.

use std::collections::{HashMap, HashSet};
use std::net::Ipv4Addr;

use nephos_model::hash::FastMap;
use nephos_model::{
    Inventory, Properties, Relationship, RelationshipKind, ResourceId, ResourceKind,
};

use crate::out::{Ref, Target};

/// Indexes over an inventory for resolving [`Target`]s.
#[derive(Debug)]
pub struct Resolver<'a> {
    inventory: &'a Inventory,
    /// (account, region, short id) → position, for EC2 resources.
    ec2: FastMap<(&'a str, &'a str, &'a str), usize>,
    /// (region, short id) → position, for references across accounts (shared subnets, TGWs).
    ec2_region: FastMap<(&'a str, &'a str), usize>,
    /// (account, region, key id or `alias/…`) → position.
    kms: FastMap<(&'a str, &'a str, &'a str), usize>,
    /// (account, group name) → position.
    groups: FastMap<(&'a str, &'a str), usize>,
    /// (kind, short id) → position, for Organizations kinds.
    short: FastMap<(ResourceKind, &'a str), usize>,
}

fn is_org_kind(kind: ResourceKind) -> bool {
    matches!(
        kind,
        ResourceKind::OrganizationAccount
            | ResourceKind::OrganizationalUnit
            | ResourceKind::OrganizationPolicy
    )
}

impl<'a> Resolver<'a> {
    /// Builds every index in one pass over the resources.
    pub fn build(inventory: &'a Inventory) -> Self {
        let mut r = Self {
            inventory,
            ec2: FastMap::default(),
            ec2_region: FastMap::default(),
            kms: FastMap::default(),
            groups: FastMap::default(),
            short: FastMap::default(),
        };
        for (i, res) in inventory.resources().iter().enumerate() {
            let region = res.region.as_deref().unwrap_or("");
            let account = res.account.as_str();
            if res.id.arn_parts().is_some_and(|p| p.service == "ec2") {
                let short = res.id.short();
                r.ec2.insert((account, region, short), i);
                r.ec2_region.entry((region, short)).or_insert(i);
            }
            match &res.props {
                Properties::KmsKey(k) => {
                    r.kms.insert((account, region, k.key_id.as_str()), i);
                    for a in &k.aliases {
                        r.kms.insert((account, region, a.as_str()), i);
                    }
                }
                Properties::IamGroup(_) => {
                    r.groups.insert((account, res.name.as_str()), i);
                }
                _ => {}
            }
            if is_org_kind(res.kind) {
                r.short.insert((res.kind, res.id.short()), i);
            }
        }
        r
    }

    fn at(&self, i: usize) -> Option<ResourceId> {
        self.inventory.resources().get(i).map(|r| r.id.clone())
    }

    /// The id a target names, read in `account` and `region` (the file's), or `None` when it names
    /// nothing that can be identified (an IP address outside the estate, an unknown
    /// Organizations id).
    pub fn resolve(&self, account: &str, region: &str, target: &Target) -> Option<ResourceId> {
        match target {
            Target::Id(id) => Some(id.clone()),
            other => self.resolve_short(account, region, other),
        }
    }

    /// Like [`Resolver::resolve`], moving a known id out of the target instead of copying it.
    pub fn resolve_owned(&self, account: &str, region: &str, target: Target) -> Option<ResourceId> {
        match target {
            Target::Id(id) => Some(id),
            other => self.resolve_short(account, region, &other),
        }
    }

    fn resolve_short(&self, account: &str, region: &str, target: &Target) -> Option<ResourceId> {
        match target {
            Target::Id(id) => Some(id.clone()),
            Target::Ec2 { resource_type, id } => {
                if let Some(&i) = self.ec2.get(&(account, region, id.as_str())) {
                    return self.at(i);
                }
                if let Some(&i) = self.ec2_region.get(&(region, id.as_str())) {
                    return self.at(i);
                }
                let owner = if matches!(*resource_type, "snapshot" | "image") {
                    ""
                } else {
                    account
                };
                Some(ResourceId::ec2(region, owner, resource_type, id))
            }
            Target::Kms {
                region: key_region,
                key,
            } => self.resolve_kms(account, key_region.as_deref().unwrap_or(region), key),
            Target::IamGroup { name } => match self.groups.get(&(account, name.as_str())) {
                Some(&i) => self.at(i),
                None => Some(ResourceId::new(format!(
                    "arn:aws:iam::{account}:group/{name}"
                ))),
            },
            Target::Short { kind, id } => self
                .short
                .get(&(*kind, id.as_str()))
                .and_then(|&i| self.at(i)),
        }
    }

    fn resolve_kms(&self, account: &str, region: &str, key: &str) -> Option<ResourceId> {
        let key = key.trim();
        if key.is_empty() {
            return None;
        }
        if key.starts_with("arn:") {
            let id = ResourceId::new(key);
            if let Some(p) = id.arn_parts()
                && p.resource.starts_with("alias/")
                && let Some(&i) = self.kms.get(&(p.account, p.region, p.resource))
            {
                return self.at(i);
            }
            return Some(id);
        }
        if let Some(&i) = self.kms.get(&(account, region, key)) {
            return self.at(i);
        }
        if key.starts_with("alias/") {
            return Some(ResourceId::arn("kms", region, account, key));
        }
        Some(ResourceId::arn(
            "kms",
            region,
            account,
            &format!("key/{key}"),
        ))
    }

    /// Resolves a reference made in `account` and `region` into a relationship, when both ends
    /// resolve.
    pub fn relationship(&self, account: &str, region: &str, r: Ref) -> Option<Relationship> {
        let from = self.resolve_owned(account, region, r.from)?;
        let to = self.resolve_owned(account, region, r.to)?;
        Some(Relationship::new(from, r.kind, to, r.evidence))
    }
}

/// ELB `ip` targets: the network interface holding the address in the target group's VPC (private
/// ranges overlap across VPCs, so the VPC is part of the key). Addresses outside the estate (peered
/// VPCs, on-premises) resolve to nothing and stay in the target group's properties only.
pub fn ip_targets(inv: &Inventory) -> Vec<Relationship> {
    let mut groups = inv
        .of_kind(ResourceKind::TargetGroup)
        .filter_map(|r| match &r.props {
            Properties::TargetGroup(t)
                if t.targets.iter().any(|x| x.id.parse::<Ipv4Addr>().is_ok()) =>
            {
                Some((r, t))
            }
            _ => None,
        });
    let Some(first) = groups.next() else {
        return Vec::new();
    };
    // (account, region, VPC, address) → interface
    let mut enis: HashMap<(&str, &str, &str, Ipv4Addr), &ResourceId> = HashMap::new();
    for r in inv.of_kind(ResourceKind::NetworkInterface) {
        let Properties::NetworkInterface(n) = &r.props else {
            continue;
        };
        let region = r.region.as_deref().unwrap_or("");
        for ip in &n.private_ips {
            enis.insert((r.account.as_str(), region, n.vpc_id.as_str(), *ip), &r.id);
        }
    }
    let mut rels = Vec::new();
    for (tg, t) in std::iter::once(first).chain(groups) {
        let region = tg.region.as_deref().unwrap_or("");
        let vpc = t.vpc_id.as_deref().unwrap_or("");
        for target in &t.targets {
            let Ok(ip) = target.id.parse::<Ipv4Addr>() else {
                continue;
            };
            if let Some(eni) = enis.get(&(tg.account.as_str(), region, vpc, ip)) {
                rels.push(Relationship::new(
                    tg.id.clone(),
                    RelationshipKind::ForwardsTo,
                    (*eni).clone(),
                    "elbv2:DescribeTargetHealth TargetHealthDescriptions[].Target.Id",
                ));
            }
        }
    }
    rels
}

/// Subnets with no explicit route table association use their VPC's main route table.
pub fn main_route_tables(inv: &Inventory) -> Vec<Relationship> {
    let mut main: HashMap<(&str, &str, &str), &ResourceId> = HashMap::new();
    let mut explicit: HashSet<(&str, &str, &str)> = HashSet::new();
    for r in inv.of_kind(ResourceKind::RouteTable) {
        let Properties::RouteTable(t) = &r.props else {
            continue;
        };
        let region = r.region.as_deref().unwrap_or("");
        for a in &t.associations {
            if a.main {
                main.insert((r.account.as_str(), region, t.vpc_id.as_str()), &r.id);
            }
            if let Some(s) = &a.subnet_id {
                explicit.insert((r.account.as_str(), region, s.as_str()));
            }
        }
    }
    let mut rels = Vec::new();
    if main.is_empty() {
        return rels;
    }
    for s in inv.of_kind(ResourceKind::Subnet) {
        let Properties::Subnet(p) = &s.props else {
            continue;
        };
        let region = s.region.as_deref().unwrap_or("");
        let short = s.id.short();
        if explicit.contains(&(s.account.as_str(), region, short)) {
            continue;
        }
        if let Some(rtb) = main.get(&(s.account.as_str(), region, p.vpc_id.as_str())) {
            rels.push(Relationship::new(
                s.id.clone(),
                RelationshipKind::RoutesVia,
                (*rtb).clone(),
                "ec2:DescribeRouteTables RouteTables[].Associations[].Main",
            ));
        }
    }
    rels
}
