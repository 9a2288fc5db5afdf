//! dynamodb checks.
