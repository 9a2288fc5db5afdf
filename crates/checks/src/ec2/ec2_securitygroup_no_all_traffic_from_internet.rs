//! No security group admits the internet on every port.
//!
//! Why: an all-traffic (or all-ports) rule from `0.0.0.0/0` / `::/0` exposes every service the
//! instance runs, including ones nobody meant to publish.
//! Fix: replace the rule with rules for the specific ports the service needs.

use nephos_model::props::IpProtocol;
use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::exposure::{Family, rule_evidence, world_peer};
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "ec2_securitygroup_no_all_traffic_from_internet",
    title: "Security groups do not allow all traffic (every protocol or every port) from the internet",
    severity: Severity::Critical,
    kinds: &[ResourceKind::SecurityGroup],
    rationale: "An all-traffic rule from 0.0.0.0/0 or ::/0 exposes every service on the attached interfaces, including ones never meant to be public.",
    remediation: "Replace the rule with rules for the specific ports the workload serves.",
    references: &["https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html"],
    compliance: &[],
};

/// Runs the check over every security group.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for group in ctx.of_kind(ResourceKind::SecurityGroup) {
        let Properties::SecurityGroup(sg) = &group.props else {
            continue;
        };
        let open: Vec<_> = sg
            .ingress
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let all_ports = match r.protocol {
                    IpProtocol::All => true,
                    IpProtocol::Tcp | IpProtocol::Udp => {
                        let (from, to) = (r.from_port.unwrap_or(-1), r.to_port.unwrap_or(-1));
                        (from == -1 && to == -1) || (from <= 0 && to >= 65535)
                    }
                    _ => false,
                };
                if !all_ports {
                    return None;
                }
                world_peer(ctx, group, r, Family::Any).map(|cidr| rule_evidence(group, i, r, cidr))
            })
            .collect();
        out.push(Finding::verdict(
            &META,
            group,
            open.is_empty(),
            format!("{} has no all-traffic rule from the internet", sg.group_id),
            format!("{} admits all traffic from the internet", sg.group_id),
            json!({ "rules": open }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::IpProtocol;

    #[test]
    fn fails_all_protocols_or_all_ports() {
        let f = run_check(
            super::run,
            vec![
                security_group(
                    "sg-all",
                    "a",
                    vec![rule(IpProtocol::All, -1, -1, "0.0.0.0/0")],
                    vec![],
                ),
                security_group(
                    "sg-ports",
                    "b",
                    vec![rule(IpProtocol::Tcp, 0, 65535, "::/0")],
                    vec![],
                ),
                security_group(
                    "sg-web",
                    "c",
                    vec![rule(IpProtocol::Tcp, 443, 443, "0.0.0.0/0")],
                    vec![],
                ),
                security_group(
                    "sg-vpc",
                    "d",
                    vec![rule(IpProtocol::All, -1, -1, "10.0.0.0/16")],
                    vec![],
                ),
            ],
        );
        assert_eq!(status_of(&f, "sg-all"), Some(Status::Fail));
        assert_eq!(status_of(&f, "sg-ports"), Some(Status::Fail));
        assert_eq!(status_of(&f, "sg-web"), Some(Status::Pass));
        assert_eq!(status_of(&f, "sg-vpc"), Some(Status::Pass));
    }
}
