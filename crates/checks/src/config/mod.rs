//! AWS Config checks.

pub mod config_recorder_enabled;
