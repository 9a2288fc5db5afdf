//! Scores the architectures found on a generated demo estate against the generator's answer key
//! (`labels.json` → `architectures`, built from what the generator decided to build): prints every
//! application group whose seeds are spread over several architectures, groups merged together,
//! and names or owners that are none of the group's applications'.
//!
//! `cargo run --example architecture_key -p nephos-graph [-- RESOURCES [ACCOUNTS]]` (default
//! 100,000 resources, 4 accounts).
#![expect(
    clippy::unwrap_used,
    reason = "a demo estate that does not generate or import stops the example"
)]

#[path = "../tests/common/arch_key.rs"]
mod arch_key;

fn main() {
    let resources = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let accounts = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(4);
    let (expected, out) = arch_key::mismatches(resources, accounts);
    println!(
        "{expected} application groups in the key; {} mismatches",
        out.len()
    );
    for line in out {
        println!("{line}");
    }
}
