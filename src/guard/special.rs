//! [`SpecialRange`]: the IANA special-purpose address blocks, as one explicit table.
//!
//! Sources, as of 2026:
//!
//! - IANA IPv4 Special-Purpose Address Registry,
//!   <https://www.iana.org/assignments/iana-ipv4-special-registry/> (RFC 6890);
//! - IANA IPv6 Special-Purpose Address Registry,
//!   <https://www.iana.org/assignments/iana-ipv6-special-registry/> (RFC 6890);
//! - IANA IPv4 Multicast Address Space Registry (224.0.0.0/4, RFC 5771);
//! - IANA IPv6 Address Space registry,
//!   <https://www.iana.org/assignments/ipv6-address-space/>: everything outside 2000::/3 is
//!   reserved by the IETF or set aside (ULA, link-local, multicast), so it is listed here
//!   block by block and no IPv6 address falls through unjudged.
//!
//! `std`'s `is_global` would do part of this, but it is unstable, and it calls IPv4
//! multicast global; this table is written out so each row can be read against the
//! registry and tested on its own.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

/// One block of the IANA special-purpose registries (or of the address-space registries
/// for multicast and the reserved IPv6 space): its name, the block, the RFC that set it
/// aside, and whether the registry calls it globally reachable.
///
/// [`SpecialRange::of`] finds the most specific block an address falls in; the
/// [`Guard`](super::Guard) refuses an address whose block is not globally reachable.
/// Where the registry says "N/A" (6to4, Teredo, the deprecated 6to4 relay anycast block)
/// hookwire reads not globally reachable, as `std`'s unstable `is_global` does.
///
/// ```
/// use hookwire::guard::SpecialRange;
///
/// let range = SpecialRange::of("127.0.0.1".parse()?).unwrap();
/// assert_eq!(range.name(), "loopback");
/// assert_eq!(range.block().to_string(), "127.0.0.0/8");
/// assert_eq!(range.rfc(), "RFC 1122");
/// assert!(!range.is_globally_reachable());
/// assert_eq!(range.to_string(), "loopback (127.0.0.0/8, RFC 1122)");
///
/// // An ordinary unicast address is in no special block.
/// assert!(SpecialRange::of("93.184.215.14".parse()?).is_none());
/// assert!(SpecialRange::of("2606:2800:21f:cb07:6820:80da:af6b:8b2c".parse()?).is_none());
/// # Ok::<(), std::net::AddrParseError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpecialRange {
    name: &'static str,
    block: IpNet,
    rfc: &'static str,
    global: bool,
}

impl SpecialRange {
    /// The most specific block `address` falls in, or `None` for ordinary global unicast.
    /// The address is looked up as written: an IPv4-mapped IPv6 address is in
    /// `::ffff:0:0/96`, not in its IPv4 address's block (the [`Guard`](super::Guard) reads
    /// the embedded address itself).
    ///
    /// See [`SpecialRange`] for an example.
    #[must_use]
    pub fn of(address: IpAddr) -> Option<&'static SpecialRange> {
        SpecialRange::all()
            .iter()
            .filter(|row| row.block.contains(&address))
            .max_by_key(|row| row.block.prefix_len())
    }

    /// Every row of the table, IPv4 first.
    ///
    /// ```
    /// use hookwire::guard::SpecialRange;
    /// let documentation = SpecialRange::all().iter().filter(|r| r.name().starts_with("documentation"));
    /// assert_eq!(documentation.count(), 5); // three IPv4 TEST-NETs, two IPv6 prefixes
    /// ```
    #[must_use]
    pub fn all() -> &'static [SpecialRange] {
        &TABLE
    }

    /// The block's name in the registry, in lower case.
    ///
    /// See [`SpecialRange`] for an example.
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The block.
    ///
    /// See [`SpecialRange`] for an example.
    #[must_use]
    pub fn block(&self) -> IpNet {
        self.block
    }

    /// The RFC that set the block aside.
    ///
    /// See [`SpecialRange`] for an example.
    #[must_use]
    pub fn rfc(&self) -> &'static str {
        self.rfc
    }

    /// Whether the registry says a datagram to this block is forwardable beyond its
    /// administrative domain ("N/A" reads as no).
    ///
    /// See [`SpecialRange`] for an example.
    #[must_use]
    pub fn is_globally_reachable(&self) -> bool {
        self.global
    }
}

impl fmt::Display for SpecialRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}, {})", self.name, self.block, self.rfc)
    }
}

const fn v4(
    name: &'static str,
    octets: [u8; 4],
    prefix: u8,
    rfc: &'static str,
    global: bool,
) -> SpecialRange {
    let [a, b, c, d] = octets;
    SpecialRange {
        name,
        block: IpNet::V4(Ipv4Net::new_assert(Ipv4Addr::new(a, b, c, d), prefix)),
        rfc,
        global,
    }
}

const fn v6(
    name: &'static str,
    segments: [u16; 8],
    prefix: u8,
    rfc: &'static str,
    global: bool,
) -> SpecialRange {
    let [a, b, c, d, e, f, g, h] = segments;
    SpecialRange {
        name,
        block: IpNet::V6(Ipv6Net::new_assert(
            Ipv6Addr::new(a, b, c, d, e, f, g, h),
            prefix,
        )),
        rfc,
        global,
    }
}

/// Reserved by the IETF in the IPv6 Address Space registry (RFC 4291).
const fn reserved6(first: u16, prefix: u8) -> SpecialRange {
    v6(
        "reserved by the IETF",
        [first, 0, 0, 0, 0, 0, 0, 0],
        prefix,
        "RFC 4291",
        false,
    )
}

const TABLE_LEN: usize = 29 + 43;

static TABLE: [SpecialRange; TABLE_LEN] = [
    // ----- IPv4 Special-Purpose Address Registry -----
    v4("this network", [0, 0, 0, 0], 8, "RFC 791", false),
    v4(
        "this host on this network",
        [0, 0, 0, 0],
        32,
        "RFC 1122",
        false,
    ),
    v4("private-use", [10, 0, 0, 0], 8, "RFC 1918", false),
    v4(
        "shared address space",
        [100, 64, 0, 0],
        10,
        "RFC 6598",
        false,
    ),
    v4("loopback", [127, 0, 0, 0], 8, "RFC 1122", false),
    v4("link-local", [169, 254, 0, 0], 16, "RFC 3927", false),
    v4("private-use", [172, 16, 0, 0], 12, "RFC 1918", false),
    v4(
        "IETF protocol assignments",
        [192, 0, 0, 0],
        24,
        "RFC 6890",
        false,
    ),
    v4(
        "IPv4 service continuity prefix",
        [192, 0, 0, 0],
        29,
        "RFC 7335",
        false,
    ),
    v4("IPv4 dummy address", [192, 0, 0, 8], 32, "RFC 7600", false),
    v4(
        "port control protocol anycast",
        [192, 0, 0, 9],
        32,
        "RFC 7723",
        true,
    ),
    v4("TURN anycast", [192, 0, 0, 10], 32, "RFC 8155", true),
    v4(
        "NAT64/DNS64 discovery",
        [192, 0, 0, 170],
        32,
        "RFC 8880",
        false,
    ),
    v4(
        "NAT64/DNS64 discovery",
        [192, 0, 0, 171],
        32,
        "RFC 8880",
        false,
    ),
    v4(
        "documentation (TEST-NET-1)",
        [192, 0, 2, 0],
        24,
        "RFC 5737",
        false,
    ),
    v4("AS112-v4", [192, 31, 196, 0], 24, "RFC 7535", true),
    v4("AMT", [192, 52, 193, 0], 24, "RFC 7450", true),
    // Deprecated; the registry says N/A.
    v4(
        "6to4 relay anycast (deprecated)",
        [192, 88, 99, 0],
        24,
        "RFC 7526",
        false,
    ),
    v4("private-use", [192, 168, 0, 0], 16, "RFC 1918", false),
    v4(
        "AS112 direct delegation",
        [192, 175, 48, 0],
        24,
        "RFC 7534",
        true,
    ),
    v4("benchmarking", [198, 18, 0, 0], 15, "RFC 2544", false),
    v4(
        "documentation (TEST-NET-2)",
        [198, 51, 100, 0],
        24,
        "RFC 5737",
        false,
    ),
    v4(
        "documentation (TEST-NET-3)",
        [203, 0, 113, 0],
        24,
        "RFC 5737",
        false,
    ),
    v4("reserved", [240, 0, 0, 0], 4, "RFC 1112", false),
    v4(
        "limited broadcast",
        [255, 255, 255, 255],
        32,
        "RFC 919",
        false,
    ),
    // ----- IPv4 Multicast Address Space Registry -----
    v4("multicast", [224, 0, 0, 0], 4, "RFC 5771", false),
    // Blocks inside 224.0.0.0/4 that are named separately, so errors say which.
    v4(
        "local network control block (multicast)",
        [224, 0, 0, 0],
        24,
        "RFC 5771",
        false,
    ),
    v4(
        "source-specific multicast",
        [232, 0, 0, 0],
        8,
        "RFC 4607",
        false,
    ),
    v4(
        "administratively scoped multicast",
        [239, 0, 0, 0],
        8,
        "RFC 2365",
        false,
    ),
    // ----- IPv6 Special-Purpose Address Registry -----
    v6(
        "unspecified",
        [0, 0, 0, 0, 0, 0, 0, 0],
        128,
        "RFC 4291",
        false,
    ),
    v6("loopback", [0, 0, 0, 0, 0, 0, 0, 1], 128, "RFC 4291", false),
    v6(
        "IPv4-mapped",
        [0, 0, 0, 0, 0, 0xffff, 0, 0],
        96,
        "RFC 4291",
        false,
    ),
    // Not in the special-purpose registry: deprecated by RFC 4291 §2.5.5.1, and routed by
    // no stack, so refused whatever IPv4 address it embeds.
    v6(
        "IPv4-compatible (deprecated)",
        [0, 0, 0, 0, 0, 0, 0, 0],
        96,
        "RFC 4291",
        false,
    ),
    // Globally reachable in the registry; the IPv4 address it embeds is judged too.
    v6(
        "IPv4/IPv6 translation (NAT64)",
        [0x64, 0xff9b, 0, 0, 0, 0, 0, 0],
        96,
        "RFC 6052",
        true,
    ),
    v6(
        "local-use IPv4/IPv6 translation",
        [0x64, 0xff9b, 1, 0, 0, 0, 0, 0],
        48,
        "RFC 8215",
        false,
    ),
    v6(
        "discard-only",
        [0x100, 0, 0, 0, 0, 0, 0, 0],
        64,
        "RFC 6666",
        false,
    ),
    v6(
        "dummy IPv6 prefix",
        [0x100, 0, 0, 1, 0, 0, 0, 0],
        64,
        "RFC 9780",
        false,
    ),
    v6(
        "IETF protocol assignments",
        [0x2001, 0, 0, 0, 0, 0, 0, 0],
        23,
        "RFC 2928",
        false,
    ),
    // The registry says N/A.
    v6(
        "Teredo",
        [0x2001, 0, 0, 0, 0, 0, 0, 0],
        32,
        "RFC 4380",
        false,
    ),
    v6(
        "port control protocol anycast",
        [0x2001, 1, 0, 0, 0, 0, 0, 1],
        128,
        "RFC 7723",
        true,
    ),
    v6(
        "TURN anycast",
        [0x2001, 1, 0, 0, 0, 0, 0, 2],
        128,
        "RFC 8155",
        true,
    ),
    v6(
        "DNS-SD service registration protocol anycast",
        [0x2001, 1, 0, 0, 0, 0, 0, 3],
        128,
        "RFC 9665",
        true,
    ),
    v6(
        "benchmarking",
        [0x2001, 2, 0, 0, 0, 0, 0, 0],
        48,
        "RFC 5180",
        false,
    ),
    v6("AMT", [0x2001, 3, 0, 0, 0, 0, 0, 0], 32, "RFC 7450", true),
    v6(
        "AS112-v6",
        [0x2001, 4, 0x112, 0, 0, 0, 0, 0],
        48,
        "RFC 7535",
        true,
    ),
    v6(
        "ORCHID (deprecated)",
        [0x2001, 0x10, 0, 0, 0, 0, 0, 0],
        28,
        "RFC 4843",
        false,
    ),
    v6(
        "ORCHIDv2",
        [0x2001, 0x20, 0, 0, 0, 0, 0, 0],
        28,
        "RFC 7343",
        true,
    ),
    v6(
        "drone remote ID protocol entity tags",
        [0x2001, 0x30, 0, 0, 0, 0, 0, 0],
        28,
        "RFC 9374",
        true,
    ),
    v6(
        "documentation",
        [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0],
        32,
        "RFC 3849",
        false,
    ),
    // The registry says N/A.
    v6("6to4", [0x2002, 0, 0, 0, 0, 0, 0, 0], 16, "RFC 3056", false),
    v6(
        "AS112 direct delegation",
        [0x2620, 0x4f, 0x8000, 0, 0, 0, 0, 0],
        48,
        "RFC 7534",
        true,
    ),
    v6(
        "documentation",
        [0x3fff, 0, 0, 0, 0, 0, 0, 0],
        20,
        "RFC 9637",
        false,
    ),
    v6(
        "segment routing SIDs",
        [0x5f00, 0, 0, 0, 0, 0, 0, 0],
        16,
        "RFC 9602",
        false,
    ),
    v6(
        "unique-local",
        [0xfc00, 0, 0, 0, 0, 0, 0, 0],
        7,
        "RFC 4193",
        false,
    ),
    v6(
        "link-local unicast",
        [0xfe80, 0, 0, 0, 0, 0, 0, 0],
        10,
        "RFC 4291",
        false,
    ),
    // ----- IPv6 Address Space registry: all of it outside 2000::/3 -----
    reserved6(0x0000, 8),
    reserved6(0x0100, 8),
    reserved6(0x0200, 7),
    reserved6(0x0400, 6),
    reserved6(0x0800, 5),
    reserved6(0x1000, 4),
    reserved6(0x4000, 3),
    reserved6(0x6000, 3),
    reserved6(0x8000, 3),
    reserved6(0xa000, 3),
    reserved6(0xc000, 3),
    reserved6(0xe000, 4),
    reserved6(0xf000, 5),
    reserved6(0xf800, 6),
    reserved6(0xfe00, 9),
    v6(
        "site-local (deprecated)",
        [0xfec0, 0, 0, 0, 0, 0, 0, 0],
        10,
        "RFC 3879",
        false,
    ),
    v6(
        "multicast",
        [0xff00, 0, 0, 0, 0, 0, 0, 0],
        8,
        "RFC 4291",
        false,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn last(block: IpNet) -> IpAddr {
        block.broadcast()
    }

    /// Every row, with what the registry says about it: a probe address inside the block
    /// (one not covered by a more specific row), and whether it is globally reachable.
    /// Adding a row without adding it here fails `every_row_is_tested`.
    const EXPECTED: &[(&str, &str, bool)] = &[
        ("0.0.0.0/8", "0.1.2.3", false),
        ("0.0.0.0/32", "0.0.0.0", false),
        ("10.0.0.0/8", "10.255.0.1", false),
        ("100.64.0.0/10", "100.127.255.254", false),
        ("127.0.0.0/8", "127.53.0.1", false),
        ("169.254.0.0/16", "169.254.169.254", false),
        ("172.16.0.0/12", "172.31.0.1", false),
        ("192.0.0.0/24", "192.0.0.100", false),
        ("192.0.0.0/29", "192.0.0.1", false),
        ("192.0.0.8/32", "192.0.0.8", false),
        ("192.0.0.9/32", "192.0.0.9", true),
        ("192.0.0.10/32", "192.0.0.10", true),
        ("192.0.0.170/32", "192.0.0.170", false),
        ("192.0.0.171/32", "192.0.0.171", false),
        ("192.0.2.0/24", "192.0.2.1", false),
        ("192.31.196.0/24", "192.31.196.1", true),
        ("192.52.193.0/24", "192.52.193.1", true),
        ("192.88.99.0/24", "192.88.99.1", false),
        ("192.168.0.0/16", "192.168.1.1", false),
        ("192.175.48.0/24", "192.175.48.1", true),
        ("198.18.0.0/15", "198.19.255.255", false),
        ("198.51.100.0/24", "198.51.100.7", false),
        ("203.0.113.0/24", "203.0.113.9", false),
        ("240.0.0.0/4", "250.1.2.3", false),
        ("255.255.255.255/32", "255.255.255.255", false),
        ("224.0.0.0/4", "230.1.2.3", false),
        ("224.0.0.0/24", "224.0.0.251", false),
        ("232.0.0.0/8", "232.1.1.1", false),
        ("239.0.0.0/8", "239.255.255.250", false),
        ("::/128", "::", false),
        ("::1/128", "::1", false),
        ("::ffff:0:0/96", "::ffff:1.2.3.4", false),
        ("::/96", "::1.2.3.4", false),
        ("64:ff9b::/96", "64:ff9b::808:808", true),
        ("64:ff9b:1::/48", "64:ff9b:1::1", false),
        ("100::/64", "100::1", false),
        ("100:0:0:1::/64", "100:0:0:1::1", false),
        ("2001::/23", "2001:100::1", false),
        ("2001::/32", "2001:0:4136:e378:8000:63bf:3fff:fdd2", false),
        ("2001:1::1/128", "2001:1::1", true),
        ("2001:1::2/128", "2001:1::2", true),
        ("2001:1::3/128", "2001:1::3", true),
        ("2001:2::/48", "2001:2::1", false),
        ("2001:3::/32", "2001:3::1", true),
        ("2001:4:112::/48", "2001:4:112::1", true),
        ("2001:10::/28", "2001:10::1", false),
        ("2001:20::/28", "2001:20::1", true),
        ("2001:30::/28", "2001:30::1", true),
        ("2001:db8::/32", "2001:db8::1", false),
        ("2002::/16", "2002:808:808::1", false),
        ("2620:4f:8000::/48", "2620:4f:8000::1", true),
        ("3fff::/20", "3fff::1", false),
        ("5f00::/16", "5f00::1", false),
        ("fc00::/7", "fd12:3456::1", false),
        ("fe80::/10", "fe80::1", false),
        ("::/8", "::1:0:0:1", false),
        ("100::/8", "1ff::1", false),
        ("200::/7", "200::1", false),
        ("400::/6", "400::1", false),
        ("800::/5", "800::1", false),
        ("1000::/4", "1fff::1", false),
        ("4000::/3", "4000::1", false),
        ("6000::/3", "6000::1", false),
        ("8000::/3", "8000::1", false),
        ("a000::/3", "a000::1", false),
        ("c000::/3", "c000::1", false),
        ("e000::/4", "e000::1", false),
        ("f000::/5", "f000::1", false),
        ("f800::/6", "f800::1", false),
        ("fe00::/9", "fe00::1", false),
        ("fec0::/10", "fec0::1", false),
        ("ff00::/8", "ff02::1", false),
    ];

    #[test]
    fn every_row_is_tested() {
        assert_eq!(SpecialRange::all().len(), EXPECTED.len());
        for row in SpecialRange::all() {
            let (_, probe, global) = EXPECTED
                .iter()
                .find(|(block, _, _)| block.parse::<IpNet>().unwrap() == row.block())
                .unwrap_or_else(|| panic!("no expectation for {row}"));
            let found = SpecialRange::of(ip(probe)).unwrap();
            assert_eq!(found, row, "{probe} should be in {row}");
            assert_eq!(row.is_globally_reachable(), *global, "{row}");
        }
        // Each block is distinct, except where two names share one (private-use is three).
        for (i, a) in SpecialRange::all().iter().enumerate() {
            for b in &SpecialRange::all()[i + 1..] {
                assert_ne!(a.block(), b.block(), "{a} / {b}");
            }
        }
    }

    #[test]
    fn every_row_covers_its_first_and_last_address() {
        for row in SpecialRange::all() {
            for edge in [row.block().network(), last(row.block())] {
                let found = SpecialRange::of(edge).unwrap();
                assert!(
                    found.block().prefix_len() >= row.block().prefix_len(),
                    "{edge}"
                );
                assert!(found.block().contains(&edge));
            }
        }
    }

    #[test]
    fn ordinary_addresses_are_in_no_block() {
        for text in [
            "1.1.1.1",
            "8.8.8.8",
            "93.184.215.14",
            "100.63.255.255",
            "100.128.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "192.0.1.0",
            "192.167.255.255",
            "192.169.0.0",
            "198.17.255.255",
            "198.20.0.0",
            "223.255.255.255",
            "2000::1",
            "2001:200::1",
            "2606:4700:4700::1111",
            "2a00:1450:4001:81b::200e",
            "3ffe::1",
            "3ffe:ffff::1",
        ] {
            assert_eq!(SpecialRange::of(ip(text)), None, "{text}");
        }
    }

    #[test]
    fn the_ipv6_table_leaves_only_2000_slash_3_unjudged() {
        // Sixteen-bit steps over the first group: every value outside 2000..=3fff is in a
        // block that is not globally reachable, or in one of the registry's exceptions.
        for first in 0..=u16::MAX {
            let address = IpAddr::V6(Ipv6Addr::new(first, 0x1234, 0, 0, 0, 0, 0, 0x99));
            let row = SpecialRange::of(address);
            if (0x2000..=0x3fff).contains(&first) {
                continue;
            }
            let row = row.unwrap_or_else(|| panic!("{address} falls through"));
            assert!(!row.is_globally_reachable(), "{address}: {row}");
        }
    }
}
