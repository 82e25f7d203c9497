//! Reading a form body: find the one `data` field and percent-decode it, with an error that
//! says which byte is wrong.

use crate::format::ParseError;

/// The only field Netcore sends.
const DATA: &[u8] = b"data";

/// The raw (still encoded) value of the form's `data` field and its offset in the body.
///
/// Netcore sends `data` and nothing else, so any other field, or a second `data`, is
/// refused rather than silently dropped: a receiver should not accept a body it cannot
/// render back. Empty pairs (`data=…&`, `&&`) carry nothing and are skipped, as every form
/// parser does.
pub(super) fn data_field(body: &[u8]) -> Result<(&[u8], usize), ParseError> {
    let mut found = None;
    let mut offset = 0;
    for pair in body.split(|&b| b == b'&') {
        let pair_offset = offset;
        offset += pair.len() + 1;
        if pair.is_empty() {
            continue;
        }
        let (name, value, value_offset) = match pair.iter().position(|&b| b == b'=') {
            Some(eq) => {
                let (name, value) = pair.split_at(eq);
                // `value` starts with the `=` found at `eq`.
                (
                    name,
                    value.get(1..).unwrap_or_default(),
                    pair_offset + eq + 1,
                )
            }
            None => (pair, &[][..], pair_offset + pair.len()),
        };
        let name = percent_decode(name, pair_offset, "form field name")?;
        if name != DATA {
            return Err(ParseError::InvalidValue {
                field: "form".into(),
                reason: format!(
                    "unexpected field `{}` at byte {pair_offset}: Netcore sends only `data`",
                    String::from_utf8_lossy(&name)
                ),
            });
        }
        if found.is_some() {
            return Err(ParseError::InvalidValue {
                field: "form".into(),
                reason: format!("a second `data` field at byte {pair_offset}"),
            });
        }
        found = Some((value, value_offset));
    }
    found.ok_or_else(|| ParseError::MissingField {
        field: "data".into(),
    })
}

/// Decodes `application/x-www-form-urlencoded` text: `+` is a space, `%XY` is a byte
/// (either case of hex). A `%` without two hex digits after it is an error naming its
/// offset in the body (`base` is where `input` starts).
pub(super) fn percent_decode(input: &[u8], base: usize, what: &str) -> Result<Vec<u8>, ParseError> {
    let mut out = Vec::with_capacity(input.len());
    let mut rest = input;
    while let Some(at) = rest.iter().position(|&b| b == b'%' || b == b'+') {
        let (plain, tail) = rest.split_at(at);
        out.extend_from_slice(plain);
        match tail {
            [b'+', after @ ..] => {
                out.push(b' ');
                rest = after;
            }
            [b'%', high, low, after @ ..] => match (hex(*high), hex(*low)) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    rest = after;
                }
                _ => return Err(bad_escape(input, rest, at, base, what)),
            },
            _ => return Err(bad_escape(input, rest, at, base, what)),
        }
    }
    out.extend_from_slice(rest);
    Ok(out)
}

fn bad_escape(input: &[u8], rest: &[u8], at: usize, base: usize, what: &str) -> ParseError {
    let offset = base + (input.len() - rest.len()) + at;
    ParseError::InvalidEncoding {
        what: format!("{what} at byte {offset}"),
        reason: "`%` must be followed by two hex digits",
    }
}

fn hex(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_plus_and_both_hex_cases() {
        assert_eq!(
            percent_decode(b"a+b%20c%2f%2F%e2%82%ac", 0, "x").unwrap(),
            "a b c//€".as_bytes()
        );
        // Netcore leaves some punctuation bare (`(`, `)`); it passes through.
        assert_eq!(percent_decode(b"(via)", 0, "x").unwrap(), b"(via)");
    }

    #[test]
    fn a_broken_escape_names_its_byte() {
        for (input, offset) in [(&b"ab%4"[..], 7), (b"%zz", 5), (b"ok%", 7), (b"%4g", 5)] {
            let err = percent_decode(input, 5, "form field `data`").unwrap_err();
            assert_eq!(
                err,
                ParseError::InvalidEncoding {
                    what: format!("form field `data` at byte {offset}"),
                    reason: "`%` must be followed by two hex digits",
                },
                "{input:?}"
            );
        }
    }

    #[test]
    fn finds_the_data_field() {
        assert_eq!(data_field(b"data=%7B%7D").unwrap(), (&b"%7B%7D"[..], 5));
        assert_eq!(data_field(b"&d%61ta=x&").unwrap(), (&b"x"[..], 8));
        assert_eq!(data_field(b"data").unwrap(), (&b""[..], 4));
    }

    #[test]
    fn refuses_other_fields_duplicates_and_absence() {
        let other = data_field(b"data=1&token=2").unwrap_err();
        assert_eq!(
            other.to_string(),
            "invalid field `form`: unexpected field `token` at byte 7: Netcore sends only `data`"
        );
        let twice = data_field(b"data=1&data=2").unwrap_err();
        assert!(twice.to_string().contains("second `data` field at byte 7"));
        assert_eq!(
            data_field(b"").unwrap_err(),
            ParseError::MissingField {
                field: "data".into()
            }
        );
        let bad_name = data_field(b"da%ta=1").unwrap_err();
        assert!(bad_name.to_string().contains("form field name at byte 2"));
    }
}
