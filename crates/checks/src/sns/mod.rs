//! sns checks.
