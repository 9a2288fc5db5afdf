//! s3 checks.
