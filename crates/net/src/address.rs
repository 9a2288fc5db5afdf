//! Sets of IP addresses: IPv4 and IPv6 kept apart, as AWS keeps them apart in every rule.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

use crate::range_set::RangeSet;

/// A set of IPv4 and IPv6 addresses.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct AddressSet {
    /// IPv4 addresses as `u32`.
    pub v4: RangeSet<u32>,
    /// IPv6 addresses as `u128`.
    pub v6: RangeSet<u128>,
}

/// The inclusive `u32` range of an IPv4 network.
pub fn v4_range(net: &Ipv4Net) -> (u32, u32) {
    (u32::from(net.network()), u32::from(net.broadcast()))
}

/// The inclusive `u128` range of an IPv6 network.
pub fn v6_range(net: &Ipv6Net) -> (u128, u128) {
    (u128::from(net.network()), u128::from(net.broadcast()))
}

impl AddressSet {
    /// No address.
    pub fn empty() -> Self {
        Self::default()
    }

    /// Every IPv4 and IPv6 address.
    pub fn everything() -> Self {
        Self {
            v4: RangeSet::full(),
            v6: RangeSet::full(),
        }
    }

    /// The addresses of one network.
    pub fn from_net(net: &IpNet) -> Self {
        let mut s = Self::empty();
        s.insert_net(net);
        s
    }

    /// The union of some networks.
    pub fn from_nets<'a>(nets: impl IntoIterator<Item = &'a IpNet>) -> Self {
        let mut v4 = Vec::new();
        let mut v6 = Vec::new();
        for n in nets {
            match n {
                IpNet::V4(n) => v4.push(v4_range(n)),
                IpNet::V6(n) => v6.push(v6_range(n)),
            }
        }
        Self {
            v4: RangeSet::from_ranges(v4),
            v6: RangeSet::from_ranges(v6),
        }
    }

    /// Adds a network.
    pub fn insert_net(&mut self, net: &IpNet) {
        match net {
            IpNet::V4(n) => {
                let (a, b) = v4_range(n);
                self.v4.insert(a, b);
            }
            IpNet::V6(n) => {
                let (a, b) = v6_range(n);
                self.v6.insert(a, b);
            }
        }
    }

    /// Membership.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match ip {
            IpAddr::V4(a) => self.v4.contains(u32::from(a)),
            IpAddr::V6(a) => self.v6.contains(u128::from(a)),
        }
    }

    /// `self ∪ other`.
    pub fn union(&self, other: &Self) -> Self {
        Self {
            v4: self.v4.union(&other.v4),
            v6: self.v6.union(&other.v6),
        }
    }

    /// `self ∩ other`.
    pub fn intersection(&self, other: &Self) -> Self {
        Self {
            v4: self.v4.intersection(&other.v4),
            v6: self.v6.intersection(&other.v6),
        }
    }

    /// `self \ other`.
    pub fn difference(&self, other: &Self) -> Self {
        Self {
            v4: self.v4.difference(&other.v4),
            v6: self.v6.difference(&other.v6),
        }
    }

    /// True when the set holds no address.
    pub fn is_empty(&self) -> bool {
        self.v4.is_empty() && self.v6.is_empty()
    }

    /// Some member, IPv4 first: a representative address for explanations.
    pub fn sample(&self) -> Option<IpAddr> {
        self.v4
            .first()
            .map(|a| IpAddr::V4(Ipv4Addr::from(a)))
            .or_else(|| self.v6.first().map(|a| IpAddr::V6(Ipv6Addr::from(a))))
    }

    /// [`AddressSet::internet`], computed once per process.
    pub fn internet_ref() -> &'static Self {
        static INTERNET: std::sync::OnceLock<AddressSet> = std::sync::OnceLock::new();
        INTERNET.get_or_init(Self::internet)
    }

    /// The addresses an internet client can have: public IPv4 unicast space and IPv6 global
    /// unicast (`2000::/3`) minus documentation space.
    ///
    /// Excluded IPv4 ranges (RFC 6890 special-purpose, not routed on the internet): `0.0.0.0/8`,
    /// `10.0.0.0/8`, `100.64.0.0/10`, `127.0.0.0/8`, `169.254.0.0/16`, `172.16.0.0/12`,
    /// `192.0.0.0/24`, `192.0.2.0/24`, `192.168.0.0/16`, `198.18.0.0/15`, `198.51.100.0/24`,
    /// `203.0.113.0/24`, `224.0.0.0/4` and `240.0.0.0/4`. A security group rule that admits only
    /// private space therefore never makes a resource internet-exposed, even when the route to
    /// that space points at an internet gateway. Documentation ranges are excluded as well, so a
    /// rule for `203.0.113.0/24` counts as not internet-facing; tests use other public ranges.
    pub fn internet() -> Self {
        const V4_RESERVED: [&str; 14] = [
            "0.0.0.0/8",
            "10.0.0.0/8",
            "100.64.0.0/10",
            "127.0.0.0/8",
            "169.254.0.0/16",
            "172.16.0.0/12",
            "192.0.0.0/24",
            "192.0.2.0/24",
            "192.168.0.0/16",
            "198.18.0.0/15",
            "198.51.100.0/24",
            "203.0.113.0/24",
            "224.0.0.0/4",
            "240.0.0.0/4",
        ];
        let reserved: Vec<IpNet> = V4_RESERVED
            .iter()
            .chain(["2001:db8::/32"].iter())
            .filter_map(|s| s.parse().ok())
            .collect();
        let global: Vec<IpNet> = ["0.0.0.0/0", "2000::/3"]
            .iter()
            .filter_map(|s| s.parse().ok())
            .collect();
        Self::from_nets(&global).difference(&Self::from_nets(&reserved))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn net(s: &str) -> IpNet {
        s.parse().unwrap()
    }

    #[test]
    fn internet_excludes_private_space() {
        let i = AddressSet::internet();
        assert!(i.contains("8.8.8.8".parse().unwrap()));
        assert!(!i.contains("10.1.2.3".parse().unwrap()));
        assert!(!i.contains("172.31.0.1".parse().unwrap()));
        assert!(i.contains("2a00::1".parse().unwrap()));
        assert!(!i.contains("fd00::1".parse().unwrap()));
        assert!(!i.contains("::1".parse().unwrap()));
    }

    #[test]
    fn nets_are_inclusive_ranges() {
        let s = AddressSet::from_net(&net("10.0.0.0/24"));
        assert!(s.contains("10.0.0.0".parse().unwrap()));
        assert!(s.contains("10.0.0.255".parse().unwrap()));
        assert!(!s.contains("10.0.1.0".parse().unwrap()));
        assert_eq!(s.sample(), Some("10.0.0.0".parse().unwrap()));
    }

    proptest! {
        #[test]
        fn containment_matches_ipnet(a in any::<u32>(), len in 0u8..=32, probe in any::<u32>()) {
            let n = IpNet::V4(Ipv4Net::new(Ipv4Addr::from(a), len).unwrap().trunc());
            let s = AddressSet::from_net(&n);
            let ip = IpAddr::V4(Ipv4Addr::from(probe));
            prop_assert_eq!(s.contains(ip), n.contains(&ip));
        }

        #[test]
        fn v6_containment_matches_ipnet(a in any::<u128>(), len in 0u8..=128, probe in any::<u128>()) {
            let n = IpNet::V6(Ipv6Net::new(Ipv6Addr::from(a), len).unwrap().trunc());
            let s = AddressSet::from_net(&n);
            let IpNet::V6(n6) = n else { unreachable!() };
            let inside = IpAddr::V6(n6.network());
            prop_assert!(s.contains(inside));
            let ip = IpAddr::V6(Ipv6Addr::from(probe));
            prop_assert_eq!(s.contains(ip), n.contains(&ip));
        }
    }
}
