//! [`CredentialsError`] and [`BasicAuthError`]: a request's credentials refused, and
//! credentials that cannot be set up.

/// Why a request's HTTP Basic credentials were refused: the peer's fault, found by
/// [`BasicAuth::verify`](super::BasicAuth::verify) and
/// [`BasicAuth::verify_any`](super::BasicAuth::verify_any).
///
/// Safe to log: no variant holds the credentials presented. A
/// [`Receiver`](crate::receive::Receiver) answers it with the status its
/// [`Rejection::Credentials`](crate::receive::Rejection::Credentials) chooses. A mistake in
/// credentials being set up is a [`BasicAuthError`] instead.
///
/// ```
/// use hookwire::auth::{BasicAuth, CredentialsError};
///
/// let auth = BasicAuth::new("netcore", "s3cret")?;
/// let err = auth.verify(&http::HeaderMap::new()).unwrap_err();
/// assert_eq!(err, CredentialsError::Missing);
/// assert_eq!(err.to_string(), "missing HTTP Basic credentials");
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// No `Authorization: Basic …` header: none at all, or one with another scheme
    /// (`Bearer …`).
    ///
    /// ```
    /// use hookwire::auth::{BasicAuth, CredentialsError};
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("authorization", "Bearer abc".parse()?);
    /// assert_eq!(BasicAuth::new("u", "p")?.verify(&headers), Err(CredentialsError::Missing));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[error("missing HTTP Basic credentials")]
    Missing,
    /// HTTP Basic credentials that are malformed (not base64, no space after `Basic`) or
    /// wrong.
    ///
    /// ```
    /// use hookwire::auth::{BasicAuth, CredentialsError};
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("authorization", BasicAuth::new("u", "wrong")?.header_value());
    /// assert_eq!(BasicAuth::new("u", "p")?.verify(&headers), Err(CredentialsError::Invalid));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[error("invalid HTTP Basic credentials")]
    Invalid,
    /// More than one `Authorization` header: a malformed request, not a wrong password.
    ///
    /// ```
    /// use hookwire::auth::{BasicAuth, CredentialsError};
    /// let auth = BasicAuth::new("u", "p")?;
    /// let mut headers = http::HeaderMap::new();
    /// headers.append("authorization", auth.header_value());
    /// headers.append("authorization", auth.header_value());
    /// assert_eq!(auth.verify(&headers), Err(CredentialsError::DuplicateHeader));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[error("header `authorization` appears more than once")]
    DuplicateHeader,
}

/// Why HTTP Basic credentials cannot be set up with [`BasicAuth::new`](super::BasicAuth::new):
/// the caller's mistake, found before anything is sent or received. A request's credentials
/// refused are a [`CredentialsError`] instead.
///
/// ```
/// use hookwire::auth::{BasicAuth, BasicAuthError};
///
/// let err = BasicAuth::new("a:b", "pw").unwrap_err();
/// assert_eq!(err, BasicAuthError::ColonInUserName);
/// assert_eq!(err.to_string(), "invalid basic-auth credentials: the user name contains `:`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BasicAuthError {
    /// The user name holds a `:`, which RFC 7617 forbids: the receiver would split it there.
    ///
    /// ```
    /// # use hookwire::auth::{BasicAuth, BasicAuthError};
    /// assert_eq!(BasicAuth::new("user:1", "pw").unwrap_err(), BasicAuthError::ColonInUserName);
    /// ```
    #[error("invalid basic-auth credentials: the user name contains `:`")]
    ColonInUserName,
    /// The user name or the password holds a control character (CR, LF, NUL…), which could
    /// not travel in a header unharmed.
    ///
    /// ```
    /// # use hookwire::auth::{BasicAuth, BasicAuthError};
    /// assert_eq!(BasicAuth::new("user", "pw\n").unwrap_err(), BasicAuthError::ControlCharacter);
    /// ```
    #[error("invalid basic-auth credentials: control characters are not allowed")]
    ControlCharacter,
}
