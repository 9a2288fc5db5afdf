//! VPC checks: flow logs, peering routes, subnets that hand out public addresses.

pub mod vpc_flow_logs_enabled;
pub mod vpc_peering_routes_least_access;
pub mod vpc_subnet_no_auto_public_ip;
