//! Instances have no public IPv4 address.
//!
//! Why: a public address makes the instance directly reachable from the internet wherever its
//! security groups allow; most workloads belong behind a load balancer or NAT.
//! Fix: launch into private subnets (no auto-assigned public IP), release Elastic IPs, and publish
//! through a load balancer.

use nephos_model::ResourceKind;
use serde_json::json;

use super::live_instances;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "ec2_instance_no_public_ip",
    title: "EC2 instances have no public IPv4 address",
    severity: Severity::Low,
    kinds: &[ResourceKind::Instance],
    rationale: "A public address makes the instance directly reachable from the internet wherever its security groups allow.",
    remediation: "Move the instance to a private subnet (or disable auto-assign public IP), release Elastic IPs, and publish through a load balancer.",
    references: &[
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html",
    ],
    compliance: &[],
};

/// Runs the check over instances that are not terminated.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in live_instances(ctx) {
        out.push(Finding::verdict(
            &META,
            r,
            p.public_ip.is_none(),
            format!("{} has no public IPv4 address", p.instance_id),
            format!("{} has a public IPv4 address", p.instance_id),
            json!({ "public_ip": p.public_ip, "subnet_id": p.subnet_id }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::instance;
    use crate::finding::Status;
    use crate::testutil::*;

    #[test]
    fn fails_public_address() {
        let f = run_check(
            super::run,
            vec![
                instance("i-pub", |p| {
                    p.public_ip = Some("198.51.100.7".parse().unwrap())
                }),
                instance("i-priv", |_| {}),
            ],
        );
        assert_eq!(status_of(&f, "i-pub"), Some(Status::Fail));
        assert_eq!(status_of(&f, "i-priv"), Some(Status::Pass));
    }
}
