//! config checks.
