//! No security group admits the internet to Kafka (port(s) 9092).
//!
//! Why: Kafka exposed to `0.0.0.0/0` or `::/0` is scanned within minutes and attacked with
//! credential stuffing and known exploits; it should be reachable only from known networks.
//! Fix: replace the world-open rule with the CIDRs or security groups that need access, or put the
//! service behind a VPN, bastion or load balancer.

use nephos_model::ResourceKind;
use nephos_model::props::IpProtocol;

use crate::context::Context;
use crate::exposure::{Family, check_open_ports};
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// The ports judged.
pub const PORTS: &[u16] = &[9092];

/// The protocols judged (all-protocol rules always count).
pub const PROTOCOLS: &[IpProtocol] = &[IpProtocol::Tcp];

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "ec2_securitygroup_no_kafka_from_internet",
    title: "Security groups do not allow ingress from 0.0.0.0/0 or ::/0 to Kafka",
    severity: Severity::High,
    kinds: &[ResourceKind::SecurityGroup],
    rationale: "Kafka open to the whole internet is found by scanners within minutes and attacked with credential stuffing and known exploits.",
    remediation: "Replace the 0.0.0.0/0 or ::/0 source with the specific CIDRs or security groups that need Kafka, or reach it through a VPN or bastion.",
    references: &["https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html"],
    compliance: &[],
};

/// Runs the check over every security group.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    check_open_ports(ctx, out, &META, PORTS, PROTOCOLS, Family::Any);
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::IpProtocol;

    #[test]
    fn fails_world_open_port_passes_private_source() {
        let port = i32::from(super::PORTS[super::PORTS.len() - 1]);
        let proto = super::PROTOCOLS[0];
        let f = run_check(
            super::run,
            vec![
                security_group(
                    "sg-open4",
                    "open4",
                    vec![rule(proto, port, port, "0.0.0.0/0")],
                    vec![],
                ),
                security_group(
                    "sg-open6",
                    "open6",
                    vec![rule(proto, port - 1, port + 1, "::/0")],
                    vec![],
                ),
                security_group(
                    "sg-private",
                    "private",
                    vec![rule(proto, port, port, "10.0.0.0/8")],
                    vec![],
                ),
                security_group(
                    "sg-other",
                    "other",
                    vec![rule(IpProtocol::Tcp, 443, 443, "0.0.0.0/0")],
                    vec![],
                ),
            ],
        );
        assert_eq!(status_of(&f, "sg-open4"), Some(Status::Fail));
        assert_eq!(status_of(&f, "sg-open6"), Some(Status::Fail));
        assert_eq!(status_of(&f, "sg-private"), Some(Status::Pass));
        assert_eq!(status_of(&f, "sg-other"), Some(Status::Pass));
    }
}
