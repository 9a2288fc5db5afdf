//! SQS checks: encryption at rest and public queue policies.

pub mod sqs_queue_encrypted;
pub mod sqs_queue_policy_not_public;
