//! elb checks.
