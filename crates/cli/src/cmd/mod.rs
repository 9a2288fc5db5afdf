//! One module per subcommand: its arguments (with their help text) and its `run` function.

pub mod architectures;

pub mod checks;
#[cfg(feature = "collect")]
pub mod collect;
pub mod common;
pub mod demo;
pub mod diagram;
pub mod exposure;
pub mod filter;
pub mod findings;
pub mod inventory;
pub mod kinds;
pub mod reach;
pub mod scan;
pub mod snapshots;
