//! Configured headers: which names are reserved, which values are refused, and which are
//! credentials to hide from `Debug`. Shared by [`Endpoint`](super::Endpoint) and
//! [`Payload`](crate::payload::Payload), which carry a [`HeaderError`] in their own errors.

use std::fmt;

use http::{HeaderName, HeaderValue};

/// Headers that the HTTP client or hookwire sets, so a configured value would conflict.
const RESERVED_HEADERS: &[&str] = &[
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "upgrade",
];

/// Parts of a header or parameter name that mark its value as a credential, hidden from `Debug`.
const SENSITIVE_NAME_PARTS: &[&str] = &[
    "auth",
    "token",
    "secret",
    "key",
    "password",
    "passwd",
    "cookie",
    "signature",
    "session",
];

/// Why a configured header cannot be sent, whoever configured it: an
/// [`Endpoint`](super::Endpoint) ([`EndpointError::Header`](super::EndpointError::Header)) or a
/// [`Payload`](crate::Payload) ([`PayloadError::Header`](crate::PayloadError::Header)). None of
/// the variants holds the value, which may be a credential.
///
/// ```
/// use hookwire::{Endpoint, EndpointError, HeaderError};
///
/// let err = Endpoint::builder("https://e.com/").header("X-A", "1\r\nX-B: 2").build().unwrap_err();
/// assert!(matches!(err, EndpointError::Header(HeaderError::InvalidValue { .. })));
/// assert_eq!(err.to_string(), "invalid value for header `x-a`: contains CR or LF (header injection)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HeaderError {
    /// Not a valid HTTP header name.
    ///
    /// ```
    /// # use hookwire::{Endpoint, EndpointError, HeaderError};
    /// let err = Endpoint::builder("https://e.com/").header("Bad Name", "x").build().unwrap_err();
    /// assert_eq!(err, EndpointError::Header(HeaderError::InvalidName { name: "Bad Name".into() }));
    /// ```
    #[error("invalid header name `{name}`")]
    InvalidName {
        /// The name as given.
        name: String,
    },
    /// A value that cannot be sent (CR, LF, NUL or another control character).
    ///
    /// ```
    /// # use hookwire::{HeaderError, Payload, PayloadError};
    /// let err = Payload::new("text/plain\r\nX-Evil: 1", "").unwrap_err();
    /// assert!(matches!(
    ///     err,
    ///     PayloadError::Header(HeaderError::InvalidValue { ref name, .. }) if name == "content-type"
    /// ));
    /// ```
    #[error("invalid value for header `{name}`: {reason}")]
    InvalidValue {
        /// The header's name.
        name: String,
        /// What is wrong with the value.
        reason: &'static str,
    },
    /// A header the HTTP client or hookwire itself sets (`Host`, `Content-Length`, a
    /// payload's `Content-Type`…).
    ///
    /// ```
    /// # use hookwire::{Endpoint, EndpointError, HeaderError};
    /// let err = Endpoint::builder("https://e.com/").header("Host", "x").build().unwrap_err();
    /// assert_eq!(err, EndpointError::Header(HeaderError::Reserved { name: "host".into() }));
    /// ```
    #[error("header `{name}` is set by the HTTP layer and cannot be configured")]
    Reserved {
        /// The header's name.
        name: String,
    },
}

/// Checks one configured header and marks credential-like values sensitive.
pub(crate) fn header_pair(
    name: &str,
    value: &str,
) -> Result<(HeaderName, HeaderValue), HeaderError> {
    let header_name =
        HeaderName::from_bytes(name.trim().as_bytes()).map_err(|_| HeaderError::InvalidName {
            name: name.to_owned(),
        })?;
    if RESERVED_HEADERS.contains(&header_name.as_str()) {
        return Err(HeaderError::Reserved {
            name: header_name.as_str().to_owned(),
        });
    }
    let mut header_value = checked_header_value(header_name.as_str(), value)?;
    header_value.set_sensitive(is_sensitive_name(header_name.as_str()));
    Ok((header_name, header_value))
}

/// A header value with CR, LF, NUL and other control characters refused by name.
pub(crate) fn checked_header_value(name: &str, value: &str) -> Result<HeaderValue, HeaderError> {
    let invalid = |reason| HeaderError::InvalidValue {
        name: name.to_owned(),
        reason,
    };
    if value.contains(['\r', '\n']) {
        return Err(invalid("contains CR or LF (header injection)"));
    }
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return Err(invalid("contains a control character"));
    }
    let trimmed = value.trim_matches([' ', '\t']);
    HeaderValue::from_str(trimmed).map_err(|_| invalid("not a valid header value"))
}

pub(super) fn is_sensitive_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SENSITIVE_NAME_PARTS.iter().any(|part| lower.contains(part))
}

/// `(name, value)` pairs with credential-like values replaced by `<redacted>`.
pub(super) struct RedactedPairs<'a>(pub(super) &'a [(String, String)]);

impl fmt::Debug for RedactedPairs<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for (name, value) in self.0 {
            if is_sensitive_name(name) {
                list.entry(&(name, format_args!("<redacted>")));
            } else {
                list.entry(&(name, value));
            }
        }
        list.finish()
    }
}
