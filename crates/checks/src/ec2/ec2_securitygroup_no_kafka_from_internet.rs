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
    #[test]
    fn fails_world_open_port_passes_private_source() {
        crate::ec2::open_port_fixtures::fails_world_open_port_passes_private_source(
            super::run,
            super::PORTS,
            super::PROTOCOLS,
        );
    }
}
