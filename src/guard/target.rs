//! [`Target`]: what a URL connects to before any name is resolved.

use std::fmt;
use std::net::IpAddr;

/// The host and port a URL connects to, as the WHATWG URL standard reads them: the name to
/// hand the resolver, or the address the URL spells out (in any of the notations the
/// standard accepts: `0x7f.1`, `2130706433`, `017700000001` and `127.1` are all
/// `127.0.0.1`).
///
/// Resolve [`Target::name`] — this text, not your own reading of the URL — so the
/// addresses you pass to [`Guard::clear`](super::Guard::clear) belong to the host the
/// request will name.
///
/// ```
/// use hookwire::guard::Guard;
///
/// let target = Guard::new().target("https://Hooks.EXAMPLE.com./in")?;
/// assert_eq!(target.name(), Some("hooks.example.com.")); // what to resolve
/// assert_eq!(target.port(), 443);
///
/// let literal = Guard::new().target("http://[2606:4700:4700::1111]:8080/")?;
/// assert_eq!(literal.name(), None); // nothing to resolve
/// assert_eq!(literal.address(), Some("2606:4700:4700::1111".parse()?));
/// assert_eq!(literal.to_string(), "[2606:4700:4700::1111]:8080");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    pub(super) host: Host,
    pub(super) port: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Host {
    Name(String),
    Address(IpAddr),
}

impl Target {
    /// The host name to resolve, or `None` when the URL names an address.
    ///
    /// See [`Target`] for an example.
    #[must_use]
    pub fn name(&self) -> Option<&str> {
        match &self.host {
            Host::Name(name) => Some(name),
            Host::Address(_) => None,
        }
    }

    /// The address the URL names, already cleared by the guard; `None` when it names a
    /// host to resolve.
    ///
    /// See [`Target`] for an example.
    #[must_use]
    pub fn address(&self) -> Option<IpAddr> {
        match self.host {
            Host::Name(_) => None,
            Host::Address(address) => Some(address),
        }
    }

    /// The port: the URL's, or its scheme's default (80, 443).
    ///
    /// See [`Target`] for an example.
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.host {
            Host::Name(name) => write!(f, "{name}:{}", self.port),
            Host::Address(IpAddr::V6(address)) => write!(f, "[{address}]:{}", self.port),
            Host::Address(IpAddr::V4(address)) => write!(f, "{address}:{}", self.port),
        }
    }
}
