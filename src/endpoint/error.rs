//! [`EndpointError`]: what can be wrong with an endpoint's URL, method or headers.

use super::HeaderError;

/// Why an [`Endpoint`](super::Endpoint) cannot be built: its URL, method or a header is
/// wrong. Reported by `build()` (and when a saved endpoint is loaded), never later at send
/// time. None of the variants ever holds a header value, which may be a credential.
///
/// ```
/// use hookwire::{Endpoint, EndpointError};
///
/// let err = Endpoint::builder("http://example.com/hook").require_https(true).build().unwrap_err();
/// assert!(matches!(err, EndpointError::HttpsRequired { .. }));
/// assert_eq!(err.to_string(), "the URL must use https, not `http` (http://example.com/hook)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EndpointError {
    /// The URL does not parse, or has no host.
    ///
    /// ```
    /// # use hookwire::{Endpoint, EndpointError};
    /// let err = Endpoint::builder("not a url").build().unwrap_err();
    /// assert!(matches!(err, EndpointError::InvalidUrl { .. }));
    /// ```
    #[error("invalid URL `{url}`: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// Why it does not parse.
        reason: String,
    },
    /// The URL's scheme is neither `http` nor `https`.
    ///
    /// ```
    /// # use hookwire::{Endpoint, EndpointError};
    /// let err = Endpoint::builder("ftp://e.com/").build().unwrap_err();
    /// assert_eq!(err, EndpointError::UnsupportedUrlScheme { scheme: "ftp".into() });
    /// ```
    #[error("the URL scheme must be http or https, not `{scheme}`")]
    UnsupportedUrlScheme {
        /// The scheme found.
        scheme: String,
    },
    /// The vendor (or the caller) requires https and the URL is plain http.
    ///
    /// ```
    /// # use hookwire::{Endpoint, EndpointError};
    /// let err = Endpoint::builder("http://e.com/").require_https(true).build().unwrap_err();
    /// assert!(matches!(err, EndpointError::HttpsRequired { .. }));
    /// ```
    #[error("the URL must use https, not `{scheme}` ({url})")]
    HttpsRequired {
        /// The scheme found.
        scheme: String,
        /// The URL as given.
        url: String,
    },
    /// The URL carries `user:password@`; credentials belong in
    /// [`BasicAuth`](crate::auth::BasicAuth), where they are redacted from logs.
    ///
    /// ```
    /// # use hookwire::{Endpoint, EndpointError};
    /// let err = Endpoint::builder("https://u:p@e.com/").build().unwrap_err();
    /// assert_eq!(err, EndpointError::UrlHasCredentials);
    /// ```
    #[error("the URL must not carry credentials; use BasicAuth instead")]
    UrlHasCredentials,
    /// The URL has a `#fragment`, which is never sent over HTTP.
    ///
    /// ```
    /// # use hookwire::{Endpoint, EndpointError};
    /// let err = Endpoint::builder("https://e.com/#top").build().unwrap_err();
    /// assert_eq!(err, EndpointError::UrlHasFragment);
    /// ```
    #[error("the URL must not have a fragment")]
    UrlHasFragment,
    /// A configured header that cannot be sent ([`HeaderError`]).
    ///
    /// ```
    /// # use hookwire::{Endpoint, EndpointError, HeaderError};
    /// let err = Endpoint::builder("https://e.com/").header("Content-Length", "1").build().unwrap_err();
    /// assert!(matches!(err, EndpointError::Header(HeaderError::Reserved { .. })));
    /// ```
    #[error(transparent)]
    Header(#[from] HeaderError),
    /// Not a valid HTTP method token.
    ///
    /// ```
    /// # use hookwire::{Endpoint, EndpointError};
    /// let err = Endpoint::builder("https://e.com/").method("P O S T").build().unwrap_err();
    /// assert_eq!(err, EndpointError::InvalidMethod { method: "P O S T".into() });
    /// ```
    #[error("invalid HTTP method `{method}`")]
    InvalidMethod {
        /// The method as given.
        method: String,
    },
}
