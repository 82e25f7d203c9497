//! Reading signature headers: one value or every value of a name, message ids, and
//! timestamps in whole Unix seconds.
//!
//! A value is read as text only if it is visible ASCII (what `HeaderValue::to_str` checks),
//! and is trimmed of HTTP's optional whitespace (spaces and tabs) at both ends.

use http::{HeaderMap, HeaderName, HeaderValue};

use super::error::VerifyError;
use crate::time::Timestamp;

/// The error for a header that did not come.
fn missing(name: &HeaderName) -> VerifyError {
    VerifyError::MissingHeader {
        name: name.as_str().to_owned(),
    }
}

/// The value of `name` if it came once, `None` if it did not come. A header that came more
/// than once is refused: a scheme cannot tell which line to believe.
fn at_most_one<'h>(
    headers: &'h HeaderMap,
    name: &HeaderName,
) -> Result<Option<&'h HeaderValue>, VerifyError> {
    let mut values = headers.get_all(name).iter();
    let first = values.next();
    if values.next().is_some() {
        return Err(VerifyError::DuplicateHeader {
            name: name.as_str().to_owned(),
        });
    }
    Ok(first)
}

/// A value's text, trimmed, if it is visible ASCII.
fn text<'h>(value: &'h HeaderValue, name: &HeaderName) -> Result<&'h str, VerifyError> {
    value
        .to_str()
        .map(trim_ows)
        .map_err(|_| malformed(name, "not visible ASCII"))
}

/// The one value of `name` as text, with the value itself (to keep without copying).
pub(super) fn single<'h>(
    headers: &'h HeaderMap,
    name: &HeaderName,
) -> Result<(&'h str, &'h HeaderValue), VerifyError> {
    optional(headers, name)?.ok_or_else(|| missing(name))
}

/// Like [`single`], but a header that did not come is `None`.
pub(super) fn optional<'h>(
    headers: &'h HeaderMap,
    name: &HeaderName,
) -> Result<Option<(&'h str, &'h HeaderValue)>, VerifyError> {
    match at_most_one(headers, name)? {
        Some(value) => Ok(Some((text(value, name)?, value))),
        None => Ok(None),
    }
}

/// Every value of `name` as text, in the order received; a header that did not come is an
/// error.
pub(super) fn each<'h>(
    headers: &'h HeaderMap,
    name: &HeaderName,
    mut visit: impl FnMut(&'h str),
) -> Result<(), VerifyError> {
    let mut values = headers.get_all(name).iter().peekable();
    if values.peek().is_none() {
        return Err(missing(name));
    }
    for value in values {
        visit(text(value, name)?);
    }
    Ok(())
}

/// A message id that is signed: present once, and not empty.
pub(super) fn message_id<'h>(
    headers: &'h HeaderMap,
    name: &HeaderName,
) -> Result<(&'h str, &'h HeaderValue), VerifyError> {
    let (id, value) = single(headers, name)?;
    if id.is_empty() {
        return Err(malformed(name, "empty message id"));
    }
    Ok((id, value))
}

/// The one value of `name` as a timestamp, with its text as it came (trimmed): Listrak and
/// Slack sign that text, Standard Webhooks and Stripe the number.
pub(super) fn timestamp<'h>(
    headers: &'h HeaderMap,
    name: &HeaderName,
) -> Result<(Timestamp, &'h str), VerifyError> {
    let value = at_most_one(headers, name)?.ok_or_else(|| missing(name))?;
    let text = value
        .to_str()
        .map_err(|_| malformed(name, NOT_WHOLE_SECONDS))?;
    let text = trim_ows(text);
    Ok((unix_secs(text, name)?, text))
}

const NOT_WHOLE_SECONDS: &str = "the timestamp is not a whole number of Unix seconds";

fn malformed(name: &HeaderName, reason: &'static str) -> VerifyError {
    VerifyError::MalformedHeader {
        name: name.as_str().to_owned(),
        reason,
    }
}

/// Trims HTTP optional whitespace (spaces and tabs) from both ends.
pub(super) fn trim_ows(text: &str) -> &str {
    text.trim_matches([' ', '\t'])
}

/// Parses Unix seconds as the schemes send them: ASCII digits after an optional `+` (which
/// every reference library's integer parse accepts, as does Rust's), no `-`, no fraction, and
/// at most what milliseconds in an `i64` can hold. `name` is the header, for the error.
pub(super) fn unix_secs(text: &str, name: &HeaderName) -> Result<Timestamp, VerifyError> {
    use std::num::IntErrorKind;
    let out_of_range = || malformed(name, "the timestamp is out of range");
    // Digits are checked first: `str::parse` reports an overflow before a bad digit after it.
    let digits = text.strip_prefix('+').unwrap_or(text);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed(name, NOT_WHOLE_SECONDS));
    }
    let secs: u64 = text
        .parse()
        .map_err(|err: std::num::ParseIntError| match err.kind() {
            IntErrorKind::Empty => malformed(name, "empty timestamp"),
            IntErrorKind::PosOverflow => out_of_range(),
            _ => malformed(name, NOT_WHOLE_SECONDS),
        })?;
    match i64::try_from(secs) {
        Ok(secs) if secs <= i64::MAX / 1000 => Ok(Timestamp::from_unix_secs(secs)),
        _ => Err(out_of_range()),
    }
}

/// Whether a timestamp [`unix_secs`] accepted is written as its number prints: no `+`, no
/// leading zero. Only such text may be signed as received by a scheme that signs the number.
pub(super) fn is_canonical_secs(text: &str) -> bool {
    text == "0" || text.starts_with(|c: char| matches!(c, '1'..='9'))
}

#[cfg(test)]
mod tests {
    use super::*;

    static T: HeaderName = HeaderName::from_static("t");
    static A: HeaderName = HeaderName::from_static("x-a");

    fn map(pairs: &[(&str, &[u8])]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_bytes(value).unwrap(),
            );
        }
        headers
    }

    #[test]
    fn single_values_are_trimmed_text_that_came_once() {
        let headers = map(&[("X-A", b" \tfirst\t "), ("t", b"1"), ("t", b"2")]);
        assert_eq!(single(&headers, &A).map(|(text, _)| text), Ok("first"));
        assert_eq!(
            single(&headers, &T),
            Err(VerifyError::DuplicateHeader { name: "t".into() })
        );
        let mut seen = Vec::new();
        each(&headers, &T, |text| seen.push(text)).unwrap();
        assert_eq!(seen, ["1", "2"]);
        let empty = HeaderMap::new();
        assert_eq!(
            each(&empty, &T, |_| {}),
            Err(VerifyError::MissingHeader { name: "t".into() })
        );
        assert_eq!(
            single(&empty, &A),
            Err(VerifyError::MissingHeader { name: "x-a".into() })
        );
        assert_eq!(optional(&empty, &A), Ok(None));
        for bad in [&b"caf\xc3\xa9"[..], b"\xff", b"a\x80b"] {
            let headers = map(&[("x-a", bad)]);
            assert!(matches!(
                single(&headers, &A),
                Err(VerifyError::MalformedHeader {
                    reason: "not visible ASCII",
                    ..
                })
            ));
        }
    }

    #[test]
    fn timestamps_are_whole_seconds_in_range() {
        let headers = map(&[("t", b"\t 1614265330 \t")]);
        assert_eq!(
            timestamp(&headers, &T),
            Ok((Timestamp::from_unix_secs(1_614_265_330), "1614265330"))
        );
        for good in ["+5", "0", "00000000000000000000000000001614265330"] {
            assert!(unix_secs(good, &T).is_ok(), "{good:?}");
        }
        let max = (i64::MAX / 1000).to_string();
        assert!(unix_secs(&max, &T).is_ok());
        let reason = |text: &str| match unix_secs(text, &T) {
            Err(VerifyError::MalformedHeader { reason, .. }) => reason,
            other => panic!("{text:?}: {other:?}"),
        };
        assert_eq!(reason(""), "empty timestamp");
        for bad in [
            "+",
            "++1",
            "+-1",
            "-+1",
            "-1",
            "1.5",
            "1e9",
            "0x10",
            "1 2",
            " 1",
            "٣",
            "99999999999999999999x",
            "+99999999999999999999a",
        ] {
            assert!(reason(bad).contains("whole number"), "{bad:?}");
        }
        for far in [
            "9223372036854776",
            "99999999999999999999",
            "00000000000000000000009223372036854776",
        ] {
            assert_eq!(reason(far), "the timestamp is out of range", "{far:?}");
        }
        for bad in [&b"16142\xe965330"[..], b"1\x80"] {
            let headers = map(&[("t", bad)]);
            assert_eq!(
                timestamp(&headers, &T),
                Err(malformed(&T, NOT_WHOLE_SECONDS)),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn canonical_seconds_print_as_written() {
        for text in ["0", "1", "1614265330", "+1", "01", "00"] {
            let secs = unix_secs(text, &T).unwrap().unix_secs();
            assert_eq!(is_canonical_secs(text), secs.to_string() == text, "{text}");
        }
    }
}
