//! Shared logic of the "open to the internet" checks: which security group rules admit the whole
//! internet (`0.0.0.0/0`, `::/0`, or a prefix list holding one) to a port.

use ipnet::IpNet;
use nephos_model::Resource;
use nephos_model::props::{IpProtocol, SecurityGroupPeer, SecurityGroupProps, SecurityGroupRule};
use serde_json::{Value, json};

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::CheckMeta;
use nephos_model::{Properties, ResourceKind};

/// Which address families count as "the internet".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `0.0.0.0/0` only.
    V4,
    /// `::/0` only.
    V6,
    /// Either.
    Any,
}

fn world(net: &IpNet, family: Family) -> bool {
    net.prefix_len() == 0
        && matches!(
            (net, family),
            (_, Family::Any) | (IpNet::V4(_), Family::V4) | (IpNet::V6(_), Family::V6)
        )
}

/// The world-open CIDR a rule admits, if any: its own CIDR, or an entry of its prefix list.
pub fn world_peer(
    ctx: &Context,
    group: &Resource,
    rule: &SecurityGroupRule,
    family: Family,
) -> Option<IpNet> {
    match &rule.peer {
        SecurityGroupPeer::Cidr { cidr } => world(cidr, family).then_some(*cidr),
        SecurityGroupPeer::PrefixList { prefix_list_id } => {
            let list = ctx.prefix_list(
                &group.account,
                group.region.as_deref().unwrap_or_default(),
                prefix_list_id,
            )?;
            match &list.props {
                Properties::PrefixList(p) => p.cidrs.iter().find(|c| world(c, family)).copied(),
                _ => None,
            }
        }
        SecurityGroupPeer::SecurityGroup { .. } => None,
    }
}

/// True when the rule admits `port` over one of `protocols` (a rule for every protocol admits all).
pub fn rule_covers_port(rule: &SecurityGroupRule, port: u16, protocols: &[IpProtocol]) -> bool {
    match rule.protocol {
        IpProtocol::All => true,
        p if protocols.contains(&p) => {
            let from = rule.from_port.unwrap_or(-1);
            let to = rule.to_port.unwrap_or(-1);
            (from == -1 && to == -1) || (from <= i32::from(port) && i32::from(port) <= to)
        }
        _ => false,
    }
}

/// One rule of a group that opens something to the internet, for evidence.
pub fn rule_evidence(
    group: &Resource,
    index: usize,
    rule: &SecurityGroupRule,
    cidr: IpNet,
) -> Value {
    json!({
        "rule": group.id.with_fragment(&format!("ingress/{index}")),
        "protocol": rule.protocol.name(),
        "from_port": rule.from_port,
        "to_port": rule.to_port,
        "cidr": cidr.to_string(),
        "description": rule.description,
    })
}

/// Runs a "no ingress from the internet to these ports" check over every security group: FAIL
/// with the offending rules, PASS otherwise.
pub fn check_open_ports(
    ctx: &Context,
    out: &mut Vec<Finding>,
    meta: &'static CheckMeta,
    ports: &[u16],
    protocols: &[IpProtocol],
    family: Family,
) {
    for group in ctx.of_kind(ResourceKind::SecurityGroup) {
        let Properties::SecurityGroup(sg) = &group.props else {
            continue;
        };
        let open = open_rules(ctx, group, sg, ports, protocols, family);
        let ports_text: Vec<String> = ports.iter().map(u16::to_string).collect();
        let ports_text = ports_text.join(", ");
        out.push(if open.is_empty() {
            Finding::pass(
                meta,
                group,
                format!(
                    "{} admits no internet traffic to port(s) {ports_text}",
                    sg.group_id
                ),
                json!({ "ports": ports }),
            )
        } else {
            let exposed: Vec<String> = ports
                .iter()
                .filter(|p| {
                    sg.ingress.iter().any(|r| {
                        rule_covers_port(r, **p, protocols)
                            && world_peer(ctx, group, r, family).is_some()
                    })
                })
                .map(u16::to_string)
                .collect();
            Finding::fail(
                meta,
                group,
                format!(
                    "{} admits the internet to port(s) {} through {} rule(s)",
                    sg.group_id,
                    exposed.join(", "),
                    open.len()
                ),
                json!({ "ports": ports, "rules": open }),
            )
        });
    }
}

/// The ingress rules of `sg` that open any of `ports` to the internet, as evidence.
pub fn open_rules(
    ctx: &Context,
    group: &Resource,
    sg: &SecurityGroupProps,
    ports: &[u16],
    protocols: &[IpProtocol],
    family: Family,
) -> Vec<Value> {
    sg.ingress
        .iter()
        .enumerate()
        .filter_map(|(i, rule)| {
            let cidr = world_peer(ctx, group, rule, family)?;
            ports
                .iter()
                .any(|p| rule_covers_port(rule, *p, protocols))
                .then(|| rule_evidence(group, i, rule, cidr))
        })
        .collect()
}
