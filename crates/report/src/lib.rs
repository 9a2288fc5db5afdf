//! Output formats: table, JSON, CSV, SARIF, OCSF, ASFF, HTML.
//!
//! Placeholder: this crate is being built; see ARCHITECTURE.md for what it will own.
