//! [`Cleared`]: the guard's yes, with the one address to connect to.

use std::net::SocketAddr;

/// A destination the [`Guard`](super::Guard) let through: the one address to connect to,
/// pinned, and the host name the request carries.
///
/// - **Connect to [`Cleared::address`] and nowhere else.** Do not resolve the name again:
///   a second lookup is how DNS rebinding swaps a cleared public address for an internal
///   one between the check and the connection.
/// - **Keep the URL's host** for the `Host` header and the TLS server name
///   ([`Cleared::host`]): the certificate is still checked against the name.
/// - **Do not follow redirects** ([`Cleared::follow_redirects`] is always `false`): a
///   `Location` was never cleared. A 3xx is the answer to the attempt.
///
/// ```
/// use hookwire::guard::Guard;
///
/// let resolved = ["93.184.215.14".parse()?, "2606:2800:21f:cb07:6820:80da:af6b:8b2c".parse()?];
/// let cleared = Guard::new().clear("https://hooks.example.com/in", &resolved)?;
/// assert_eq!(cleared.address().to_string(), "93.184.215.14:443"); // the first, pinned
/// assert_eq!(cleared.host(), "hooks.example.com");
/// assert!(!cleared.follow_redirects());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[must_use = "connect to `address()`, and only there"]
pub struct Cleared {
    pub(super) address: SocketAddr,
    pub(super) host: String,
}

impl Cleared {
    /// The address and port to connect to. An IPv4-mapped IPv6 address comes back as the
    /// IPv4 address it is, so an IPv6-only socket is never asked to reach it.
    ///
    /// See [`Cleared`] for an example.
    #[must_use]
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The URL's host as the URL standard serializes it (lower case, IPv6 in brackets):
    /// the `Host` header's name and the TLS server name.
    ///
    /// See [`Cleared`] for an example.
    #[must_use]
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Whether to follow redirects: never. A redirect's target is a new destination the
    /// guard has not seen, so the response that carries it is the attempt's answer.
    ///
    /// See [`Cleared`] for an example.
    #[must_use]
    pub fn follow_redirects(&self) -> bool {
        false
    }
}
