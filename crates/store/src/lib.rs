//! Snapshot store: SQLite by default.
//!
//! Placeholder: this crate is being built; see ARCHITECTURE.md for what it will own.
