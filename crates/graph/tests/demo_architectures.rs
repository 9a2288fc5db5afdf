//! The architectures found on the generated demo estate (100k resources, the size of the
//! documented demo) against the generator's answer key (`labels.json` → `architectures`): every
//! application group's seeds in one architecture, no two groups merged, each named after one of
//! its applications and owned by one of their teams.
#![expect(
    clippy::unwrap_used,
    reason = "test set-up: a demo estate that does not generate or import fails the test"
)]

#[path = "common/arch_key.rs"]
mod arch_key;

#[test]
fn architectures_match_the_generators_answer_key() {
    let (expected, out) = arch_key::mismatches(100_000, 4);
    assert!(expected > 20, "the key lists {expected} application groups");
    assert!(
        out.is_empty(),
        "{} mismatches:\n{}",
        out.len(),
        out.join("\n")
    );
}
