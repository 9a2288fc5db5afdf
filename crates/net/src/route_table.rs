//! Route tables: longest prefix match, IPv4 and IPv6 independently.
//!
//! AWS semantics (VPC user guide, "Route priority"): the most specific matching route wins; among
//! equal prefixes a static route beats a propagated one and a CIDR beats a prefix list (a prefix
//! list's specificity is that of its matching entry). A blackhole route still matches, and drops.
//! No matching route drops the packet.

use std::net::IpAddr;

use nephos_model::props::{Route, RouteDestination};

use crate::evidence::Evidence;
use crate::model::NetworkModel;

impl<'a> NetworkModel<'a> {
    /// The route a packet to `dst` takes from a subnet using table `rtb`, with its index.
    pub fn route_lookup(&self, rtb: u32, dst: IpAddr) -> Option<(Evidence<'a>, &'a Route)> {
        let table = self.route_table(rtb)?;
        let mut best: Option<((u8, u8, u8), usize, &'a Route)> = None;
        for (i, r) in table.props.routes.iter().enumerate() {
            let (len, is_cidr) = match &r.destination {
                RouteDestination::Cidr(c) => {
                    if !c.contains(&dst) {
                        continue;
                    }
                    (c.prefix_len(), 1)
                }
                RouteDestination::PrefixList(p) => {
                    let Some(nets) = self
                        .prefix_lists
                        .get(p.as_str())
                        .and_then(|l| l.nets.as_ref())
                    else {
                        continue;
                    };
                    let Some(len) = nets
                        .iter()
                        .filter(|n| n.contains(&dst))
                        .map(ipnet::IpNet::prefix_len)
                        .max()
                    else {
                        continue;
                    };
                    (len, 0)
                }
            };
            let is_static = u8::from(!r.origin.eq_ignore_ascii_case("EnableVgwRoutePropagation"));
            let rank = (len, is_static, is_cidr);
            if best.as_ref().is_none_or(|(b, _, _)| rank > *b) {
                best = Some((rank, i, r));
            }
        }
        best.map(|(_, i, r)| {
            (
                Evidence::Route {
                    rtb,
                    index: u32::try_from(i).unwrap_or(u32::MAX),
                },
                r,
            )
        })
    }

    /// The networks a route table's routes name (prefix lists expanded where collected).
    pub fn route_nets(&self, rtb: u32, out: &mut Vec<ipnet::IpNet>) {
        let Some(table) = self.route_table(rtb) else {
            return;
        };
        for r in &table.props.routes {
            match &r.destination {
                RouteDestination::Cidr(c) => out.push(*c),
                RouteDestination::PrefixList(p) => {
                    if let Some(nets) = self
                        .prefix_lists
                        .get(p.as_str())
                        .and_then(|l| l.nets.as_ref())
                    {
                        out.extend(nets.iter().copied());
                    }
                }
            }
        }
    }
}
