//! The rules every CloudEvents attribute follows, shared by the builder (which reports an
//! [`AttributeError`](super::AttributeError)) and the parsers (which report a
//! [`ParseError`](crate::format::ParseError)).

use super::value::ExtensionValue;

/// The names of the context attributes the spec defines; extensions may not reuse them.
pub(super) const CONTEXT_ATTRIBUTES: [&str; 8] = [
    "specversion",
    "id",
    "source",
    "type",
    "datacontenttype",
    "dataschema",
    "subject",
    "time",
];

/// Names no extension may take: the context attributes and the JSON format's data members.
fn is_reserved(name: &str) -> bool {
    CONTEXT_ATTRIBUTES.contains(&name) || name == "data"
}

/// Checks an extension attribute's name: the spec says names MUST be lower-case ASCII
/// letters and digits. It also says they SHOULD NOT exceed 20 characters; that is advice,
/// so longer names are accepted.
pub(super) fn check_extension_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("an attribute name cannot be empty");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return Err("attribute names may only hold lower-case letters a-z and digits 0-9");
    }
    if is_reserved(name) {
        return Err("this name belongs to a context attribute or the data");
    }
    Ok(())
}

/// `id`, `type`, `subject`, `datacontenttype`: the spec requires non-empty strings.
pub(super) fn check_non_empty(value: &str) -> Result<(), &'static str> {
    if value.is_empty() {
        return Err("must be a non-empty string");
    }
    Ok(())
}

/// `id`, `type`, `subject` and string extensions: a non-empty [`check_string`].
pub(super) fn check_non_empty_string(value: &str) -> Result<(), &'static str> {
    check_non_empty(value)?;
    check_string(value)
}

/// The spec's `String` type: any Unicode text except the control characters
/// (U+0000–U+001F, U+007F–U+009F) and the noncharacters (U+FDD0–U+FDEF and the last two
/// code points of every plane).
pub(super) fn check_string(value: &str) -> Result<(), &'static str> {
    let forbidden = |c: char| {
        let code = u32::from(c);
        c.is_control() || (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE
    };
    if value.chars().any(forbidden) {
        return Err("holds a control character or a Unicode noncharacter");
    }
    Ok(())
}

/// `source`: a non-empty URI-reference (RFC 3986). Only the characters a URI may hold are
/// allowed, and every `%` starts a two-digit escape.
pub(super) fn check_uri_reference(value: &str) -> Result<(), &'static str> {
    check_non_empty(value)?;
    let bytes = value.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let escape = bytes.get(i + 1..i + 3);
            if !escape.is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)) {
                return Err("`%` must start a two-digit hex escape");
            }
            i += 3;
            continue;
        }
        if !(b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&b)) {
            return Err("not a URI-reference: a character that must be percent-encoded");
        }
        i += 1;
    }
    Ok(())
}

/// `dataschema`: an absolute URI.
pub(super) fn check_absolute_uri(value: &str) -> Result<(), &'static str> {
    check_uri_reference(value)?;
    match url::Url::parse(value) {
        Ok(_) => Ok(()),
        Err(_) => Err("must be an absolute URI"),
    }
}

/// `datacontenttype`: non-empty, and sendable as an HTTP `Content-Type` header, since
/// binary mode puts it there.
pub(super) fn check_content_type(value: &str) -> Result<(), &'static str> {
    check_non_empty(value)?;
    if !value
        .bytes()
        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
    {
        return Err("must be printable ASCII (it travels as the Content-Type header)");
    }
    Ok(())
}

/// An extension's value: its text, if a string, is a [`check_string`].
pub(super) fn check_extension_value(value: &ExtensionValue) -> Result<(), &'static str> {
    match value {
        ExtensionValue::String(text) => check_string(text),
        ExtensionValue::Integer(_) | ExtensionValue::Boolean(_) => Ok(()),
    }
}

/// `time`: an RFC 3339 date-time, with `T` (or `t`) between date and time. The space that
/// [`Timestamp::parse_rfc3339`](crate::Timestamp::parse_rfc3339) also reads is only a note in
/// RFC 3339, not its grammar, and the text is passed on as received, so it is refused here.
pub(super) fn check_time(value: &str) -> Result<(), &'static str> {
    let separator = value.as_bytes().get(10);
    match crate::time::Timestamp::parse_rfc3339(value) {
        Ok(_) if matches!(separator, Some(b'T' | b't')) => Ok(()),
        _ => Err("must be an RFC 3339 date-time"),
    }
}

/// Bytes under a JSON content type: they must be JSON text, read as the binary-mode parser
/// reads a body, because binary mode sends them as one.
pub(super) fn check_json_bytes(bytes: &[u8]) -> Result<(), &'static str> {
    match crate::format::strict_json::from_slice(bytes) {
        Ok(_) => Ok(()),
        Err(_) => Err("bytes under a JSON content type must be JSON text"),
    }
}

/// RFC 3339 text as `time` is written: a space between date and time (which RFC 3339 allows
/// in a note, and [`Timestamp::parse_rfc3339`](crate::Timestamp::parse_rfc3339) reads)
/// becomes the grammar's `T`; every other character is kept.
pub(super) fn with_t_separator(mut text: String) -> String {
    if text.as_bytes().get(10) == Some(&b' ') {
        text.replace_range(10..11, "T");
    }
    text
}

/// Whether a media type says the data is JSON: the JSON format's `*/json` or `*/*+json`,
/// compared case-insensitively with parameters ignored. An absent content type means JSON
/// in the JSON event format.
pub(super) fn is_json_media_type(content_type: Option<&str>) -> bool {
    let Some(content_type) = content_type else {
        return true;
    };
    let essence = media_type_essence(content_type);
    essence
        .split_once('/')
        .is_some_and(|(_, subtype)| subtype == "json" || subtype.ends_with("+json"))
}

/// The `type/subtype` of a media type, lower-cased, without parameters or spaces.
pub(super) fn media_type_essence(content_type: &str) -> String {
    let essence = content_type.split(';').next().unwrap_or_default();
    essence.trim().to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_names() {
        assert!(check_extension_name("traceparent").is_ok());
        assert!(check_extension_name("a1").is_ok());
        assert!(check_extension_name("averyveryverylongextensionname").is_ok());
        assert!(check_extension_name("").is_err());
        assert!(check_extension_name("Upper").is_err());
        assert!(check_extension_name("with_underscore").is_err());
        assert!(check_extension_name("data_base64").is_err());
        assert!(check_extension_name("data").is_err());
        assert!(check_extension_name("source").is_err());
        assert!(check_extension_name("ünï").is_err());
    }

    #[test]
    fn uri_references() {
        assert!(check_uri_reference("/work/abcd42").is_ok());
        assert!(check_uri_reference("https://github.com/cloudevents").is_ok());
        assert!(check_uri_reference("urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66").is_ok());
        assert!(check_uri_reference("a%20b").is_ok());
        assert!(check_uri_reference("").is_err());
        assert!(check_uri_reference("a b").is_err());
        assert!(check_uri_reference("a%2").is_err());
        assert!(check_uri_reference("a%zz").is_err());
        assert!(check_uri_reference("é").is_err());
        assert!(check_absolute_uri("https://example.com/schema").is_ok());
        assert!(check_absolute_uri("/relative").is_err());
    }

    #[test]
    fn json_media_types() {
        assert!(is_json_media_type(None));
        assert!(is_json_media_type(Some("application/json")));
        assert!(is_json_media_type(Some("Application/JSON; charset=utf-8")));
        assert!(is_json_media_type(Some("application/vnd.api+json")));
        assert!(is_json_media_type(Some("text/json")));
        assert!(is_json_media_type(Some("foo/json")));
        assert!(is_json_media_type(Some("image/svg+JSON")));
        assert!(!is_json_media_type(Some("json")));
        assert!(!is_json_media_type(Some("text/plain")));
        assert!(!is_json_media_type(Some("application/octet-stream")));
        assert!(!is_json_media_type(Some("application/jsonx")));
    }

    #[test]
    fn content_types_and_times() {
        assert!(check_content_type("text/plain; charset=utf-8").is_ok());
        assert!(check_content_type("").is_err());
        assert!(check_content_type("a\r\nb").is_err());
        assert!(check_time("2018-04-05T17:31:00Z").is_ok());
        assert!(check_time("2018-04-05t17:31:00.123456789z").is_ok());
        assert!(check_time("2018-04-05 17:31:00Z").is_err());
        assert_eq!(
            with_t_separator("2023-05-26 21:08:19.5Z".into()),
            "2023-05-26T21:08:19.5Z"
        );
        assert_eq!(
            with_t_separator("2023-05-26T21:08:19Z".into()),
            "2023-05-26T21:08:19Z"
        );
        assert_eq!(with_t_separator("short".into()), "short");
        assert!(check_time("yesterday").is_err());
    }

    #[test]
    fn strings_refuse_controls_and_noncharacters() {
        for good in ["a", "é ü", "日本", "\u{FFFD}", "emoji \u{1F600}"] {
            assert!(check_non_empty_string(good).is_ok(), "{good:?}");
        }
        for bad in [
            "",
            "a\u{0}b",
            "a\nb",
            "\t",
            "\u{7F}",
            "\u{85}",
            "\u{9F}",
            "\u{FDD0}",
            "\u{FDEF}",
            "\u{FFFE}",
            "\u{FFFF}",
            "\u{1FFFF}",
            "\u{10FFFE}",
        ] {
            assert!(check_non_empty_string(bad).is_err(), "{bad:?}");
        }
    }
}
