//! Which VPCs a transit gateway joins: two VPC attachments of one gateway are joined when the route
//! table each is associated with has an active route to the other attachment (both directions, so
//! a connection can be answered). Attachments that are not `available`, tables whose routes were not
//! collected, and blackhole routes join nothing.

use std::collections::{HashMap, HashSet};

use nephos_model::{Properties, ResourceId, ResourceKind};

use crate::edge::EdgeKind;
use crate::graph::{Graph, NodeIx};

pub(crate) fn is_tgw_kind(kind: ResourceKind) -> bool {
    matches!(
        kind,
        ResourceKind::TransitGateway
            | ResourceKind::TransitGatewayAttachment
            | ResourceKind::TransitGatewayRouteTable
    )
}

/// VPC pairs (by node) joined by transit gateway routes, sorted.
pub(crate) fn pairs(g: &Graph) -> Vec<(NodeIx, NodeIx)> {
    // (tgw, table short id) → attachments it routes to.
    let mut routes: HashMap<(&str, &str), HashSet<&str>> = HashMap::new();
    // attachment short id → (tgw, associated table, VPC node).
    let mut attachments: HashMap<&str, (&str, &str, NodeIx)> = HashMap::new();
    for n in g.nodes() {
        let Some(r) = g.resource(n) else { continue };
        match &r.props {
            Properties::TransitGatewayRouteTable(t) if t.routes_collected => {
                let set = routes
                    .entry((t.transit_gateway_id.as_str(), r.id.short()))
                    .or_default();
                for route in t.routes.iter().filter(|r| r.active) {
                    set.extend(route.attachment_ids.iter().map(String::as_str));
                }
            }
            Properties::TransitGatewayAttachment(a)
                if a.resource_type == "vpc" && a.state == "available" =>
            {
                let Some(table) = a.association_route_table_id.as_deref() else {
                    continue;
                };
                let vpc = g
                    .outgoing(n)
                    .filter(|e| e.kind == EdgeKind::Connects)
                    .map(|e| e.to)
                    .find(|&t| g.kind(t) == Some(ResourceKind::Vpc))
                    .or_else(|| {
                        let region = r.region.as_deref()?;
                        g.find(&ResourceId::ec2(
                            region,
                            &a.resource_owner_id,
                            "vpc",
                            &a.resource_id,
                        ))
                    });
                if let Some(vpc) = vpc {
                    attachments.insert(r.id.short(), (a.transit_gateway_id.as_str(), table, vpc));
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (&a, &(tgw, table, vpc_a)) in &attachments {
        let Some(targets) = routes.get(&(tgw, table)) else {
            continue;
        };
        for &b in targets {
            let Some(&(tgw_b, table_b, vpc_b)) = attachments.get(b) else {
                continue;
            };
            if tgw_b == tgw
                && vpc_a != vpc_b
                && routes.get(&(tgw, table_b)).is_some_and(|s| s.contains(a))
            {
                out.push((vpc_a.min(vpc_b), vpc_a.max(vpc_b)));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}
