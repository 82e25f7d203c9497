//! Received JSON, read with duplicate object keys refused.
//!
//! `{"p":[1],"p":[2]}` is valid JSON grammar, and RFC 8259 §4 leaves what it means to the
//! reader: serde_json, Go and Python keep the last `p`, some JavaScript and Java readers
//! the first, others refuse. A body whose signature checked out can so mean one thing to
//! hookwire and another to the next system that reads the same bytes (a queue consumer, an
//! audit log, a proxy that validated it): the parser-differential trick. Every format
//! hookwire parses from a request refuses duplicates, in one pass that builds the value.
//! Raw bodies ([`RawBody`](crate::receive::RawBody)) and the host's own parsers
//! ([`FnFormat`](crate::receive::FnFormat)) are the host's to judge.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

use super::ParseError;

/// The message a duplicate key fails with; [`ParseError::json`] turns it into
/// [`ParseError::DuplicateKey`].
pub(super) const DUPLICATE_KEY: &str = "duplicate object key `";

/// `bytes` as one JSON value, with duplicate object keys refused at any depth.
pub(crate) fn from_slice(bytes: &[u8]) -> Result<Value, ParseError> {
    let mut reader = serde_json::Deserializer::from_slice(bytes);
    let value = Strict
        .deserialize(&mut reader)
        .and_then(|value| reader.end().map(|()| value))
        .map_err(|err| ParseError::json(&err))?;
    Ok(value)
}

/// [`from_slice`] for text.
pub(crate) fn from_str(text: &str) -> Result<Value, ParseError> {
    from_slice(text.as_bytes())
}

/// Builds a [`Value`] as serde_json's own visitor does, but refuses a key an object
/// already has.
#[derive(Clone, Copy)]
struct Strict;

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        // The JSON reader never yields NaN or an infinity; serde_json's visitor maps them
        // to null all the same.
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match object.entry(key) {
                Entry::Occupied(taken) => {
                    return Err(de::Error::custom(format_args!(
                        "{DUPLICATE_KEY}{}`",
                        taken.key()
                    )));
                }
                Entry::Vacant(slot) => {
                    slot.insert(map.next_value_seed(self)?);
                }
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            "null",
            "true",
            "-1",
            "18446744073709551615",
            "1.5e300",
            "0.1",
            r#""a\u0000b""#,
            "[]",
            "{}",
            r#"{"b":1,"a":[{"c":null}],"d":{"e":"f"}}"#,
            r#"[{"a":1},{"a":2}]"#,
        ] {
            let ours = from_str(text).unwrap();
            let theirs: Value = serde_json::from_str(text).unwrap();
            assert_eq!(ours, theirs, "{text}");
            // Member order too (`preserve_order`).
            assert_eq!(ours.to_string(), theirs.to_string(), "{text}");
        }
    }

    #[test]
    fn refuses_duplicate_keys_at_any_depth_with_their_position() {
        for (text, key, line, column) in [
            (r#"{"p":[1],"p":[2]}"#, "p", 1, 12),
            (r#"{"a":{"x":1,"x":1}}"#, "x", 1, 15),
            (r#"[{"ok":1},{"k":1,"k":2}]"#, "k", 1, 20),
            ("{\"a\":1,\n \"\\u0061\":2}", "a", 2, 9),
            (r#"{"":1,"":2}"#, "", 1, 8),
            (
                r#"{"x at line 9 column 9":1,"x at line 9 column 9":2}"#,
                "x at line 9 column 9",
                1,
                48,
            ),
        ] {
            match from_str(text) {
                Err(ParseError::DuplicateKey {
                    key: found,
                    line: l,
                    column: c,
                }) => assert_eq!((found.as_str(), l, c), (key, line, column), "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn other_errors_are_unchanged() {
        assert!(matches!(from_str("{"), Err(ParseError::InvalidJson { .. })));
        assert!(matches!(
            from_str("{} x"),
            Err(ParseError::InvalidJson { .. })
        ));
        assert!(matches!(
            from_str(&"[".repeat(10_000)),
            Err(ParseError::InvalidJson { .. })
        ));
    }
}
