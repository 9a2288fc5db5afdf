//! Load balancer checks: plaintext listeners on internet-facing load balancers.

pub mod elb_classic_listener_encrypted;
pub mod elb_listener_https_enforced;
