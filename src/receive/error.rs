//! [`SettingsError`]: a receiver-side setting that cannot work.

/// Why a receiver-side setting was refused: the [`ReceiverBuilder`](super::ReceiverBuilder)'s
/// limits and IP ranges, an [`IpAllowlist`](super::IpAllowlist), a
/// [`ReplayGuard`](super::ReplayGuard) or the [`AbuseProtection`](super::AbuseProtection)
/// handshake. Each variant names the setting; found when it is set (or when saved state is
/// loaded), never while receiving — a request's faults are
/// [`Rejection`](super::Rejection)s.
///
/// ```
/// use hookwire::receive::{RawBody, Receiver, SettingsError};
///
/// let err = Receiver::builder(RawBody).allow_ip("10.0.0.0/33").build().unwrap_err();
/// assert!(matches!(err, SettingsError::InvalidIpRange { .. }));
/// assert_eq!(err.to_string(), "invalid IP address range `10.0.0.0/33`: expected an address or CIDR range");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SettingsError {
    /// An IP address range (CIDR, like `10.0.0.0/8` or `2001:db8::/32`, or a single
    /// address) that does not parse.
    ///
    /// ```
    /// use hookwire::receive::{IpAllowlist, SettingsError};
    /// let err = IpAllowlist::parse(["10.0.0.0/8", "ten"]).unwrap_err();
    /// assert!(matches!(err, SettingsError::InvalidIpRange { ref range, .. } if range == "ten"));
    /// ```
    #[error("invalid IP address range `{range}`: {reason}")]
    InvalidIpRange {
        /// The range as given.
        range: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An allowlist with no range at all, which would refuse every request.
    ///
    /// ```
    /// use hookwire::receive::{IpAllowlist, RawBody, Receiver, SettingsError};
    /// let err = Receiver::builder(RawBody).allowlist(IpAllowlist::new()).build().unwrap_err();
    /// assert_eq!(err, SettingsError::EmptyAllowlist);
    /// ```
    #[error("invalid setting `allowlist`: an empty allowlist would refuse every request")]
    EmptyAllowlist,
    /// A largest body size of 0 bytes
    /// ([`ReceiverBuilder::max_body_size`](super::ReceiverBuilder::max_body_size)).
    ///
    /// ```
    /// use hookwire::receive::{RawBody, Receiver, SettingsError};
    /// let err = Receiver::builder(RawBody).max_body_size(0).build().unwrap_err();
    /// assert_eq!(err, SettingsError::ZeroMaxBodySize);
    /// ```
    #[error("invalid setting `max_body_size`: must be at least 1 byte")]
    ZeroMaxBodySize,
    /// A replay retention of zero
    /// ([`ReceiverBuilder::replay_retention`](super::ReceiverBuilder::replay_retention)).
    ///
    /// ```
    /// use std::time::Duration;
    /// use hookwire::receive::{RawBody, Receiver, SettingsError};
    /// let err = Receiver::builder(RawBody).replay_retention(Duration::ZERO).build().unwrap_err();
    /// assert_eq!(err, SettingsError::ZeroReplayRetention);
    /// ```
    #[error("invalid setting `replay_retention`: must be longer than zero")]
    ZeroReplayRetention,
    /// A [`ReplayGuard`](super::ReplayGuard) that could remember nothing.
    ///
    /// ```
    /// use hookwire::receive::{ReplayGuard, SettingsError};
    /// assert_eq!(ReplayGuard::new(0).unwrap_err(), SettingsError::ZeroReplayCapacity);
    /// ```
    #[error("invalid setting `replay guard capacity`: must be at least 1")]
    ZeroReplayCapacity,
    /// An empty list of allowed methods, which would refuse every request.
    ///
    /// ```
    /// use hookwire::receive::{RawBody, Receiver, SettingsError};
    /// let err = Receiver::builder(RawBody).methods([]).build().unwrap_err();
    /// assert_eq!(err, SettingsError::NoMethods);
    /// ```
    #[error("invalid setting `methods`: an empty list would refuse every request")]
    NoMethods,
    /// An abuse-protection origin that is empty or holds spaces, commas or control
    /// characters; an origin is a DNS name or `*`.
    ///
    /// ```
    /// use hookwire::receive::{AbuseProtection, SettingsError};
    /// let err = AbuseProtection::new(["a.example, b.example"]).unwrap_err();
    /// assert_eq!(err, SettingsError::InvalidOrigin { origin: "a.example, b.example".into() });
    /// ```
    #[error(
        "invalid setting `abuse protection origin`: `{origin}` is not a DNS name or `*` (no \
         spaces, commas or controls)"
    )]
    InvalidOrigin {
        /// The origin as given.
        origin: String,
    },
    /// An abuse protection with no origin, which would refuse every sender.
    ///
    /// ```
    /// use hookwire::receive::{AbuseProtection, SettingsError};
    /// let err = AbuseProtection::new(Vec::<String>::new()).unwrap_err();
    /// assert_eq!(err, SettingsError::NoOrigins);
    /// ```
    #[error("invalid setting `abuse protection origins`: an empty list would refuse every sender")]
    NoOrigins,
    /// A granted rate of 0 a minute: `WebHook-Allowed-Rate` is a positive number. To refuse
    /// a sender, leave its origin off the list.
    ///
    /// ```
    /// use hookwire::receive::{AbuseProtection, AllowedRate, SettingsError};
    /// let err = AbuseProtection::new(["*"])?.with_rate(AllowedRate::PerMinute(0)).unwrap_err();
    /// assert_eq!(err, SettingsError::ZeroRate);
    /// # Ok::<(), SettingsError>(())
    /// ```
    #[error(
        "invalid setting `abuse protection rate`: a granted rate is at least 1 a minute; leave \
         the origin off the list to refuse it"
    )]
    ZeroRate,
}
