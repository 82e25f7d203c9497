//! [`EndpointBuilder`]: an [`Endpoint`] set up piece by piece, checked once in `build()`.

use super::{Endpoint, EndpointError, RawEndpoint};
use crate::auth::BasicAuth;
use crate::guard::Guard;

/// Builds an [`Endpoint`], keeping the first error for `build()` (the `http` crate's style).
///
/// ```
/// let endpoint = hookwire::Endpoint::builder("https://example.com/hook")
///     .method("PUT")
///     .build()?;
/// assert_eq!(endpoint.method(), http::Method::PUT);
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Debug)]
#[must_use = "call `build()` to get the Endpoint"]
pub struct EndpointBuilder {
    pub(super) raw: RawEndpoint,
}

impl EndpointBuilder {
    /// The HTTP method (`POST` unless set). Any valid method token is accepted.
    ///
    /// ```
    /// let err = hookwire::Endpoint::builder("https://e.com/").method("P O S T").build();
    /// assert!(err.is_err());
    /// ```
    pub fn method(mut self, method: impl Into<String>) -> Self {
        self.raw.method = method.into();
        self
    }

    /// Adds a header sent with every request (Lytics' "Webhook Request Headers").
    /// CR, LF and other control characters in the value are refused at `build()`.
    ///
    /// ```
    /// let err = hookwire::Endpoint::builder("https://e.com/").header("X-A", "1\r\nX-B: 2").build();
    /// assert!(matches!(err, Err(hookwire::EndpointError::Header(hookwire::HeaderError::InvalidValue { .. }))));
    /// ```
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.raw.headers.push((name.into(), value.into()));
        self
    }

    /// Adds a query parameter sent with every request (Lytics' "Webhook Request Parameters").
    ///
    /// ```
    /// let e = hookwire::Endpoint::builder("https://e.com/").query("k", "v").build()?;
    /// assert_eq!(e.uri(), "https://e.com/?k=v");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.raw.query.push((name.into(), value.into()));
        self
    }

    /// Sends HTTP Basic credentials with every request (Netcore's only authentication).
    ///
    /// ```
    /// let auth = hookwire::BasicAuth::new("u", "p")?;
    /// let e = hookwire::Endpoint::builder("https://e.com/").basic_auth(auth).build()?;
    /// assert!(e.request(()).headers().contains_key("authorization"));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn basic_auth(mut self, auth: BasicAuth) -> Self {
        self.raw.basic_auth = Some(auth);
        self
    }

    /// Refuses plain `http` URLs (Listrak and Lytics require https).
    ///
    /// ```
    /// assert!(hookwire::Endpoint::builder("http://e.com/").require_https(true).build().is_err());
    /// assert!(hookwire::Endpoint::builder("http://e.com/").build().is_ok());
    /// ```
    pub fn require_https(mut self, required: bool) -> Self {
        self.raw.require_https = required;
        self
    }

    /// Guards requests to this endpoint against SSRF: every
    /// [`Transmit`](crate::delivery::Transmit) must be cleared against the addresses the
    /// host resolved ([`Transmit::clear`](crate::delivery::Transmit::clear)) before it is
    /// sent. Set it whenever the URL is typed by a user; the presets of vendors whose URLs
    /// users type set it. What the guard can decide without a resolver (the port, an
    /// address written in the URL) is checked at `build()`, as
    /// [`EndpointError::InvalidUrl`](super::EndpointError::InvalidUrl).
    ///
    /// ```
    /// use hookwire::{Endpoint, EndpointError, guard::Guard};
    /// let guarded = |url: &str| Endpoint::builder(url).guard(Guard::new()).build();
    /// assert!(guarded("https://hooks.example.com/in").is_ok());
    /// assert!(matches!(guarded("http://0x7f.1:8080/in"), Err(EndpointError::InvalidUrl { .. })));
    /// assert!(matches!(guarded("http://169.254.169.254/latest/"), Err(EndpointError::InvalidUrl { .. })));
    /// ```
    pub fn guard(mut self, guard: Guard) -> Self {
        self.raw.guard = Some(guard);
        self
    }

    /// Validates everything and builds the endpoint.
    ///
    /// ```
    /// let err = hookwire::Endpoint::builder("ftp://e.com/").build().unwrap_err();
    /// assert!(matches!(err, hookwire::EndpointError::UnsupportedUrlScheme { .. }));
    /// ```
    pub fn build(self) -> Result<Endpoint, EndpointError> {
        Endpoint::try_from(self.raw)
    }
}
