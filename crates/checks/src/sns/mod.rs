//! SNS checks: encryption at rest and public topic policies.

pub mod sns_topic_encrypted;
pub mod sns_topic_policy_not_public;
