//! The HTTP binding's percent-encoding of `ce-` header values (spec 1.0.2, http-protocol-
//! binding §3.1.3.2): space, `"`, `%` and every character outside U+0021–U+007E are
//! written as the `%XY` escapes of their UTF-8 bytes.

use std::fmt::Write as _;

/// Encodes a header value; the result is printable ASCII.
pub(super) fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if (0x21..=0x7e).contains(&byte) && byte != b'"' && byte != b'%' {
            out.push(char::from(byte));
        } else {
            // Writing into a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Decodes a header value as the binding says: surrounding whitespace dropped, RFC 7230
/// quoted-string escaping undone (older senders quote values holding spaces), then one round
/// of percent-decoding, where `%XY` escapes (either case of hex) become bytes that must form
/// UTF-8 — overlong and other invalid sequences are rejected.
pub(super) fn decode(raw: &[u8]) -> Result<String, &'static str> {
    let raw = raw.trim_ascii();
    let unquoted;
    let raw = match raw.strip_prefix(b"\"") {
        Some(quoted) => {
            unquoted = unquote(quoted)?;
            &unquoted[..]
        }
        None => raw,
    };
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&byte) = raw.get(i) {
        if byte == b'%' {
            let hex = raw
                .get(i + 1..i + 3)
                .filter(|pair| pair.iter().all(u8::is_ascii_hexdigit))
                .and_then(|pair| std::str::from_utf8(pair).ok())
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .ok_or("`%` must start a two-digit hex escape")?;
            out.push(hex);
            i += 3;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "the percent-decoded value is not UTF-8")
}

/// The content of a quoted-string whose opening quote is already gone: backslash escapes
/// undone, and the closing quote last.
fn unquote(quoted: &[u8]) -> Result<Vec<u8>, &'static str> {
    let mut out = Vec::with_capacity(quoted.len());
    let mut bytes = quoted.iter();
    while let Some(&byte) = bytes.next() {
        match byte {
            b'\\' => out.push(*bytes.next().ok_or("a quoted value ends in a lone `\\`")?),
            b'"' if bytes.len() == 0 => return Ok(out),
            b'"' => return Err("text after the closing quote"),
            _ => out.push(byte),
        }
    }
    Err("a quoted value is never closed")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_example() {
        assert_eq!(encode("Euro € 😀"), "Euro%20%E2%82%AC%20%F0%9F%98%80");
        assert_eq!(
            decode(b"Euro%20%E2%82%AC%20%F0%9F%98%80").unwrap(),
            "Euro € 😀"
        );
        assert_eq!(
            decode(b"Euro%20%e2%82%ac%20%f0%9f%98%80").unwrap(),
            "Euro € 😀"
        );
    }

    #[test]
    fn encodes_quote_percent_and_controls() {
        assert_eq!(encode("a\"b%c\td"), "a%22b%25c%09d");
        assert_eq!(encode("&=+"), "&=+");
        assert_eq!(encode(""), "");
    }

    #[test]
    fn rejects_bad_escapes_and_invalid_utf8() {
        assert!(decode(b"%").is_err());
        assert!(decode(b"%4").is_err());
        assert!(decode(b"%zz").is_err());
        assert!(decode(b"%+1").is_err());
        assert!(decode(b"%FF").is_err());
        assert!(decode(b"%C3").is_err());
        assert_eq!(decode(b"%C3%A9").unwrap(), "é");
        // The binding's own example of an overlong encoding that MUST be rejected.
        assert!(decode(b"%C0%A0").is_err());
    }

    #[test]
    fn undoes_quoted_string_escaping_first() {
        assert_eq!(decode(br#""a b \"c\" 100%25""#).unwrap(), "a b \"c\" 100%");
        assert_eq!(decode(b"  padded\t").unwrap(), "padded");
        assert!(decode(br#""never closed"#).is_err());
        assert!(decode(br#""a"b"#).is_err());
        assert!(decode(br#""a\"#).is_err());
        assert_eq!(decode(br#""""#).unwrap(), "");
    }
}
