//! No network ACL admits the internet to remote administration ports (SSH 22, RDP 3389).
//!
//! Why: network ACLs are the subnet-level backstop; one that allows `0.0.0.0/0` or `::/0` to 22 or
//! 3389 leaves only security groups between the internet and remote administration.
//! Fix: add deny entries for 22 and 3389 from `0.0.0.0/0` / `::/0` numbered below the allow, or
//! narrow the allow entries.

use ipnet::IpNet;
use nephos_model::props::{IpProtocol, NetworkAclEntry};
use nephos_model::{Properties, ResourceKind};
use serde_json::{Value, json};

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Remote server administration ports.
pub const PORTS: &[u16] = &[22, 3389];

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "ec2_networkacl_no_admin_ports_from_internet",
    title: "Network ACLs do not allow ingress from 0.0.0.0/0 or ::/0 to remote server administration ports (22, 3389)",
    severity: Severity::Medium,
    kinds: &[ResourceKind::NetworkAcl],
    rationale: "Network ACLs are the subnet-level backstop; allowing the internet to SSH or RDP there leaves only security groups in the way.",
    remediation: "Add inbound deny entries for TCP 22 and 3389 from 0.0.0.0/0 and ::/0 numbered below any allow, or narrow the allow entries.",
    references: &["https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html"],
    compliance: &[cis(&["5.1"])],
};

fn matches_port(e: &NetworkAclEntry, port: u16) -> bool {
    match e.protocol {
        IpProtocol::All => true,
        IpProtocol::Tcp => e
            .port_range
            .is_none_or(|(from, to)| from <= i32::from(port) && i32::from(port) <= to),
        _ => false,
    }
}

fn world(net: &IpNet, v6: bool) -> bool {
    net.prefix_len() == 0 && matches!(net, IpNet::V6(_)) == v6
}

/// The inbound entry that decides traffic from the whole internet (`/0` of one family) to
/// `port`: entries are evaluated by ascending rule number and the first match wins. Entries with
/// narrower CIDRs decide for only part of the internet, so they do not stop a `/0` allow from
/// exposing the port.
fn deciding_entry(entries: &[NetworkAclEntry], port: u16, v6: bool) -> Option<&NetworkAclEntry> {
    entries
        .iter()
        .filter(|e| !e.egress && world(&e.cidr, v6) && matches_port(e, port))
        .min_by_key(|e| e.rule_number)
}

/// Runs the check over every network ACL.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for acl in ctx.of_kind(ResourceKind::NetworkAcl) {
        let Properties::NetworkAcl(p) = &acl.props else {
            continue;
        };
        let mut open: Vec<Value> = Vec::new();
        for port in PORTS {
            for v6 in [false, true] {
                if let Some(e) = deciding_entry(&p.entries, *port, v6).filter(|e| e.allow) {
                    open.push(json!({
                        "entry": acl.id.with_fragment(&format!("ingress/{}", e.rule_number)),
                        "rule_number": e.rule_number,
                        "cidr": e.cidr.to_string(),
                        "protocol": e.protocol.name(),
                        "port_range": e.port_range,
                        "port": port,
                    }));
                }
            }
        }
        out.push(Finding::verdict(
            &META,
            acl,
            open.is_empty(),
            format!("{} does not admit the internet to ports 22/3389", acl.name),
            format!(
                "{} admits the internet to remote administration ports",
                acl.name
            ),
            json!({ "vpc_id": p.vpc_id, "allowing_entries": open }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::NetworkAclProps;

    fn entry(
        n: i32,
        allow: bool,
        proto: IpProtocol,
        cidr: &str,
        ports: Option<(i32, i32)>,
    ) -> NetworkAclEntry {
        NetworkAclEntry {
            rule_number: n,
            egress: false,
            protocol: proto,
            allow,
            cidr: cidr.parse().unwrap(),
            port_range: ports,
            icmp_type_code: None,
        }
    }

    fn acl(id: &str, entries: Vec<NetworkAclEntry>) -> nephos_model::Resource {
        ec2(
            ResourceKind::NetworkAcl,
            "network-acl",
            id,
            Properties::NetworkAcl(NetworkAclProps {
                vpc_id: "vpc-1".into(),
                entries,
                ..Default::default()
            }),
        )
    }

    #[test]
    fn first_matching_world_entry_decides() {
        let default_deny = entry(32767, false, IpProtocol::All, "0.0.0.0/0", None);
        let f = run_check(
            super::run,
            vec![
                acl(
                    "acl-default",
                    vec![
                        entry(100, true, IpProtocol::All, "0.0.0.0/0", None),
                        default_deny.clone(),
                    ],
                ),
                acl(
                    "acl-denied",
                    vec![
                        entry(50, false, IpProtocol::Tcp, "0.0.0.0/0", Some((22, 22))),
                        entry(60, false, IpProtocol::Tcp, "0.0.0.0/0", Some((3389, 3389))),
                        entry(100, true, IpProtocol::All, "0.0.0.0/0", None),
                        default_deny.clone(),
                    ],
                ),
                acl(
                    "acl-web",
                    vec![
                        entry(100, true, IpProtocol::Tcp, "0.0.0.0/0", Some((443, 443))),
                        default_deny.clone(),
                    ],
                ),
                acl(
                    "acl-v6",
                    vec![
                        entry(101, true, IpProtocol::Tcp, "::/0", Some((22, 22))),
                        default_deny,
                    ],
                ),
                acl(
                    "acl-partial-deny",
                    vec![
                        entry(
                            50,
                            false,
                            IpProtocol::Tcp,
                            "198.51.100.0/24",
                            Some((22, 22)),
                        ),
                        entry(100, true, IpProtocol::Tcp, "0.0.0.0/0", Some((22, 22))),
                    ],
                ),
            ],
        );
        assert_eq!(status_of(&f, "acl-default"), Some(Status::Fail));
        assert_eq!(status_of(&f, "acl-denied"), Some(Status::Pass));
        assert_eq!(status_of(&f, "acl-web"), Some(Status::Pass));
        assert_eq!(status_of(&f, "acl-v6"), Some(Status::Fail));
        assert_eq!(status_of(&f, "acl-partial-deny"), Some(Status::Fail));
    }
}
