//! [`Guard`]: the decision whether to connect to an endpoint.

use std::net::{IpAddr, SocketAddr};

use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use url::Url;

use super::error::SettingsError;
use super::target::Host;
use super::{Cleared, Denied, Embedding, GuardBuilder, SpecialRange, Target};

/// Decides whether a request may go to a URL, given the addresses the host's resolver
/// returned for it — without doing any I/O itself. See the [module docs](super) for the
/// rules and the drive loop.
///
/// [`Guard::new`] refuses every address that is not globally reachable and allows any
/// port but 0; [`Guard::builder`] adds exceptions (ranges meant to be reached, a port
/// list). A guard is plain configuration: `Clone`, comparable, and `Serialize +
/// Deserialize` (re-validated on the way in).
///
/// ```
/// use hookwire::guard::{Denied, Guard};
///
/// let guard = Guard::new();
/// // The host resolved the name itself; the guard judges what came back.
/// let cleared = guard.clear("https://hooks.example.com/in", &["93.184.215.14".parse()?])?;
/// assert_eq!(cleared.address().to_string(), "93.184.215.14:443");
///
/// // A name that resolves to the cloud metadata service is refused.
/// let err = guard.clear("https://hooks.example.com/in", &["169.254.169.254".parse()?]).unwrap_err();
/// assert_eq!(err.to_string(), "169.254.169.254 is link-local (169.254.0.0/16, RFC 3927)");
///
/// // So is a URL that spells loopback in hex, whatever the resolver says.
/// assert!(matches!(guard.clear("http://0x7f.1/", &[]), Err(Denied::NotGlobal { .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawGuard", into = "RawGuard")]
pub struct Guard {
    pub(super) allow: Vec<IpNet>,
    pub(super) ports: Option<Vec<u16>>,
}

impl Guard {
    /// A guard with no exceptions: only globally reachable addresses, any port but 0.
    ///
    /// See [`Guard`] for an example.
    #[must_use]
    pub fn new() -> Self {
        Guard::default()
    }

    /// A guard that lets every address through (any port but 0): what an endpoint without
    /// a guard is cleared with.
    pub(crate) fn open() -> Self {
        Guard {
            allow: vec![
                IpNet::V4(ipnet::Ipv4Net::default()),
                IpNet::V6(ipnet::Ipv6Net::default()),
            ],
            ports: None,
        }
    }

    /// A builder for a guard with exceptions.
    ///
    /// See [`GuardBuilder`] for an example.
    pub fn builder() -> GuardBuilder {
        GuardBuilder::default()
    }

    /// The ranges let through although not globally reachable, in the order added.
    ///
    /// See [`GuardBuilder::allow_all`] for an example.
    #[must_use]
    pub fn allowed(&self) -> &[IpNet] {
        &self.allow
    }

    /// The ports allowed, sorted; `None` when any port but 0 is.
    ///
    /// See [`GuardBuilder`] for an example.
    #[must_use]
    pub fn ports(&self) -> Option<&[u16]> {
        self.ports.as_deref()
    }

    /// The checks that need no resolver: the URL parses (as the WHATWG URL standard reads
    /// it), its scheme is http or https, it carries no credentials, its port is allowed,
    /// and an address it spells out is allowed. Returns what to resolve.
    ///
    /// See [`Target`] for an example.
    pub fn target(&self, url: &str) -> Result<Target, Denied> {
        self.target_url(&parse(url)?)
    }

    /// [`Guard::target`] for a URL already parsed.
    ///
    /// ```
    /// use hookwire::guard::{Denied, Guard};
    /// let url = url::Url::parse("gopher://hooks.example.com/")?;
    /// assert!(matches!(Guard::new().target_url(&url), Err(Denied::UnsupportedScheme { .. })));
    /// # Ok::<(), url::ParseError>(())
    /// ```
    pub fn target_url(&self, url: &Url) -> Result<Target, Denied> {
        match url.scheme() {
            "http" | "https" => {}
            other => {
                return Err(Denied::UnsupportedScheme {
                    scheme: other.to_owned(),
                });
            }
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Denied::Credentials);
        }
        // http and https always have a host and a default port; a `Url` that lacks one
        // was not built by the URL standard's parser.
        let port = url
            .port_or_known_default()
            .ok_or_else(|| Denied::InvalidUrl {
                reason: "no port".to_owned(),
            })?;
        self.check_port(port)?;
        let host = match url.host() {
            Some(url::Host::Domain(name)) => Host::Name(name.to_owned()),
            Some(url::Host::Ipv4(address)) => Host::Address(self.check_address(address.into())?),
            Some(url::Host::Ipv6(address)) => Host::Address(self.check_address(address.into())?),
            None => {
                return Err(Denied::InvalidUrl {
                    reason: "no host".to_owned(),
                });
            }
        };
        Ok(Target { host, port })
    }

    /// The decision: whether to connect to `url`, given the addresses the host's
    /// resolver returned for its [`Target::name`]. Every address must pass (one internal
    /// address among public ones is how a name is made to reach inside); the first is
    /// pinned. When the URL spells out an address, `resolved` is not consulted.
    ///
    /// See [`Guard`] and [`Cleared`] for examples.
    pub fn clear(&self, url: &str, resolved: &[IpAddr]) -> Result<Cleared, Denied> {
        self.clear_url(&parse(url)?, resolved)
    }

    /// [`Guard::clear`] for a URL already parsed.
    ///
    /// ```
    /// use hookwire::guard::{Denied, Guard};
    /// let url = url::Url::parse("https://hooks.example.com/")?;
    /// let mixed = ["93.184.215.14".parse().unwrap(), "10.0.0.7".parse().unwrap()];
    /// assert!(matches!(Guard::new().clear_url(&url, &mixed), Err(Denied::NotGlobal { .. })));
    /// assert!(matches!(Guard::new().clear_url(&url, &[]), Err(Denied::NoAddresses { .. })));
    /// # Ok::<(), url::ParseError>(())
    /// ```
    pub fn clear_url(&self, url: &Url, resolved: &[IpAddr]) -> Result<Cleared, Denied> {
        let target = self.target_url(url)?;
        let address = match &target.host {
            Host::Address(address) => *address,
            Host::Name(name) => {
                let mut pinned = None;
                for &address in resolved {
                    let address = self.check_address(address)?;
                    pinned.get_or_insert(address);
                }
                pinned.ok_or_else(|| Denied::NoAddresses { host: name.clone() })?
            }
        };
        Ok(Cleared {
            address: SocketAddr::new(address, target.port),
            host: url.host_str().unwrap_or_default().to_owned(),
        })
    }

    /// Whether one address may be connected to: allowed explicitly, or globally reachable
    /// itself and through every IPv4 address it embeds. Returns the address to connect to
    /// (an IPv4-mapped address as the IPv4 address it is).
    ///
    /// For hosts whose HTTP client resolves names itself and offers a hook on each
    /// address it is about to connect to.
    ///
    /// ```
    /// use hookwire::guard::{Denied, Embedding, Guard};
    /// let guard = Guard::new();
    /// assert_eq!(guard.check_address("::ffff:8.8.8.8".parse()?)?, "8.8.8.8".parse::<std::net::IpAddr>()?);
    /// let err = guard.check_address("64:ff9b::a9fe:a9fe".parse()?).unwrap_err();
    /// assert!(matches!(err, Denied::EmbedsNotGlobal { form: Embedding::Nat64, .. }));
    /// assert_eq!(
    ///     err.to_string(),
    ///     "64:ff9b::a9fe:a9fe embeds 169.254.169.254 (NAT64, 64:ff9b::/96), which is link-local (169.254.0.0/16, RFC 3927)"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check_address(&self, address: IpAddr) -> Result<IpAddr, Denied> {
        let canonical = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
            v4 @ IpAddr::V4(_) => v4,
        };
        if self.allow.iter().any(|range| range.contains(&canonical)) {
            return Ok(canonical);
        }
        if let IpAddr::V6(v6) = address {
            for (form, embedded) in Embedding::find(v6) {
                if let Some(range) = not_global(IpAddr::V4(embedded)) {
                    return Err(Denied::EmbedsNotGlobal {
                        address: v6,
                        form,
                        embedded,
                        range,
                    });
                }
            }
        }
        match not_global(canonical) {
            Some(range) => Err(Denied::NotGlobal {
                address: canonical,
                range,
            }),
            None => Ok(canonical),
        }
    }

    fn check_port(&self, port: u16) -> Result<(), Denied> {
        let allowed = match &self.ports {
            _ if port == 0 => false,
            None => true,
            Some(ports) => ports.binary_search(&port).is_ok(),
        };
        if allowed {
            Ok(())
        } else {
            Err(Denied::PortNotAllowed {
                port,
                allowed: self.ports.clone().unwrap_or_default(),
            })
        }
    }
}

/// The block `address` is in, if that block is not globally reachable.
fn not_global(address: IpAddr) -> Option<&'static SpecialRange> {
    SpecialRange::of(address).filter(|range| !range.is_globally_reachable())
}

fn parse(url: &str) -> Result<Url, Denied> {
    Url::parse(url).map_err(|err| Denied::InvalidUrl {
        reason: err.to_string(),
    })
}

/// The stored form: ranges as text, re-read strictly on the way in.
#[derive(Serialize, Deserialize)]
struct RawGuard {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    allow: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ports: Option<Vec<u16>>,
}

impl TryFrom<RawGuard> for Guard {
    type Error = SettingsError;

    fn try_from(raw: RawGuard) -> Result<Self, SettingsError> {
        let mut builder = Guard::builder().allow_all(&raw.allow);
        if let Some(ports) = raw.ports {
            builder = builder.ports(ports);
        }
        builder.build()
    }
}

impl From<Guard> for RawGuard {
    fn from(guard: Guard) -> Self {
        RawGuard {
            allow: guard.allow.iter().map(ToString::to_string).collect(),
            ports: guard.ports,
        }
    }
}
