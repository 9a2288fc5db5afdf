//! Routes through VPC peering connections cover only the subnets that need to talk, not whole VPCs.
//!
//! Why: a route for the peer's entire CIDR (or a default route) through a peering connection
//! exposes every subnet on both sides to each other; least access routes only what is needed.
//! Fix: replace whole-VPC (or `0.0.0.0/0`) routes via the peering connection with routes to the
//! specific subnets or hosts that must communicate.

use std::collections::HashMap;

use ipnet::IpNet;
use nephos_model::props::{RouteDestination, RouteTarget};
use nephos_model::{Properties, Resource, ResourceKind};
use serde_json::{Value, json};

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "vpc_peering_routes_least_access",
    title: "Routing tables for VPC peering are \"least access\" (no whole-VPC or default routes)",
    severity: Severity::Medium,
    kinds: &[ResourceKind::VpcPeeringConnection],
    rationale: "Routing a peer's whole CIDR (or everything) through a peering connection connects every subnet of both VPCs instead of only those that need it.",
    remediation: "Replace routes to the peer's whole CIDR or 0.0.0.0/0 via the pcx with routes to the specific subnets that must communicate.",
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/peering/peering-configurations-partial-access.html",
    ],
    compliance: &[cis(&["5.5"])],
};

/// Runs the check over every peering connection whose route tables were collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    let mut routes_by_pcx: HashMap<(&str, &str), Vec<(&Resource, IpNet)>> = HashMap::new();
    for table in ctx.of_kind(ResourceKind::RouteTable) {
        let Properties::RouteTable(rt) = &table.props else {
            continue;
        };
        for route in &rt.routes {
            if let (RouteTarget::VpcPeeringConnection(pcx), RouteDestination::Cidr(cidr)) =
                (&route.target, &route.destination)
            {
                routes_by_pcx
                    .entry((table.account.as_str(), pcx.as_str()))
                    .or_default()
                    .push((table, *cidr));
            }
        }
    }
    for pcx in ctx.of_kind(ResourceKind::VpcPeeringConnection) {
        let Properties::VpcPeeringConnection(p) = &pcx.props else {
            continue;
        };
        let vpc_cidrs: Vec<IpNet> = [&p.requester, &p.accepter]
            .iter()
            .flat_map(|side| {
                side.cidr_blocks
                    .iter()
                    .map(|c| IpNet::V4(*c))
                    .chain(side.ipv6_cidr_blocks.iter().map(|c| IpNet::V6(*c)))
            })
            .collect();
        let routes = routes_by_pcx
            .get(&(pcx.account.as_str(), pcx.id.short()))
            .map_or(&[][..], Vec::as_slice);
        let broad: Vec<Value> = routes
            .iter()
            .filter(|(_, dest)| {
                dest.prefix_len() == 0 || vpc_cidrs.iter().any(|vpc| dest.contains(vpc))
            })
            .map(
                |(table, dest)| json!({ "route_table": table.id, "destination": dest.to_string() }),
            )
            .collect();
        out.push(Finding::verdict(
            &META,
            pcx,
            broad.is_empty(),
            format!("routes via {} cover only parts of the peered VPCs", pcx.id.short()),
            format!("{} route(s) via {} cover a whole VPC or everything", broad.len(), pcx.id.short()),
            json!({ "broad_routes": broad, "vpc_cidrs": vpc_cidrs.iter().map(ToString::to_string).collect::<Vec<_>>() }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::*;
    use nephos_model::{Properties, ResourceKind};

    fn pcx(id: &str) -> nephos_model::Resource {
        ec2(
            ResourceKind::VpcPeeringConnection,
            "vpc-peering-connection",
            id,
            Properties::VpcPeeringConnection(VpcPeeringProps {
                requester: PeeringSide {
                    vpc_id: "vpc-a".into(),
                    cidr_blocks: vec!["10.0.0.0/16".parse().unwrap()],
                    ..Default::default()
                },
                accepter: PeeringSide {
                    vpc_id: "vpc-b".into(),
                    cidr_blocks: vec!["10.1.0.0/16".parse().unwrap()],
                    ..Default::default()
                },
                status: "active".into(),
            }),
        )
    }

    fn table(id: &str, routes: Vec<(&str, &str)>) -> nephos_model::Resource {
        ec2(
            ResourceKind::RouteTable,
            "route-table",
            id,
            Properties::RouteTable(RouteTableProps {
                vpc_id: "vpc-a".into(),
                routes: routes
                    .into_iter()
                    .map(|(dest, pcx)| Route {
                        destination: RouteDestination::Cidr(dest.parse().unwrap()),
                        target: RouteTarget::VpcPeeringConnection(pcx.into()),
                        active: true,
                        origin: "CreateRoute".into(),
                    })
                    .collect(),
                associations: vec![],
            }),
        )
    }

    #[test]
    fn fails_whole_vpc_or_default_route() {
        let f = run_check(
            super::run,
            vec![
                pcx("pcx-whole"),
                pcx("pcx-subnet"),
                pcx("pcx-default"),
                table(
                    "rtb-1",
                    vec![
                        ("10.1.0.0/16", "pcx-whole"),
                        ("10.1.2.0/24", "pcx-subnet"),
                        ("0.0.0.0/0", "pcx-default"),
                    ],
                ),
            ],
        );
        assert_eq!(status_of(&f, "pcx-whole"), Some(Status::Fail));
        assert_eq!(status_of(&f, "pcx-subnet"), Some(Status::Pass));
        assert_eq!(status_of(&f, "pcx-default"), Some(Status::Fail));
    }
}
