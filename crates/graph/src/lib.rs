//! Resource graph, architectures and architecture diagrams.
//!
//! Placeholder: this crate is being built; see ARCHITECTURE.md for what it will own.
