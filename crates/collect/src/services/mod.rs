//! One module per AWS service: its calls and its converters from SDK outputs to CLI-shaped JSON.

pub(crate) mod accessanalyzer;
pub(crate) mod cloudtrail;
pub(crate) mod config;
pub(crate) mod dynamodb;
pub(crate) mod ec2;
pub(crate) mod ecs;
pub(crate) mod elb;
pub(crate) mod elbv2;
pub(crate) mod iam;
pub(crate) mod kms;
pub(crate) mod lambda;
pub(crate) mod organizations;
pub(crate) mod rds;
pub(crate) mod s3;
pub(crate) mod s3control;
pub(crate) mod sns;
pub(crate) mod sqs;
pub(crate) mod sts;
