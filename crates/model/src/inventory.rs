//! An inventory: one snapshot of an estate.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::{Relationship, Resource, ResourceId, ResourceKind, Timestamp};

/// Which parts of an estate were actually collected.
///
/// Real collections are partial: a service was denied, a region skipped, a file never written.
/// Analyses must tell "no route tables" from "route tables not collected"; this is where they ask.
/// A source is named by its account-data file stem, e.g. `ec2-describe-route-tables`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    collected: BTreeSet<(String, String, String)>,
    failed: BTreeMap<(String, String, String), String>,
}

impl Coverage {
    /// Records that `source` was read for `account` in `region` (`us-east-1` for global services).
    pub fn mark_collected(&mut self, account: &str, region: &str, source: &str) {
        self.collected
            .insert((account.to_owned(), region.to_owned(), source.to_owned()));
    }

    /// Records that collecting `source` failed (access denied, opt-in region, …) with a reason.
    pub fn mark_failed(&mut self, account: &str, region: &str, source: &str, reason: &str) {
        self.failed.insert(
            (account.to_owned(), region.to_owned(), source.to_owned()),
            reason.to_owned(),
        );
    }

    /// Was `source` collected for this account and region?
    pub fn is_collected(&self, account: &str, region: &str, source: &str) -> bool {
        self.collected
            .contains(&(account.to_owned(), region.to_owned(), source.to_owned()))
    }

    /// Why collecting `source` failed, if it did.
    pub fn failure(&self, account: &str, region: &str, source: &str) -> Option<&str> {
        self.failed
            .get(&(account.to_owned(), region.to_owned(), source.to_owned()))
            .map(String::as_str)
    }

    /// Every (account, region, source) that was collected.
    pub fn collected(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.collected
            .iter()
            .map(|(a, r, s)| (a.as_str(), r.as_str(), s.as_str()))
    }

    /// Every (account, region, source) that failed, with the reason.
    pub fn failed(&self) -> impl Iterator<Item = ((&str, &str, &str), &str)> {
        self.failed
            .iter()
            .map(|((a, r, s), why)| ((a.as_str(), r.as_str(), s.as_str()), why.as_str()))
    }

    /// Merges another coverage into this one.
    pub fn extend(&mut self, other: Coverage) {
        self.collected.extend(other.collected);
        self.failed.extend(other.failed);
    }
}

/// One snapshot of an estate: resources, declared relationships, and provenance.
///
/// Resource ids are unique: inserting a resource with an id already present replaces it (the later
/// observation wins) and is reported by [`Inventory::insert`].
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    /// When the snapshot was taken (the newest collection time seen, else the import time).
    pub taken_at: Option<Timestamp>,
    /// Where it came from: a folder path, `demo:seed=…`, a collector run id.
    pub source: String,
    /// What was and was not collected.
    pub coverage: Coverage,
    resources: Vec<Resource>,
    relationships: Vec<Relationship>,
    index: HashMap<ResourceId, usize>,
}

impl Inventory {
    /// An empty inventory from `source`.
    pub fn new(source: impl Into<String>) -> Self {
        Self {
            source: source.into(),
            ..Self::default()
        }
    }

    /// Adds a resource. Returns the replaced resource when one with the same id was present.
    pub fn insert(&mut self, resource: Resource) -> Option<Resource> {
        match self.index.get(&resource.id) {
            Some(&i) => self
                .resources
                .get_mut(i)
                .map(|slot| std::mem::replace(slot, resource)),
            None => {
                self.index.insert(resource.id.clone(), self.resources.len());
                self.resources.push(resource);
                None
            }
        }
    }

    /// Removes a resource and every relationship that starts or ends at it.
    pub fn remove(&mut self, id: &ResourceId) -> Option<Resource> {
        let i = self.index.remove(id)?;
        let removed = self.resources.swap_remove(i);
        if let Some(moved) = self.resources.get(i) {
            self.index.insert(moved.id.clone(), i);
        }
        self.relationships.retain(|r| &r.from != id && &r.to != id);
        Some(removed)
    }

    /// Adds a declared relationship.
    pub fn relate(&mut self, relationship: Relationship) {
        self.relationships.push(relationship);
    }

    /// Sorts relationships and drops exact duplicates (the same fact read from two files).
    pub fn dedup_relationships(&mut self) {
        self.relationships.sort_by(|a, b| {
            (&a.from, &a.to, a.kind, &a.evidence).cmp(&(&b.from, &b.to, b.kind, &b.evidence))
        });
        self.relationships.dedup();
    }

    /// The resource with this id.
    pub fn get(&self, id: &ResourceId) -> Option<&Resource> {
        self.index.get(id).and_then(|&i| self.resources.get(i))
    }

    /// The resource with this id, mutably.
    pub fn get_mut(&mut self, id: &ResourceId) -> Option<&mut Resource> {
        let i = *self.index.get(id)?;
        self.resources.get_mut(i)
    }

    /// All resources, in insertion order.
    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }

    /// All declared relationships.
    pub fn relationships(&self) -> &[Relationship] {
        &self.relationships
    }

    /// Resources of one kind.
    pub fn of_kind(&self, kind: ResourceKind) -> impl Iterator<Item = &Resource> {
        self.resources.iter().filter(move |r| r.kind == kind)
    }

    /// Number of resources.
    pub fn len(&self) -> usize {
        self.resources.len()
    }

    /// True when there are no resources.
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }

    /// Count of resources per kind, sorted by kind name.
    pub fn counts_by_kind(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        for r in &self.resources {
            *counts.entry(r.kind.as_str()).or_insert(0) += 1;
        }
        counts
    }

    /// Takes the resources (in insertion order) and the declared relationships out of the
    /// inventory, for consumers that build their own structures without copying every resource.
    pub fn into_parts(self) -> (Vec<Resource>, Vec<Relationship>) {
        (self.resources, self.relationships)
    }

    /// Merges another inventory (another account folder) into this one.
    pub fn extend(&mut self, other: Inventory) {
        for r in other.resources {
            self.insert(r);
        }
        self.relationships.extend(other.relationships);
        self.coverage.extend(other.coverage);
        self.taken_at = self.taken_at.max(other.taken_at);
    }

    /// The accounts present, sorted.
    pub fn accounts(&self) -> BTreeSet<&str> {
        self.resources.iter().map(|r| r.account.as_str()).collect()
    }
}

/// Lookups over an inventory that analyses need often: by kind and by short AWS id
/// (`sg-…`, `subnet-…`) within an account and region.
#[derive(Debug, Default)]
pub struct InventoryIndex {
    by_kind: HashMap<ResourceKind, Vec<usize>>,
}

impl InventoryIndex {
    /// Builds the index in one pass.
    pub fn build(inventory: &Inventory) -> Self {
        let mut by_kind: HashMap<ResourceKind, Vec<usize>> = HashMap::new();
        for (i, r) in inventory.resources().iter().enumerate() {
            by_kind.entry(r.kind).or_default().push(i);
        }
        Self { by_kind }
    }

    /// Positions (into [`Inventory::resources`]) of the resources of `kind`.
    pub fn positions(&self, kind: ResourceKind) -> &[usize] {
        self.by_kind.get(&kind).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RelationshipKind;

    fn res(id: &str) -> Resource {
        Resource::new(ResourceId::new(id), ResourceKind::Vpc, "1", None, id)
    }

    #[test]
    fn insert_replaces_and_remove_keeps_index_consistent() {
        let mut inv = Inventory::new("test");
        assert!(inv.insert(res("a")).is_none());
        inv.insert(res("b"));
        inv.insert(res("c"));
        assert!(inv.insert(res("a")).is_some());
        assert_eq!(inv.len(), 3);
        inv.relate(Relationship::new(
            ResourceId::new("a"),
            RelationshipKind::Contains,
            ResourceId::new("c"),
            "t",
        ));
        inv.remove(&ResourceId::new("a"));
        assert_eq!(inv.len(), 2);
        assert!(inv.relationships().is_empty());
        assert_eq!(inv.get(&ResourceId::new("c")).unwrap().name, "c");
        assert_eq!(inv.get(&ResourceId::new("b")).unwrap().name, "b");
        assert!(inv.get(&ResourceId::new("a")).is_none());
    }
}
