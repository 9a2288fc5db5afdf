//! sqs checks.
