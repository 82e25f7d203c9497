//! Reading a request's `Content-Type` and matching it against what a format reads.

use http::HeaderMap;
use http::header::CONTENT_TYPE;

use crate::format::ParseError;

/// The media type of a request (the `Content-Type` value before any `;` parameter,
/// trimmed), or `None` when the header is absent, repeated or not visible ASCII.
///
/// Parameters such as `charset` are ignored: every format hookwire reads is UTF-8 or bytes.
///
/// ```
/// use hookwire::receive::media_type;
///
/// let mut headers = http::HeaderMap::new();
/// assert_eq!(media_type(&headers), None);
/// headers.insert("content-type", "Application/JSON; charset=UTF-8".parse().unwrap());
/// assert_eq!(media_type(&headers), Some("Application/JSON"));
/// ```
#[must_use]
pub fn media_type(headers: &HeaderMap) -> Option<&str> {
    let mut values = headers.get_all(CONTENT_TYPE).iter();
    let value = values.next()?;
    if values.next().is_some() {
        return None;
    }
    let text = value.to_str().ok()?;
    let essence = text.split(';').next().unwrap_or(text).trim();
    (!essence.is_empty()).then_some(essence)
}

/// Checks that the request's media type is one of `accepted`, ignoring case and
/// parameters; otherwise [`ParseError::UnsupportedContentType`] (which a
/// [`Rejection`](super::Rejection) answers with 415).
///
/// An accepted entry is a media type (`application/json`), a type with any subtype
/// (`text/*`), a structured-syntax suffix (`application/*+json`, matching
/// `application/cloudevents+json`) or `*/*` (any media type, but one must be present).
///
/// ```
/// use hookwire::receive::{Rejection, require_media_type};
///
/// let mut headers = http::HeaderMap::new();
/// headers.insert("content-type", "application/x-www-form-urlencoded".parse().unwrap());
/// assert!(require_media_type(&headers, &["application/x-www-form-urlencoded"]).is_ok());
/// let err = require_media_type(&headers, &["application/json", "application/*+json"]).unwrap_err();
/// assert_eq!(Rejection::from(err).status(), 415);
/// ```
pub fn require_media_type(headers: &HeaderMap, accepted: &[&str]) -> Result<(), ParseError> {
    if let Some(found) = media_type(headers)
        && accepted.iter().any(|pattern| matches(pattern, found))
    {
        return Ok(());
    }
    Err(ParseError::UnsupportedContentType {
        content_type: content_type_for_error(headers),
    })
}

/// The received `Content-Type` as an error reports it: lossy, and cut short so a hostile
/// header cannot flood a log.
fn content_type_for_error(headers: &HeaderMap) -> String {
    const MAX: usize = 100;
    let Some(value) = headers.get(CONTENT_TYPE) else {
        return String::new();
    };
    let text = String::from_utf8_lossy(value.as_bytes());
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.into_owned(),
    }
}

fn matches(pattern: &str, found: &str) -> bool {
    let Some((want_type, want_sub)) = pattern.split_once('/') else {
        return false;
    };
    let Some((found_type, found_sub)) = found.split_once('/') else {
        return false;
    };
    // No whitespace around the `/` (RFC 9110, section 8.3.1): `application / json` is not
    // `application/json`, as WHATWG's and Python's parsers agree.
    let type_ok = want_type == "*" || want_type.eq_ignore_ascii_case(found_type);
    let sub_ok = if want_sub == "*" {
        true
    } else if let Some(suffix) = want_sub.strip_prefix('*') {
        // `*+json`: the subtype ends with the suffix and has something before it.
        found_sub.len() > suffix.len()
            && found_sub
                .get(found_sub.len() - suffix.len()..)
                .is_some_and(|end| end.eq_ignore_ascii_case(suffix))
    } else {
        want_sub.eq_ignore_ascii_case(found_sub)
    };
    type_ok && sub_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn with(value: &[u8]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_bytes(value).unwrap());
        headers
    }

    #[test]
    fn patterns() {
        assert!(matches("application/json", "APPLICATION/Json"));
        assert!(matches(
            "application/*+json",
            "application/cloudevents+json"
        ));
        assert!(!matches("application/*+json", "application/+json"));
        assert!(!matches("application/*+json", "application/json"));
        assert!(matches("text/*", "text/plain"));
        assert!(matches("*/*", "image/png"));
        assert!(!matches("application/json", "application/jsonx"));
        assert!(!matches("application/json", "json"));
        assert!(!matches("bad", "bad"));
        // No whitespace around the slash.
        for spaced in [
            "application / json",
            "application/ json",
            "application /json",
        ] {
            assert!(!matches("application/json", spaced), "{spaced}");
        }
    }

    #[test]
    fn essence_ignores_parameters_and_refuses_oddities() {
        assert_eq!(
            media_type(&with(b" text/plain ;charset=x")),
            Some("text/plain")
        );
        assert_eq!(media_type(&with(b"")), None);
        assert_eq!(media_type(&with(b";charset=utf-8")), None);
        assert_eq!(media_type(&with("caf\u{e9}".as_bytes())), None);
        let mut twice = with(b"application/json");
        twice.append(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        assert_eq!(media_type(&twice), None);
    }

    #[test]
    fn the_error_names_what_came_lossily_and_briefly() {
        let err = require_media_type(&with("caf\u{e9}".as_bytes()), &["*/*"]).unwrap_err();
        assert_eq!(
            err,
            ParseError::UnsupportedContentType {
                content_type: "caf\u{e9}".into()
            }
        );
        let long = "a".repeat(500);
        let err = require_media_type(&with(long.as_bytes()), &["text/plain"]).unwrap_err();
        let ParseError::UnsupportedContentType { content_type } = err else {
            panic!("wrong variant");
        };
        assert_eq!(content_type.chars().count(), 101);
        let err = require_media_type(&HeaderMap::new(), &["*/*"]).unwrap_err();
        assert_eq!(err.to_string(), "unsupported content type ``");
    }
}
