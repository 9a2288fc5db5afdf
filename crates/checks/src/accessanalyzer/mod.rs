//! IAM Access Analyzer checks.

pub mod accessanalyzer_enabled;
