//! Merge fields: `{{path.to.value}}` placeholders, shared by JSON templates and URL
//! templates so both read the same syntax the same way.
//!
//! - A merge field is `{{`, a path, `}}`; spaces inside the braces are ignored
//!   (`{{ contact.email }}`).
//! - A path is one or more segments separated by `.`; a segment is a key of an object or, when
//!   it is all digits and the value is an array, an index (`cart.items.0.sku`).
//! - `{{` always opens a merge field; an unclosed or empty one is a syntax error with its
//!   byte offset.

use serde_json::Value;

/// One piece of a text split at its merge fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// Literal text, copied as is.
    Text(&'a str),
    /// A merge field's path, trimmed.
    Field(&'a str),
}

/// Why a text's merge fields could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    /// The byte offset of the `{{` at fault.
    pub(crate) offset: usize,
    /// What is wrong.
    pub(crate) reason: &'static str,
}

/// Splits `text` into literal text and merge fields.
pub(crate) fn split(text: &str) -> Result<Vec<Piece<'_>>, SyntaxError> {
    let mut pieces = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(open) = rest.find("{{") {
        if open > 0 {
            pieces.push(Piece::Text(&rest[..open]));
        }
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            return Err(SyntaxError {
                offset: offset + open,
                reason: "`{{` is never closed by `}}`",
            });
        };
        let path = after[..close].trim();
        check_path(path).map_err(|reason| SyntaxError {
            offset: offset + open,
            reason,
        })?;
        pieces.push(Piece::Field(path));
        let consumed = open + 2 + close + 2;
        offset += consumed;
        rest = &rest[consumed..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    Ok(pieces)
}

pub(crate) fn check_path(path: &str) -> Result<(), &'static str> {
    if path.is_empty() {
        return Err("empty merge field");
    }
    if path.contains("{{") {
        return Err("`{{` inside a merge field");
    }
    if path.split('.').any(str::is_empty) {
        return Err("empty segment in a merge field path");
    }
    if path.chars().any(|c| c.is_control() || c == '"') {
        return Err("control character or quote in a merge field path");
    }
    Ok(())
}

/// The value at `path` in `data`, if every segment exists.
pub(crate) fn lookup<'v>(data: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.')
        .try_fold(data, |value, segment| match value {
            Value::Object(map) => map.get(segment),
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
}

/// How a value reads when interpolated into text: strings as they are, numbers and booleans
/// as JSON writes them, null as the empty string; `None` for arrays and objects, which have
/// no single text form.
pub(crate) fn as_text(value: &Value) -> Option<std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    match value {
        Value::String(text) => Some(Cow::Borrowed(text)),
        Value::Number(number) => Some(Cow::Owned(number.to_string())),
        Value::Bool(flag) => Some(Cow::Borrowed(if *flag { "true" } else { "false" })),
        Value::Null => Some(Cow::Borrowed("")),
        Value::Array(_) | Value::Object(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn splits_text_and_fields() {
        assert_eq!(
            split("Hi {{ contact.first_name }}, your cart: {{cart.total}}").unwrap(),
            [
                Piece::Text("Hi "),
                Piece::Field("contact.first_name"),
                Piece::Text(", your cart: "),
                Piece::Field("cart.total"),
            ]
        );
        assert_eq!(split("{{a}}").unwrap(), [Piece::Field("a")]);
        assert_eq!(split("plain").unwrap(), [Piece::Text("plain")]);
        assert_eq!(split("").unwrap(), []);
    }

    #[test]
    fn reports_syntax_errors_with_offsets() {
        assert_eq!(split("ab {{x").unwrap_err().offset, 3);
        assert_eq!(split("{{}}").unwrap_err().reason, "empty merge field");
        assert_eq!(split("x{{a..b}}").unwrap_err().offset, 1);
        assert!(split("{{a {{b}}").is_err());
    }

    #[test]
    fn looks_up_objects_and_array_indexes() {
        let data = json!({"cart": {"items": [{"sku": "TEA-01"}]}, "n": 1});
        assert_eq!(lookup(&data, "cart.items.0.sku"), Some(&json!("TEA-01")));
        assert_eq!(lookup(&data, "cart.items.1.sku"), None);
        assert_eq!(lookup(&data, "n.x"), None);
        assert_eq!(lookup(&data, "missing"), None);
    }

    #[test]
    fn text_forms() {
        assert_eq!(as_text(&json!("a")).as_deref(), Some("a"));
        assert_eq!(as_text(&json!(12.5)).as_deref(), Some("12.5"));
        assert_eq!(as_text(&json!(true)).as_deref(), Some("true"));
        assert_eq!(as_text(&json!(null)).as_deref(), Some(""));
        assert_eq!(as_text(&json!([1])), None);
    }
}
