//! Misconfiguration checks with compliance mappings.
//!
//! Placeholder: this crate is being built; see ARCHITECTURE.md for what it will own.
