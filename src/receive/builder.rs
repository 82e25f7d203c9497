//! [`ReceiverBuilder`]: a receiver's checks, set one by one; the first mistake is
//! reported by `build()`.

use std::time::Duration;

use http::Method;

use super::allowlist::{IpAllowlist, parse_range};
use super::body_format::BodyFormat;
use super::error::SettingsError;
use super::receiver::{Receiver, Settings};
use crate::auth::BasicAuth;
use crate::sign::Verifier;

/// The body size limit unless set: 1 MiB, far above any seed system's documented payload
/// (a 100-event Netcore batch is a few tens of KiB) and small enough to buffer safely.
pub const DEFAULT_MAX_BODY_SIZE: usize = 1024 * 1024;

/// How long a [`ReplayGuard`](super::ReplayGuard) remembers a message whose scheme carries
/// no timestamp (GitHub, Shopify, Smarter Launch), unless set: one hour. Schemes with a
/// timestamp need no such setting: their messages are remembered for the tolerance window.
pub const DEFAULT_REPLAY_RETENTION: Duration = Duration::from_secs(60 * 60);

/// Configures a [`Receiver`]: every check but the format is optional. Mistakes (an
/// unparseable IP range, a zero limit) are kept and the first one is returned by
/// [`ReceiverBuilder::build`], so a chain of settings needs one `?`.
///
/// ```
/// use hookwire::{BasicAuth, ConfigError};
/// use hookwire::receive::{Json, Receiver, SettingsError};
///
/// let receiver = Receiver::builder(Json)
///     .max_body_size(64 * 1024)
///     .allow_ips(["203.0.113.0/24", "2001:db8::/32"])
///     .basic_auth(BasicAuth::new("netcore", "pw")?)
///     .build()?;
/// assert_eq!(receiver.max_body_size(), 64 * 1024);
///
/// let err = Receiver::builder(Json).allow_ip("nope").max_body_size(0).build().unwrap_err();
/// assert!(matches!(err, SettingsError::InvalidIpRange { .. })); // the first mistake
/// # Ok::<(), ConfigError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "call `build()` to get a Receiver"]
pub struct ReceiverBuilder<F> {
    format: F,
    settings: Settings,
    error: Option<SettingsError>,
}

impl<F: BodyFormat> ReceiverBuilder<F> {
    pub(crate) fn new(format: F) -> Self {
        ReceiverBuilder {
            format,
            settings: Settings {
                max_body_size: DEFAULT_MAX_BODY_SIZE,
                allowlist: None,
                credentials: Vec::new(),
                verifier: None,
                replay_retention: DEFAULT_REPLAY_RETENTION,
                methods: vec![Method::POST],
            },
            error: None,
        }
    }

    fn fail(&mut self, error: SettingsError) {
        self.error.get_or_insert(error);
    }

    /// The largest body accepted, in bytes ([`DEFAULT_MAX_BODY_SIZE`] unless set); 0 is a
    /// mistake.
    ///
    /// ```
    /// use hookwire::receive::{RawBody, Receiver};
    /// assert_eq!(Receiver::builder(RawBody).max_body_size(10).build()?.max_body_size(), 10);
    /// assert!(Receiver::builder(RawBody).max_body_size(0).build().is_err());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        if bytes == 0 {
            self.fail(SettingsError::ZeroMaxBodySize);
        } else {
            self.settings.max_body_size = bytes;
        }
        self
    }

    /// Allows requests from `range`, a CIDR range (`10.0.0.0/8`, `2001:db8::/32`) or a
    /// single address. Once any range is allowed, every other address is refused (403).
    ///
    /// ```
    /// use hookwire::receive::{RawBody, Receiver};
    /// let receiver = Receiver::builder(RawBody).allow_ip("192.0.2.0/24").build()?;
    /// assert!(receiver.allowlist().unwrap().contains("192.0.2.1".parse().unwrap()));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn allow_ip(mut self, range: &str) -> Self {
        match parse_range(range) {
            Ok(range) => self
                .settings
                .allowlist
                .get_or_insert_with(IpAllowlist::new)
                .push(range),
            Err(err) => self.fail(err),
        }
        self
    }

    /// Allows every range of `ranges`, as [`ReceiverBuilder::allow_ip`] does.
    ///
    /// ```
    /// use hookwire::receive::{RawBody, Receiver};
    /// let receiver = Receiver::builder(RawBody).allow_ips(["192.0.2.0/24", "::1"]).build()?;
    /// assert_eq!(receiver.allowlist().unwrap().len(), 2);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn allow_ips<I, S>(mut self, ranges: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for range in ranges {
            self = self.allow_ip(range.as_ref());
        }
        self
    }

    /// Replaces the allowlist with `allowlist`. An empty list is a mistake: it would
    /// refuse every request.
    ///
    /// ```
    /// use hookwire::receive::{IpAllowlist, RawBody, Receiver};
    /// let list = IpAllowlist::parse(["10.0.0.0/8"])?;
    /// assert!(Receiver::builder(RawBody).allowlist(list).build().is_ok());
    /// assert!(Receiver::builder(RawBody).allowlist(IpAllowlist::new()).build().is_err());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn allowlist(mut self, allowlist: IpAllowlist) -> Self {
        self.settings.allowlist = Some(allowlist);
        self
    }

    /// Requires HTTP Basic credentials (401 otherwise). Call again to accept several
    /// pairs during a rotation; all are compared in constant time.
    ///
    /// ```
    /// use hookwire::BasicAuth;
    /// use hookwire::receive::{RawBody, Receiver};
    /// let receiver = Receiver::builder(RawBody)
    ///     .basic_auth(BasicAuth::new("old", "1")?)
    ///     .basic_auth(BasicAuth::new("new", "2")?)
    ///     .build()?;
    /// # let _ = receiver;
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn basic_auth(mut self, credentials: BasicAuth) -> Self {
        self.settings.credentials.push(credentials);
        self
    }

    /// Requires a valid signature (and, for schemes that carry one, a timestamp within the
    /// verifier's tolerance): 401 otherwise, 400 for an unreadable signature header.
    ///
    /// ```
    /// use hookwire::{Keyring, Scheme, Secret, Verifier};
    /// use hookwire::receive::{Json, Receiver};
    /// let verifier = Verifier::new(Scheme::listrak(), Keyring::new().with(Secret::from_text("s")?))?;
    /// let receiver = Receiver::builder(Json).verifier(verifier).build()?;
    /// assert_eq!(receiver.verifier().unwrap().scheme().name(), "listrak");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn verifier(mut self, verifier: Verifier) -> Self {
        self.settings.verifier = Some(verifier);
        self
    }

    /// How long a replay guard remembers messages of schemes without a timestamp
    /// ([`DEFAULT_REPLAY_RETENTION`] unless set); zero is a mistake.
    ///
    /// ```
    /// use std::time::Duration;
    /// use hookwire::receive::{RawBody, Receiver};
    /// let receiver = Receiver::builder(RawBody).replay_retention(Duration::from_secs(86_400)).build()?;
    /// assert_eq!(receiver.replay_retention().as_secs(), 86_400);
    /// assert!(Receiver::builder(RawBody).replay_retention(Duration::ZERO).build().is_err());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn replay_retention(mut self, retention: Duration) -> Self {
        if retention.is_zero() {
            self.fail(SettingsError::ZeroReplayRetention);
        } else {
            self.settings.replay_retention = retention;
        }
        self
    }

    /// The methods a request may use: `POST` unless set. Any other is refused before
    /// anything else is looked at, with **405** and an `Allow` header listing these. An
    /// empty list is a mistake.
    ///
    /// The CloudEvents handshake's `OPTIONS` belongs to [`AbuseProtection`](super::AbuseProtection):
    /// route `OPTIONS` there first, and list it here too only so that a 405 from the
    /// receiver advertises it.
    ///
    /// ```
    /// use hookwire::Timestamp;
    /// use hookwire::http::Method;
    /// use hookwire::receive::{RawBody, Receiver};
    ///
    /// let receiver = Receiver::builder(RawBody).build()?;
    /// assert_eq!(receiver.methods(), [Method::POST]);
    /// let get = http::Request::get("/hooks").body(&b""[..])?;
    /// let refused = receiver.receive(&get, "192.0.2.1".parse()?, Timestamp::UNIX_EPOCH, None).unwrap_err();
    /// assert_eq!(refused.status(), 405);
    /// assert_eq!(refused.response().headers()["allow"], "POST");
    ///
    /// let put_too = Receiver::builder(RawBody).methods([Method::POST, Method::PUT]).build()?;
    /// let put = http::Request::put("/hooks").body(&b""[..])?;
    /// assert!(put_too.receive(&put, "192.0.2.1".parse()?, Timestamp::UNIX_EPOCH, None).is_ok());
    /// assert!(Receiver::builder(RawBody).methods([]).build().is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn methods(mut self, methods: impl IntoIterator<Item = Method>) -> Self {
        let mut list: Vec<Method> = Vec::new();
        for method in methods {
            if !list.contains(&method) {
                list.push(method);
            }
        }
        if list.is_empty() {
            self.fail(SettingsError::NoMethods);
        } else {
            self.settings.methods = list;
        }
        self
    }

    /// The receiver, or the first configuration mistake.
    ///
    /// See [`ReceiverBuilder`] for an example.
    pub fn build(self) -> Result<Receiver<F>, SettingsError> {
        if let Some(err) = self.error {
            return Err(err);
        }
        if self
            .settings
            .allowlist
            .as_ref()
            .is_some_and(IpAllowlist::is_empty)
        {
            return Err(SettingsError::EmptyAllowlist);
        }
        Ok(Receiver::from_parts(self.format, self.settings))
    }
}
