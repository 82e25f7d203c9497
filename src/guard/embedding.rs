//! [`Embedding`]: the IPv6 forms that carry an IPv4 address inside them.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// An IPv6 address form that embeds an IPv4 address, and so can reach (or name) an IPv4
/// host through the IPv6 side of a stack: `[::ffff:127.0.0.1]` is loopback even though no
/// IPv6 loopback address appears in it.
///
/// ```
/// use std::net::{Ipv4Addr, Ipv6Addr};
/// use hookwire::guard::Embedding;
///
/// let nat64: Ipv6Addr = "64:ff9b::7f00:1".parse()?;
/// assert_eq!(Embedding::find(nat64), vec![(Embedding::Nat64, Ipv4Addr::LOCALHOST)]);
/// assert_eq!(Embedding::Nat64.to_string(), "NAT64, 64:ff9b::/96");
/// # Ok::<(), std::net::AddrParseError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Embedding {
    /// `::ffff:a.b.c.d` (RFC 4291 §2.5.5.2): the IPv4 address itself, as a dual-stack
    /// socket sees it.
    Ipv4Mapped,
    /// `::a.b.c.d` (RFC 4291 §2.5.5.1, deprecated).
    Ipv4Compatible,
    /// `64:ff9b::a.b.c.d`, the well-known NAT64 prefix (RFC 6052): a translator connects to
    /// the IPv4 address.
    Nat64,
    /// `2002:AABB:CCDD::/48` (RFC 3056): the 6to4 router at `AA.BB.CC.DD`.
    SixToFour,
    /// `2001:0:SSSS:SSSS:…:CCCC:CCCC` (RFC 4380): the Teredo server `S` in clear and the
    /// client's public address `C`, its bits inverted.
    TeredoServer,
    /// The Teredo client's address (the last 32 bits, inverted).
    TeredoClient,
}

impl Embedding {
    /// Every IPv4 address `address` embeds, with the form it is embedded in (a Teredo
    /// address embeds two). `::` and `::1` embed nothing: they are IPv6's own unspecified
    /// and loopback addresses.
    ///
    /// See [`Embedding`] for an example.
    #[must_use]
    pub fn find(address: Ipv6Addr) -> Vec<(Embedding, Ipv4Addr)> {
        let s = address.segments();
        let tail = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
        match s {
            [0, 0, 0, 0, 0, 0xffff, _, _] => vec![(Embedding::Ipv4Mapped, tail)],
            [0, 0, 0, 0, 0, 0, 0, 0 | 1] => Vec::new(),
            [0, 0, 0, 0, 0, 0, _, _] => vec![(Embedding::Ipv4Compatible, tail)],
            [0x64, 0xff9b, 0, 0, 0, 0, _, _] => vec![(Embedding::Nat64, tail)],
            [0x2002, hi, lo, ..] => vec![(Embedding::SixToFour, from_segments(hi, lo))],
            [0x2001, 0, hi, lo, _, _, c_hi, c_lo] => vec![
                (Embedding::TeredoServer, from_segments(hi, lo)),
                (Embedding::TeredoClient, from_segments(!c_hi, !c_lo)),
            ],
            _ => Vec::new(),
        }
    }
}

fn from_segments(hi: u16, lo: u16) -> Ipv4Addr {
    Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo))
}

impl fmt::Display for Embedding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Embedding::Ipv4Mapped => "IPv4-mapped, ::ffff:0:0/96",
            Embedding::Ipv4Compatible => "IPv4-compatible, ::/96",
            Embedding::Nat64 => "NAT64, 64:ff9b::/96",
            Embedding::SixToFour => "6to4 router, 2002::/16",
            Embedding::TeredoServer => "Teredo server, 2001::/32",
            Embedding::TeredoClient => "Teredo client, 2001::/32",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v6(text: &str) -> Ipv6Addr {
        text.parse().unwrap()
    }

    fn v4(text: &str) -> Ipv4Addr {
        text.parse().unwrap()
    }

    #[test]
    fn each_form_yields_its_ipv4_address() {
        let cases: [(&str, &[(Embedding, &str)]); 8] = [
            ("::ffff:127.0.0.1", &[(Embedding::Ipv4Mapped, "127.0.0.1")]),
            ("::127.0.0.1", &[(Embedding::Ipv4Compatible, "127.0.0.1")]),
            ("::0.0.0.2", &[(Embedding::Ipv4Compatible, "0.0.0.2")]),
            ("64:ff9b::10.0.0.1", &[(Embedding::Nat64, "10.0.0.1")]),
            (
                "2002:a9fe:a9fe::1",
                &[(Embedding::SixToFour, "169.254.169.254")],
            ),
            // RFC 4380's example: server 65.54.227.120, client 192.0.2.45 (bits inverted).
            (
                "2001:0:4136:e378:8000:63bf:3fff:fdd2",
                &[
                    (Embedding::TeredoServer, "65.54.227.120"),
                    (Embedding::TeredoClient, "192.0.2.45"),
                ],
            ),
            ("::", &[]),
            ("::1", &[]),
        ];
        for (address, want) in cases {
            let want: Vec<_> = want.iter().map(|(e, a)| (*e, v4(a))).collect();
            assert_eq!(Embedding::find(v6(address)), want, "{address}");
        }
    }

    #[test]
    fn other_addresses_embed_nothing() {
        for address in [
            "2606:4700:4700::1111",
            "64:ff9b:1::a00:1",
            "2001:db8::1",
            "fe80::1",
            "::ffff:0:1.2.3.4",
            "::1:0:0:1",
        ] {
            assert!(Embedding::find(v6(address)).is_empty(), "{address}");
        }
    }
}
