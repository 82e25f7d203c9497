//! [`ConfigError`]: everything that can be wrong with how hookwire was set up.

use crate::auth::BasicAuthError;

/// A configuration mistake, reported when the value is built (never later, at send time).
///
/// Each variant says what to change. None of them ever contains secret material.
///
/// ```
/// use hookwire::{ConfigError, Endpoint};
///
/// let err = Endpoint::builder("http://example.com/hook").require_https(true).build().unwrap_err();
/// assert!(matches!(err, ConfigError::HttpsRequired { .. }));
/// assert_eq!(err.to_string(), "the URL must use https, not `http` (http://example.com/hook)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A secret with no bytes: it would authenticate nothing.
    #[error("the secret is empty")]
    EmptySecret,
    /// A secret or key in the wrong form.
    #[error("invalid secret: {reason}")]
    InvalidSecret {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The URL does not parse.
    #[error("invalid URL `{url}`: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// Why it does not parse.
        reason: String,
    },
    /// The URL's scheme is neither `http` nor `https`.
    #[error("the URL scheme must be http or https, not `{scheme}`")]
    UnsupportedUrlScheme {
        /// The scheme found.
        scheme: String,
    },
    /// The vendor (or the caller) requires https and the URL is plain http.
    #[error("the URL must use https, not `{scheme}` ({url})")]
    HttpsRequired {
        /// The scheme found.
        scheme: String,
        /// The URL as given.
        url: String,
    },
    /// The URL carries `user:password@`; credentials belong in [`BasicAuth`](crate::BasicAuth),
    /// where they are redacted from logs.
    #[error("the URL must not carry credentials; use BasicAuth instead")]
    UrlHasCredentials,
    /// The URL has a `#fragment`, which is never sent over HTTP.
    #[error("the URL must not have a fragment")]
    UrlHasFragment,
    /// Not a valid HTTP header name.
    #[error("invalid header name `{name}`")]
    InvalidHeaderName {
        /// The name as given.
        name: String,
    },
    /// A header value that cannot be sent (CR, LF, NUL or another control character).
    #[error("invalid value for header `{name}`: {reason}")]
    InvalidHeaderValue {
        /// The header's name.
        name: String,
        /// What is wrong with the value.
        reason: &'static str,
    },
    /// A header the HTTP client or hookwire itself sets (`Host`, `Content-Length`, …).
    #[error("header `{name}` is set by the HTTP layer and cannot be configured")]
    ReservedHeader {
        /// The header's name.
        name: String,
    },
    /// Not a valid HTTP method token.
    #[error("invalid HTTP method `{method}`")]
    InvalidMethod {
        /// The method as given.
        method: String,
    },
    /// A message id that cannot travel in a header.
    #[error("invalid message id: {reason}")]
    InvalidMessageId {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A signer or verifier with no key at all.
    #[error("the {scheme} scheme needs at least one key")]
    NoKeys {
        /// The scheme's name.
        scheme: &'static str,
    },
    /// A key of a kind the scheme cannot use (an ed25519 key for GitHub, a public key for signing…).
    #[error("key #{index} is an {kind}, which the {scheme} scheme cannot use here")]
    UnusableKey {
        /// The scheme's name.
        scheme: &'static str,
        /// The kind of key given.
        kind: &'static str,
        /// Its position in the keyring.
        index: usize,
    },
    /// Basic-auth credentials that cannot be set up ([`BasicAuthError`]).
    ///
    /// ```
    /// use hookwire::{BasicAuth, ConfigError, auth::BasicAuthError};
    /// let err: ConfigError = BasicAuth::new("a:b", "pw").unwrap_err().into();
    /// assert_eq!(err, ConfigError::BasicAuth(BasicAuthError::ColonInUserName));
    /// ```
    #[error(transparent)]
    BasicAuth(#[from] BasicAuthError),
    /// An IP address range (CIDR, like `10.0.0.0/8` or `2001:db8::/32`, or a single
    /// address) that does not parse.
    ///
    /// ```
    /// use hookwire::ConfigError;
    /// use hookwire::receive::{Receiver, RawBody};
    ///
    /// let err = Receiver::builder(RawBody).allow_ip("10.0.0.0/33").build().unwrap_err();
    /// assert!(matches!(err, ConfigError::InvalidIpRange { .. }));
    /// assert_eq!(err.to_string(), "invalid IP address range `10.0.0.0/33`: expected an address or CIDR range");
    /// ```
    #[error("invalid IP address range `{range}`: {reason}")]
    InvalidIpRange {
        /// The range as given.
        range: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An attribute of a typed message (a CloudEvents context or extension attribute) with a
    /// name or value its spec does not allow.
    ///
    /// ```
    /// use hookwire::ConfigError;
    /// use hookwire::format::cloudevents::CloudEvent;
    ///
    /// let err = CloudEvent::builder("1", "/s", "t").extension("trace_id", "x").build().unwrap_err();
    /// assert!(matches!(err, ConfigError::InvalidAttribute { ref name, .. } if name == "trace_id"));
    /// ```
    #[error("invalid attribute `{name}`: {reason}")]
    InvalidAttribute {
        /// The attribute's name.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A tolerance, limit or other number outside what makes sense.
    #[error("invalid setting `{setting}`: {reason}")]
    InvalidSetting {
        /// Which setting.
        setting: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
}
