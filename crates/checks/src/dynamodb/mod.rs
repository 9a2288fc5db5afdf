//! DynamoDB checks.

pub mod dynamodb_table_pitr_enabled;
