//! Feature extraction per resource and peer groups.
//!
//! Each resource of a compared kind ([`COMPARED`]) becomes a [`Features`] row: categorical values
//! (name shape and first name token, VPC, subnet, region, AZ, instance type / runtime / engine /
//! image, role name shape, security-group set, public addressing, encryption, IMDS, the set of
//! kinds it is connected to in the graph), the set of its tag keys and its `env` value, and numeric values (age in days at the estate's newest timestamp, graph degree,
//! number of neighbour kinds). Peer groups: the same kind in the same architecture, falling back to
//! the account, then the estate, when the group has fewer than [`MIN_PEERS`] members. At the
//! wider levels a resource is compared with every resource of its kind there, not only with the
//! others that fell back.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use nephos_graph::Graph;
use nephos_model::props::Properties;
use nephos_model::{Resource, ResourceKind};

/// The kinds compared with their peers.
pub const COMPARED: [ResourceKind; 9] = [
    ResourceKind::Instance,
    ResourceKind::LambdaFunction,
    ResourceKind::Bucket,
    ResourceKind::DbInstance,
    ResourceKind::DynamoDbTable,
    ResourceKind::Queue,
    ResourceKind::Topic,
    ResourceKind::EcsService,
    ResourceKind::LoadBalancer,
];

/// The smallest peer group compared at a level before falling back to a wider one.
pub const MIN_PEERS: usize = 8;

/// Categorical feature names, in column order of the exported matrix.
pub const CATEGORICAL: [&str; 17] = [
    "name_shape",
    "name_prefix",
    "vpc",
    "subnet",
    "region",
    "availability_zone",
    "type",
    "image",
    "runtime_or_engine",
    "role",
    "security_groups",
    "public_address",
    "encryption",
    "imds",
    "env",
    "neighbour_kinds",
    "tag_keys",
];

/// Numeric feature names, in column order.
pub const NUMERIC: [&str; 3] = ["age_days", "degree", "neighbour_kinds"];

/// The features of one resource.
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    /// Position of the resource in the inventory.
    pub position: usize,
    /// Categorical values, indexed like [`CATEGORICAL`]; empty string when absent.
    pub categorical: [String; CATEGORICAL.len()],
    /// Tag keys (lowercase).
    pub tag_keys: BTreeSet<String>,
    /// Numeric values, indexed like [`NUMERIC`].
    pub numeric: [f64; NUMERIC.len()],
}

/// A peer group: members (indices into the feature rows) and how it was chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerGroup {
    /// `AWS::EC2::Instance in architecture <name>`, `… in account <id>`, `… in the estate`.
    pub label: String,
    /// Feature-row indices scored against this group.
    pub members: Vec<usize>,
    /// Feature-row indices they are compared with (a superset of `members`: at the account and
    /// estate levels, every resource of the kind there).
    pub reference: Vec<usize>,
}

/// Every feature row and every peer group.
#[derive(Debug, Clone, Default)]
pub struct FeatureTable {
    /// One row per compared resource.
    pub rows: Vec<Features>,
    /// The peer groups; every row is in exactly one.
    pub groups: Vec<PeerGroup>,
}

/// The shape of a name: lowercase letters runs become `a`, digit runs `9`, separators kept
/// (`billing-web-07` → `a-a-9`).
pub fn name_shape(name: &str) -> String {
    let mut out = String::new();
    let mut last = ' ';
    for c in name.chars() {
        let class = if c.is_ascii_digit() {
            '9'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if (class == 'a' || class == '9') && class == last {
            continue;
        }
        out.push(class);
        last = class;
    }
    out
}

/// The first token of a name (split on `-`, `_`, `.`, `/`, space), lowercase.
pub fn name_prefix(name: &str) -> String {
    name.split(['-', '_', '.', '/', ' '])
        .find(|t| !t.is_empty())
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn env_of(r: &Resource) -> String {
    for key in ["env", "environment", "Environment", "Env", "stage"] {
        if let Some(v) = r.tag(key) {
            return v.to_ascii_lowercase();
        }
    }
    String::new()
}

fn categorical(r: &Resource) -> [String; CATEGORICAL.len()] {
    let mut c: [String; CATEGORICAL.len()] = Default::default();
    c[0] = name_shape(&r.name);
    c[1] = name_prefix(&r.name);
    c[4] = r.region.clone().unwrap_or_default();
    match &r.props {
        Properties::Instance(p) => {
            c[2] = p.vpc_id.clone().unwrap_or_default();
            c[3] = p.subnet_id.clone().unwrap_or_default();
            c[5] = p.availability_zone.clone().unwrap_or_default();
            c[6] = p.instance_type.clone();
            c[7] = p.image_id.clone();
            c[8] = p.platform.clone().unwrap_or_default();
            c[9] = p
                .iam_instance_profile_arn
                .as_deref()
                .map(|a| name_shape(a.rsplit('/').next().unwrap_or(a)))
                .unwrap_or_default();
            let mut sgs = p.security_group_ids.clone();
            sgs.sort();
            c[10] = sgs.join(" ");
            c[11] = p.public_ip.is_some().to_string();
            c[13] = if p.metadata_options.allows_imdsv1() {
                "imdsv1".to_owned()
            } else {
                "imdsv2".to_owned()
            };
        }
        Properties::LambdaFunction(p) => {
            c[2] = p.vpc_config.is_some().to_string();
            c[6] = p.package_type.clone();
            c[8] = p.runtime.clone().unwrap_or_default();
            c[9] = name_shape(p.role_arn.rsplit('/').next().unwrap_or(""));
            c[12] = p.kms_key_arn.is_some().to_string();
        }
        Properties::DbInstance(p) => {
            c[2] = p.vpc_id.clone().unwrap_or_default();
            c[5] = p.availability_zone.clone().unwrap_or_default();
            c[6] = p.instance_class.clone();
            c[8] = p.engine.clone();
            c[10] = p.security_group_ids.len().to_string();
            c[11] = p.publicly_accessible.to_string();
            c[12] = p.storage_encrypted.to_string();
        }
        Properties::Bucket(p) => {
            c[12] = match &p.encryption {
                Some(rules) => (!rules.is_empty()).to_string(),
                None => String::new(),
            };
            c[11] = p
                .policy
                .as_ref()
                .map(|p| p.is_some().to_string())
                .unwrap_or_default();
        }
        Properties::DynamoDbTable(p) => {
            c[12] = p.sse_type.clone().unwrap_or_default();
        }
        _ => {}
    }
    c[14] = env_of(r);
    let keys: Vec<String> = r.tags.keys().map(|k| k.to_ascii_lowercase()).collect();
    c[16] = keys.join(",");
    c
}

/// Extracts the feature rows of the compared kinds and groups them with their peers.
///
/// `architecture_of` maps an inventory position to the index of its (first) architecture, and
/// `architecture_names` names them. Linear in resources plus graph edges.
pub fn extract(
    resources: &[&Resource],
    graph: &Graph,
    architecture_of: &HashMap<usize, usize>,
    architecture_names: &[String],
) -> FeatureTable {
    let newest = resources.iter().filter_map(|r| r.created).max();
    let mut rows = Vec::new();
    for (position, r) in resources.iter().enumerate() {
        if !COMPARED.contains(&r.kind) {
            continue;
        }
        let mut categorical = categorical(r);
        let (degree, neighbour_kinds) = match graph.find(&r.id) {
            Some(node) => {
                let mut kinds = BTreeSet::new();
                let mut degree = 0usize;
                for e in graph.outgoing(node) {
                    degree += 1;
                    kinds.insert(graph.kind(e.to));
                }
                for e in graph.incoming(node) {
                    degree += 1;
                    kinds.insert(graph.kind(e.from));
                }
                let names: Vec<&str> = kinds
                    .iter()
                    .map(|k| k.map_or("?", ResourceKind::as_str))
                    .collect();
                categorical[15] = names.join(" ");
                (degree as f64, kinds.len() as f64)
            }
            None => (0.0, 0.0),
        };
        let age = match (newest, r.created) {
            (Some(n), Some(c)) => (n - c).num_days() as f64,
            _ => f64::NAN,
        };
        rows.push(Features {
            position,
            categorical,
            tag_keys: r.tags.keys().map(|k| k.to_ascii_lowercase()).collect(),
            numeric: [age, degree, neighbour_kinds],
        });
    }
    let groups = peer_groups(resources, &rows, architecture_of, architecture_names);
    FeatureTable { rows, groups }
}

fn peer_groups(
    resources: &[&Resource],
    rows: &[Features],
    architecture_of: &HashMap<usize, usize>,
    architecture_names: &[String],
) -> Vec<PeerGroup> {
    let kind_of = |row: &Features| resources.get(row.position).map(|r| r.kind);
    let account_of = |row: &Features| {
        resources
            .get(row.position)
            .map_or(String::new(), |r| r.account.clone())
    };
    let mut by_arch: BTreeMap<(Option<ResourceKind>, usize), Vec<usize>> = BTreeMap::new();
    let mut by_account: BTreeMap<(Option<ResourceKind>, String), Vec<usize>> = BTreeMap::new();
    let mut by_kind: BTreeMap<Option<ResourceKind>, Vec<usize>> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        if let Some(&a) = architecture_of.get(&row.position) {
            by_arch.entry((kind_of(row), a)).or_default().push(i);
        }
        by_account
            .entry((kind_of(row), account_of(row)))
            .or_default()
            .push(i);
        by_kind.entry(kind_of(row)).or_default().push(i);
    }
    let mut groups = Vec::new();
    let mut placed = vec![false; rows.len()];
    // Level 1: kind × architecture, when big enough.
    for ((kind, a), members) in &by_arch {
        if members.len() >= MIN_PEERS {
            let name = architecture_names.get(*a).map_or("?", String::as_str);
            for &m in members {
                if let Some(p) = placed.get_mut(m) {
                    *p = true;
                }
            }
            groups.push(PeerGroup {
                label: format!(
                    "{} in architecture `{name}`",
                    kind.map_or("?", ResourceKind::as_str)
                ),
                members: members.clone(),
                reference: members.clone(),
            });
        }
    }
    // Level 2: compared with every resource of the kind in the account.
    let mut leftover: BTreeMap<Option<ResourceKind>, Vec<usize>> = BTreeMap::new();
    for ((kind, account), all) in &by_account {
        let members: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&m| !placed.get(m).copied().unwrap_or(true))
            .collect();
        if members.is_empty() {
            continue;
        }
        if all.len() >= MIN_PEERS {
            groups.push(PeerGroup {
                label: format!(
                    "{} in account {account}",
                    kind.map_or("?", ResourceKind::as_str)
                ),
                members,
                reference: all.clone(),
            });
        } else {
            leftover.entry(*kind).or_default().extend(members);
        }
    }
    // Level 3: compared with every resource of the kind in the estate.
    for (kind, members) in leftover {
        groups.push(PeerGroup {
            label: format!("{} in the estate", kind.map_or("?", ResourceKind::as_str)),
            members,
            reference: by_kind.get(&kind).cloned().unwrap_or_default(),
        });
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_prefixes() {
        assert_eq!(name_shape("billing-web-07"), "a-a-9");
        assert_eq!(name_shape("tmp-test-box"), "a-a-a");
        assert_eq!(name_prefix("tmp-test-box"), "tmp");
        assert_eq!(name_prefix(""), "");
    }
}
