//! [`TokenError`]: why an OAuth 2.0 token request did not give a token.

/// Why a token request failed, as precisely as the server said (RFC 6749 §5.2) — the
/// action to take differs: fix the client's credentials, its scopes, or the token URL.
/// Safe to log: no variant holds a secret or a token.
///
/// ```
/// use hookwire::auth::TokenError;
/// let err = TokenError::InvalidScope { description: Some("no such scope: write".into()) };
/// assert_eq!(err.to_string(), "the token server refused the scopes asked for (invalid_scope): no such scope: write");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// `invalid_request`: a parameter missing, repeated or malformed.
    #[error(
        "the token server found the request malformed (invalid_request){}",
        detail(description)
    )]
    InvalidRequest {
        /// The server's `error_description`.
        description: Option<String>,
    },
    /// `invalid_client`: the client id or secret is wrong, or the client authentication
    /// method is not the one the server expects.
    #[error(
        "the token server refused the client credentials (invalid_client){}",
        detail(description)
    )]
    InvalidClient {
        /// The server's `error_description`.
        description: Option<String>,
    },
    /// `invalid_grant`.
    #[error(
        "the token server refused the grant (invalid_grant){}",
        detail(description)
    )]
    InvalidGrant {
        /// The server's `error_description`.
        description: Option<String>,
    },
    /// `unauthorized_client`: this client may not use the client-credentials grant.
    #[error(
        "the client may not use the client-credentials grant (unauthorized_client){}",
        detail(description)
    )]
    UnauthorizedClient {
        /// The server's `error_description`.
        description: Option<String>,
    },
    /// `unsupported_grant_type`.
    #[error(
        "the token server does not support client credentials (unsupported_grant_type){}",
        detail(description)
    )]
    UnsupportedGrantType {
        /// The server's `error_description`.
        description: Option<String>,
    },
    /// `invalid_scope`.
    #[error(
        "the token server refused the scopes asked for (invalid_scope){}",
        detail(description)
    )]
    InvalidScope {
        /// The server's `error_description`.
        description: Option<String>,
    },
    /// An error code RFC 6749 does not define.
    #[error("the token server answered error `{code}`{}", detail(description))]
    Other {
        /// The `error` code.
        code: String,
        /// The server's `error_description`.
        description: Option<String>,
    },
    /// A status with no OAuth error body (a 500, a 404 for a wrong token URL…).
    #[error("the token server answered {status} without an OAuth error")]
    Status {
        /// The status.
        status: u16,
    },
    /// A 200 whose body is not a token response.
    #[error("the token response is malformed: {reason}")]
    Malformed {
        /// What is wrong.
        reason: &'static str,
    },
    /// A token of a type other than `Bearer`.
    #[error("the token server gave a `{token_type}` token; only Bearer tokens can be sent")]
    NotBearer {
        /// The `token_type`.
        token_type: String,
    },
    /// The token request itself failed below HTTP.
    #[error("the token request failed: {}", .0.name())]
    Transport(crate::delivery::TransportFailure),
}

fn detail(description: &Option<String>) -> String {
    description
        .as_deref()
        .map(|text| format!(": {text}"))
        .unwrap_or_default()
}
