//! AWS account-data layout: response shapes and import into the nephos model.
//!
//! Placeholder: this crate is being built; see ARCHITECTURE.md for what it will own.
