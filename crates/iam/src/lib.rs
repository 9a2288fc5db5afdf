//! IAM policy language: parser, evaluator, effective access, privilege escalation.
//!
//! Placeholder: this crate is being built; see ARCHITECTURE.md for what it will own.
