//! One module per subcommand: its arguments (with their help text) and its `run` function.

pub mod access;
pub mod can_do;
pub mod common;
pub mod demo;
pub mod filter;
pub mod inventory;
pub mod kinds;
pub mod scan;
pub mod snapshots;
pub mod who_can;
