//! Outlier model, risk scoring and attack paths.
//!
//! Placeholder: this crate is being built; see ARCHITECTURE.md for what it will own.
