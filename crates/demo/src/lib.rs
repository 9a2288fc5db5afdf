//! Deterministic synthetic AWS estate generator with an answer key.
//!
//! Placeholder: this crate is being built; see ARCHITECTURE.md for what it will own.
