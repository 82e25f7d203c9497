//! [`IpAllowlist`]: the address ranges a receiver accepts requests from.

use std::net::IpAddr;

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use super::error::SettingsError;

/// IPv4 and IPv6 ranges in CIDR notation. The seeds ask receivers to allow-list the
/// sender's addresses (Netcore: "white-list the Netcore CE IP addresses on their
/// firewall"); a receiver that cannot rely on a firewall checks here.
///
/// An IPv4 peer seen through a dual-stack socket as an IPv4-mapped IPv6 address
/// (`::ffff:203.0.113.9`) is that IPv4 peer: it matches IPv4 ranges, and ranges written in
/// mapped form (`::ffff:203.0.113.0/120`). Other IPv6 ranges never match an IPv4 peer, so
/// `::/0` allows every IPv6 peer and no IPv4 one.
///
/// ```
/// use hookwire::receive::IpAllowlist;
///
/// let list = IpAllowlist::parse(["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"])?;
/// assert!(list.contains("203.0.113.200".parse()?));
/// assert!(list.contains("::ffff:203.0.113.1".parse()?));
/// assert!(list.contains("2001:db8::1".parse()?));
/// assert!(list.contains("198.51.100.7".parse()?));
/// assert!(!list.contains("198.51.100.8".parse()?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<String>", into = "Vec<String>")]
pub struct IpAllowlist {
    ranges: Vec<IpNet>,
}

impl IpAllowlist {
    /// An empty list, which allows no one; add ranges with [`IpAllowlist::push`].
    ///
    /// ```
    /// let list = hookwire::receive::IpAllowlist::new();
    /// assert!(list.is_empty());
    /// assert!(!list.contains("127.0.0.1".parse().unwrap()));
    /// ```
    #[must_use]
    pub fn new() -> Self {
        IpAllowlist::default()
    }

    /// A list of ranges in text: CIDR (`10.0.0.0/8`, `2001:db8::/32`) or single addresses.
    /// Fails with [`SettingsError::InvalidIpRange`] on the first that does not parse.
    ///
    /// IPv4 text is read as strictly as [`std::net::Ipv4Addr`] reads a single address: an
    /// octet with a leading zero (`010.0.0.0/8`) is refused, because `inet_aton`, curl and
    /// ping read `010` as octal 8 and the list would cover other addresses than the
    /// operator's other tools say.
    ///
    /// ```
    /// use hookwire::receive::IpAllowlist;
    /// assert_eq!(IpAllowlist::parse(["10.0.0.0/8", "::1"])?.len(), 2);
    /// assert!(IpAllowlist::parse(["10.0.0.0/8", "ten"]).is_err());
    /// assert!(IpAllowlist::parse(["010.0.0.0/8"]).is_err());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn parse<I, S>(ranges: I) -> Result<Self, SettingsError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut list = IpAllowlist::new();
        for range in ranges {
            list.push(parse_range(range.as_ref())?);
        }
        Ok(list)
    }

    /// Adds a range.
    ///
    /// ```
    /// let mut list = hookwire::receive::IpAllowlist::new();
    /// list.push("192.0.2.0/24".parse().unwrap());
    /// assert!(list.contains("192.0.2.1".parse().unwrap()));
    /// ```
    pub fn push(&mut self, range: IpNet) {
        self.ranges.push(range);
    }

    /// Whether `peer` lies in any range.
    ///
    /// See [`IpAllowlist`] for an example.
    #[must_use]
    pub fn contains(&self, peer: IpAddr) -> bool {
        // One address, one identity: an IPv4 peer seen through a dual-stack socket
        // (`::ffff:a.b.c.d`, exactly what `to_ipv4_mapped` recognises, not the deprecated
        // `::a.b.c.d`) is that IPv4 peer.
        let peer = match peer {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(peer, IpAddr::V4),
            v4 => v4,
        };
        self.ranges.iter().any(|range| match (range, peer) {
            // An IPv4 peer matches an IPv6 range only when the range is written in mapped
            // form (`::ffff:203.0.113.0/120`): `::/0` means every IPv6 peer, not every peer.
            (IpNet::V6(range), IpAddr::V4(v4)) => {
                range.prefix_len() >= 96
                    && range.network().to_ipv4_mapped().is_some()
                    && range.contains(&v4.to_ipv6_mapped())
            }
            (range, peer) => range.contains(&peer),
        })
    }

    /// The ranges, in the order added.
    ///
    /// ```
    /// let list = hookwire::receive::IpAllowlist::parse(["10.1.2.3/8"])?;
    /// assert_eq!(list.ranges()[0].to_string(), "10.1.2.3/8");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn ranges(&self) -> &[IpNet] {
        &self.ranges
    }

    /// How many ranges.
    ///
    /// ```
    /// assert_eq!(hookwire::receive::IpAllowlist::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    /// Whether there are no ranges (and so no peer is allowed).
    ///
    /// ```
    /// assert!(hookwire::receive::IpAllowlist::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }
}

impl TryFrom<Vec<String>> for IpAllowlist {
    type Error = SettingsError;

    fn try_from(ranges: Vec<String>) -> Result<Self, SettingsError> {
        IpAllowlist::parse(ranges)
    }
}

impl From<IpAllowlist> for Vec<String> {
    fn from(list: IpAllowlist) -> Self {
        list.ranges.iter().map(ToString::to_string).collect()
    }
}

/// A CIDR range or a single address (a /32 or /128), read strictly (see `crate::cidr`).
pub(crate) fn parse_range(text: &str) -> Result<IpNet, SettingsError> {
    crate::cidr::parse_range(text).map_err(|invalid| SettingsError::InvalidIpRange {
        range: invalid.range,
        reason: invalid.reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn single_addresses_are_host_ranges() {
        assert_eq!(parse_range("192.0.2.1").unwrap().prefix_len(), 32);
        assert_eq!(parse_range(" ::1 ").unwrap().prefix_len(), 128);
    }

    #[test]
    fn bad_ranges_are_config_errors() {
        for bad in [
            "",
            "10.0.0.0/33",
            "10.0.0/8",
            "::1/129",
            "localhost",
            "10.0.0.0/",
        ] {
            assert!(
                matches!(parse_range(bad), Err(SettingsError::InvalidIpRange { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn mapped_forms_match_both_ways() {
        let v4 = IpAllowlist::parse(["10.0.0.0/8"]).unwrap();
        assert!(v4.contains(ip("::ffff:10.1.2.3")));
        assert!(!v4.contains(ip("::ffff:11.1.2.3")));
        // The deprecated IPv4-compatible form is not a mapped address.
        assert!(!v4.contains(ip("::10.1.2.3")));
        let mapped = IpAllowlist::parse(["::ffff:10.0.0.0/104"]).unwrap();
        assert!(mapped.contains(ip("10.9.9.9")));
        assert!(!mapped.contains(ip("11.0.0.1")));
    }

    #[test]
    fn v6_ranges_do_not_match_v4_peers_by_accident() {
        let list = IpAllowlist::parse(["::/0"]).unwrap();
        assert!(list.contains(ip("2001:db8::1")));
        // "Every IPv6 peer" is not "every peer": IPv4, plain or mapped, stays out.
        assert!(!list.contains(ip("192.0.2.1")));
        assert!(!list.contains(ip("::ffff:192.0.2.1")));
        let list = IpAllowlist::parse(["::/64"]).unwrap();
        assert!(!list.contains(ip("192.0.2.1")));
        // A range that covers the mapped block only in part (`::/80`) is not an IPv4 range.
        let list = IpAllowlist::parse(["::/80"]).unwrap();
        assert!(!list.contains(ip("::ffff:192.0.2.1")));
        let list = IpAllowlist::parse(["2001:db8::/32"]).unwrap();
        assert!(!list.contains(ip("192.0.2.1")));
    }

    /// `010.0.0.0/8` was read as 10.0.0.0/8 while inet_aton, curl and ping read 8.0.0.0/8:
    /// the list allowed other peers than the operator's other tools said it did.
    #[test]
    fn leading_zero_octets_are_refused_not_read_as_decimal() {
        for text in [
            "010.0.0.0/8",
            "192.168.001.0/24",
            "::ffff:010.0.0.1",
            "10.0.0.0/08",
        ] {
            let err = IpAllowlist::parse([text]).unwrap_err();
            assert!(
                matches!(&err, SettingsError::InvalidIpRange { range, .. } if range == text),
                "{text}: {err}"
            );
            assert!(serde_json::from_str::<IpAllowlist>(&format!("[{text:?}]")).is_err());
        }
        let err = IpAllowlist::parse(["010.0.0.0/8"]).unwrap_err().to_string();
        assert!(err.contains("octal"), "{err}");
    }

    #[test]
    fn serde_is_a_list_of_strings() {
        let list = IpAllowlist::parse(["10.0.0.0/8", "2001:db8::/32"]).unwrap();
        let json = serde_json::to_string(&list).unwrap();
        assert_eq!(json, r#"["10.0.0.0/8","2001:db8::/32"]"#);
        assert_eq!(serde_json::from_str::<IpAllowlist>(&json).unwrap(), list);
        // Single addresses read as they do in `parse`; bad ranges are refused.
        let single: IpAllowlist = serde_json::from_str(r#"["192.0.2.1"]"#).unwrap();
        assert!(single.contains(ip("192.0.2.1")));
        assert!(serde_json::from_str::<IpAllowlist>(r#"["nope"]"#).is_err());
    }
}
