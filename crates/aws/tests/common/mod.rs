//! Helpers shared by the integration tests.
#![allow(dead_code, reason = "each test file uses a different subset")]
#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail the test that calls them"
)]

use std::path::PathBuf;
use std::sync::OnceLock;

use nephos_aws::{Imported, import};
use nephos_model::{Inventory, RelationshipKind, Resource, ResourceId};

pub const A: &str = "111122223333";
pub const B: &str = "444455556666";

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The estate fixture, imported once per test binary.
pub fn estate() -> &'static Imported {
    static ESTATE: OnceLock<Imported> = OnceLock::new();
    ESTATE.get_or_init(|| import(&fixture("estate")).expect("estate imports"))
}

pub fn ec2(region: &str, account: &str, t: &str, id: &str) -> String {
    format!("arn:aws:ec2:{region}:{account}:{t}/{id}")
}

pub fn res<'a>(inv: &'a Inventory, id: &str) -> &'a Resource {
    inv.get(&ResourceId::new(id))
        .unwrap_or_else(|| panic!("no resource `{id}`"))
}

/// The evidence of the relationship `from` -kind-> `to`, or `None`.
pub fn rel(inv: &Inventory, from: &str, kind: RelationshipKind, to: &str) -> Option<String> {
    inv.relationships()
        .iter()
        .find(|r| r.from.as_str() == from && r.kind == kind && r.to.as_str() == to)
        .map(|r| r.evidence.clone())
}

#[track_caller]
pub fn assert_rel(inv: &Inventory, from: &str, kind: RelationshipKind, to: &str) -> String {
    match rel(inv, from, kind, to) {
        Some(e) => e,
        None => {
            let near: Vec<String> = inv
                .relationships()
                .iter()
                .filter(|r| r.from.as_str() == from || r.to.as_str() == to)
                .map(|r| format!("{} -{}-> {}", r.from, r.kind.as_str(), r.to))
                .collect();
            panic!("missing {from} -{}-> {to}; near: {near:#?}", kind.as_str())
        }
    }
}
