//! Resolution after every file is read: short ids, KMS key ids and aliases, group names and
//! private IPs become resource ids; subnets without an explicit route table get their VPC's main
//! table. Lookups go through hash indexes keyed by account and region: no pass is quadratic.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use nephos_model::{
    Inventory, Properties, Relationship, RelationshipKind, ResourceId, ResourceKind,
};

use crate::out::{Ref, Target};

/// Indexes over an inventory for resolving [`Target`]s.
#[derive(Debug, Default)]
pub struct Resolver {
    /// `account/region/short-id` → position, for EC2 resources.
    ec2: HashMap<String, usize>,
    /// `region/short-id` → position, for references across accounts (shared subnets, TGWs).
    ec2_region: HashMap<String, usize>,
    /// `account/region/key-id` and `account/region/alias/name` → position.
    kms: HashMap<String, usize>,
    /// `account/group-name` → position.
    groups: HashMap<String, usize>,
    /// `account/region/ip` → position of the network interface.
    ips: HashMap<String, usize>,
    /// `region/ip` → position of the network interface.
    ips_region: HashMap<String, usize>,
    /// `kind/short-id` → position, for Organizations kinds.
    short: HashMap<String, usize>,
    key: String,
}

fn is_org_kind(kind: ResourceKind) -> bool {
    matches!(
        kind,
        ResourceKind::OrganizationAccount
            | ResourceKind::OrganizationalUnit
            | ResourceKind::OrganizationPolicy
    )
}

impl Resolver {
    /// Builds every index in one pass over the resources.
    pub fn build(inv: &Inventory) -> Self {
        let mut r = Self::default();
        for (i, res) in inv.resources().iter().enumerate() {
            let region = res.region.as_deref().unwrap_or("");
            let parts = res.id.arn_parts();
            if parts.is_some_and(|p| p.service == "ec2") {
                let short = res.id.short();
                r.ec2.insert(format!("{}/{region}/{short}", res.account), i);
                r.ec2_region.entry(format!("{region}/{short}")).or_insert(i);
            }
            match &res.props {
                Properties::KmsKey(k) => {
                    r.kms
                        .insert(format!("{}/{region}/{}", res.account, k.key_id), i);
                    for a in &k.aliases {
                        r.kms.insert(format!("{}/{region}/{a}", res.account), i);
                    }
                }
                Properties::IamGroup(_) => {
                    r.groups.insert(format!("{}/{}", res.account, res.name), i);
                }
                Properties::NetworkInterface(n) => {
                    for ip in &n.private_ips {
                        r.ips.insert(format!("{}/{region}/{ip}", res.account), i);
                        r.ips_region.entry(format!("{region}/{ip}")).or_insert(i);
                    }
                }
                _ => {}
            }
            if is_org_kind(res.kind) {
                r.short
                    .insert(format!("{}/{}", res.kind.as_str(), res.id.short()), i);
            }
        }
        r
    }

    fn find(
        &mut self,
        map: fn(&Self) -> &HashMap<String, usize>,
        key: std::fmt::Arguments<'_>,
    ) -> Option<usize> {
        let mut k = std::mem::take(&mut self.key);
        k.clear();
        let _ = k.write_fmt(key);
        let found = map(self).get(k.as_str()).copied();
        self.key = k;
        found
    }

    /// The id a target names, or `None` when it names nothing that can be identified (an IP
    /// address outside the estate, an unknown Organizations id).
    pub fn resolve(&mut self, inv: &Inventory, target: &Target) -> Option<ResourceId> {
        let at = |i: usize| inv.resources().get(i).map(|r| r.id.clone());
        match target {
            Target::Id(id) => Some(id.clone()),
            Target::Ec2 {
                account,
                region,
                resource_type,
                id,
            } => {
                if let Some(i) = self.find(|s| &s.ec2, format_args!("{account}/{region}/{id}")) {
                    return at(i);
                }
                if let Some(i) = self.find(|s| &s.ec2_region, format_args!("{region}/{id}")) {
                    return at(i);
                }
                let owner = if matches!(*resource_type, "snapshot" | "image") {
                    ""
                } else {
                    account.as_str()
                };
                Some(ResourceId::ec2(region, owner, resource_type, id))
            }
            Target::Kms {
                account,
                region,
                key,
            } => self.resolve_kms(inv, account, region, key),
            Target::IamGroup { account, name } => {
                match self.find(|s| &s.groups, format_args!("{account}/{name}")) {
                    Some(i) => at(i),
                    None => Some(ResourceId::new(format!(
                        "arn:aws:iam::{account}:group/{name}"
                    ))),
                }
            }
            Target::Short { kind, id } => self
                .find(|s| &s.short, format_args!("{}/{id}", kind.as_str()))
                .and_then(at),
            Target::PrivateIp {
                account,
                region,
                ip,
            } => self
                .find(|s| &s.ips, format_args!("{account}/{region}/{ip}"))
                .or_else(|| self.find(|s| &s.ips_region, format_args!("{region}/{ip}")))
                .and_then(at),
        }
    }

    fn resolve_kms(
        &mut self,
        inv: &Inventory,
        account: &str,
        region: &str,
        key: &str,
    ) -> Option<ResourceId> {
        let at = |i: usize| inv.resources().get(i).map(|r| r.id.clone());
        let key = key.trim();
        if key.is_empty() {
            return None;
        }
        if key.starts_with("arn:") {
            let id = ResourceId::new(key);
            let (acct, reg, res) = match id.arn_parts() {
                Some(p) => (
                    p.account.to_owned(),
                    p.region.to_owned(),
                    p.resource.to_owned(),
                ),
                None => return Some(id),
            };
            if res.starts_with("alias/") {
                return self
                    .find(|s| &s.kms, format_args!("{acct}/{reg}/{res}"))
                    .and_then(at)
                    .or(Some(id));
            }
            return Some(id);
        }
        if key.starts_with("alias/") {
            return self
                .find(|s| &s.kms, format_args!("{account}/{region}/{key}"))
                .and_then(at)
                .or_else(|| Some(ResourceId::arn("kms", region, account, key)));
        }
        self.find(|s| &s.kms, format_args!("{account}/{region}/{key}"))
            .and_then(at)
            .or_else(|| {
                Some(ResourceId::arn(
                    "kms",
                    region,
                    account,
                    &format!("key/{key}"),
                ))
            })
    }

    /// Resolves a reference into a relationship, when both ends resolve.
    pub fn relationship(&mut self, inv: &Inventory, r: &Ref) -> Option<Relationship> {
        let from = self.resolve(inv, &r.from)?;
        let to = self.resolve(inv, &r.to)?;
        Some(Relationship::new(from, r.kind, to, r.evidence))
    }
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
