//! One module per subcommand: its arguments (with their help text) and its `run` function.

pub mod access;
pub mod architectures;
pub mod can_do;

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
pub mod outliers;
pub mod reach;
pub mod scan;
pub mod snapshots;
pub mod who_can;
