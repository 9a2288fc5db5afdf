//! The architectures found on generated demo estates against the generator's answer key
//! (`labels.json` → `architectures`): every application group's seeds in one architecture, no two
//! groups merged, each named after one of its applications and owned by one of their teams. Several
//! layouts: a small estate whose peering hub has only two spokes (so it joins them), mid-size ones,
//! eight accounts (several networks per region sharing a cluster), and the documented 100k demo.
#![expect(
    clippy::unwrap_used,
    reason = "test set-up: a demo estate that does not generate or import fails the test"
)]

#[path = "common/arch_key.rs"]
mod arch_key;

fn assert_matches(resources: usize, accounts: usize, min_groups: usize) {
    let (expected, out) = arch_key::mismatches(resources, accounts);
    assert!(
        expected >= min_groups,
        "{resources} resources / {accounts} accounts: the key lists {expected} application groups"
    );
    assert!(
        out.is_empty(),
        "{resources} resources / {accounts} accounts: {} mismatches:\n{}",
        out.len(),
        out.join("\n")
    );
}

#[test]
fn small_estate_with_a_two_spoke_hub_matches_the_key() {
    assert_matches(2_000, 4, 3);
}

#[test]
fn mid_size_estate_matches_the_key() {
    assert_matches(20_000, 4, 20);
}

#[test]
fn eight_account_estate_matches_the_key() {
    assert_matches(30_000, 8, 30);
}

#[test]
fn documented_demo_estate_matches_the_key() {
    assert_matches(100_000, 4, 50);
}
