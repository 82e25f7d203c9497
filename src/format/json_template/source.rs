//! Reading template text into a tree that keeps what `serde_json::Value` would lose:
//! duplicate keys are refused (with their line and column) instead of the last one winning.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

/// One JSON value of the template's text, objects as ordered entry lists.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Source {
    Scalar(Value),
    String(String),
    Array(Vec<Source>),
    Object(Vec<(String, Source)>),
}

impl Source {
    /// What a JSON type is called in error messages.
    pub(super) fn kind(&self) -> &'static str {
        match self {
            Source::Scalar(Value::Null) => "null",
            Source::Scalar(Value::Bool(_)) => "a boolean",
            Source::Scalar(_) => "a number",
            Source::String(_) => "a string",
            Source::Array(_) => "an array",
            Source::Object(_) => "an object",
        }
    }
}

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SourceVisitor)
    }
}

struct SourceVisitor;

impl<'de> Visitor<'de> for SourceVisitor {
    type Value = Source;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Source, E> {
        Ok(Source::Scalar(Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Source, E> {
        Ok(Source::Scalar(Value::Number(v.into())))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Source, E> {
        Ok(Source::Scalar(Value::Number(v.into())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Source, E> {
        // serde_json never hands over a non-finite float; refuse one rather than panic.
        Number::from_f64(v)
            .map(|n| Source::Scalar(Value::Number(n)))
            .ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Source, E> {
        Ok(Source::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Source, E> {
        Ok(Source::String(v))
    }

    fn visit_unit<E>(self) -> Result<Source, E> {
        Ok(Source::Scalar(Value::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Source, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Source::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Source, A::Error> {
        let mut entries: Vec<(String, Source)> = Vec::new();
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                // serde_json adds the line and column of the offending entry.
                return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
            }
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(Source::Object(entries))
    }
}

/// Reads `text` as one JSON document.
pub(super) fn read(text: &str) -> Result<Source, serde_json::Error> {
    serde_json::from_str(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_refuses_duplicates_with_position() {
        let Source::Object(entries) = read(r#"{"b":1,"a":[true,null,"x"]}"#).unwrap() else {
            panic!("not an object");
        };
        assert_eq!(entries[0].0, "b");
        assert_eq!(
            entries[1].1,
            Source::Array(vec![
                Source::Scalar(Value::Bool(true)),
                Source::Scalar(Value::Null),
                Source::String("x".into())
            ])
        );
        let err = read("{\"a\": 1,\n \"a\": 2}").unwrap_err();
        assert_eq!(err.line(), 2, "{err}");
        assert!(err.to_string().contains("duplicate key `a`"), "{err}");
    }
}
