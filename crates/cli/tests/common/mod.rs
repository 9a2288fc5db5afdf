//! Helpers shared by the end-to-end tests: run the built `nephos` binary and read its output.
#![allow(
    dead_code,
    reason = "each test binary includes this module and uses part of it"
)]
#![allow(
    clippy::expect_used,
    reason = "a failed run fails the test that made it"
)]

use std::process::{Command, Output};

/// Runs the `nephos` binary built for these tests with `args`.
pub fn nephos(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nephos"))
        .args(args)
        .output()
        .expect("nephos runs")
}

/// The standard output of a run that must have succeeded (its standard error otherwise).
pub fn ok(out: &Output) -> &[u8] {
    assert!(
        out.status.success(),
        "nephos failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    &out.stdout
}

/// The standard output of a successful run, parsed as JSON.
pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(ok(out)).expect("stdout is JSON")
}
