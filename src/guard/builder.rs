//! [`GuardBuilder`]: the exceptions a guard makes, set one by one; the first mistake is
//! reported by `build()`.

use ipnet::IpNet;

use super::Guard;
use super::error::SettingsError;

/// Configures a [`Guard`]: the ranges it lets through although they are not globally
/// reachable, and the ports it allows. Mistakes are kept and the first is returned by
/// [`GuardBuilder::build`].
///
/// ```
/// use hookwire::guard::{Guard, SettingsError};
///
/// let guard = Guard::builder()
///     .allow("10.20.0.0/16") // the staging receivers, on purpose
///     .ports([443, 8443])
///     .build()?;
/// assert_eq!(guard.ports(), Some(&[443, 8443][..]));
///
/// // `010.20.0.0/16` means 8.20.0.0/16 to inet_aton, curl and ping: refused.
/// let err = Guard::builder().allow("010.20.0.0/16").build().unwrap_err();
/// assert!(matches!(err, SettingsError::InvalidIpRange { .. }));
/// # Ok::<(), SettingsError>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use = "call `build()` to get the Guard"]
pub struct GuardBuilder {
    allow: Vec<IpNet>,
    ports: Option<Vec<u16>>,
    error: Option<SettingsError>,
}

impl GuardBuilder {
    /// Lets addresses in `range` through, whatever block they are in: a CIDR range
    /// (`10.20.0.0/16`, `fd00:1::/64`) or a single address. IPv4 text is read strictly:
    /// an octet with a leading zero (`010`) is a
    /// [`SettingsError::InvalidIpRange`], because other tools read it as octal.
    ///
    /// A range matches the address it names: an IPv4 range also matches that range's
    /// IPv4-mapped IPv6 addresses (`::ffff:10.20.0.1` is `10.20.0.1`), but NAT64, 6to4 and
    /// Teredo addresses must be allowed by their own IPv6 ranges.
    ///
    /// ```
    /// use hookwire::guard::Guard;
    /// let guard = Guard::builder().allow("127.0.0.0/8").build()?;
    /// assert!(guard.check_address("127.0.0.1".parse().unwrap()).is_ok());
    /// assert!(guard.check_address("::ffff:127.0.0.1".parse().unwrap()).is_ok());
    /// assert!(guard.check_address("::1".parse().unwrap()).is_err());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn allow(mut self, range: &str) -> Self {
        match crate::cidr::parse_range(range) {
            Ok(range) => self.allow.push(canonical_range(range)),
            Err(invalid) => {
                self.error.get_or_insert(SettingsError::InvalidIpRange {
                    range: invalid.range,
                    reason: invalid.reason,
                });
            }
        }
        self
    }

    /// Lets every range of `ranges` through, as [`GuardBuilder::allow`] does.
    ///
    /// ```
    /// use hookwire::guard::Guard;
    /// let guard = Guard::builder().allow_all(["10.0.0.0/8", "fd00::/8"]).build()?;
    /// assert_eq!(guard.allowed().len(), 2);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn allow_all<I, S>(mut self, ranges: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for range in ranges {
            self = self.allow(range.as_ref());
        }
        self
    }

    /// Allows only these ports (the URL's, or its scheme's default). Without this call
    /// any port but 0 is allowed. An empty list is [`SettingsError::NoPorts`], port 0
    /// [`SettingsError::PortZero`].
    ///
    /// ```
    /// use hookwire::guard::{Denied, Guard};
    /// let guard = Guard::builder().ports([443]).build()?;
    /// let err = guard.target("https://hooks.example.com:8443/").unwrap_err();
    /// assert!(matches!(err, Denied::PortNotAllowed { port: 8443, .. }));
    /// assert!(Guard::builder().ports([]).build().is_err());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn ports(mut self, ports: impl IntoIterator<Item = u16>) -> Self {
        let mut ports: Vec<u16> = ports.into_iter().collect();
        ports.sort_unstable();
        ports.dedup();
        let mistake = if ports.is_empty() {
            Some(SettingsError::NoPorts)
        } else if ports.first() == Some(&0) {
            Some(SettingsError::PortZero)
        } else {
            None
        };
        match mistake {
            Some(mistake) => {
                self.error.get_or_insert(mistake);
            }
            None => self.ports = Some(ports),
        }
        self
    }

    /// The guard, or the first configuration mistake.
    ///
    /// See [`GuardBuilder`] for an example.
    pub fn build(self) -> Result<Guard, SettingsError> {
        match self.error {
            Some(err) => Err(err),
            None => Ok(Guard {
                allow: self.allow,
                ports: self.ports,
            }),
        }
    }
}

/// An IPv6 range written in IPv4-mapped form (`::ffff:10.0.0.0/104`) is the IPv4 range it
/// maps, since the guard reads mapped addresses as IPv4 before matching.
fn canonical_range(range: IpNet) -> IpNet {
    match range {
        IpNet::V6(v6) if v6.prefix_len() >= 96 => match v6.network().to_ipv4_mapped() {
            Some(network) => ipnet::Ipv4Net::new(network, v6.prefix_len() - 96)
                .map(IpNet::V4)
                .unwrap_or(range),
            None => range,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapped_ranges_become_ipv4_ranges() {
        let guard = Guard::builder()
            .allow("::ffff:10.0.0.0/104")
            .build()
            .unwrap();
        assert_eq!(guard.allowed()[0].to_string(), "10.0.0.0/8");
        assert!(guard.check_address("10.1.2.3".parse().unwrap()).is_ok());
        let guard = Guard::builder().allow("::/80").build().unwrap();
        assert_eq!(guard.allowed()[0].to_string(), "::/80");
    }

    #[test]
    fn the_first_mistake_is_reported() {
        let err = Guard::builder()
            .allow("nope")
            .ports([0])
            .build()
            .unwrap_err();
        assert!(matches!(err, SettingsError::InvalidIpRange { .. }), "{err}");
        let err = Guard::builder().ports([0, 443]).build().unwrap_err();
        assert_eq!(err, SettingsError::PortZero);
    }

    #[test]
    fn ports_are_sorted_and_deduplicated() {
        let guard = Guard::builder().ports([8443, 443, 443]).build().unwrap();
        assert_eq!(guard.ports(), Some(&[443, 8443][..]));
    }
}
