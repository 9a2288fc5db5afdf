//! rds checks.
