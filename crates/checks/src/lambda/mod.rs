//! lambda checks.
