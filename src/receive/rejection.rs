//! [`Rejection`]: why a receiver refused a request, and the status to answer.

use std::net::IpAddr;

use http::{HeaderValue, Method, Response, StatusCode, header::ALLOW, header::WWW_AUTHENTICATE};

use crate::auth::CredentialsError;
use crate::format::ParseError;
use crate::sign::VerifyError;

/// Why a [`Receiver`](super::Receiver) refused a request: the status to answer
/// ([`Rejection::status`]) and a reason safe to log (`Display`). No variant ever holds a
/// secret, a password or signature bytes.
///
/// ```
/// use hookwire::receive::Rejection;
///
/// let rejection = Rejection::BodyTooLarge { limit: 1024, size: 4096 };
/// assert_eq!(rejection.status(), 413);
/// assert_eq!(rejection.to_string(), "the body is 4096 bytes, more than the 1024 allowed");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Rejection {
    /// The request's method is not one the receiver takes: **405**. The response carries
    /// `Allow` with the methods it does take (RFC 9110 §15.5.6 requires it).
    #[error("method {} is not allowed (allowed: {})", loggable(method.as_str()), method_list(allowed))]
    MethodNotAllowed {
        /// The method the request used.
        method: Method,
        /// The methods the receiver takes.
        allowed: Vec<Method>,
    },
    /// The body (or its declared `Content-Length`) is larger than the receiver accepts:
    /// **413**. Checked before anything reads the body.
    #[error("the body is {size} bytes, more than the {limit} allowed")]
    BodyTooLarge {
        /// The receiver's limit, in bytes.
        limit: usize,
        /// The body's size, or the size its `Content-Length` declared.
        size: u64,
    },
    /// The peer's address is in no allowed range: **403**.
    #[error("address {peer} is not allowed")]
    AddressNotAllowed {
        /// The peer's address, as the host gave it.
        peer: IpAddr,
    },
    /// HTTP Basic credentials missing or wrong: **401**, or **400** for a repeated
    /// `Authorization` header ([`CredentialsError::DuplicateHeader`], a malformed request).
    /// The 401 response carries `WWW-Authenticate: Basic`.
    #[error("credentials refused: {0}")]
    Credentials(CredentialsError),
    /// The signature or its timestamp was refused: **401**, or **400** when a signature
    /// header cannot be read ([`VerifyError::status`]).
    #[error("signature refused: {0}")]
    Signature(VerifyError),
    /// A message already accepted came again within its window: **409 Conflict**.
    ///
    /// Not 401: the request is authentic (its signature checked out), and answering 401
    /// would tell the sender its credentials are broken, which some senders alert on or
    /// act on by disabling the endpoint. 409 says precisely "this conflicts with what I
    /// already have". A host that prefers to acknowledge duplicates silently (a sender
    /// retrying after a lost `200` keeps retrying on any non-2xx) matches this variant and
    /// answers 200 itself.
    #[error("replay of message {}", message_id.as_deref().unwrap_or("(identified by its signature)"))]
    Replay {
        /// The sender's message id, when the scheme carries one.
        message_id: Option<String>,
    },
    /// The body could not be read: **415** for a content type the format does not read
    /// ([`ParseError::UnsupportedContentType`]), **400** for a body that does not parse.
    ///
    /// The reason quotes what the request held (a field name, a content type), so its
    /// `Display` escapes control characters and keeps at most [`MAX_QUOTED_REASON`]
    /// characters: one request makes one log line, never a forged second one.
    #[error("body refused: {}", loggable(&.0.to_string()))]
    Body(#[from] ParseError),
}

/// How many characters of a reason built from request text a [`Rejection`] shows.
///
/// ```
/// use hookwire::format::ParseError;
/// use hookwire::receive::{MAX_QUOTED_REASON, Rejection};
///
/// let forged = ParseError::MissingField { field: "x\r\nINFO admin logged in".into() };
/// let line = Rejection::Body(forged).to_string();
/// assert!(!line.contains('\n') && line.contains("x\\r\\nINFO"));
/// let long = ParseError::MissingField { field: "a".repeat(10_000) };
/// assert!(Rejection::Body(long).to_string().chars().count() < MAX_QUOTED_REASON + 20);
/// ```
pub const MAX_QUOTED_REASON: usize = 300;

/// `text` with control characters escaped (`\n`, `\u{1b}`…) and cut to
/// [`MAX_QUOTED_REASON`] characters, an ellipsis marking the cut.
fn loggable(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_QUOTED_REASON + 8));
    for (count, c) in text.chars().enumerate() {
        if count == MAX_QUOTED_REASON {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// `POST, PUT`: the `Allow` header's list.
fn method_list(methods: &[Method]) -> String {
    methods
        .iter()
        .map(Method::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Rejection {
    /// The HTTP status to answer with. The receiver decides it, not the part that found the
    /// fault: a format's [`ParseError`] is a 415 for a content type it does not read and a 400
    /// otherwise; refused credentials are a 401, or a 400 when the request is malformed.
    ///
    /// ```
    /// use hookwire::VerifyError;
    /// use hookwire::format::ParseError;
    /// use hookwire::receive::Rejection;
    /// assert_eq!(Rejection::Signature(VerifyError::SignatureMismatch).status(), 401);
    /// assert_eq!(Rejection::Replay { message_id: None }.status(), 409);
    /// let unsupported = ParseError::UnsupportedContentType { content_type: "text/xml".into() };
    /// assert_eq!(Rejection::Body(unsupported).status(), 415);
    /// assert_eq!(Rejection::Body(ParseError::MissingField { field: "id".into() }).status(), 400);
    /// ```
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Rejection::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Rejection::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Rejection::AddressNotAllowed { .. } => StatusCode::FORBIDDEN,
            Rejection::Credentials(CredentialsError::DuplicateHeader) => StatusCode::BAD_REQUEST,
            Rejection::Credentials(CredentialsError::Missing | CredentialsError::Invalid) => {
                StatusCode::UNAUTHORIZED
            }
            Rejection::Signature(err) => err.status(),
            Rejection::Replay { .. } => StatusCode::CONFLICT,
            Rejection::Body(ParseError::UnsupportedContentType { .. }) => {
                StatusCode::UNSUPPORTED_MEDIA_TYPE
            }
            // Listed one by one, so a new way to fail makes its author choose a status here.
            Rejection::Body(
                ParseError::InvalidJson { .. }
                | ParseError::InvalidEncoding { .. }
                | ParseError::MissingField { .. }
                | ParseError::WrongType { .. }
                | ParseError::InvalidValue { .. }
                | ParseError::DuplicateKey { .. },
            ) => StatusCode::BAD_REQUEST,
        }
    }

    /// The response to send: the status, plus `WWW-Authenticate: Basic` for refused
    /// credentials (RFC 9110 §15.5.2 requires a challenge with every 401) and `Allow` for
    /// a refused method (§15.5.6). No body: the reason is for the receiver's logs, not for
    /// whoever is knocking.
    ///
    /// ```
    /// use hookwire::auth::CredentialsError;
    /// use hookwire::receive::Rejection;
    ///
    /// let response = Rejection::Credentials(CredentialsError::Missing).response();
    /// assert_eq!(response.status(), 401);
    /// assert_eq!(response.headers()["www-authenticate"], r#"Basic realm="webhooks", charset="UTF-8""#);
    /// ```
    #[must_use]
    pub fn response(&self) -> Response<()> {
        let mut response = Response::new(());
        *response.status_mut() = self.status();
        if let Rejection::MethodNotAllowed { allowed, .. } = self
            && let Ok(value) = HeaderValue::from_str(&method_list(allowed))
        {
            // Method tokens are header-safe, so the list always converts.
            response.headers_mut().insert(ALLOW, value);
        }
        if let Rejection::Credentials(_) = self
            && self.status() == StatusCode::UNAUTHORIZED
        {
            response.headers_mut().insert(
                WWW_AUTHENTICATE,
                HeaderValue::from_static(r#"Basic realm="webhooks", charset="UTF-8""#),
            );
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        let cases = [
            (
                Rejection::MethodNotAllowed {
                    method: Method::GET,
                    allowed: vec![Method::POST],
                },
                StatusCode::METHOD_NOT_ALLOWED,
            ),
            (
                Rejection::BodyTooLarge { limit: 1, size: 2 },
                StatusCode::PAYLOAD_TOO_LARGE,
            ),
            (
                Rejection::AddressNotAllowed {
                    peer: "192.0.2.1".parse().unwrap(),
                },
                StatusCode::FORBIDDEN,
            ),
            (
                Rejection::Credentials(CredentialsError::Invalid),
                StatusCode::UNAUTHORIZED,
            ),
            (
                Rejection::Credentials(CredentialsError::Missing),
                StatusCode::UNAUTHORIZED,
            ),
            (
                Rejection::Credentials(CredentialsError::DuplicateHeader),
                StatusCode::BAD_REQUEST,
            ),
            (
                Rejection::Signature(VerifyError::SignatureMismatch),
                StatusCode::UNAUTHORIZED,
            ),
            (
                Rejection::Replay {
                    message_id: Some("m".into()),
                },
                StatusCode::CONFLICT,
            ),
            (
                Rejection::from(ParseError::UnsupportedContentType {
                    content_type: "text/xml".into(),
                }),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ),
            (
                Rejection::from(ParseError::MissingField { field: "id".into() }),
                StatusCode::BAD_REQUEST,
            ),
        ];
        for (rejection, status) in cases {
            assert_eq!(rejection.status(), status, "{rejection}");
            assert_eq!(rejection.response().status(), status);
            assert!(rejection.status().is_client_error());
        }
    }

    #[test]
    fn a_405_lists_the_allowed_methods() {
        let rejection = Rejection::MethodNotAllowed {
            method: Method::GET,
            allowed: vec![Method::POST, Method::PUT],
        };
        assert_eq!(rejection.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(rejection.response().headers()[ALLOW], "POST, PUT");
        assert_eq!(
            rejection.to_string(),
            "method GET is not allowed (allowed: POST, PUT)"
        );
        let long = Method::from_bytes("X".repeat(5_000).as_bytes()).unwrap();
        let rejection = Rejection::MethodNotAllowed {
            method: long,
            allowed: vec![Method::POST],
        };
        assert!(rejection.to_string().len() < MAX_QUOTED_REASON + 100);
    }

    #[test]
    fn only_a_401_for_credentials_carries_a_challenge() {
        let duplicate = Rejection::Credentials(CredentialsError::DuplicateHeader);
        assert!(duplicate.response().headers().is_empty());
        let signature = Rejection::Signature(VerifyError::SignatureMismatch);
        assert!(signature.response().headers().is_empty());
    }

    #[test]
    fn replay_reasons() {
        assert_eq!(
            Rejection::Replay {
                message_id: Some("msg_1".into())
            }
            .to_string(),
            "replay of message msg_1"
        );
        assert_eq!(
            Rejection::Replay { message_id: None }.to_string(),
            "replay of message (identified by its signature)"
        );
    }
}
