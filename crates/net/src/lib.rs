//! Network reachability engine: address and port sets, security groups, NACLs, routes, exposure.
//!
//! Placeholder: this crate is being built; see ARCHITECTURE.md for what it will own.
