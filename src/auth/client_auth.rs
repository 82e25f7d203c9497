//! [`ClientAuth`]: how an OAuth 2.0 client proves itself to the token endpoint.

/// How the client id and secret travel in a token request (RFC 6749 §2.3.1): HTTP Basic,
/// which every server must support, or the `client_id`/`client_secret` body fields. Never in
/// the URL.
///
/// ```
/// use hookwire::auth::ClientAuth;
/// assert_eq!(ClientAuth::default(), ClientAuth::Basic);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ClientAuth {
    /// `Authorization: Basic base64(urlencode(id) ":" urlencode(secret))`.
    #[default]
    Basic,
    /// `client_id` and `client_secret` form fields.
    Body,
}
