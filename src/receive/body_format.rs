//! [`BodyFormat`]: how a receiver reads a body, and the built-in formats.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use http::HeaderMap;

use super::media_type::require_media_type;
use crate::format::ParseError;

/// How a [`Receiver`](super::Receiver) reads the body of a request it has authenticated.
///
/// A format first checks the content type (a refusal is a 415), then parses the exact body
/// bytes into typed data (a refusal is a 400). Both get the request's headers, because
/// some formats read attributes from them (CloudEvents' binary mode).
///
/// Any parse function plugs in through [`FnFormat`](super::FnFormat); a format with its own type implements
/// the trait. `Box<dyn BodyFormat<Output = T>>`, `Arc<…>` and `&…` are formats too, for a
/// receiver whose format is chosen at run time. (`Debug` is required so every receiver
/// can be printed while debugging.)
///
/// ```
/// use hookwire::format::ParseError;
/// use hookwire::receive::{BodyFormat, require_media_type};
///
/// /// Plain-text lines, one event per line.
/// #[derive(Debug)]
/// struct Lines;
///
/// impl BodyFormat for Lines {
///     type Output = Vec<String>;
///
///     fn check_content_type(&self, headers: &http::HeaderMap) -> Result<(), ParseError> {
///         require_media_type(headers, &["text/plain"])
///     }
///
///     fn parse(&self, _headers: &http::HeaderMap, body: &[u8]) -> Result<Vec<String>, ParseError> {
///         let text = std::str::from_utf8(body).map_err(|_| ParseError::InvalidEncoding {
///             what: "body".into(),
///             reason: "not UTF-8",
///         })?;
///         Ok(text.lines().map(str::to_owned).collect())
///     }
/// }
///
/// let mut headers = http::HeaderMap::new();
/// headers.insert("content-type", "text/plain".parse().unwrap());
/// assert!(Lines.check_content_type(&headers).is_ok());
/// assert_eq!(Lines.parse(&headers, b"a\nb")?, ["a", "b"]);
/// # Ok::<(), ParseError>(())
/// ```
pub trait BodyFormat: fmt::Debug {
    /// The typed data a body becomes.
    type Output;

    /// Checks the request's content type, before any byte of the body is read; a refusal
    /// should be [`ParseError::UnsupportedContentType`].
    ///
    /// See [`BodyFormat`] for an example.
    fn check_content_type(&self, headers: &HeaderMap) -> Result<(), ParseError>;

    /// Parses exactly these body bytes. Never panics, whatever the bytes.
    ///
    /// See [`BodyFormat`] for an example.
    fn parse(&self, headers: &HeaderMap, body: &[u8]) -> Result<Self::Output, ParseError>;
}

impl<F: BodyFormat + ?Sized> BodyFormat for &F {
    type Output = F::Output;

    fn check_content_type(&self, headers: &HeaderMap) -> Result<(), ParseError> {
        (**self).check_content_type(headers)
    }

    fn parse(&self, headers: &HeaderMap, body: &[u8]) -> Result<F::Output, ParseError> {
        (**self).parse(headers, body)
    }
}

impl<F: BodyFormat + ?Sized> BodyFormat for Box<F> {
    type Output = F::Output;

    fn check_content_type(&self, headers: &HeaderMap) -> Result<(), ParseError> {
        (**self).check_content_type(headers)
    }

    fn parse(&self, headers: &HeaderMap, body: &[u8]) -> Result<F::Output, ParseError> {
        (**self).parse(headers, body)
    }
}

impl<F: BodyFormat + ?Sized> BodyFormat for Arc<F> {
    type Output = F::Output;

    fn check_content_type(&self, headers: &HeaderMap) -> Result<(), ParseError> {
        (**self).check_content_type(headers)
    }

    fn parse(&self, headers: &HeaderMap, body: &[u8]) -> Result<F::Output, ParseError> {
        (**self).parse(headers, body)
    }
}

/// Any JSON value, sent as `application/json` (or any `application/*+json` type).
///
/// ```
/// use hookwire::receive::{BodyFormat, Json, Rejection};
///
/// let mut headers = http::HeaderMap::new();
/// headers.insert("content-type", "application/json; charset=utf-8".parse().unwrap());
/// assert!(Json.check_content_type(&headers).is_ok());
/// assert_eq!(Json.parse(&headers, br#"{"a":[1]}"#)?["a"][0], 1);
/// assert_eq!(Rejection::from(Json.parse(&headers, b"{").unwrap_err()).status(), 400);
/// # Ok::<(), hookwire::format::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Json;

impl BodyFormat for Json {
    type Output = serde_json::Value;

    fn check_content_type(&self, headers: &HeaderMap) -> Result<(), ParseError> {
        require_media_type(headers, &["application/json", "application/*+json"])
    }

    /// Duplicate object keys are refused ([`ParseError::DuplicateKey`]), as in every format.
    fn parse(&self, _headers: &HeaderMap, body: &[u8]) -> Result<serde_json::Value, ParseError> {
        crate::format::strict_json::from_slice(body)
    }
}

/// The body bytes as they came, with any content type (or none): for receivers that only
/// authenticate, and for dumpers that log whatever arrives.
///
/// ```
/// use hookwire::receive::{BodyFormat, RawBody};
///
/// let headers = http::HeaderMap::new();
/// assert!(RawBody.check_content_type(&headers).is_ok());
/// assert_eq!(RawBody.parse(&headers, b"\xff\x00")?, &b"\xff\x00"[..]);
/// # Ok::<(), hookwire::format::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RawBody;

impl BodyFormat for RawBody {
    type Output = Bytes;

    fn check_content_type(&self, _headers: &HeaderMap) -> Result<(), ParseError> {
        Ok(())
    }

    fn parse(&self, _headers: &HeaderMap, body: &[u8]) -> Result<Bytes, ParseError> {
        Ok(Bytes::copy_from_slice(body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::receive::fn_format::FnFormat;
    use crate::receive::{Receiver, Rejection};

    fn content_type(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(http::header::CONTENT_TYPE, value.parse().unwrap());
        headers
    }

    #[test]
    fn json_accepts_json_types_only() {
        assert!(
            Json.check_content_type(&content_type("application/json"))
                .is_ok()
        );
        assert!(
            Json.check_content_type(&content_type("application/cloudevents+json"))
                .is_ok()
        );
        let err = Json
            .check_content_type(&content_type("text/plain"))
            .unwrap_err();
        assert_eq!(Rejection::from(err).status(), 415);
        assert_eq!(
            Rejection::from(Json.check_content_type(&HeaderMap::new()).unwrap_err()).status(),
            415
        );
    }

    #[test]
    fn json_parse_errors_carry_positions() {
        let err = Json.parse(&HeaderMap::new(), b"{\n  \"a\": }").unwrap_err();
        assert!(
            matches!(err, ParseError::InvalidJson { line: 2, .. }),
            "{err:?}"
        );
        assert!(Json.parse(&HeaderMap::new(), b"").is_err());
        assert!(Json.parse(&HeaderMap::new(), b"\xff").is_err());
    }

    #[test]
    fn boxed_formats_are_formats() {
        let formats: Vec<Box<dyn BodyFormat<Output = usize>>> = vec![
            Box::new(FnFormat::new(&[], |_, body| Ok(body.len()))),
            Box::new(FnFormat::new(&["text/plain"], |_, _| Ok(0))),
        ];
        let headers = content_type("application/json");
        assert_eq!(formats[0].parse(&headers, b"abc").unwrap(), 3);
        assert!(formats[0].check_content_type(&headers).is_ok());
        assert!(formats[1].check_content_type(&headers).is_err());
        let shared: Arc<dyn BodyFormat<Output = serde_json::Value>> = Arc::new(Json);
        assert!(shared.parse(&headers, b"1").is_ok());
        let by_ref: &dyn BodyFormat<Output = serde_json::Value> = &Json;
        assert!(Receiver::builder(by_ref).build().is_ok());
        assert!(format!("{:?}", formats[0]).contains("FnFormat"));
    }

    #[test]
    fn fn_format_with_no_media_types_accepts_anything() {
        let any = FnFormat::new(&[], |_, body| Ok::<_, ParseError>(body.to_vec()));
        assert!(any.check_content_type(&HeaderMap::new()).is_ok());
        assert_eq!(any.parse(&HeaderMap::new(), b"x").unwrap(), b"x");
        assert!(format!("{any:?}").starts_with("FnFormat"));
    }
}
