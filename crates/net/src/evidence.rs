//! Evidence: which rule decided a hop, and which missing data an answer rests on.
//!
//! Evidence is kept compact (indexes into the [`NetworkModel`]) while answers are computed, and
//! rendered to ids only when an answer leaves the engine:
//!
//! | evidence | id |
//! | --- | --- |
//! | security group rule | `<sg arn>#ingress/<index>` or `#egress/<index>` (index into the flattened rules, one peer per rule) |
//! | network ACL entry | `<acl arn>#ingress/<rule number>` or `#egress/<rule number>`; the implicit final rule is `#ingress/*` |
//! | route | `<route table arn>#route/<destination CIDR or prefix list id>` |

use nephos_model::props::RouteDestination;

use crate::model::NetworkModel;

/// Data an answer depended on but that was not collected (or does not resolve). Each one makes the
/// engine assume the permissive case and say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Assumption<'a> {
    /// `ec2-describe-route-tables` missing for the account and region.
    RouteTablesNotCollected,
    /// Route tables were collected but none governs this subnet.
    NoRouteTable(&'a str),
    /// `ec2-describe-network-acls` missing.
    NetworkAclsNotCollected,
    /// Network ACLs were collected but none governs this subnet.
    NoNetworkAcl(&'a str),
    /// A security group named by an interface is not in the inventory.
    SecurityGroupNotCollected(&'a str),
    /// A prefix list's entries were not collected.
    PrefixListNotCollected(&'a str),
    /// `ec2-describe-internet-gateways` missing: a route to `igw-…` is taken as working.
    InternetGatewaysNotCollected,
    /// The subnet an interface names is not in the inventory.
    SubnetNotCollected(&'a str),
    /// A target group's targets were not collected.
    TargetsNotCollected(&'a str),
    /// A load balancer's listeners were not collected: every port its security groups admit.
    ListenersNotCollected(&'a str),
    /// A transit gateway route table's routes were not collected.
    TransitGatewayRoutesNotCollected(&'a str),
}

impl Assumption<'_> {
    /// The sentence shown to people (and in JSON `assumptions`).
    pub fn text(&self) -> String {
        match self {
            Self::RouteTablesNotCollected => "route tables not collected".into(),
            Self::NoRouteTable(s) => format!("no route table found for {s}"),
            Self::NetworkAclsNotCollected => "network ACLs not collected".into(),
            Self::NoNetworkAcl(s) => format!("no network ACL found for {s}"),
            Self::SecurityGroupNotCollected(g) => format!("security group {g} not collected"),
            Self::PrefixListNotCollected(p) => format!("prefix list {p} entries not collected"),
            Self::InternetGatewaysNotCollected => "internet gateways not collected".into(),
            Self::SubnetNotCollected(s) => format!("subnet {s} not collected"),
            Self::TargetsNotCollected(t) => format!("targets of {t} not collected"),
            Self::ListenersNotCollected(l) => format!("listeners of {l} not collected"),
            Self::TransitGatewayRoutesNotCollected(t) => {
                format!("routes of transit gateway route table {t} not collected")
            }
        }
    }
}

/// Which rule let a packet through (or stopped it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Evidence<'a> {
    /// A security group rule.
    SgRule {
        /// Index of the group.
        sg: u32,
        /// Outbound rule.
        egress: bool,
        /// Index into the group's flattened rules.
        index: u32,
    },
    /// A network ACL entry.
    NaclEntry {
        /// Index of the ACL.
        nacl: u32,
        /// Outbound entry.
        egress: bool,
        /// Its rule number.
        number: i32,
    },
    /// The implicit final `*` deny of a network ACL.
    NaclFinalDeny {
        /// Index of the ACL.
        nacl: u32,
        /// Outbound.
        egress: bool,
    },
    /// A route.
    Route {
        /// Index of the route table.
        rtb: u32,
        /// Index of the route in the table.
        index: u32,
    },
    /// A route of a transit gateway route table.
    TgwRoute {
        /// `tgw-rtb-…`.
        table: &'a str,
        /// Index of the route.
        index: u32,
    },
    /// A VPC peering connection carried the packet.
    Peering(&'a str),
    /// The interface has no security group filter (a Network Load Balancer without groups).
    NoSecurityGroups,
    /// Decided on an assumption about missing data.
    Assumed(Assumption<'a>),
}

impl<'a> Evidence<'a> {
    /// The assumption behind this evidence, if any.
    pub fn assumption(self) -> Option<Assumption<'a>> {
        match self {
            Self::Assumed(a) => Some(a),
            _ => None,
        }
    }
}

impl<'a> NetworkModel<'a> {
    /// The id of the rule, route or assumption (see the module table).
    pub fn rule_id(&self, e: Evidence<'a>) -> String {
        match e {
            Evidence::SgRule { sg, egress, index } => self.sg(sg).map_or_else(String::new, |g| {
                g.res
                    .id
                    .with_fragment(&format!("{}/{index}", direction(egress)))
            }),
            Evidence::NaclEntry {
                nacl,
                egress,
                number,
            } => self.nacl(nacl).map_or_else(String::new, |n| {
                n.res
                    .id
                    .with_fragment(&format!("{}/{number}", direction(egress)))
            }),
            Evidence::NaclFinalDeny { nacl, egress } => {
                self.nacl(nacl).map_or_else(String::new, |n| {
                    n.res.id.with_fragment(&format!("{}/*", direction(egress)))
                })
            }
            Evidence::Route { rtb, index } => self.route_table(rtb).map_or_else(String::new, |t| {
                let dest =
                    t.props
                        .routes
                        .get(index as usize)
                        .map_or_else(String::new, |r| match &r.destination {
                            RouteDestination::Cidr(c) => c.to_string(),
                            RouteDestination::PrefixList(p) => p.clone(),
                        });
                t.res.id.with_fragment(&format!("route/{dest}"))
            }),
            Evidence::TgwRoute { table, index } => {
                self.tgw_route_tables
                    .get(table)
                    .map_or_else(String::new, |(r, p)| {
                        let dest = p
                            .routes
                            .get(index as usize)
                            .map_or_else(String::new, |r| r.destination.to_string());
                        r.id.with_fragment(&format!("route/{dest}"))
                    })
            }
            Evidence::Peering(pcx) => self
                .peerings
                .get(pcx)
                .map_or_else(|| pcx.to_string(), |(r, _)| r.id.to_string()),
            Evidence::NoSecurityGroups => "no security groups".into(),
            Evidence::Assumed(a) => format!("assumed: {}", a.text()),
        }
    }

    /// The id of the component (security group, ACL, route table) that holds the evidence.
    pub fn component_id(&self, e: Evidence<'a>) -> Option<String> {
        match e {
            Evidence::SgRule { sg, .. } => self.sg(sg).map(|g| g.res.id.to_string()),
            Evidence::NaclEntry { nacl, .. } | Evidence::NaclFinalDeny { nacl, .. } => {
                self.nacl(nacl).map(|n| n.res.id.to_string())
            }
            Evidence::Route { rtb, .. } => self.route_table(rtb).map(|t| t.res.id.to_string()),
            Evidence::TgwRoute { table, .. } => self
                .tgw_route_tables
                .get(table)
                .map(|(r, _)| r.id.to_string()),
            Evidence::Peering(pcx) => self.peerings.get(pcx).map(|(r, _)| r.id.to_string()),
            Evidence::NoSecurityGroups | Evidence::Assumed(_) => None,
        }
    }
}

fn direction(egress: bool) -> &'static str {
    if egress { "egress" } else { "ingress" }
}
