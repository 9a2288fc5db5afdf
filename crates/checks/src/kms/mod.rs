//! kms checks.
