//! ec2 checks.
