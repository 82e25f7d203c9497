//! Address ranges typed by people (allowlists in configuration), read so that every tool an
//! operator uses agrees on which addresses they cover.
//!
//! `ipnet` reads `010.0.0.0/8` as 10.0.0.0/8, while `inet_aton`, curl and ping read `010` as
//! octal 8: the same line would allow one network here and another everywhere else
//! (CVE-2021-29921 was exactly this in Python's `ipaddress`). `std`'s `Ipv4Addr` refuses
//! leading zeros for that reason; ranges get the same rule, with an error that says why.

use std::net::IpAddr;

use ipnet::IpNet;

/// A range that does not parse or is ambiguous; each owner reports it in its own error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InvalidRange {
    /// The range as given.
    pub(crate) range: String,
    /// What is wrong with it.
    pub(crate) reason: &'static str,
}

/// A CIDR range (`10.0.0.0/8`, `2001:db8::/32`) or a single address (a /32 or /128), with
/// surrounding whitespace ignored. Refused: leading zeros in an IPv4 octet (plain or inside
/// an IPv6 address) or in the prefix length, a sign, anything but decimal digits after `/`,
/// and a prefix longer than the address.
pub(crate) fn parse_range(text: &str) -> Result<IpNet, InvalidRange> {
    let invalid = |reason| InvalidRange {
        range: text.to_owned(),
        reason,
    };
    let trimmed = text.trim();
    let (address, prefix) = match trimmed.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (trimmed, None),
    };
    if has_leading_zero_octet(address) {
        return Err(invalid(
            "an IPv4 octet has a leading zero, which inet_aton, curl and ping read as octal \
             (010 is 8): write it without the zero",
        ));
    }
    let address: IpAddr = address
        .parse()
        .map_err(|_| invalid("expected an address or CIDR range"))?;
    let max = match address {
        IpAddr::V4(_) => 32,
        IpAddr::V6(_) => 128,
    };
    let prefix = match prefix {
        None => max,
        Some(digits) => parse_prefix(digits, max).map_err(invalid)?,
    };
    IpNet::new(address, prefix).map_err(|_| invalid("expected an address or CIDR range"))
}

fn parse_prefix(digits: &str, max: u8) -> Result<u8, &'static str> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("expected an address or CIDR range");
    }
    if digits.len() > 1 && digits.starts_with('0') {
        return Err("the prefix length has a leading zero: write it without the zero");
    }
    // Too long a prefix keeps the generic reason the receiver has always given for it.
    match digits.parse::<u8>() {
        Ok(prefix) if prefix <= max => Ok(prefix),
        _ => Err("expected an address or CIDR range"),
    }
}

/// Whether the dotted-decimal part of `address` (all of an IPv4 address, the tail of an
/// IPv6 one) has an octet of two or more digits starting with `0`.
fn has_leading_zero_octet(address: &str) -> bool {
    let dotted = match address.rfind(':') {
        Some(colon) => &address[colon + 1..],
        None => address,
    };
    dotted.contains('.')
        && dotted.split('.').any(|octet| {
            octet.len() > 1 && octet.starts_with('0') && octet.bytes().all(|b| b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(text: &str) -> &'static str {
        match parse_range(text) {
            Err(InvalidRange { reason, .. }) => reason,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn ranges_and_single_addresses() {
        assert_eq!(parse_range("10.0.0.0/8").unwrap().to_string(), "10.0.0.0/8");
        assert_eq!(parse_range(" 192.0.2.1 ").unwrap().prefix_len(), 32);
        assert_eq!(parse_range("::1").unwrap().prefix_len(), 128);
        assert_eq!(parse_range("0.0.0.0/0").unwrap().prefix_len(), 0);
        assert_eq!(
            parse_range("::ffff:10.0.0.0/104").unwrap().prefix_len(),
            104
        );
        // Hexadecimal IPv6 groups with leading zeros are not ambiguous.
        assert_eq!(
            parse_range("2001:0db8::/32").unwrap().to_string(),
            "2001:db8::/32"
        );
    }

    #[test]
    fn leading_zero_octets_are_refused_as_octal_lookalikes() {
        for text in [
            "010.0.0.0/8",
            "10.010.0.0/16",
            "10.0.0.00/32",
            "127.0.0.01",
            "::ffff:010.0.0.1/128",
            "::ffff:10.0.0.01",
        ] {
            assert!(reason(text).contains("octal"), "{text}");
        }
        assert!(reason("10.0.0.0/08").contains("prefix length has a leading zero"));
        // A lone zero is a zero.
        assert!(parse_range("0.0.0.0/0").is_ok());
        assert!(parse_range("10.0.0.0/0").is_ok());
    }

    #[test]
    fn other_malformed_ranges() {
        for text in [
            "",
            "/8",
            "10.0.0.0/",
            "10.0.0.0/+8",
            "10.0.0.0/-1",
            "10.0.0.0/ 8",
            "10.0.0.0/33",
            "::/129",
            "10.0.0.0/8/8",
            "0x0a.0.0.0/8",
            "10.0/8",
            "2130706433/32",
            "localhost",
            "10.0.0.0/256",
        ] {
            assert!(parse_range(text).is_err(), "{text}");
        }
    }
}
