//! [`Denied`]: why the guard refused to let a request go to an endpoint.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::{Embedding, SpecialRange};

/// Why a [`Guard`](super::Guard) refused a URL or an address. Each variant names what was
/// refused and why, so the operator can fix the endpoint or, if the destination really is
/// meant to be internal, allow its range explicitly
/// ([`GuardBuilder::allow`](super::GuardBuilder::allow)).
///
/// A denial is final for the request it was asked about: the host must not send it (and
/// must not look the name up again hoping for a different answer).
///
/// ```
/// use hookwire::guard::{Denied, Guard};
///
/// let err = Guard::new().clear("http://127.1/hook", &[]).unwrap_err();
/// assert!(matches!(err, Denied::NotGlobal { .. }));
/// assert_eq!(err.to_string(), "127.0.0.1 is loopback (127.0.0.0/8, RFC 1122)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Denied {
    /// The text is not a URL, as the WHATWG URL standard reads it.
    #[error("not a URL: {reason}")]
    InvalidUrl {
        /// Why it does not parse.
        reason: String,
    },
    /// A scheme other than `http` and `https` (`file:`, `gopher:`, `ftp:`…).
    #[error("the scheme `{scheme}` is not http or https")]
    UnsupportedScheme {
        /// The scheme found.
        scheme: String,
    },
    /// The URL carries `user:password@`: credentials belong in
    /// [`BasicAuth`](crate::BasicAuth), and a userinfo part is how URLs are made to look
    /// like they go to one host while going to another (`https://trusted.com@evil.com/`).
    #[error("the URL carries credentials (user:password@)")]
    Credentials,
    /// The port is 0, or not in the guard's port list.
    #[error("port {port} is not allowed{}", allowed_ports(allowed))]
    PortNotAllowed {
        /// The port the URL names (or its scheme's default).
        port: u16,
        /// The ports the guard allows; empty when any port but 0 is allowed.
        allowed: Vec<u16>,
    },
    /// The host is a name and the resolver returned no address for it.
    #[error("the host `{host}` resolved to no address")]
    NoAddresses {
        /// The host name as the URL standard reads it.
        host: String,
    },
    /// An address (the URL's own, or one the resolver returned) is in a block that is not
    /// globally reachable: loopback, private-use, link-local, multicast, documentation…
    #[error("{address} is {range}")]
    NotGlobal {
        /// The address refused.
        address: IpAddr,
        /// The special-purpose block it is in.
        range: &'static SpecialRange,
    },
    /// An IPv6 address embeds an IPv4 address that is not globally reachable
    /// (`::ffff:127.0.0.1`, `64:ff9b::a9fe:a9fe`, a 6to4 or Teredo address).
    #[error("{address} embeds {embedded} ({form}), which is {range}")]
    EmbedsNotGlobal {
        /// The IPv6 address refused.
        address: Ipv6Addr,
        /// How the IPv4 address is embedded.
        form: Embedding,
        /// The embedded IPv4 address.
        embedded: Ipv4Addr,
        /// The special-purpose block the embedded address is in.
        range: &'static SpecialRange,
    },
}

fn allowed_ports(allowed: &[u16]) -> String {
    if allowed.is_empty() {
        return String::new();
    }
    let list: Vec<String> = allowed.iter().map(u16::to_string).collect();
    format!(" (allowed: {})", list.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_what_to_fix() {
        assert_eq!(
            Denied::PortNotAllowed {
                port: 22,
                allowed: vec![443, 8443]
            }
            .to_string(),
            "port 22 is not allowed (allowed: 443, 8443)"
        );
        assert_eq!(
            Denied::PortNotAllowed {
                port: 0,
                allowed: Vec::new()
            }
            .to_string(),
            "port 0 is not allowed"
        );
        assert_eq!(
            Denied::NoAddresses {
                host: "hooks.example.com".into()
            }
            .to_string(),
            "the host `hooks.example.com` resolved to no address"
        );
    }
}
