//! Rendering a compiled template into one output buffer.

use std::collections::HashSet;

use serde_json::Value;

use super::compile::{Key, Node, Object, Part};
use crate::format::RenderError;
use crate::format::merge;

/// Writes `object` with `data`'s values, then the `appended` entries; `reserved` keys may not
/// be produced by a key with merge fields.
pub(super) fn root(
    out: &mut Vec<u8>,
    object: &Object,
    data: &Value,
    appended: &[(&str, &str)],
    reserved: &[String],
) -> Result<(), RenderError> {
    out.push(b'{');
    let mut first = entries(out, object, data, reserved)?;
    for (key, value) in appended {
        if !first {
            out.push(b',');
        }
        first = false;
        string(out, key);
        out.push(b':');
        string(out, value);
    }
    out.push(b'}');
    Ok(())
}

fn node(out: &mut Vec<u8>, node: &Node, data: &Value) -> Result<(), RenderError> {
    match node {
        Node::Raw(json) => out.extend_from_slice(json.as_bytes()),
        Node::Field(path) => {
            let value = lookup(data, path)?;
            // Writing a `Value` into a `Vec` cannot fail: no I/O error, and every key is a string.
            serde_json::to_writer(&mut *out, value).map_err(|err| RenderError::InvalidValue {
                field: path.clone(),
                reason: err.to_string(),
            })?;
        }
        Node::Text(parts) => {
            out.push(b'"');
            text(out, parts, data)?;
            out.push(b'"');
        }
        Node::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                self::node(out, item, data)?;
            }
            out.push(b']');
        }
        Node::Object(object) => {
            out.push(b'{');
            entries(out, object, data, &[])?;
            out.push(b'}');
        }
    }
    Ok(())
}

/// Writes an object's entries (without braces); returns whether it wrote none.
fn entries(
    out: &mut Vec<u8>,
    object: &Object,
    data: &Value,
    reserved: &[String],
) -> Result<bool, RenderError> {
    let mut seen: Option<HashSet<String>> = object.dynamic_keys.then(|| {
        object
            .entries
            .iter()
            .filter_map(|(key, _)| match key {
                Key::Literal(key) => Some(key.clone()),
                Key::Text(_) => None,
            })
            .chain(reserved.iter().cloned())
            .collect()
    });
    let mut first = true;
    for (key, value) in &object.entries {
        if !first {
            out.push(b',');
        }
        first = false;
        match key {
            Key::Literal(key) => string(out, key),
            Key::Text(parts) => {
                let mut key = String::new();
                fill(parts, data, |piece| key.push_str(piece))?;
                if let Some(seen) = seen.as_mut()
                    && !seen.insert(key.clone())
                {
                    return Err(RenderError::InvalidValue {
                        field: field_names(parts),
                        reason: format!("the key renders as `{key}`, which the object already has"),
                    });
                }
                string(out, &key);
            }
        }
        out.push(b':');
        node(out, value, data)?;
    }
    Ok(first)
}

fn field_names(parts: &[Part]) -> String {
    parts
        .iter()
        .filter_map(|part| match part {
            Part::Field(path) => Some(path.as_str()),
            Part::Text(_) => None,
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes text with merge fields filled in, JSON-escaped, without quotes.
fn text(out: &mut Vec<u8>, parts: &[Part], data: &Value) -> Result<(), RenderError> {
    fill(parts, data, |piece| escape(out, piece))
}

/// Hands each piece of the filled-in text to `sink`, unescaped.
fn fill(parts: &[Part], data: &Value, mut sink: impl FnMut(&str)) -> Result<(), RenderError> {
    for part in parts {
        match part {
            Part::Text(text) => sink(text),
            Part::Field(path) => {
                let value = lookup(data, path)?;
                let Some(text) = merge::as_text(value) else {
                    return Err(RenderError::InvalidValue {
                        field: path.clone(),
                        reason: "an object or array cannot be interpolated into text; \
                                 make the merge field the whole value to keep its type"
                            .to_owned(),
                    });
                };
                sink(&text);
            }
        }
    }
    Ok(())
}

fn lookup<'v>(data: &'v Value, path: &str) -> Result<&'v Value, RenderError> {
    merge::lookup(data, path).ok_or_else(|| RenderError::MissingField {
        path: path.to_owned(),
    })
}

/// Writes `text` as a quoted JSON string.
pub(super) fn string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    escape(out, text);
    out.push(b'"');
}

/// Writes `text` JSON-escaped exactly as serde_json escapes it: `"`, `\` and control
/// characters only; everything else, non-ASCII included, as UTF-8.
pub(super) fn escape(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    let mut start = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        let escaped: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            // Both nibbles of a byte below 0x20 index the 16-entry table.
            0x00..=0x1f => &[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xf)],
            ],
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..index]);
        out.extend_from_slice(escaped);
        start = index + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn escapes_like_serde_json(text in any::<String>()) {
            let mut out = Vec::new();
            string(&mut out, &text);
            prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&text).unwrap());
        }
    }

    #[test]
    fn escapes_control_characters() {
        let mut out = Vec::new();
        escape(&mut out, "a\"\\\n\u{1}\u{7f}é");
        assert_eq!(out, b"a\\\"\\\\\\n\\u0001\x7f\xc3\xa9");
    }
}
