//! [`Payload`]: the bytes a format rendered and the headers that describe them — what a
//! delivery sends and what a receiver parses.

use std::fmt;

use base64::Engine as _;
use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderName, HeaderValue};
use serde::{Deserialize, Serialize};

mod error;

pub use error::PayloadError;

use crate::endpoint::{HeaderError, checked_header_value, header_pair};

/// `application/json`, the content type of every JSON body hookwire renders.
pub const APPLICATION_JSON: &str = "application/json";

/// A rendered body: its exact bytes, its content type and any other headers the format
/// needs (CloudEvents binary mode puts its attributes in `ce-*` headers).
///
/// Formats produce a `Payload`; a [`Signer`](crate::Signer) signs [`Payload::body`] as is,
/// and the request that carries it gets [`Payload::apply_to`]'s headers. A payload is cheap
/// to clone (the body is reference-counted) and serializes with the body as base64, so a host
/// can store it next to a delivery's state.
///
/// ```
/// use hookwire::Payload;
///
/// let payload = Payload::json(r#"{"event":"cart_abandoned"}"#);
/// assert_eq!(payload.content_type(), "application/json");
/// assert_eq!(payload.body().as_ref(), br#"{"event":"cart_abandoned"}"#);
///
/// let mut headers = http::HeaderMap::new();
/// payload.apply_to(&mut headers);
/// assert_eq!(headers["content-type"], "application/json");
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawPayload", into = "RawPayload")]
pub struct Payload {
    content_type: HeaderValue,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
}

impl Payload {
    /// A payload with this content type. Fails if the content type cannot travel in a header
    /// (CR, LF or another control character).
    ///
    /// ```
    /// let payload = hookwire::Payload::new("text/plain; charset=utf-8", "hello")?;
    /// assert_eq!(payload.content_type(), "text/plain; charset=utf-8");
    /// assert!(hookwire::Payload::new("text/plain\r\nX-Evil: 1", "").is_err());
    /// # Ok::<(), hookwire::PayloadError>(())
    /// ```
    pub fn new(content_type: &str, body: impl Into<Bytes>) -> Result<Self, PayloadError> {
        Ok(Payload {
            content_type: checked_header_value(CONTENT_TYPE.as_str(), content_type)?,
            headers: Vec::new(),
            body: body.into(),
        })
    }

    /// A payload with a content type known at compile time.
    ///
    /// # Panics
    ///
    /// If `content_type` is not a valid header value; with a literal, that is a programming
    /// error caught by the first test that builds it.
    ///
    /// ```
    /// let payload = hookwire::Payload::from_static("application/x-www-form-urlencoded", "data=%7B%7D");
    /// assert_eq!(payload.body().len(), 11);
    /// ```
    pub fn from_static(content_type: &'static str, body: impl Into<Bytes>) -> Self {
        Payload {
            content_type: HeaderValue::from_static(content_type),
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// A JSON payload (`application/json`). The bytes are taken as they are: render them
    /// with one of the [`format`](crate::format)s, or serialize them yourself.
    ///
    /// ```
    /// assert_eq!(hookwire::Payload::json("{}").content_type(), "application/json");
    /// ```
    pub fn json(body: impl Into<Bytes>) -> Self {
        Payload::from_static(APPLICATION_JSON, body)
    }

    /// This payload with one more header. Fails for a header hookwire or the HTTP layer
    /// owns (`Content-Type`, `Content-Length`, `Host`…) and for values with CR or LF.
    ///
    /// ```
    /// let payload = hookwire::Payload::json("{}").with_header("ce-id", "42")?;
    /// assert_eq!(payload.headers().count(), 1);
    /// assert!(hookwire::Payload::json("{}").with_header("Content-Length", "2").is_err());
    /// # Ok::<(), hookwire::PayloadError>(())
    /// ```
    pub fn with_header(mut self, name: &str, value: &str) -> Result<Self, PayloadError> {
        let (name, value) = header_pair(name, value)?;
        if name == CONTENT_TYPE {
            return Err(PayloadError::Header(HeaderError::Reserved {
                name: name.as_str().to_owned(),
            }));
        }
        self.headers.push((name, value));
        Ok(self)
    }

    /// The `Content-Type` header value.
    ///
    /// ```
    /// assert_eq!(hookwire::Payload::json("1").content_type(), "application/json");
    /// ```
    pub fn content_type(&self) -> &HeaderValue {
        &self.content_type
    }

    /// The headers other than `Content-Type`, in the order the format wrote them.
    ///
    /// ```
    /// assert_eq!(hookwire::Payload::json("1").headers().count(), 0);
    /// ```
    pub fn headers(&self) -> impl Iterator<Item = (&HeaderName, &HeaderValue)> {
        self.headers.iter().map(|(name, value)| (name, value))
    }

    /// The exact body bytes: what is signed and what is sent.
    ///
    /// ```
    /// assert_eq!(hookwire::Payload::json("[1]").body().as_ref(), b"[1]");
    /// ```
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body, giving up the rest.
    ///
    /// ```
    /// let body = hookwire::Payload::json("[1]").into_body();
    /// assert_eq!(body.as_ref(), b"[1]");
    /// ```
    pub fn into_body(self) -> Bytes {
        self.body
    }

    /// Sets `Content-Type` and the format's other headers on `headers`, replacing values of
    /// the same names.
    ///
    /// ```
    /// let payload = hookwire::Payload::json("{}").with_header("ce-type", "a.b")?;
    /// let mut headers = http::HeaderMap::new();
    /// payload.apply_to(&mut headers);
    /// assert_eq!(headers["ce-type"], "a.b");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn apply_to(&self, headers: &mut HeaderMap) {
        headers.insert(CONTENT_TYPE, self.content_type.clone());
        for (name, value) in &self.headers {
            headers.insert(name, value.clone());
        }
    }

    /// A payload whose headers the format built itself and knows to be valid.
    pub(crate) fn from_parts(
        content_type: HeaderValue,
        headers: Vec<(HeaderName, HeaderValue)>,
        body: Bytes,
    ) -> Self {
        Payload {
            content_type,
            headers,
            body,
        }
    }
}

impl fmt::Debug for Payload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Bodies can be large: show the start, as text when it is text.
        const SHOWN: usize = 256;
        let head = &self.body[..self.body.len().min(SHOWN)];
        let mut debug = f.debug_struct("Payload");
        debug.field("content_type", &self.content_type);
        debug.field("headers", &self.headers);
        match std::str::from_utf8(head) {
            Ok(text) => debug.field("body", &text),
            Err(_) => debug.field("body", &head),
        };
        if self.body.len() > SHOWN {
            debug.field("body_len", &self.body.len());
        }
        debug.finish()
    }
}

/// The serialized form: header values as text, the body as standard base64.
#[derive(Serialize, Deserialize)]
struct RawPayload {
    content_type: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    headers: Vec<(String, String)>,
    body: String,
}

impl TryFrom<RawPayload> for Payload {
    type Error = PayloadError;

    fn try_from(raw: RawPayload) -> Result<Self, PayloadError> {
        let body = base64::engine::general_purpose::STANDARD
            .decode(raw.body.as_bytes())
            .map_err(|_| PayloadError::BodyNotBase64)?;
        let mut payload = Payload::new(&raw.content_type, body)?;
        for (name, value) in &raw.headers {
            payload = payload.with_header(name, value)?;
        }
        Ok(payload)
    }
}

impl From<Payload> for RawPayload {
    fn from(payload: Payload) -> Self {
        let text = |value: &HeaderValue| String::from_utf8_lossy(value.as_bytes()).into_owned();
        RawPayload {
            content_type: text(&payload.content_type),
            headers: payload
                .headers
                .iter()
                .map(|(name, value)| (name.as_str().to_owned(), text(value)))
                .collect(),
            body: base64::engine::general_purpose::STANDARD.encode(&payload.body),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_round_trip_keeps_binary_bodies_and_headers() {
        let payload = Payload::new("application/octet-stream", vec![0u8, 0xff, b'\n'])
            .unwrap()
            .with_header("ce-id", "1")
            .unwrap();
        let json = serde_json::to_string(&payload).unwrap();
        assert!(json.contains(r#""body":"AP8K""#), "{json}");
        let back: Payload = serde_json::from_str(&json).unwrap();
        assert_eq!(back, payload);
    }

    #[test]
    fn deserializing_revalidates_headers() {
        let bad = r#"{"content_type":"a\r\nb","body":""}"#;
        assert!(serde_json::from_str::<Payload>(bad).is_err());
        let reserved = r#"{"content_type":"a/b","headers":[["host","x"]],"body":""}"#;
        assert!(serde_json::from_str::<Payload>(reserved).is_err());
    }

    #[test]
    fn debug_shows_text_bodies_and_truncates_long_ones() {
        let shown = format!("{:?}", Payload::json("{\"a\":1}"));
        assert!(shown.contains(r#"{\"a\":1}"#), "{shown}");
        let long = format!("{:?}", Payload::json("x".repeat(1000)));
        assert!(long.contains("body_len: 1000"), "{long}");
    }
}
