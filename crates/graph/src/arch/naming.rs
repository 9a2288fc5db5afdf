//! Names, owners and ids of architectures, from business context.
//!
//! - **name**: the first of these tag keys (ignoring case) found on the seeds, else on the members:
//!   `application`, `app`, `service`, `project`, `aws:cloudformation:stack-name`; the most common
//!   value wins, ties go to the alphabetically first. Else the first seed's `Name` tag, else its name.
//! - **owner**: the same over `team`, `owner`; else `None`.
//! - **id**: `arch-` + 16 lower-case hex digits of FNV-1a-64 over the sorted seed ids joined by `\n`.

use std::collections::BTreeMap;
use std::hash::Hasher as _;

use nephos_model::hash::Fnv1a;

use nephos_model::Resource;

/// Tag keys that name an application, most telling first.
pub const NAME_TAGS: [&str; 5] = [
    "application",
    "app",
    "service",
    "project",
    "aws:cloudformation:stack-name",
];

/// Tag keys that name the team maintaining an application.
pub const OWNER_TAGS: [&str; 2] = ["team", "owner"];

/// The stable id of an architecture with these seed ids (given sorted).
pub fn architecture_id<'a>(sorted_seed_ids: impl Iterator<Item = &'a str>) -> String {
    let mut hash = Fnv1a::default();
    for (i, id) in sorted_seed_ids.enumerate() {
        if i > 0 {
            hash.write(b"\n");
        }
        hash.write(id.as_bytes());
    }
    format!("arch-{:016x}", hash.finish())
}

/// The most common value of the first key in `keys` that any resource carries.
fn from_tags(resources: &[&Resource], keys: &[&str]) -> Option<String> {
    for key in keys {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for r in resources {
            if let Some(v) = r.tag(key).map(str::trim).filter(|v| !v.is_empty()) {
                *counts.entry(v).or_default() += 1;
            }
        }
        // BTreeMap iterates alphabetically, and `max_by_key` keeps the last maximum: reverse so the
        // alphabetically first of equal counts wins.
        if let Some((v, _)) = counts.iter().rev().max_by_key(|(_, c)| **c) {
            return Some((*v).to_owned());
        }
    }
    None
}

/// An architecture's name from its seeds (sorted by id) and members.
pub fn name(seeds: &[&Resource], members: &[&Resource]) -> String {
    from_tags(seeds, &NAME_TAGS)
        .or_else(|| from_tags(members, &NAME_TAGS))
        .or_else(|| seeds.iter().find_map(|s| s.tag("Name").map(str::to_owned)))
        .or_else(|| seeds.first().map(|s| s.name.clone()))
        .unwrap_or_default()
}

/// An architecture's owner from its seeds and members, or `None`.
pub fn owner(seeds: &[&Resource], members: &[&Resource]) -> Option<String> {
    from_tags(seeds, &OWNER_TAGS).or_else(|| from_tags(members, &OWNER_TAGS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use nephos_model::{ResourceId, ResourceKind};

    fn res(name: &str, tags: &[(&str, &str)]) -> Resource {
        let mut r = Resource::new(ResourceId::new(name), ResourceKind::Vpc, "1", None, name);
        for (k, v) in tags {
            r.tags.insert((*k).into(), (*v).into());
        }
        r
    }

    #[test]
    fn ids_are_stable_and_order_sensitive_only_through_sorting() {
        let a = architecture_id(["x", "y"].into_iter());
        assert_eq!(a, architecture_id(["x", "y"].into_iter()));
        assert_ne!(a, architecture_id(["x"].into_iter()));
        assert_ne!(a, architecture_id(["xy"].into_iter()));
        assert_eq!(a.len(), "arch-".len() + 16);
        // FNV-1a-64 of the empty input is its offset basis.
        assert_eq!(architecture_id(std::iter::empty()), "arch-cbf29ce484222325");
    }

    #[test]
    fn name_prefers_application_tags_then_stack_then_name_tag() {
        let seed = res("vpc-1", &[("Name", "main-vpc")]);
        let m1 = res("i-1", &[("Project", "billing")]);
        let m2 = res("i-2", &[("aws:cloudformation:stack-name", "billing-stack")]);
        assert_eq!(name(&[&seed], &[&m1, &m2]), "billing");
        assert_eq!(name(&[&seed], &[&m2]), "billing-stack");
        assert_eq!(name(&[&seed], &[]), "main-vpc");
        let bare = res("vpc-2", &[]);
        assert_eq!(name(&[&bare], &[]), "vpc-2");
        let tagged = res("vpc-3", &[("application", "shop")]);
        assert_eq!(name(&[&tagged], &[&m1]), "shop");
    }

    #[test]
    fn most_common_value_wins_ties_alphabetical() {
        let a = res("a", &[("team", "zeta")]);
        let b = res("b", &[("Team", "alpha")]);
        let c = res("c", &[("TEAM", "zeta")]);
        assert_eq!(owner(&[], &[&a, &b, &c]).as_deref(), Some("zeta"));
        assert_eq!(owner(&[], &[&a, &b]).as_deref(), Some("alpha"));
        assert_eq!(owner(&[], &[]), None);
        let o = res("o", &[("owner", "ops@example.com")]);
        assert_eq!(owner(&[&o], &[&a]).as_deref(), Some("ops@example.com"));
    }
}
