//! No security group admits `::/0` to remote administration ports (SSH 22, RDP 3389).
//!
//! Why: SSH and RDP open to the whole internet are brute-forced and exploited constantly; remote
//! administration should come from known networks or through Session Manager.
//! Fix: remove the `::/0` rule for ports 22 / 3389 (or for all traffic) and use SSM Session
//! Manager, a bastion or specific CIDRs.

use nephos_model::ResourceKind;
use nephos_model::props::IpProtocol;

use crate::context::Context;
use crate::exposure::{Family, check_open_ports};
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Remote server administration ports.
pub const PORTS: &[u16] = &[22, 3389];

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "ec2_securitygroup_no_admin_ports_ipv6",
    title: "Security groups do not allow ingress from ::/0 to remote server administration ports (22, 3389)",
    severity: Severity::High,
    kinds: &[ResourceKind::SecurityGroup],
    rationale: "SSH and RDP reachable from the whole internet are brute-forced and exploited constantly.",
    remediation: "Remove ingress rules from ::/0 to TCP 22/3389 (and all-traffic rules); use SSM Session Manager, a bastion or specific CIDRs.",
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html",
    ],
    compliance: &[cis(&["5.3"])],
};

/// Runs the check over every security group (TCP rules and all-protocol rules count).
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    check_open_ports(ctx, out, &META, PORTS, &[IpProtocol::Tcp], Family::V6);
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::IpProtocol;

    #[test]
    fn fails_ssh_rdp_or_all_traffic_from_v6() {
        let f = run_check(
            super::run,
            vec![
                security_group(
                    "sg-ssh",
                    "ssh",
                    vec![rule(IpProtocol::Tcp, 22, 22, "::/0")],
                    vec![],
                ),
                security_group(
                    "sg-rdp",
                    "rdp",
                    vec![rule(IpProtocol::Tcp, 3000, 4000, "::/0")],
                    vec![],
                ),
                security_group(
                    "sg-all",
                    "all",
                    vec![rule(IpProtocol::All, -1, -1, "::/0")],
                    vec![],
                ),
                security_group(
                    "sg-office",
                    "office",
                    vec![rule(IpProtocol::Tcp, 22, 22, "203.0.113.0/24")],
                    vec![],
                ),
                security_group(
                    "sg-otherfamily",
                    "other",
                    vec![rule(IpProtocol::Tcp, 22, 22, "0.0.0.0/0")],
                    vec![],
                ),
                security_group(
                    "sg-udp",
                    "udp",
                    vec![rule(IpProtocol::Udp, 22, 22, "::/0")],
                    vec![],
                ),
            ],
        );
        assert_eq!(status_of(&f, "sg-ssh"), Some(Status::Fail));
        assert_eq!(status_of(&f, "sg-rdp"), Some(Status::Fail));
        assert_eq!(status_of(&f, "sg-all"), Some(Status::Fail));
        assert_eq!(status_of(&f, "sg-office"), Some(Status::Pass));
        assert_eq!(status_of(&f, "sg-otherfamily"), Some(Status::Pass));
        assert_eq!(status_of(&f, "sg-udp"), Some(Status::Pass));
    }
}
