//! [`NumberOrString`] and the tolerant field readers every Netcore object shares.
//!
//! A typed field takes a value only when it has the field's JSON type. Anything else
//! (`null`, a number where text was expected) stays in the object's `extra` map under its
//! own name: decoding never fails on a field, and nothing is lost.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Number, Value};

/// A value Netcore sends sometimes as a JSON number and sometimes as a string (`ts`:
/// `221201181246` or `"240704122501"`; `linkid`: `-1` or `"0"`). Which one came is kept,
/// so re-rendering writes it back the same way.
///
/// ```
/// use hookwire::format::netcore::NumberOrString;
///
/// let ts: NumberOrString = serde_json::from_str("221201181246")?;
/// assert_eq!(ts.as_u64(), Some(221201181246));
/// let text: NumberOrString = serde_json::from_str(r#""240704122501""#)?;
/// assert_eq!(text.as_u64(), Some(240704122501));
/// assert_eq!(serde_json::to_string(&text)?, r#""240704122501""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum NumberOrString {
    /// Sent as a JSON number.
    Number(Number),
    /// Sent as a JSON string.
    String(String),
}

impl NumberOrString {
    /// The value as an unsigned integer, whichever way it was sent (`None` if it is not one).
    ///
    /// ```
    /// use hookwire::format::netcore::NumberOrString;
    /// assert_eq!(NumberOrString::from(7u64).as_u64(), Some(7));
    /// assert_eq!(NumberOrString::from("x").as_u64(), None);
    /// ```
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            NumberOrString::Number(n) => n.as_u64(),
            NumberOrString::String(s) => s.parse().ok(),
        }
    }

    /// The value as a signed integer, whichever way it was sent (`None` if it is not one).
    ///
    /// ```
    /// use hookwire::format::netcore::NumberOrString;
    /// assert_eq!(NumberOrString::from(-1i64).as_i64(), Some(-1));
    /// assert_eq!(NumberOrString::from("0").as_i64(), Some(0));
    /// ```
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            NumberOrString::Number(n) => n.as_i64(),
            NumberOrString::String(s) => s.parse().ok(),
        }
    }

    fn accepts(value: &Value) -> bool {
        value.is_number() || value.is_string()
    }

    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Number(n) => Some(NumberOrString::Number(n)),
            Value::String(s) => Some(NumberOrString::String(s)),
            _ => None,
        }
    }
}

impl From<u64> for NumberOrString {
    fn from(n: u64) -> Self {
        NumberOrString::Number(n.into())
    }
}

impl From<i64> for NumberOrString {
    fn from(n: i64) -> Self {
        NumberOrString::Number(n.into())
    }
}

impl From<&str> for NumberOrString {
    fn from(s: &str) -> Self {
        NumberOrString::String(s.to_owned())
    }
}

impl From<String> for NumberOrString {
    fn from(s: String) -> Self {
        NumberOrString::String(s)
    }
}

impl fmt::Debug for NumberOrString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // As JSON: a number bare, a string quoted — the difference is the point.
        match self {
            NumberOrString::Number(n) => fmt::Display::fmt(n, f),
            NumberOrString::String(s) => fmt::Debug::fmt(s, f),
        }
    }
}

impl fmt::Display for NumberOrString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberOrString::Number(n) => fmt::Display::fmt(n, f),
            NumberOrString::String(s) => f.write_str(s),
        }
    }
}

impl Serialize for NumberOrString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            NumberOrString::Number(n) => n.serialize(serializer),
            NumberOrString::String(s) => serializer.serialize_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for NumberOrString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        NumberOrString::from_value(value)
            .ok_or_else(|| serde::de::Error::custom("expected a number or a string"))
    }
}

/// The JSON type a typed field holds; a value of another type stays in `extra`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    String,
    NumberOrString,
    Object,
}

impl Shape {
    pub(super) fn accepts(self, value: &Value) -> bool {
        match self {
            Shape::String => value.is_string(),
            Shape::NumberOrString => NumberOrString::accepts(value),
            Shape::Object => value.is_object(),
        }
    }
}

/// Removes `key` from `map` when its value is a string.
pub(super) fn take_string(map: &mut Map<String, Value>, key: &str) -> Option<String> {
    match map.get(key) {
        Some(Value::String(_)) => match map.shift_remove(key) {
            Some(Value::String(s)) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// Removes `key` from `map` when its value is a number or a string.
pub(super) fn take_number_or_string(
    map: &mut Map<String, Value>,
    key: &str,
) -> Option<NumberOrString> {
    if !map.get(key).is_some_and(NumberOrString::accepts) {
        return None;
    }
    map.shift_remove(key).and_then(NumberOrString::from_value)
}

/// Removes `key` from `map` when its value is an object.
pub(super) fn take_object(map: &mut Map<String, Value>, key: &str) -> Option<Map<String, Value>> {
    match map.get(key) {
        Some(Value::Object(_)) => match map.shift_remove(key) {
            Some(Value::Object(o)) => Some(o),
            _ => None,
        },
        _ => None,
    }
}

/// The first typed field that `extra` would shadow: a key that is set in both, or an
/// `extra` value that decoding would move into the typed field. Rendering refuses both,
/// since the output would not parse back to the same data.
pub(super) fn shadowed<'a>(
    extra: &Map<String, Value>,
    fields: &[(&'a str, Shape, bool)],
) -> Option<&'a str> {
    fields.iter().find_map(|&(name, shape, is_set)| {
        let value = extra.get(name)?;
        (is_set || shape.accepts(value)).then_some(name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => unreachable!("test input is an object"),
        }
    }

    #[test]
    fn fields_of_the_wrong_type_stay_where_they_are() {
        let mut m = map(json!({"a": null, "b": 1, "c": "x", "d": {}, "e": [1]}));
        assert_eq!(take_string(&mut m, "a"), None);
        assert_eq!(take_string(&mut m, "b"), None);
        assert_eq!(take_object(&mut m, "e"), None);
        assert_eq!(take_number_or_string(&mut m, "d"), None);
        assert_eq!(take_number_or_string(&mut m, "missing"), None);
        assert_eq!(m.len(), 5);
        assert_eq!(take_number_or_string(&mut m, "b"), Some(1u64.into()));
        assert_eq!(take_string(&mut m, "c"), Some("x".into()));
        assert_eq!(take_object(&mut m, "d"), Some(Map::new()));
        assert_eq!(m, map(json!({"a": null, "e": [1]})));
    }

    #[test]
    fn shadowing_is_detected_only_where_it_would_change_the_data() {
        let extra = map(json!({"msgid": null, "ts": true, "name": "x"}));
        let clean = [
            ("msgid", Shape::String, false),
            ("ts", Shape::NumberOrString, false),
        ];
        assert_eq!(shadowed(&extra, &clean), None);
        let set = [("msgid", Shape::String, true)];
        assert_eq!(shadowed(&extra, &set), Some("msgid"));
        let moved = [("name", Shape::String, false)];
        assert_eq!(shadowed(&extra, &moved), Some("name"));
    }

    #[test]
    fn number_or_string_keeps_its_json_type() {
        for text in ["-1", "\"0\"", "9990.91", "\"\""] {
            let value: NumberOrString = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&value).unwrap(), text);
        }
        assert!(serde_json::from_str::<NumberOrString>("null").is_err());
        assert_eq!(format!("{:?}", NumberOrString::from("1")), r#""1""#);
        assert_eq!(format!("{:?}", NumberOrString::from(1u64)), "1");
    }
}
