//! Traffic: protocols and the "port" dimension each protocol has.
//!
//! TCP and UDP are matched on the destination port (`0–65535`). ICMP and ICMPv6 have no ports;
//! rules match the message type and code instead, so nephos encodes an ICMP message as the `u16`
//! `type << 8 | code` and reuses port sets for it: "type 8, any code" is the range `2048–2303`.
//! Other protocols (ESP, GRE, …) have no port dimension: every rule that admits the protocol
//! admits the whole (meaningless) port set.

use nephos_model::props::IpProtocol;

use crate::range_set::RangeSet;

/// A set of destination ports (or encoded ICMP messages).
pub type PortSet = RangeSet<u16>;

/// The client's ephemeral source ports a stateless network ACL must let back out.
///
/// AWS documents that clients choose them from OS-specific ranges (Linux 32768–60999, Windows
/// 49152–65535, ELB and NAT gateways 1024–65535) and recommends allowing 1024–65535. nephos
/// treats the return path as open when the ACL allows the reply to **some** port in 1024–65535
/// (an internet client chooses its own source port), and reports which rule allowed it.
pub const EPHEMERAL_PORTS: (u16, u16) = (1024, 65535);

/// The protocol of a flow (never "all": a packet has one protocol).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    /// TCP (6).
    Tcp,
    /// UDP (17).
    Udp,
    /// ICMP for IPv4 (1).
    Icmp,
    /// ICMPv6 (58).
    Icmpv6,
    /// Any other IANA protocol number.
    Other(u8),
}

impl Protocol {
    /// Parses a flow protocol: `tcp`, `udp`, `icmp`, `icmpv6` or a number. `-1`/`all` is not a
    /// flow protocol and gives `None`.
    pub fn parse(s: &str) -> Option<Self> {
        match IpProtocol::parse(s)? {
            IpProtocol::All => None,
            IpProtocol::Tcp => Some(Self::Tcp),
            IpProtocol::Udp => Some(Self::Udp),
            IpProtocol::Icmp => Some(Self::Icmp),
            IpProtocol::Icmpv6 => Some(Self::Icmpv6),
            IpProtocol::Number(n) => Some(Self::Other(n)),
        }
    }

    /// The name used in outputs.
    pub fn name(self) -> String {
        match self {
            Self::Tcp => "tcp".into(),
            Self::Udp => "udp".into(),
            Self::Icmp => "icmp".into(),
            Self::Icmpv6 => "icmpv6".into(),
            Self::Other(n) => n.to_string(),
        }
    }

    /// True for ICMP and ICMPv6, whose "ports" are encoded type/code pairs.
    pub fn is_icmp(self) -> bool {
        matches!(self, Self::Icmp | Self::Icmpv6)
    }

    /// True when a rule written for `rule` applies to this flow protocol.
    pub fn matched_by(self, rule: IpProtocol) -> bool {
        match (rule, self) {
            (IpProtocol::All, _) => true,
            (IpProtocol::Tcp, Self::Tcp)
            | (IpProtocol::Udp, Self::Udp)
            | (IpProtocol::Icmp, Self::Icmp)
            | (IpProtocol::Icmpv6, Self::Icmpv6) => true,
            (IpProtocol::Number(n), Self::Other(m)) => n == m,
            (IpProtocol::Number(6), Self::Tcp)
            | (IpProtocol::Number(17), Self::Udp)
            | (IpProtocol::Number(1), Self::Icmp)
            | (IpProtocol::Number(58), Self::Icmpv6) => true,
            _ => false,
        }
    }

    /// The port set a reply uses on its way back to the client: the ephemeral range for TCP and
    /// UDP, every message for ICMP (an echo reply is type 0), everything for other protocols.
    pub fn return_ports(self) -> PortSet {
        match self {
            Self::Tcp | Self::Udp => PortSet::range(EPHEMERAL_PORTS.0, EPHEMERAL_PORTS.1),
            _ => PortSet::full(),
        }
    }
}

/// `type << 8 | code` for ICMP.
pub fn icmp_key(icmp_type: u8, code: u8) -> u16 {
    (u16::from(icmp_type) << 8) | u16::from(code)
}

/// The ICMP messages selected by a type and a code, each `-1` (or out of range) for "any".
pub fn icmp_messages(icmp_type: i32, code: i32) -> PortSet {
    match u8::try_from(icmp_type) {
        Err(_) => PortSet::full(),
        Ok(t) => match u8::try_from(code) {
            Err(_) => PortSet::range(icmp_key(t, 0), icmp_key(t, u8::MAX)),
            Ok(c) => PortSet::single(icmp_key(t, c)),
        },
    }
}

/// A TCP/UDP port range as the API gives it; `-1` or absent bounds mean the whole range.
pub fn port_range(from: Option<i32>, to: Option<i32>) -> PortSet {
    let lo = from.and_then(|p| u16::try_from(p).ok()).unwrap_or(u16::MIN);
    let hi = to.and_then(|p| u16::try_from(p).ok()).unwrap_or(u16::MAX);
    PortSet::range(lo, hi)
}

/// The ICMP types (not codes) covered by a set of encoded messages, for display.
pub fn icmp_types(messages: &PortSet) -> RangeSet<u8> {
    RangeSet::from_ranges(messages.ranges().iter().map(|&(a, b)| {
        let [ta, _] = a.to_be_bytes();
        let [tb, _] = b.to_be_bytes();
        (ta, tb)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icmp_encoding_matches_aws_wildcards() {
        assert!(icmp_messages(-1, -1).is_full());
        let echo = icmp_messages(8, -1);
        assert!(echo.contains(icmp_key(8, 0)));
        assert!(!echo.contains(icmp_key(0, 0)));
        assert_eq!(
            icmp_messages(3, 4).ranges(),
            &[(icmp_key(3, 4), icmp_key(3, 4))]
        );
        assert_eq!(icmp_types(&echo).ranges(), &[(8, 8)]);
    }

    #[test]
    fn rule_protocols_match_flows() {
        assert!(Protocol::Udp.matched_by(IpProtocol::All));
        assert!(!Protocol::Udp.matched_by(IpProtocol::Tcp));
        assert!(!Protocol::Icmpv6.matched_by(IpProtocol::Icmp));
        assert!(Protocol::Tcp.matched_by(IpProtocol::Number(6)));
        assert!(Protocol::Other(50).matched_by(IpProtocol::Number(50)));
        assert_eq!(Protocol::parse("-1"), None);
        assert_eq!(Protocol::parse("TCP"), Some(Protocol::Tcp));
    }

    #[test]
    fn port_ranges_default_to_everything() {
        assert!(port_range(None, None).is_full());
        assert!(port_range(Some(-1), Some(-1)).is_full());
        assert_eq!(port_range(Some(20), Some(25)).ranges(), &[(20, 25)]);
    }
}
