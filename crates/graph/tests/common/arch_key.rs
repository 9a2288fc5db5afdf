//! The architecture answer key of the demo estate (`labels.json` → `architectures`, built from what
//! the generator decided to build) against the architectures the graph finds.

use std::collections::{BTreeMap, BTreeSet};

use nephos_graph::Graph;

/// Generates a demo estate of about `resources` resources over at least `accounts` accounts, builds
/// its graph, and returns the number of application groups in the answer key and what differs
/// between the architectures and the key: groups whose seeds are spread over several
/// architectures, groups merged together, names and owners none of the group's applications have.
pub fn mismatches(resources: usize, accounts: usize) -> (usize, Vec<String>) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("estate");
    nephos_demo::generate(
        &dir,
        &nephos_demo::DemoOptions {
            resources,
            accounts,
            ..Default::default()
        },
    )
    .unwrap();
    let labels: nephos_demo::Labels =
        serde_json::from_slice(&std::fs::read(dir.join("labels.json")).unwrap()).unwrap();
    let inv = nephos_aws::import(&dir).unwrap().inventory;
    let g = Graph::build(&inv);
    let archs = g.architectures();
    let of_seed: BTreeMap<&str, usize> = archs
        .iter()
        .enumerate()
        .flat_map(|(i, a)| a.seeds.iter().map(move |s| (s.as_str(), i)))
        .collect();
    let mut out = Vec::new();
    let mut claimed: BTreeMap<usize, &str> = BTreeMap::new();
    for key in &labels.architectures {
        let found: BTreeSet<Option<usize>> = key
            .seeds
            .iter()
            .map(|s| of_seed.get(s.as_str()).copied())
            .collect();
        let [Some(i)] = found.iter().copied().collect::<Vec<_>>()[..] else {
            out.push(format!(
                "{}: seeds {:?} are spread over {} architectures",
                key.id,
                key.seeds,
                found.len()
            ));
            continue;
        };
        if let Some(other) = claimed.insert(i, &key.id) {
            out.push(format!(
                "{} and {other} are merged into {} (seeds {:?}) (joined by {:?})",
                key.id,
                archs[i].id,
                archs[i]
                    .seeds
                    .iter()
                    .filter(|s| !s.as_str().contains(":lambda:"))
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>(),
                archs[i]
                    .joined_by
                    .iter()
                    .map(|j| format!("{} {:?}", j.resource, j.how))
                    .collect::<Vec<_>>()
            ));
        }
        let a = &archs[i];
        let names: BTreeSet<&str> = if key.applications.is_empty() {
            key.vpc_names.iter().map(String::as_str).collect()
        } else {
            key.applications.iter().map(|a| a.name.as_str()).collect()
        };
        if !names.contains(a.name.as_str()) {
            out.push(format!(
                "{}: named {:?}, expected one of {names:?}",
                key.id, a.name
            ));
        }
        // Owners come from seeds first: a group with no application seed (no pipeline function,
        // its cluster shared) is owned by its VPCs' team, `netops`.
        let mut owners: BTreeSet<&str> =
            key.applications.iter().map(|a| a.owner.as_str()).collect();
        if key.seeds.iter().all(|s| s.contains(":vpc/")) {
            owners.insert("netops");
        }
        if !a.owner.as_deref().is_some_and(|o| owners.contains(o)) {
            out.push(format!(
                "{}: owned by {:?}, expected one of {owners:?}",
                key.id, a.owner
            ));
        }
    }
    (labels.architectures.len(), out)
}
